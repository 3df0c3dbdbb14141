// Real Mosquitto broker fixture for integration tests and benchmarks: temp config, certs, lifecycle.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectAsync, type IClientOptions } from 'mqtt';

const execFileAsync = promisify(execFile);

const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD_BIN = process.env.MOSQUITTO_PASSWD_BIN ?? '/usr/bin/mosquitto_passwd';
const READY_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 5_000;
const KEEP_DIRS = process.env.MOSQUITTO_KEEP_DIRS === '1';

/** Options for one test broker; with none it is an anonymous plain TCP listener on a free port. */
export interface MosquittoOptions {
  /** Password file with this one user, and `allow_anonymous false`. */
  auth?: { username: string; password: string };
  /** TLS listener with the cached test CA and a server certificate for 127.0.0.1 and localhost. */
  tls?: boolean | { requireClientCert?: boolean };
  /** Extra plain `ws://` listener; Mosquitto 2.0.11 binds it to all interfaces (upstream #3045). */
  websockets?: boolean;
  /** Fixed MQTT port instead of a free one. */
  port?: number;
  /** Raw config lines appended last, so listener options apply to the last listener. */
  extraConfig?: string[];
  /** `false` drops the per-packet debug log lines (about 20% more QoS 1 throughput). */
  debugLog?: boolean;
}

/** PEM text and file paths of the test CA and, when client certificates are required, the client pair. */
export interface MosquittoTls {
  caFile: string;
  ca: string;
  clientCertFile?: string;
  clientCert?: string;
  clientKeyFile?: string;
  clientKey?: string;
}

/** A running (or stopped) Mosquitto child process bound to loopback ports of its own. */
export interface MosquittoBroker {
  host: '127.0.0.1';
  port: number;
  url: string;
  wsUrl?: string;
  tls?: MosquittoTls;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  kill(): Promise<void>;
  logText(): string;
  isRunning(): boolean;
}

interface CertSet {
  dir: string;
  caKey: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const reservedPorts = new Set<number>();
let certPromise: Promise<CertSet> | undefined;
let cleanupInstalled = false;
let available: boolean | undefined;

function cleanupSync(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // The child is already gone.
    }
  }
  children.clear();
  if (KEEP_DIRS) return;
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort at exit.
    }
  }
  tempDirs.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanupSync();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function makeTempDir(prefix: string): string {
  installCleanup();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Whether the Mosquitto binary is installed, so suites can skip instead of failing on machines without it. */
export function mosquittoAvailable(): boolean {
  if (available === undefined) {
    const result = existsSync(MOSQUITTO_BIN)
      ? spawnSync(MOSQUITTO_BIN, ['-h'], { encoding: 'utf8', timeout: 5_000 })
      : undefined;
    available = /mosquitto version/i.test(`${result?.stdout ?? ''}${result?.stderr ?? ''}`);
  }
  return available;
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** A loopback TCP port that is free right now and was not handed out earlier in this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await listenOnce(0);
    if (port > 0 && port !== 1883 && !reservedPorts.has(port)) {
      reservedPorts.add(port);
      return port;
    }
  }
  throw new Error('freePort: no free loopback port found');
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = mqtt-mcp test
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr || String(error)}`);
  }
}

async function generateCerts(): Promise<CertSet> {
  const dir = makeTempDir('mqtt-mcp-certs-');
  writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
  const key = (name: string): Promise<void> =>
    openssl(
      ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`],
      dir,
    );
  const serial = (): string => `0x${randomBytes(8).toString('hex')}`;
  const sign = async (name: string, cn: string, extensions: string): Promise<void> => {
    await openssl(
      [
        'req',
        '-new',
        '-key',
        `${name}.key`,
        '-config',
        'openssl.cnf',
        '-subj',
        `/CN=${cn}`,
        '-out',
        `${name}.csr`,
      ],
      dir,
    );
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        serial(),
        '-days',
        '825',
        '-extfile',
        'openssl.cnf',
        '-extensions',
        extensions,
        '-out',
        `${name}.crt`,
      ],
      dir,
    );
  };
  await Promise.all([key('ca'), key('server'), key('client')]);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-config',
      'openssl.cnf',
      '-extensions',
      'v3_ca',
      '-subj',
      '/CN=mqtt-mcp test CA',
      '-set_serial',
      serial(),
      '-days',
      '3650',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  await Promise.all([
    sign('server', 'localhost', 'v3_server'),
    sign('client', 'mqtt-mcp-test-client', 'v3_client'),
  ]);
  return {
    dir,
    caKey: join(dir, 'ca.key'),
    caCert: join(dir, 'ca.crt'),
    serverKey: join(dir, 'server.key'),
    serverCert: join(dir, 'server.crt'),
    clientKey: join(dir, 'client.key'),
    clientCert: join(dir, 'client.crt'),
  };
}

function testCerts(): Promise<CertSet> {
  certPromise ??= generateCerts().catch((error: unknown) => {
    certPromise = undefined;
    throw error;
  });
  return certPromise;
}

async function createPasswordFile(file: string, username: string, password: string): Promise<void> {
  try {
    await execFileAsync(MOSQUITTO_PASSWD_BIN, ['-b', '-c', file, username, password]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`mosquitto_passwd failed: ${stderr || String(error)}`);
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a Mosquitto broker on free loopback ports (or `opts.port`) and resolves once it answers an MQTT CONNECT. */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const dir = makeTempDir('mqtt-mcp-mosquitto-');
  const logFile = join(dir, 'mosquitto.log');
  const configFile = join(dir, 'mosquitto.conf');
  const tlsOpts = opts.tls === true ? {} : opts.tls === false ? undefined : opts.tls;
  const requireClientCert = tlsOpts?.requireClientCert === true;

  let tls: MosquittoTls | undefined;
  if (tlsOpts) {
    const certs = await testCerts();
    const copy = (from: string, name: string): string => {
      const to = join(dir, name);
      copyFileSync(from, to);
      return to;
    };
    const caFile = copy(certs.caCert, 'ca.crt');
    copy(certs.serverCert, 'server.crt');
    copy(certs.serverKey, 'server.key');
    tls = { caFile, ca: readFileSync(caFile, 'utf8') };
    if (requireClientCert) {
      const clientCertFile = copy(certs.clientCert, 'client.crt');
      const clientKeyFile = copy(certs.clientKey, 'client.key');
      tls.clientCertFile = clientCertFile;
      tls.clientCert = readFileSync(clientCertFile, 'utf8');
      tls.clientKeyFile = clientKeyFile;
      tls.clientKey = readFileSync(clientKeyFile, 'utf8');
    }
  }
  if (opts.auth) {
    await createPasswordFile(join(dir, 'passwd'), opts.auth.username, opts.auth.password);
  }

  const fixedPort = opts.port !== undefined;
  let port = opts.port ?? (await freePort());
  let wsPort = opts.websockets ? await freePort() : undefined;

  const writeConfig = (): void => {
    const lines = [
      'per_listener_settings false',
      'persistence false',
      'max_queued_messages 0',
      'set_tcp_nodelay true',
      'user root',
      `log_dest file ${logFile}`,
      ...(opts.debugLog === false
        ? ['error', 'warning', 'notice', 'information', 'subscribe', 'unsubscribe']
        : ['all']
      ).map((type) => `log_type ${type}`),
      'log_timestamp true',
      'log_timestamp_format %Y-%m-%dT%H:%M:%S',
      `allow_anonymous ${opts.auth ? 'false' : 'true'}`,
    ];
    if (opts.auth) lines.push(`password_file ${join(dir, 'passwd')}`);
    lines.push(`listener ${port} 127.0.0.1`);
    if (tls) {
      lines.push(
        `cafile ${join(dir, 'ca.crt')}`,
        `certfile ${join(dir, 'server.crt')}`,
        `keyfile ${join(dir, 'server.key')}`,
        `require_certificate ${requireClientCert ? 'true' : 'false'}`,
      );
    }
    if (wsPort !== undefined) lines.push(`listener ${wsPort} 127.0.0.1`, 'protocol websockets');
    lines.push(...(opts.extraConfig ?? []));
    writeFileSync(configFile, `${lines.join('\n')}\n`);
  };

  const scheme = tls ? 'mqtts' : 'mqtt';
  const probeOptions = (withTls: boolean): IClientOptions => ({
    reconnectPeriod: 0,
    connectTimeout: 1_000,
    clientId: `mosquitto-probe-${randomBytes(4).toString('hex')}`,
    ...(opts.auth ? { username: opts.auth.username, password: opts.auth.password } : {}),
    ...(tls && withTls
      ? {
          ca: tls.ca,
          servername: 'localhost',
          ...(tls.clientCert && tls.clientKey ? { cert: tls.clientCert, key: tls.clientKey } : {}),
        }
      : {}),
  });

  let child: ChildProcess | undefined;
  let stderrText = '';

  const logText = (): string => {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      text = '(no log file)\n';
    }
    return stderrText ? `${text}--- stderr ---\n${stderrText}` : text;
  };

  let spawnFailed = false;
  const isRunning = (): boolean =>
    child !== undefined && !spawnFailed && child.exitCode === null && child.signalCode === null;
  const exitReason = (): string =>
    child?.signalCode
      ? `killed by ${child.signalCode}`
      : child?.exitCode !== null && child?.exitCode !== undefined
        ? `exited with code ${child.exitCode}`
        : 'not ready';

  let runLogStart = 0;
  const runLog = (): string => {
    try {
      return readFileSync(logFile).subarray(runLogStart).toString('utf8');
    } catch {
      return '';
    }
  };

  const spawnChild = (): ChildProcess => {
    stderrText = '';
    spawnFailed = false;
    runLogStart = existsSync(logFile) ? statSync(logFile).size : 0;
    const proc = spawn(MOSQUITTO_BIN, ['-c', configFile], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(proc);
    const collect = (chunk: Buffer): void => {
      stderrText = (stderrText + chunk.toString('utf8')).slice(-20_000);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    proc.once('exit', () => children.delete(proc));
    proc.once('error', (error) => {
      spawnFailed = true;
      children.delete(proc);
      stderrText += `spawn error: ${error.message}\n`;
    });
    proc.unref();
    (proc.stdout as Socket | null)?.unref();
    (proc.stderr as Socket | null)?.unref();
    return proc;
  };

  const probe = async (url: string, withTls: boolean): Promise<void> => {
    const client = await connectAsync(url, probeOptions(withTls), false);
    await client.endAsync(true);
  };

  let launchedOnce = false;
  let starting: Promise<void> | undefined;
  const addressInUse = (): boolean =>
    /address already in use|unable to create websockets listener/i.test(runLog() + stderrText);

  const launch = async (): Promise<void> => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastError: unknown;
    let failure = 'not ready';
    for (;;) {
      writeConfig();
      const proc = spawnChild();
      child = proc;
      proc.ref();
      try {
        for (;;) {
          if (!isRunning()) break;
          if (/mosquitto version \S+ running/.test(runLog())) {
            try {
              await probe(`${scheme}://127.0.0.1:${port}`, true);
              if (wsPort !== undefined) await probe(`ws://127.0.0.1:${wsPort}`, false);
              if (isRunning()) {
                launchedOnce = true;
                return;
              }
            } catch (error) {
              lastError = error;
            }
          }
          if (Date.now() > deadline) break;
          await sleep(20);
        }
      } finally {
        proc.unref();
      }
      failure = isRunning() ? 'running but not accepting MQTT connections' : exitReason();
      if (/address already in use/i.test(logText())) failure += '; log: address already in use';
      if (isRunning()) {
        proc.kill('SIGKILL');
        await waitForExit(proc, STOP_TIMEOUT_MS);
      } else {
        await waitForExit(proc, 1_000);
      }
      if (Date.now() > deadline || !addressInUse()) break;
      await sleep(100);
      if (!fixedPort && !launchedOnce) {
        port = await freePort();
        if (wsPort !== undefined) wsPort = await freePort();
      }
    }
    const probeError = lastError instanceof Error ? `; last probe: ${lastError.message}` : '';
    throw new Error(
      `mosquitto did not become ready on 127.0.0.1:${port} (${failure}${probeError})\n` +
        `--- config ${configFile} ---\n${readFileSync(configFile, 'utf8')}` +
        `--- log (tail) ---\n${logText().slice(-8_000)}`,
    );
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || !isRunning()) return;
    proc.ref();
    try {
      proc.kill(signal);
      if (!(await waitForExit(proc, STOP_TIMEOUT_MS))) {
        proc.kill('SIGKILL');
        await waitForExit(proc, STOP_TIMEOUT_MS);
      }
    } finally {
      proc.unref();
    }
  };

  const broker: MosquittoBroker = {
    host: '127.0.0.1',
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    dir,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    start: () => {
      if (isRunning()) return Promise.resolve();
      starting ??= launch().finally(() => {
        starting = undefined;
      });
      return starting;
    },
    logText,
    isRunning,
  };

  await launch();
  broker.port = port;
  broker.url = `${scheme}://127.0.0.1:${port}`;
  if (wsPort !== undefined) broker.wsUrl = `ws://127.0.0.1:${wsPort}`;
  if (tls) broker.tls = tls;
  return broker;
}
