// AES-256-GCM encryption of profile secrets with a key file (0600) kept in the data directory.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** File name of the key inside the data directory. */
export const KEY_FILE = 'secret.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** Encrypts and decrypts short secrets; a database copied without its key file yields none. */
export class SecretBox {
  /** Path of the key file. */
  readonly keyPath: string;
  private key: Buffer | undefined;

  constructor(readonly dataDir: string) {
    this.keyPath = join(dataDir, KEY_FILE);
  }

  /** Encrypts a secret as `v1:<iv>:<tag>:<ciphertext>` (base64); throws if the key is unusable. */
  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(
      ':',
    );
  }

  /** Decrypts a blob from encrypt; undefined when it is malformed or the key is wrong or missing. */
  decrypt(blob: string | null | undefined): string | undefined {
    if (!blob) return undefined;
    const parts = blob.split(':');
    if (parts.length !== 4 || parts[0] !== FORMAT) return undefined;
    try {
      const iv = Buffer.from(parts[1] ?? '', 'base64');
      const tag = Buffer.from(parts[2] ?? '', 'base64');
      const body = Buffer.from(parts[3] ?? '', 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Loads the key, creating it (mode 0600) on first use and tightening a looser mode. */
  private loadKey(): Buffer {
    if (this.key) return this.key;
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(this.keyPath)) this.createKey();
    if ((statSync(this.keyPath).mode & 0o077) !== 0) chmodSync(this.keyPath, 0o600);
    const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `secret key file ${this.keyPath} is not a base64 ${KEY_BYTES}-byte key; restore it from a backup or remove it (saved secrets become unreadable)`,
      );
    }
    this.key = key;
    return key;
  }

  /** Writes a fresh key beside the final path and links it in, so no reader sees a partial file. */
  private createKey(): void {
    const text = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
    const temp = `${this.keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, text, { mode: 0o600 });
    try {
      linkSync(temp, this.keyPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
      // Filesystems without hard links: exclusive create, still never overwriting a key.
      try {
        writeFileSync(this.keyPath, text, { mode: 0o600, flag: 'wx' });
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code !== 'EEXIST') throw inner;
      }
    } finally {
      unlinkSync(temp);
    }
  }
}
