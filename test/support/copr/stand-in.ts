/**
 * A Copr frontend stand-in for integration tests: the routes python-copr and Ticket Tray use,
 * answering like copr-frontend behind Apache mod_auth_gssapi, with a real SPNEGO acceptor for the
 * realm's `HTTP/copr.fedorainfracloud.test@FEDORAPROJECT.ORG` key (docs/copr.md; docs/test-realm.md,
 * "The Copr stand-in" and "Host names").
 *
 * The server (`stand-in-server.mjs`) runs in its own node process so that its acceptor
 * environment (KRB5_KTNAME, KRB5_CONFIG, KRB5RCACHEDIR) never mixes with the client side of the test
 * process; this module forks it, generates its TLS certificate and drives it over the IPC channel.
 *
 * Host names: `copr.fedorainfracloud.test` (deliberately not in the test krb5.conf's
 * `[domain_realm]`) and `other.example.test` (for "credentials must not follow a redirect") do not
 * resolve by themselves. Map them with `map-hosts.mjs`: in-process by setting
 * `process.env.TEST_HOSTS = JSON.stringify(TEST_HOSTS)` and importing {@link MAP_HOSTS_MODULE}; in a
 * spawned node process with {@link nodeEnvWithTestHosts}.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { COPR_TEST_HOST, type TestRealm } from '../realm/realm.js';

/** The second host name on the stand-in's certificate, served by the same process and ports. */
export const OTHER_TEST_HOST = 'other.example.test';

/** Test host names → loopback, the value for `TEST_HOSTS` (as JSON) read by `map-hosts.mjs`. */
export const TEST_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  [COPR_TEST_HOST]: '127.0.0.1',
  [OTHER_TEST_HOST]: '127.0.0.1',
});

/** Absolute path of the resolver override, for `node --import` or an in-process `import()`. */
export const MAP_HOSTS_MODULE = fileURLToPath(new URL('../map-hosts.mjs', import.meta.url));

const SERVER_MODULE = fileURLToPath(new URL('./stand-in-server.mjs', import.meta.url));
const START_TIMEOUT_MS = 10_000;
const IPC_TIMEOUT_MS = 5_000;
const CLOSE_GRACE_MS = 2_000;
const OPENSSL_TIMEOUT_MS = 10_000;

/** A Copr account as the stand-in knows it. */
export interface CoprUser {
  /** The Copr user name (what a principal maps to: `alice@FEDORAPROJECT.ORG` → `alice`). */
  readonly name: string;
  /** Database id; default: a stable id per name, from 1001 up. */
  readonly id?: number;
  /**
   * Whether the user has ever logged in through the web UI (OpenID/OIDC), i.e. has an e-mail.
   * false: a GSSAPI login gets the 403 "…doesn't exist in the Copr build system…".
   */
  readonly webLogin: boolean;
  /** API login (the `login` config key), for `Authorization: Basic base64(login:token)`. */
  readonly apiLogin?: string;
  /** API token (the `token` config key). */
  readonly token?: string;
  /** Last valid day of the token, `YYYY-MM-DD`, compared with today's UTC date (see {@link coprDate}). */
  readonly tokenExpires?: string;
}

/**
 * What the stand-in answers instead of the real route, for one path (both hosts and both ports,
 * unless `host` narrows it). `mode` is the extension point for more misbehaving servers.
 */
export type StandInResponse =
  /** A redirect (default 302) to `location`, e.g. `${standIn.otherUrl}/elsewhere`. */
  | { readonly mode: 'redirect'; readonly location: string; readonly status?: 301 | 302 | 303 | 307 | 308 }
  /** A canned answer; `json` sets the body and `Content-Type: application/json` (headers may override). */
  | {
      readonly mode: 'respond';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      readonly json?: unknown;
    }
  /** Headers at once, then the body one byte every `intervalMs` (default 200; default body lasts 10 min). */
  | { readonly mode: 'drip'; readonly status?: number; readonly body?: string; readonly intervalMs?: number }
  /** A valid JSON body of `bytes` bytes (default 20 MiB); `declareLength: false` sends it chunked. */
  | { readonly mode: 'huge'; readonly bytes?: number; readonly declareLength?: boolean }
  /** Reads the request and never answers (the socket stays open until the client or close() ends it). */
  | { readonly mode: 'hang' };

/** A {@link StandInResponse} plus where and how often it applies. */
export type StandInOverride = StandInResponse & {
  /** Only when the Host header names this host (e.g. {@link COPR_TEST_HOST}); default: any host. */
  readonly host?: string;
  /** Applies this many times, then the real route answers again; default: until replaced or removed. */
  readonly times?: number;
};

/** One request as the stand-in received it. */
export interface RecordedRequest {
  /** 1, 2, … in arrival order (not reset by clearRequests). */
  readonly seq: number;
  /** Arrival time, ISO 8601. */
  readonly time: string;
  readonly scheme: 'https' | 'http';
  /** The local port it arrived on (`httpsPort` or `httpPort`). */
  readonly port: number;
  /** The Host header as sent, e.g. `other.example.test:40123`; null if absent. */
  readonly host: string | null;
  readonly method: string;
  /** The request target as sent, query included. */
  readonly path: string;
  /** The scheme of the Authorization header. */
  readonly auth: 'negotiate' | 'basic' | 'other' | 'none';
  /** The raw Authorization header (to assert that a secret did NOT reach a host). */
  readonly authorization: string | null;
  /** The raw Cookie header. */
  readonly cookie: string | null;
  /** Whether a `session` cookie was sent (valid or not). */
  readonly sessionCookie: boolean;
  readonly userAgent: string | null;
  /** The status answered; null while unanswered (e.g. `hang`). */
  readonly status: number | null;
  /** Diagnostics: `REMOTE_USER=…`, the GSSAPI error text, `override: <mode>`, … */
  readonly note: string | null;
}

/** A running stand-in. See {@link startCoprStandIn}. */
export interface CoprStandIn {
  /** `https://copr.fedorainfracloud.test:<httpsPort>`: the public URL (used in the "Please visit …/api" text). */
  readonly url: string;
  /** `http://copr.fedorainfracloud.test:<httpPort>`, for `encrypted = False` configs. */
  readonly httpUrl: string;
  /** `https://other.example.test:<httpsPort>`: the same server under a second name. */
  readonly otherUrl: string;
  /** {@link COPR_TEST_HOST}. */
  readonly host: string;
  readonly httpsPort: number;
  readonly httpPort: number;
  /** PEM file of the test CA that signed the server certificate (for NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The same CA, as text (for `https.request({ ca })`). */
  readonly caPem: string;
  /** Replaces all users. Sessions of users no longer present stop working. */
  setUsers(users: readonly CoprUser[]): Promise<void>;
  /** Adds a user, or replaces the one with the same name (keeping its id unless given). */
  addUser(user: CoprUser): Promise<void>;
  /** The user as the stand-in holds it now (e.g. the token after `POST /api_3/api-token`); null if unknown. */
  getUser(name: string): Promise<(CoprUser & { readonly id: number }) | null>;
  /** A valid session for `name` without Kerberos (e.g. to pre-fill a session cache file); the cookie value. */
  createSession(name: string): Promise<string>;
  /** Forgets every session (server-side session expiry): cached cookies then get 401. */
  dropSessions(): Promise<void>;
  /** Answers `path` (trailing slash and query ignored) with `response` instead of the route; null removes it. */
  override(path: string, response: StandInOverride | null): Promise<void>;
  /** Every request received so far (since the last clearRequests). */
  requests(): Promise<RecordedRequest[]>;
  clearRequests(): Promise<void>;
  /** `env` plus the resolver mapping and this stand-in's CA, for spawning a node child (see {@link nodeEnvWithTestHosts}). */
  nodeEnv(env: Readonly<Record<string, string>>): Record<string, string>;
  /** Stops the server process (also done by `realm.stop()`). Idempotent. */
  close(): Promise<void>;
}

/**
 * Returns `env` with what a spawned node process (e.g. our CLI) needs to reach the stand-in:
 * `NODE_OPTIONS` gains `--import=<map-hosts.mjs>` (appended to any existing options), `TEST_HOSTS`
 * maps {@link TEST_HOSTS}, and `NODE_EXTRA_CA_CERTS=caFile` when given (trusted by node:https and
 * fetch; read at process start).
 */
export function nodeEnvWithTestHosts(env: Readonly<Record<string, string>>, caFile?: string): Record<string, string> {
  const importFlag = `--import=${/[\s"\\]/.test(MAP_HOSTS_MODULE) ? JSON.stringify(MAP_HOSTS_MODULE) : MAP_HOSTS_MODULE}`;
  const existing = env['NODE_OPTIONS']?.trim();
  return {
    ...env,
    NODE_OPTIONS: existing ? `${existing} ${importFlag}` : importFlag,
    TEST_HOSTS: JSON.stringify(TEST_HOSTS),
    ...(caFile === undefined ? {} : { NODE_EXTRA_CA_CERTS: caFile }),
  };
}

/** Today's UTC date plus `days`, as `YYYY-MM-DD` (the stand-in's notion of "today" for token expiry). */
export function coprDate(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Starts a stand-in for `realm`: a fresh CA and server certificate (EC P-256, SANs
 * {@link COPR_TEST_HOST} and {@link OTHER_TEST_HOST}) in `realm.dir/copr-pki/`, then the server
 * process with `KRB5_KTNAME=FILE:realm.keytab`, the realm's krb5.conf and its own replay cache. No
 * users exist until the test sets them. The stand-in is adopted by the realm, so `realm.stop()`
 * closes it. Takes about 0.2 s.
 */
export async function startCoprStandIn(realm: TestRealm): Promise<CoprStandIn> {
  const pkiDir = await freshDir(realm.dir, 'copr-pki');
  const rcacheDir = path.join(pkiDir, 'rcache');
  const [pki] = await Promise.all([makePki(pkiDir), mkdir(rcacheDir)]);
  const env: Record<string, string> = {
    KRB5_CONFIG: realm.krb5Config,
    KRB5_KTNAME: `FILE:${realm.keytab}`,
    KRB5RCACHEDIR: rcacheDir,
    LC_ALL: 'C',
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  };
  const child = fork(
    SERVER_MODULE,
    [JSON.stringify({ certFile: pki.certFile, keyFile: pki.keyFile, publicHost: COPR_TEST_HOST })],
    {
      env,
      execArgv: [], // not the test runner's loader flags
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    },
  );
  const controller = new StandInController(child, pki);
  try {
    await controller.ready();
  } catch (error) {
    await controller.close();
    throw error;
  }
  return realm.adopt(controller);
}

// ---- controller ----------------------------------------------------------------------------------

interface Pki {
  readonly caFile: string;
  readonly caPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type Lifecycle = { type: 'ready'; httpsPort: number; httpPort: number } | { type: 'fatal'; error: string };

/** Stand-in processes still running; killed if the test process exits without close(). */
const liveServers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

class StandInController implements CoprStandIn {
  readonly host = COPR_TEST_HOST;
  readonly caFile: string;
  readonly caPem: string;
  httpsPort = 0;
  httpPort = 0;
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }
  >();
  private nextId = 1;
  private stderr = '';
  private exited: Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    pki: Pki,
  ) {
    this.caFile = pki.caFile;
    this.caPem = pki.caPem;
    liveServers.add(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        liveServers.delete(child);
        this.failPending(new Error(`Copr stand-in exited${this.stderrTail()}`));
        resolve();
      });
      child.once('error', () => resolve());
    });
    child.on('message', (message: Reply | Lifecycle) => {
      if ('id' in message) this.settle(message);
    });
  }

  get url(): string {
    return `https://${COPR_TEST_HOST}:${this.httpsPort}`;
  }

  get httpUrl(): string {
    return `http://${COPR_TEST_HOST}:${this.httpPort}`;
  }

  get otherUrl(): string {
    return `https://${OTHER_TEST_HOST}:${this.httpsPort}`;
  }

  /** Waits for the server's `ready` (or its failure), at most START_TIMEOUT_MS. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (reason: string): void => {
        cleanup();
        reject(new Error(`Copr stand-in did not start: ${reason}${this.stderrTail()}`));
      };
      const onMessage = (message: Reply | Lifecycle): void => {
        if (!('type' in message)) return;
        if (message.type === 'fatal') return fail(message.error);
        cleanup();
        this.httpsPort = message.httpsPort;
        this.httpPort = message.httpPort;
        resolve();
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        fail(`exited (code ${code}, signal ${signal})`);
      const onError = (error: Error): void => fail(error.message);
      const timer = setTimeout(() => fail(`no ready message after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        this.child.off('error', onError);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.once('error', onError);
    });
  }

  async setUsers(users: readonly CoprUser[]): Promise<void> {
    await this.call('setUsers', { users });
  }

  async addUser(user: CoprUser): Promise<void> {
    await this.call('addUser', { user });
  }

  async getUser(name: string): Promise<(CoprUser & { readonly id: number }) | null> {
    return (await this.call('getUser', { name })) as (CoprUser & { readonly id: number }) | null;
  }

  async createSession(name: string): Promise<string> {
    return (await this.call('createSession', { name })) as string;
  }

  async dropSessions(): Promise<void> {
    await this.call('dropSessions', {});
  }

  async override(path: string, response: StandInOverride | null): Promise<void> {
    await this.call('override', { path, response });
  }

  async requests(): Promise<RecordedRequest[]> {
    return (await this.call('requests', {})) as RecordedRequest[];
  }

  async clearRequests(): Promise<void> {
    await this.call('clearRequests', {});
  }

  nodeEnv(env: Readonly<Record<string, string>>): Record<string, string> {
    return nodeEnvWithTestHosts(env, this.caFile);
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  /** Asks the server to close; SIGKILL if it has not exited after CLOSE_GRACE_MS. */
  private async shutdown(): Promise<void> {
    const { child } = this;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
    if (child.connected) this.call('close', {}).catch(() => child.kill('SIGKILL'));
    else child.kill('SIGTERM');
    await this.exited;
    clearTimeout(killer);
  }

  /** One IPC request; rejects with the server's error text, or after IPC_TIMEOUT_MS. */
  private call(op: string, args: Record<string, unknown>): Promise<unknown> {
    if (!this.child.connected)
      return Promise.reject(new Error(`Copr stand-in is not running (${op})${this.stderrTail()}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Copr stand-in did not answer ${op} within ${IPC_TIMEOUT_MS} ms`));
      }, IPC_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ id, op, ...args }, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    clearTimeout(waiter.timer);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`Copr stand-in: ${reply.error}`));
  }

  private failPending(error: Error): void {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.pending.clear();
  }

  private stderrTail(): string {
    const text = this.stderr.trim();
    return text ? `\n--- stand-in stderr\n${text}` : '';
  }
}

// ---- PKI -----------------------------------------------------------------------------------------

/** `<parent>/<name>`, or `<name>-2`, `-3`, … if a stand-in of the same realm already took it. */
async function freshDir(parent: string, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const dir = path.join(parent, n === 1 ? name : `${name}-${n}`);
    try {
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw error;
    }
  }
}

/**
 * A throwaway CA and a server certificate for both test host names, EC P-256, valid 2 days. The
 * leaf carries SKI/AKI and serverAuth so that strict verifiers (Python ≥ 3.13's
 * VERIFY_X509_STRICT) accept it as well as Node.
 */
async function makePki(dir: string): Promise<Pki> {
  const file = (name: string): string => path.join(dir, name);
  const conf = file('openssl.cnf');
  await writeFile(conf, opensslConf());
  // OPENSSL_CONF keeps openssl away from the system configuration.
  const env = { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPENSSL_CONF: conf };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await Promise.all([
    openssl(
      [
        'req',
        '-x509',
        ...newKey,
        '-keyout',
        file('ca-key.pem'),
        '-out',
        file('ca.pem'),
        '-subj',
        '/CN=Ticket Tray throwaway Copr CA',
        '-days',
        '2',
        '-extensions',
        'ca_cert',
      ],
      env,
    ),
    openssl(
      [
        'req',
        '-new',
        ...newKey,
        '-keyout',
        file('server-key.pem'),
        '-out',
        file('server.csr'),
        '-subj',
        `/CN=${COPR_TEST_HOST}`,
      ],
      env,
    ),
  ]);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca-key.pem'),
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '2',
      '-out',
      file('server.pem'),
      '-extfile',
      conf,
      '-extensions',
      'server_cert',
    ],
    env,
  );
  return {
    caFile: file('ca.pem'),
    caPem: await readFile(file('ca.pem'), 'utf8'),
    certFile: file('server.pem'),
    keyFile: file('server-key.pem'),
  };
}

function opensslConf(): string {
  return [
    '[req]',
    'distinguished_name = dn',
    '[dn]',
    '[ca_cert]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    '[server_cert]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid,issuer',
    `subjectAltName = DNS:${COPR_TEST_HOST},DNS:${OTHER_TEST_HOST}`,
    '',
  ].join('\n');
}

async function openssl(args: readonly string[], env: Record<string, string>): Promise<void> {
  const result = await execa('openssl', args, {
    env,
    extendEnv: false,
    reject: false,
    timeout: OPENSSL_TIMEOUT_MS,
    verbose: 'none',
  });
  if (result.exitCode !== 0) {
    const why = result.timedOut
      ? `timed out after ${OPENSSL_TIMEOUT_MS} ms`
      : String(result.stderr ?? '').trim() || result.shortMessage;
    throw new Error(`openssl ${args[0]} failed: ${why}`);
  }
}
