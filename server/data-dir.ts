// The data directory and the token file: created 0700 / 0600, loose modes fixed, the token never read or written through a symlink.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/** Name of the token file in the data directory. */
export const TOKEN_FILE = 'token';
const MIN_TOKEN_LENGTH = 16;
// Not every platform has O_NOFOLLOW (Windows); lstat below still refuses a link there.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** A data directory or token file this process must not use as it is; the message says why and what to do. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * Creates the data directory with mode 0700, or checks an existing one: it must be a directory,
 * and a mode open to group or others is tightened to 0700. Returns a note per change made; throws
 * DataDirError when the directory cannot be used safely (not a directory, or a loose mode that
 * this user may not change).
 */
export function secureDataDir(dir: string): string[] {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = statSync(dir);
  if (!st.isDirectory()) {
    throw new DataDirError(`MQTT_MCP_DATA_DIR ${dir} is not a directory`);
  }
  if ((st.mode & 0o077) === 0) return [];
  try {
    chmodSync(dir, 0o700);
  } catch {
    throw new DataDirError(
      `MQTT_MCP_DATA_DIR ${dir} has mode ${octal(st.mode)} (open to other users) and this user may not change it (owner uid ${st.uid}): chmod 700 it, or choose another directory`,
    );
  }
  return [`data directory ${dir} had mode ${octal(st.mode)}; changed to 0700`];
}

/** The token in the data directory and what was done to get it. */
export interface StoredToken {
  token: string;
  /** True when it was generated now. */
  created: boolean;
  /** A note per change made (a loose file mode tightened). */
  notes: string[];
}

function openNoFollow(path: string, flags: number, mode?: number): number {
  try {
    if (lstatSync(path).isSymbolicLink()) throw Object.assign(new Error('link'), { code: 'ELOOP' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throwLinkError(path, err);
  }
  try {
    return openSync(path, flags | NOFOLLOW, mode);
  } catch (err) {
    throwLinkError(path, err);
  }
}

function throwLinkError(path: string, err: unknown): never {
  if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
    throw new DataDirError(
      `${path} is a symbolic link; the token is never read or written through a link: remove it (a new token is generated at the next start) or set MQTT_MCP_TOKEN`,
    );
  }
  throw err;
}

function readToken(path: string): { token: string; notes: string[] } | undefined {
  let fd: number;
  try {
    fd = openNoFollow(path, constants.O_RDONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new DataDirError(`${path} is not a regular file: remove it`);
    const notes: string[] = [];
    if ((st.mode & 0o077) !== 0) {
      try {
        fchmodSync(fd, 0o600);
      } catch {
        throw new DataDirError(
          `${path} has mode ${octal(st.mode)} (readable by other users) and this user may not change it: chmod 600 it, or remove it`,
        );
      }
      notes.push(`token file ${path} had mode ${octal(st.mode)}; changed to 0600`);
    }
    return { token: readFileSync(/*turbopackIgnore: true*/ fd, 'utf8').trim(), notes };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the token from `<dir>/token`, or generates one into a new file (mode 0600, created
 * exclusively so that nothing planted there is followed or overwritten). A link is refused, a
 * loose mode tightened; throws DataDirError with what to do when the file cannot be used.
 */
export function loadOrCreateToken(dir: string): StoredToken {
  const path = `${dir.replace(/\/+$/, '')}/${TOKEN_FILE}`;
  const existing = readToken(path);
  if (existing && existing.token.length >= MIN_TOKEN_LENGTH) {
    return { token: existing.token, created: false, notes: existing.notes };
  }
  if (existing) unlinkSync(path);
  const token = randomBytes(24).toString('base64url');
  const fd = openNoFollow(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  return {
    token,
    created: true,
    notes: existing ? [`${path} held no usable token; replaced`] : [],
  };
}
