// The Docker build context of the working tree: git's file list (uncommitted work included) minus .dockerignore.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** One .dockerignore rule. */
export interface IgnoreRule {
  /** `!pattern`: re-include what an earlier rule excluded. */
  negate: boolean;
  regex: RegExp;
  pattern: string;
}

function globToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches everything below.
      if (pattern[i + 2] === '/') {
        re += '(?:[^/]+/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A rule that matches a directory excludes everything inside it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Parses .dockerignore text (Docker's rules: root-relative patterns, `*`, `?`, `**`, `!`). */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = (negate ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, pattern, regex: globToRegex(pattern) };
    });
}

/** True when the last rule matching `path` (root-relative, `/`-separated) excludes it. */
export function dockerIgnored(path: string, rules: IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.regex.test(path)) ignored = !rule.negate;
  }
  return ignored;
}

/**
 * Files Docker would send from `root`: every file git tracks or would track (untracked but not
 * ignored), as they are in the working tree now, minus what .dockerignore excludes.
 */
export function contextFiles(root: string): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
    .split('\0')
    .filter(Boolean);
  const ignoreFile = join(root, '.dockerignore');
  const rules = existsSync(ignoreFile) ? parseDockerignore(readFileSync(ignoreFile, 'utf8')) : [];
  const files = [...new Set(listed)].filter((f) => {
    const full = join(root, f);
    // Deleted but not yet committed files are not in the working tree.
    let present = false;
    try {
      present = lstatSync(full).isFile() || lstatSync(full).isSymbolicLink();
    } catch {
      present = false;
    }
    return present && !dockerIgnored(f, rules);
  });
  return files.sort();
}

/** Copies the build context of `root` into the empty directory `dest` (symlinks as symlinks). */
export function copyContext(root: string, dest: string): string[] {
  const files = contextFiles(root);
  for (const f of files) {
    const from = join(root, f);
    const to = join(dest, f);
    mkdirSync(dirname(to), { recursive: true });
    if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else {
      copyFileSync(from, to);
      chmodSync(to, statSync(from).mode & 0o777);
    }
  }
  return files;
}
