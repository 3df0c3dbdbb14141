// Tests of the quick start and serve scripts: ShellCheck, the dry run, progress lines and failures (npm stood in for by a stub).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from '../test/child-env';

const ROOT = resolve(import.meta.dirname, '..');
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch checkout holding the two scripts and a lockfile; node_modules only when asked. */
function checkout(opts: { installed?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-quickstart-'));
  temps.push(dir);
  mkdirSync(join(dir, 'scripts', 'lib'), { recursive: true });
  for (const script of ['quickstart.sh', 'serve.sh', 'lib/dry-run-option.sh']) {
    copyFileSync(join(ROOT, 'scripts', script), join(dir, 'scripts', script));
  }
  writeFileSync(join(dir, 'package-lock.json'), '{}\n');
  if (opts.installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'package-lock.json'), past, past);
  }
  return dir;
}

/** A stand-in `npm` on PATH: prints its arguments, sleeps, exits with the given code. */
function stubNpm(dir: string, sleepSeconds: number, exitCode = 0): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'npm'),
    `#!/usr/bin/env bash\nif [ "$1" = -v ]; then echo 10.0.0; exit 0; fi\necho "npm-stub $*"\nsleep ${sleepSeconds}\nexit ${exitCode}\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

function run(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', [join(cwd, 'scripts', script), ...args], {
    cwd,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasShellcheck)('shell scripts', () => {
  it('pass ShellCheck', () => {
    const r = spawnSync(
      'shellcheck',
      [
        '--external-sources',
        'scripts/quickstart.sh',
        'scripts/serve.sh',
        'scripts/lib/dry-run-option.sh',
        'scripts/test-all.sh',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('quickstart.sh --dry-run', () => {
  it('lists the four steps in order on stderr and the commands it would run, and runs none', () => {
    const dir = checkout();
    const r = run('quickstart.sh', ['--dry-run'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const steps = [...r.stderr.matchAll(/\[(\d)\/4\]/g)].map((m) => m[1]);
    expect([...new Set(steps)]).toEqual(['1', '2', '3', '4']);
    expect(r.stderr).toMatch(/node v\d+\.\d+\.\d+, npm \d+/);
    expect(r.stderr).toContain('Installing dependencies (npm ci, usually 2-4 minutes');
    expect(r.stderr).toContain('would run: npm ci --no-audit --no-fund --foreground-scripts');
    expect(r.stderr).toContain('would run: npm run build');
    expect(r.stderr).toContain(`would run: node ${dir}/.next/standalone/server.js`);
    expect(r.stderr).toContain(`data in ${dir}/data`);
  });

  it('skips npm ci when node_modules matches the lockfile', () => {
    const dir = checkout({ installed: true });
    const r = run('quickstart.sh', ['--dry-run'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('node_modules matches package-lock.json, skipped');
    expect(r.stderr).not.toContain('npm ci');
  });

  it('refuses an unknown option with the usage, and prints it for --help', () => {
    const dir = checkout();
    const r = run('quickstart.sh', ['--fast'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: scripts/quickstart.sh');
    const help = run('serve.sh', ['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: scripts/serve.sh');
  });
});

describe('quickstart.sh steps', { timeout: 30_000 }, () => {
  it('shows npm output, a line while a step runs, its time, then serves (no build here: a clear error)', () => {
    const dir = checkout();
    const bin = stubNpm(dir, 2);
    const r = run('quickstart.sh', [], dir, {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      QUICKSTART_TICK_SECONDS: '1',
    });
    expect(r.stdout).toContain('npm-stub ci --no-audit --no-fund --foreground-scripts');
    expect(r.stdout).toContain('npm-stub run build');
    expect(r.stderr).toMatch(/\.\.\. still installing dependencies: \ds so far/);
    expect(r.stderr).toMatch(/\[2\/4\] Installing dependencies: done in [23]s/);
    expect(r.stderr).toMatch(/\[3\/4\] Building the MCP entry and the console: done in [23]s/);
    expect(r.stderr).toContain("serve: no build in .next/standalone: run 'npm run build' first");
    expect(r.status).toBe(1);
  });

  it('stops at a failing step with its exit code and time', () => {
    const dir = checkout();
    const bin = stubNpm(dir, 0, 7);
    const r = run('quickstart.sh', [], dir, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(/\[2\/4\] Installing dependencies failed after 0s \(exit 7\)/);
    expect(r.stderr).not.toContain('[3/4]');
  });
});

describe('serve.sh --dry-run', () => {
  it('takes settings from the environment, else .env, and makes relative paths absolute', () => {
    const dir = checkout();
    writeFileSync(join(dir, '.env'), 'PORT=9001\nMQTT_MCP_DATA_DIR="./state"\n');
    const r = run('serve.sh', ['--dry-run'], dir, { MQTT_MCP_HUB_SOCKET: 'run/hub.sock' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `console on http://localhost:9001 (HOST=0.0.0.0, data in ${dir}/state, hub socket ${dir}/run/hub.sock)`,
    );
    expect(r.stderr).toContain(
      `would run: cp -a ${dir}/.next/static ${dir}/.next/standalone/.next/static`,
    );
    const env = run('serve.sh', ['--dry-run'], dir, { PORT: '9002', MQTT_MCP_DATA_DIR: '/srv/d' });
    expect(env.stderr).toContain('console on http://localhost:9002 (HOST=0.0.0.0, data in /srv/d)');
  });
});
