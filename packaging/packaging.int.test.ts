// Packaging checks: Dockerfile, Umbrel files, deploy script, and the runtime file set built by the Dockerfile's own steps.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../server/config';
import { childEnv } from '../test/child-env';
import { mcpCall } from '../test/mcp-stdio';
import {
  freePort,
  mosquittoAvailable,
  startMosquitto,
  type MosquittoBroker,
} from '../test/mosquitto';
import { copyContext, dockerIgnored, parseDockerignore } from './context';
import {
  copyArgs,
  finalUser,
  instructionsOf,
  isRootUser,
  parseAssignments,
  parseDockerfile,
  stageEnv,
  substitute,
  type Dockerfile,
  type Instruction,
  type Stage,
} from './dockerfile';
import { validate, type JsonSchema } from './json-schema';
import { toolRegistry } from '../server/tools';
import { parseYaml, readYaml } from './yaml';
import { CONSOLE_HEADER } from '../server/http/console-header';

const ROOT = resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;
/** Budget for the runtime file set, without the Node runtime the base image brings. */
const RUNTIME_BUDGET_BYTES = 250 * MiB;
const KEEP = process.env.PACKAGING_KEEP_TMP === '1';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readJson = <T>(path: string): T => JSON.parse(read(path)) as T;

const pkg = readJson<{ version: string; dependencies: Record<string, string> }>('package.json');
const dockerfile: Dockerfile = parseDockerfile(read('Dockerfile'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1] as Stage;
const runtimeEnv = stageEnv(runtime);

interface Manifest {
  id: string;
  version: string;
  port: number;
  [key: string]: unknown;
}
interface ComposeService {
  image?: string;
  user?: string;
  volumes?: string[];
  environment?: Record<string, string | number | null>;
  [key: string]: unknown;
}
interface Compose {
  services: Record<string, ComposeService>;
}

const manifest = readYaml(join(ROOT, 'umbrel-app.yml')) as Manifest;
const compose = readYaml(join(ROOT, 'docker-compose.yml')) as Compose;
const manifestSchema = readJson<JsonSchema>('packaging/umbrel-app.schema.json');
const composeSchema = readJson<JsonSchema>('packaging/compose.schema.json');

/** The compose services other than Umbrel's app proxy (ours: `app`). */
const appServices = Object.entries(compose.services).filter(([name]) => name !== 'app_proxy');
const [appName, app] = (appServices[0] ?? ['', {}]) as [string, ComposeService];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Run {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    input: opts.input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runAsync(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', fail);
    child.once('close', (code) => {
      writeFileSync(opts.log, Buffer.concat(chunks), { flag: 'a' });
      done(code);
    });
  });
}

describe('Dockerfile', () => {
  const stageNames = dockerfile.stages.map((s) => s.name);
  const runs = (stage: Stage) => instructionsOf(stage, 'RUN').map((i) => i.args);
  const resolveFrom = (stage: Stage) => substitute(stage.from, { ...dockerfile.globalArgs });

  it('has at least three stages: dependencies, build, runtime', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stageNames).size).toBe(stageNames.length);
  });

  it('installs build tools and runs the shared deps step in the dependency stage', () => {
    const deps = dockerfile.stages.find((s) =>
      runs(s).some((r) => /assemble-runtime\.sh deps /.test(r)),
    );
    expect(deps, 'a stage runs scripts/assemble-runtime.sh deps').toBeDefined();
    const apt = runs(deps as Stage).join('\n');
    for (const tool of ['python3', 'make', 'g++']) expect(apt).toContain(tool);
  });

  it('runs scripts/assemble-runtime.sh build into /out in a build stage', () => {
    const build = dockerfile.stages.filter((s) =>
      runs(s).some((r) => /assemble-runtime\.sh build \/src \/out\b/.test(r)),
    );
    expect(build).toHaveLength(1);
    expect(build[0]).not.toBe(runtime);
  });

  it('starts the runtime stage from the same slim Node base as the dependency stage', () => {
    const first = dockerfile.stages[0] as Stage;
    expect(stageNames).not.toContain(runtime.from.toLowerCase());
    expect(resolveFrom(runtime)).toBe(resolveFrom(first));
    expect(resolveFrom(runtime)).toMatch(/^node:20\.[\d.]+-\w+-slim$/);
  });

  it('copies only the assembled runtime set into the runtime stage', () => {
    const build = dockerfile.stages.find((s) =>
      runs(s).some((r) => r.includes('assemble-runtime.sh build')),
    );
    const copies = [...instructionsOf(runtime, 'COPY'), ...instructionsOf(runtime, 'ADD')].map(
      copyArgs,
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) {
      expect(c.flags.from, 'every COPY comes from the build stage').toBe(build?.name);
      for (const source of c.sources) expect(source).toMatch(/^\/out(\/|$)/);
      expect(c.sources.join(' ')).not.toMatch(/node_modules/);
    }
  });

  it('runs as a non-root user with /data as a volume, port 8091 and a readiness health check', () => {
    expect(isRootUser(finalUser(runtime))).toBe(false);
    expect(instructionsOf(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['8091']);
    const volumes = instructionsOf(runtime, 'VOLUME').flatMap((i) => i.json ?? i.args.split(/\s+/));
    expect(volumes).toEqual(['/data']);
    const health = instructionsOf(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]?.args).toContain('/api/ready');
    expect(instructionsOf(runtime, 'CMD').at(-1)?.json).toEqual(['node', 'server.js']);
  });

  it('puts mqtt-mcp on the PATH as a bridge to the hub in the same container', () => {
    expect(runtimeEnv.MQTT_MCP_HUB_URL).toBe(`unix:${runtimeEnv.MQTT_MCP_DATA_DIR}/hub.sock`);
    expect(runtimeEnv.PORT).toBe('8091');
    expect(runtimeEnv.MQTT_MCP_DATA_DIR).toBe('/data');
    expect(runtimeEnv.HOSTNAME).toBe('0.0.0.0');
    const workdir = instructionsOf(runtime, 'WORKDIR').at(-1)?.args;
    expect(runs(runtime).join('\n')).toContain(
      `ln -s ${workdir}/bin/mqtt-mcp.js /usr/local/bin/mqtt-mcp`,
    );
    // Every MQTT_MCP_* variable the image sets is one the configuration knows, with a valid value.
    for (const key of Object.keys(runtimeEnv).filter((k) => k.startsWith('MQTT_MCP_'))) {
      expect(Object.keys(configSchema.shape)).toContain(key);
    }
    expect(() => loadConfig(runtimeEnv)).not.toThrow();
  });

  it('parses continuations, comments, JSON forms and assignments the way Docker does', () => {
    const parsed = parseDockerfile(
      [
        'ARG BASE=node:20-slim',
        'FROM ${BASE} AS One',
        'RUN echo a \\',
        '  # a comment inside',
        '  && echo b',
        'ENV A=1 B="two words"',
        'ENV LEGACY value with spaces',
        'COPY --from=one --chown=1:1 ["a b", "/dst/"]',
        'USER 0:0',
        'FROM one',
        'USER app',
      ].join('\n'),
    );
    expect(parsed.globalArgs).toEqual({ BASE: 'node:20-slim' });
    const [one, two] = parsed.stages as [Stage, Stage];
    expect(one.name).toBe('one');
    expect(instructionsOf(one, 'RUN')[0]?.args).toBe('echo a && echo b');
    expect(stageEnv(one)).toEqual({ A: '1', B: 'two words', LEGACY: 'value with spaces' });
    expect(copyArgs(instructionsOf(one, 'COPY')[0] as Instruction)).toEqual({
      flags: { from: 'one', chown: '1:1' },
      sources: ['a b'],
      dest: '/dst/',
    });
    expect(isRootUser(finalUser(one))).toBe(true);
    expect(isRootUser(finalUser(two))).toBe(false);
    expect(parseAssignments('X', false)).toEqual({ X: undefined });
    expect(() => parseDockerfile('RUN echo before FROM')).toThrow(/before the first FROM/);
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(read('.dockerignore'));

  it.each<[string, boolean]>([
    // Installed, built and local files stay out of the build context.
    ['node_modules/x/index.js', true],
    ['e2e/node_modules/y.js', true],
    ['.next/cache/a', true],
    ['dist/mcp/stdio.js', true],
    ['data/mqtt-mcp.db', true],
    ['.git/HEAD', true],
    ['.env', true],
    ['.env.local', true],
    ['tsconfig.tsbuildinfo', true],
    // Everything the build needs is sent.
    ['package.json', false],
    ['package-lock.json', false],
    ['next.config.mjs', false],
    ['scripts/assemble-runtime.sh', false],
    ['packaging/runtime-deps.mjs', false],
    ['bin/mqtt-mcp.js', false],
    ['mcp/stdio.ts', false],
    ['server/config.ts', false],
    ['app/layout.tsx', false],
    ['.env.example', false],
  ])('%s is ignored: %s', (path, ignored) => {
    expect(dockerIgnored(path, rules), path).toBe(ignored);
  });
});

describe('umbrel-app.yml and docker-compose.yml', () => {
  const proxyEnv = compose.services.app_proxy?.environment ?? {};
  const appEnv = app.environment ?? {};

  it('are valid against their schemas', () => {
    expect(validate(manifestSchema, manifest)).toEqual([]);
    expect(validate(composeSchema, compose)).toEqual([]);
  });

  it('carry the version of package.json, and the image is pinned to it', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(appServices).toHaveLength(1);
    expect(app.image).toMatch(
      new RegExp(`^[a-z0-9./_-]+:${pkg.version.replace(/\./g, '\\.')}(@sha256:[a-f0-9]{64})?$`),
    );
    expect(app.image).not.toMatch(/:latest\b/);
  });

  it('run the app as 1000:1000 with its data under ${APP_DATA_DIR}', () => {
    expect(app.user).toBe('1000:1000');
    expect(app.volumes).toEqual([`\${APP_DATA_DIR}/data:${runtimeEnv.MQTT_MCP_DATA_DIR}`]);
    expect(appEnv.MQTT_MCP_DATA_DIR).toBe(runtimeEnv.MQTT_MCP_DATA_DIR);
  });

  it('point the app proxy at the app container and the port the image serves', () => {
    expect(proxyEnv.APP_HOST).toBe(`${manifest.id}_${appName}_1`);
    expect(Number(proxyEnv.APP_PORT)).toBe(Number(runtimeEnv.PORT));
    expect(manifest.port).toBe(8091);
  });

  it('let only the MCP endpoint past the Umbrel login; the console stays behind it', () => {
    expect(proxyEnv.PROXY_AUTH_ADD ?? 'true').not.toBe('false');
    const open = String(proxyEnv.PROXY_AUTH_WHITELIST ?? '')
      .split(/[, ]+/)
      .filter(Boolean);
    expect(open).toEqual(['/api/mcp']);
  });

  it('trust the app proxy for the console and default to Umbrel’s Mosquitto app', () => {
    expect(appEnv.MQTT_MCP_TRUSTED_PROXY).toBe('mqtt-mcp_app_proxy_1');
    expect(appEnv.MQTT_MCP_DEFAULT_BROKER).toBe('mqtt://mosquitto_broker_1:1883');
    const env = {
      ...runtimeEnv,
      ...Object.fromEntries(Object.entries(appEnv).map(([k, v]) => [k, String(v)])),
    };
    for (const key of Object.keys(env).filter((k) => k.startsWith('MQTT_MCP_'))) {
      expect(Object.keys(configSchema.shape), key).toContain(key);
    }
    const config = loadConfig(env);
    expect(config.MQTT_MCP_TRUSTED_PROXY).toEqual(['mqtt-mcp_app_proxy_1']);
    expect(config.MQTT_MCP_TRUST_LOOPBACK).toBe(true);
  });

  it('reject what Umbrel or compose would not accept', () => {
    const bad = (doc: unknown, schema: JsonSchema) => validate(schema, doc).join('\n');
    const m = structuredClone(manifest) as Record<string, unknown>;
    expect(bad({ ...m, version: 1 }, manifestSchema)).toMatch(/version: expected string/);
    expect(bad({ ...m, category: 'developer-tools' }, manifestSchema)).toMatch(/category/);
    expect(bad({ ...m, gallery: ['1.jpg'] }, manifestSchema)).toMatch(/gallery\[0\]: not an http/);
    expect(bad({ ...m, torOnly: 'no' }, manifestSchema)).toMatch(/torOnly/);
    expect(bad({ ...m, extra: 1 }, manifestSchema)).toMatch(/unknown property extra/);
    const withApp = (patch: Record<string, unknown>) => {
      const service: Record<string, unknown> = { ...app, ...patch };
      for (const key of Object.keys(patch)) if (patch[key] === undefined) delete service[key];
      return { services: { ...compose.services, [appName]: service } };
    };
    expect(bad(withApp({ image: 'bitsperity/mqtt-mcp:latest' }), composeSchema)).toMatch(
      /forbidden/,
    );
    expect(bad(withApp({ image: 'bitsperity/mqtt-mcp' }), composeSchema)).toMatch(/does not match/);
    expect(bad(withApp({ user: '0:0' }), composeSchema)).toMatch(/must be "1000:1000"/);
    expect(bad(withApp({ volumes: ['/home/umbrel/data:/data'] }), composeSchema)).toMatch(
      /volumes\[0\]/,
    );
    expect(bad(withApp({ container_name: 'x' }), composeSchema)).toMatch(
      /unknown property container_name/,
    );
    expect(bad(withApp({ deploy: undefined }), composeSchema)).toMatch(
      /missing required property deploy/,
    );
    expect(bad(withApp({ environment: { FLAG: true } }), composeSchema)).toMatch(/FLAG/);
    expect(bad({ services: { [appName]: app } }, composeSchema)).toMatch(/app_proxy/);
    expect(() => parseYaml('a: 1\na: 2\n')).toThrow(/duplicate/i);
  });
});

describe('deploy-dockerhub.sh', () => {
  const script = join(ROOT, 'deploy-dockerhub.sh');
  const composeImage = String(app.image)
    .replace(/@.*$/, '')
    .replace(/:[^:/]+$/, '');
  let tmp: string;
  let fakeBin: string;
  let log: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mqtt-mcp-deploy-'));
    fakeBin = join(tmp, 'bin');
    log = join(tmp, 'calls.log');
    mkdirSync(fakeBin);
    // A docker that records every call; FAKE_DOCKER=ok answers like a logged-in buildx setup.
    writeFileSync(
      join(fakeBin, 'docker'),
      [
        '#!/usr/bin/env bash',
        'echo "docker $*" >> "$FAKE_LOG"',
        '[ "${FAKE_DOCKER:-fail}" = ok ] || exit 1',
        'case "$1 $2" in',
        '  "buildx inspect") printf "Name: b\\nPlatforms: linux/amd64, linux/arm64\\n" ;;',
        '  "buildx imagetools") printf "Name: x\\nDigest: sha256:%064d\\n  Platform: linux/amd64\\n  Platform: linux/arm64\\n" 0 ;;',
        'esac',
        'exit 0',
      ].join('\n'),
    );
    writeFileSync(join(fakeBin, 'ssh'), '#!/bin/sh\necho "ssh $*" >> "$FAKE_LOG"\nexit 1\n');
    chmodSync(join(fakeBin, 'docker'), 0o755);
    chmodSync(join(fakeBin, 'ssh'), 0o755);
  });

  afterAll(() => {
    if (!KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
    childEnv({ PATH: `${fakeBin}:${process.env.PATH ?? ''}`, FAKE_LOG: log, ...extra });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');

  /** A throwaway git repository holding the release files, committed once. */
  function repo(): string {
    const dir = mkdtempSync(join(tmp, 'repo-'));
    for (const f of [
      'deploy-dockerhub.sh',
      'package.json',
      'umbrel-app.yml',
      'docker-compose.yml',
      'Dockerfile',
    ]) {
      cpSync(join(ROOT, f), join(dir, f));
    }
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
        cwd: dir,
      });
    git('init', '-q');
    git('add', '-A');
    expect(git('commit', '-qm', 'release files').code).toBe(0);
    return dir;
  }
  const commits = (dir: string) =>
    run('git', ['rev-list', '--count', 'HEAD'], { cwd: dir }).stdout.trim();

  it('passes shellcheck, as do the other shell scripts of the packaging', () => {
    const r = run('shellcheck', ['deploy-dockerhub.sh', 'scripts/assemble-runtime.sh']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--help explains the options and exits 0', () => {
    const r = run('bash', [script, '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--dry-run', '--version', '--redeploy', '--smoke-only'])
      expect(r.stdout).toContain(opt);
    expect(run('bash', [script, '--bogus']).code).toBe(2);
  });

  it('--dry-run --version 1.2.3 prints the buildx commands and runs nothing', () => {
    rmSync(log, { force: true });
    const r = run('bash', [script, '--dry-run', '--version', '1.2.3', '--redeploy'], {
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const build = lines.filter((l) => l.startsWith('+ docker buildx build '));
    expect(build).toHaveLength(1);
    expect(build[0]).toMatch(
      new RegExp(
        `^\\+ docker buildx build --builder mqtt-mcp-multiarch --platform linux/amd64,linux/arm64 ` +
          `--file ${ROOT}/Dockerfile --build-arg VERSION=1\\.2\\.3 --build-arg REVISION=[0-9a-f]{12} ` +
          `--tag ${composeImage}:1\\.2\\.3 --tag ${composeImage}:latest --push ${ROOT}$`,
      ),
    );
    expect(lines).toContain(`+ docker buildx imagetools inspect ${composeImage}:1.2.3`);
    expect(lines).toContain(
      '+ docker buildx create --name mqtt-mcp-multiarch --driver docker-container --bootstrap',
    );
    expect(r.stdout).toContain("'docker exec -i mqtt-mcp_app_1 mqtt-mcp'");
    expect(r.stdout).toContain('apps.restart.mutate --appId mqtt-mcp');
    expect(r.stderr).toContain('dry run');
    expect(calls(), 'no docker or ssh call in a dry run').toBe('');
  });

  it('refuses a dirty work tree without committing anything', () => {
    rmSync(log, { force: true });
    const dir = repo();
    writeFileSync(join(dir, 'scratch.txt'), 'not committed\n');
    const r = run('bash', [join(dir, 'deploy-dockerhub.sh')], {
      cwd: dir,
      env: env({ FAKE_DOCKER: 'ok' }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/uncommitted changes/);
    expect(r.stderr).toMatch(/never commits/);
    expect(r.stderr).toContain('scratch.txt');
    expect(commits(dir)).toBe('1');
    expect(run('git', ['status', '--porcelain'], { cwd: dir }).stdout).toContain('?? scratch.txt');
    expect(calls()).toBe('');
  });

  it('stops with a clear error when docker, buildx or the registry login is missing', () => {
    const dir = repo();
    const bare = childEnv({ PATH: '/usr/bin:/bin', FAKE_LOG: log });
    expect(existsSync('/usr/bin/docker') || existsSync('/bin/docker')).toBe(false);
    const noDocker = run('bash', [join(dir, 'deploy-dockerhub.sh')], { cwd: dir, env: bare });
    expect(noDocker.code).toBe(1);
    expect(noDocker.stderr).toContain('docker not found on PATH');

    const noBuildx = run('bash', [join(dir, 'deploy-dockerhub.sh')], { cwd: dir, env: env() });
    expect(noBuildx.code).toBe(1);
    expect(noBuildx.stderr).toContain('docker buildx is not available');

    const emptyConfig = mkdtempSync(join(tmp, 'docker-config-'));
    const noLogin = run('bash', [join(dir, 'deploy-dockerhub.sh')], {
      cwd: dir,
      env: env({ FAKE_DOCKER: 'ok', DOCKER_CONFIG: emptyConfig }),
    });
    expect(noLogin.code).toBe(1);
    expect(noLogin.stderr).toContain('not logged in to docker.io');
    expect(noLogin.stderr).toContain("run 'docker login'");
  });

  it('refuses to push a version the release files do not carry', () => {
    const dir = repo();
    const r = run('bash', [join(dir, 'deploy-dockerhub.sh'), '--version', '9.9.9'], {
      cwd: dir,
      env: env({ FAKE_DOCKER: 'ok' }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`package.json version is '${pkg.version}'`);
  });

  it('builds and pushes through buildx on a clean tree, and leaves git alone', () => {
    rmSync(log, { force: true });
    const dir = repo();
    const config = mkdtempSync(join(tmp, 'docker-config-'));
    writeFileSync(join(config, 'config.json'), '{"auths":{"https://index.docker.io/v1/":{}}}');
    const r = run('bash', [join(dir, 'deploy-dockerhub.sh'), '--builder', 'b'], {
      cwd: dir,
      env: env({ FAKE_DOCKER: 'ok', DOCKER_CONFIG: config }),
    });
    expect(r.code, r.stderr).toBe(0);
    const docker = calls().split('\n');
    const build = docker.find((l) => l.startsWith('docker buildx build '));
    expect(build).toContain(`--platform linux/amd64,linux/arm64`);
    expect(build).toContain(
      `--tag ${composeImage}:${pkg.version} --tag ${composeImage}:latest --push ${dir}`,
    );
    expect(r.stderr).toContain(`image: ${composeImage}:${pkg.version}@sha256:`);
    expect(commits(dir)).toBe('1');
    expect(run('git', ['tag'], { cwd: dir }).stdout).toBe('');
  });
});

describe('runtime file set (the Dockerfile build steps on a clean copy of the working tree)', () => {
  let tmp: string;
  let src: string;
  let out: string;
  let pathBin: string;
  let hub: ChildProcess | undefined;
  let hubLog = '';
  let hubUrl = '';
  let hubPort = 0;
  let broker: MosquittoBroker | undefined;
  const clients: Client[] = [];

  /** The RUN steps of the stages before the runtime one that call the shared build script. */
  function dockerBuildSteps(): { argv: string[]; env: Record<string, string> }[] {
    const steps: { argv: string[]; env: Record<string, string> }[] = [];
    let env: Record<string, string> = {};
    for (const stage of dockerfile.stages.slice(0, -1)) {
      const base = dockerfile.stages.find((s) => s.name === stage.from.toLowerCase());
      env = base ? { ...env, ...stageEnv(stage) } : stageEnv(stage);
      for (const ins of instructionsOf(stage, 'RUN')) {
        if (!ins.args.includes('assemble-runtime.sh')) continue;
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--mount='));
        const argv = words.map((w) => (w === '/src' ? src : w === '/out' ? out : w));
        steps.push({ argv, env: { ...env } });
      }
    }
    return steps;
  }

  /** MQTT_MCP_HUB_URL of the started hub's bridge socket (the image's own setting, with this data dir). */
  const hubSocketUrl = () => `unix:${join(tmp, 'data', 'hub.sock')}`;

  async function connect(
    env: Record<string, string>,
  ): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({
      command: 'mqtt-mcp',
      env: { PATH: `${pathBin}:${process.env.PATH ?? ''}`, LOG_LEVEL: 'info', ...env },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const client = new Client({ name: 'packaging-test', version: '0.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, stderr: () => stderr };
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'mqtt-mcp-packaging-'));
    src = join(tmp, 'src');
    out = join(tmp, 'out');
    mkdirSync(src);
    const files = copyContext(ROOT, src);
    expect(files).toContain('scripts/assemble-runtime.sh');
    const log = join(tmp, 'assemble.log');
    const steps = dockerBuildSteps();
    expect(steps.map((s) => s.argv.slice(1, 3).join(' '))).toEqual([
      'scripts/assemble-runtime.sh deps',
      'scripts/assemble-runtime.sh build',
    ]);
    for (const step of steps) {
      const [cmd, ...args] = step.argv as [string, ...string[]];
      const code = await runAsync(cmd, args, { cwd: src, env: childEnv(step.env), log });
      if (code !== 0) {
        throw new Error(
          `${step.argv.join(' ')} exited ${code}:\n${readFileSync(log, 'utf8').slice(-6000)}`,
        );
      }
    }
    // What the runtime stage's RUN does: mqtt-mcp on the PATH as a symlink to bin/mqtt-mcp.js.
    pathBin = join(tmp, 'usr-local-bin');
    mkdirSync(pathBin);
    symlinkSync(join(out, 'bin', 'mqtt-mcp.js'), join(pathBin, 'mqtt-mcp'));
  }, 15 * 60_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    if (hub && hub.exitCode === null) {
      const exited = new Promise((r) => hub?.once('exit', r));
      hub.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (hub.exitCode === null) hub.kill('SIGKILL');
    }
    await broker?.stop();
    // The copy holds a full node_modules (hundreds of MB): removing it takes a while on a busy disk.
    if (tmp && !KEEP) await rm(tmp, { recursive: true, force: true });
  }, 180_000);

  it('holds the standalone server, the MCP entry and no sharp or dev dependency, under budget', () => {
    for (const f of [
      'server.js',
      'package.json',
      '.next/BUILD_ID',
      'dist/mcp/stdio.js',
      'bin/mqtt-mcp.js',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readdirSync(join(out, '.next', 'static')).length).toBeGreaterThan(0);
    const lock = readJson<{ packages: Record<string, { dev?: boolean }> }>('package-lock.json');
    const top = readdirSync(join(out, 'node_modules')).flatMap((n) =>
      n.startsWith('@') ? readdirSync(join(out, 'node_modules', n)).map((s) => `${n}/${s}`) : [n],
    );
    for (const name of top.filter((n) => !n.startsWith('.'))) {
      expect(lock.packages[`node_modules/${name}`]?.dev, `${name} is a dev dependency`).not.toBe(
        true,
      );
      expect(name).not.toMatch(/^(sharp|@img\/.*)$/);
    }
    for (const name of [
      '@modelcontextprotocol/server',
      '@modelcontextprotocol/client',
      'zod',
      'pino',
      'mqtt',
    ])
      expect(top).toContain(name);
    const bytes = Number(run('du', ['-sb', out]).stdout.split('\t')[0]);
    console.log(
      `packaging: runtime file set ${(bytes / MiB).toFixed(1)} MiB (${bytes} bytes, without the Node runtime; budget ${RUNTIME_BUDGET_BYTES / MiB} MiB)`,
    );
    expect(bytes).toBeLessThan(RUNTIME_BUDGET_BYTES);
  });

  it('starts with the image command and environment and answers /api/ready', async () => {
    hubPort = await freePort();
    hubUrl = `http://127.0.0.1:${hubPort}`;
    const [cmd, ...args] = instructionsOf(runtime, 'CMD').at(-1)?.json as [string, ...string[]];
    hub = spawn(cmd === 'node' ? process.execPath : cmd, args, {
      cwd: out,
      env: childEnv({
        ...runtimeEnv,
        PORT: String(hubPort),
        HOSTNAME: '127.0.0.1',
        MQTT_MCP_DATA_DIR: join(tmp, 'data'),
        MQTT_MCP_HUB_URL: hubSocketUrl(),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    hub.stdout?.on('data', (c: Buffer) => (hubLog += c.toString()));
    hub.stderr?.on('data', (c: Buffer) => (hubLog += c.toString()));
    let status = 0;
    const deadline = Date.now() + 60_000;
    while (status !== 200 && Date.now() < deadline) {
      if (hub.exitCode !== null) throw new Error(`server.js exited ${hub.exitCode}:\n${hubLog}`);
      status = await fetch(`${hubUrl}/api/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status, hubLog).toBe(200);
    // The details go to a console caller only (loopback with the console header).
    const ready = (await (
      await fetch(`${hubUrl}/api/ready`, { headers: { [CONSOLE_HEADER]: '1' } })
    ).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      status: 'ready',
      version: pkg.version,
      store: { open: true },
      bridge_socket: { listening: true, connections: 0 },
    });
    // The console page renders and its static assets are served (copied next to the standalone server).
    const html = await (await fetch(`${hubUrl}/`)).text();
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    expect(asset, 'the page links a static asset').toBeDefined();
    expect((await fetch(`${hubUrl}${asset}`)).status).toBe(200);
  }, 90_000);

  it('passes the image HEALTHCHECK command, and fails it with no server', async () => {
    const health = instructionsOf(runtime, 'HEALTHCHECK')[0]?.args ?? '';
    const json = health.slice(health.indexOf('CMD') + 3).trim();
    const [cmd, ...args] = JSON.parse(json) as [string, ...string[]];
    const r = run(cmd === 'node' ? process.execPath : cmd, args, {
      cwd: out,
      env: childEnv({ ...runtimeEnv, PORT: String(hubPort) }),
    });
    expect(r.code, r.stderr).toBe(0);
    const down = run(cmd === 'node' ? process.execPath : cmd, args, {
      env: childEnv({ PORT: String(await freePort()) }),
    });
    expect(down.code).toBe(1);
  });

  it.each([
    ['its bridge socket, as the image sets it', () => hubSocketUrl()],
    ['Streamable HTTP', () => hubUrl],
  ])(
    'serves an MCP session through mqtt-mcp on the PATH, bridged to the hub over %s',
    async (_how, url) => {
      const { client, stderr } = await connect({ MQTT_MCP_HUB_URL: url() });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toHaveLength(toolRegistry.length);
      const list = await mcpCall<{ sessions: unknown[] }>(client, 'mqtt_list_active_connections');
      expect(Array.isArray(list.sessions)).toBe(true);
      expect(stderr()).toContain('"mode":"bridge"');
    },
    60_000,
  );

  it('runs standalone (no hub) against a real Mosquitto, using MQTT_MCP_DEFAULT_BROKER', async (ctx) => {
    if (!mosquittoAvailable()) ctx.skip();
    broker = await startMosquitto();
    const { client, stderr } = await connect({
      MQTT_MCP_DATA_DIR: join(tmp, 'standalone-data'),
      MQTT_MCP_DEFAULT_BROKER: broker.url,
    });
    const opened = await mcpCall<{ session_id: string; broker: string }>(
      client,
      'mqtt_establish_connection',
      {},
    );
    expect(opened.broker).toBe(broker.url);
    const list = await mcpCall<{ sessions: Array<{ session_id: string; state: string }> }>(
      client,
      'mqtt_list_active_connections',
    );
    expect(list.sessions.find((s) => s.session_id === opened.session_id)?.state).toBe('connected');
    await mcpCall(client, 'mqtt_close_connection', { session_id: opened.session_id });
    expect(stderr()).toContain('"mode":"standalone"');
  }, 60_000);

  it('passes the deploy script’s smoke test (MCP through `docker exec -i`, /api/ready)', () => {
    // ssh and docker stand-ins run the remote command here, against this runtime set and hub.
    const fakes = join(tmp, 'fake-remote');
    mkdirSync(fakes);
    writeFileSync(
      join(fakes, 'ssh'),
      '#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in -o) shift 2 ;; -*) shift ;; *) break ;; esac; done\nshift\nexec sh -c "$*"\n',
    );
    writeFileSync(
      join(fakes, 'docker'),
      '#!/bin/sh\ncase "$1" in\n  exec) shift; [ "$1" = -i ] && shift; shift; exec "$@" ;;\n  inspect) echo healthy ;;\n  *) exit 1 ;;\nesac\n',
    );
    chmodSync(join(fakes, 'ssh'), 0o755);
    chmodSync(join(fakes, 'docker'), 0o755);
    const r = run(
      'bash',
      [join(ROOT, 'deploy-dockerhub.sh'), '--smoke-only', '--host', 'umbrel@test'],
      {
        cwd: out,
        env: childEnv({
          PATH: `${fakes}:${pathBin}:${process.env.PATH ?? ''}`,
          MQTT_MCP_HUB_URL: hubSocketUrl(),
          PORT: String(hubPort),
        }),
      },
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `initialize ok, ${toolRegistry.length} tools listed, mqtt_list_active_connections answered`,
      ),
    );
    expect(r.stderr).toContain('"status":"ready"');
  }, 60_000);
});
