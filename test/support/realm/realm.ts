/**
 * Throwaway MIT Kerberos realms for integration tests.
 *
 * `startRealm()` builds, in a fresh temp directory, two realms served by one `krb5kdc` on a loopback
 * port: FEDORAPROJECT.ORG (anonymous PKINIT for FAST armor, an OTP-only account, short-lived and
 * broken accounts, the Copr stand-in's service key) and EXAMPLE.COM (the contributor's work realm,
 * which is the client's default realm, as on a real laptop). Tests talk to it with the real MIT
 * tools, so what they see is what users see. How it is built, and why: docs/test-realm.md. Nothing
 * under /etc or /var is read by the KDC tools or written by anything here.
 *
 * `startRealm({ flavour: 'fedora' })` builds the same realms the way a Fedora desktop meets them:
 * caches in a KCM collection served by a private sssd_kcm (kcm.ts), FEDORAPROJECT.ORG reached only
 * through an HTTPS KdcProxy (kdcproxy.ts), and a krb5.conf assembled from `includedir` snippets
 * (fedora-config.ts). Every process either flavour starts is stopped by `stop()`.
 *
 * This module holds the realm's lifecycle; beside it: config.ts (names, accounts, layout,
 * kdc.conf, krb5.conf), pki.ts (PKINIT CA, KDC and proxy certificates), principals.ts
 * (databases, the kadmin.local batch) and process.ts (running the MIT tools and krb5kdc).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../net.js';
import {
  FEDORA_REALM,
  USERS,
  WORK_REALM,
  clientKrb5Conf,
  layout,
  makeDirectories,
  writeConfigs,
  writeRealmFiles,
  type AdminPorts,
  type Krb5ConfigOptions,
  type Layout,
} from './config.js';
import { proxyUrl, writeFedoraKrb5Conf } from './fedora-config.js';
import { kcmUnavailable, launchKcm, writeSssdConf, type KcmOptions } from './kcm.js';
import { launchProxy, proxyRequestCount, proxyUnavailable, setProxyFault, type ProxyFault } from './kdcproxy.js';
import { startRadius as startRadiusResponder, type RadiusResponder } from './otp-radius.js';
import { makePki, makeProxyCert } from './pki.js';
import { populateRealm, runKadmin } from './principals.js';
import { describeRun, launchKadmind, launchKdc, runTool, terminate } from './process.js';

export {
  ANONYMOUS_PRINCIPAL,
  COPR_TEST_HOST,
  FEDORA_REALM,
  OTP_CODE,
  PASSWORD_POLICIES,
  SERVICES,
  USERS,
  WORK_REALM,
} from './config.js';
export type { Krb5ConfigOptions } from './config.js';
export type { ProxyFault } from './kdcproxy.js';

/**
 * How the client side is set up: `direct` (DIR, FILE or KEYRING caches, the KDC reached directly)
 * or `fedora` (KCM through sssd-kcm, FEDORAPROJECT.ORG through a KdcProxy, krb5.conf.d snippets).
 */
export type RealmFlavour = 'direct' | 'fedora';
export type CollectionType = 'DIR' | 'FILE' | 'KEYRING' | 'KCM';

/** Options for {@link startRealm}. */
export interface RealmOptions {
  /** The full value (password + code) the OTP responder accepts; default `otpuserpw123456`. */
  readonly otpValue?: string;
  /** Default `direct`. */
  readonly flavour?: RealmFlavour;
  /**
   * Also run kadmind for EXAMPLE.COM (direct flavour only), so that kpasswd can change passwords
   * there. Off by default: it adds start-up time most tests do not need.
   */
  readonly kadmind?: boolean;
}

/** Anything with an async `close()`, e.g. the servers from `net.ts`. */
export interface Closeable {
  close(): Promise<void>;
}

/** The outcome of {@link TestRealm.keyringAvailable}. */
export type KeyringProbe = { ok: true } | { ok: false; reason: string };

/** A running throwaway realm. See {@link startRealm}. */
export interface TestRealm {
  readonly dir: string;
  readonly kdcPort: number;
  readonly otpPort: number;
  /** Path of the client krb5.conf (the contributor's laptop config). */
  readonly krb5Config: string;
  /** `<dir>/http.keytab`: HTTP/copr.fedorainfracloud.test and HTTP/localhost of FEDORAPROJECT.ORG. */
  readonly keytab: string;
  /** `<dir>/http-example.keytab`: HTTP/localhost@EXAMPLE.COM. */
  readonly workKeytab: string;
  /** `<dir>/home`, a HOME for the tools (e.g. for `~/.k5identity`). */
  readonly home: string;
  /**
   * Environment for the MIT tools and our services: KRB5_CONFIG, KRB5_KDC_PROFILE,
   * KRB5_KTNAME=FILE:keytab, KRB5RCACHEDIR, HOME, LC_ALL=C, PATH from process.env and KRB5CCNAME
   * (default: a fresh DIR collection). Nothing else from process.env leaks in.
   */
  env(ccname?: string): Record<string, string>;
  /**
   * A fresh, empty collection: `DIR:<dir>/cc-N` (created 0700), `FILE:<dir>/cc-N`,
   * `KEYRING:session:tt-<random>`, or `KCM:` (Fedora-like realm only). Without a type, the
   * flavour's own: DIR, or KCM. There is one KCM collection per realm (sssd-kcm keeps one per
   * user, and the tests run as root): asking for it empties it, so use one at a time.
   */
  newCollection(type?: CollectionType): string;
  readonly flavour: RealmFlavour;
  /** The collection type a realm of this flavour uses by default: DIR, or KCM. */
  readonly collectionType: 'DIR' | 'KCM';
  /** Whether KEYRING caches work here (Docker's seccomp profile blocks keyctl); probed once. */
  keyringAvailable(): Promise<KeyringProbe>;
  /** Setup helper: kinit `principal` with `password` on stdin into `ccname`; throws with stderr. */
  kinit(ccname: string, principal: string, password: string, extraArgs?: readonly string[]): Promise<void>;
  /** Writes `<dir>/krb5.<name>.conf`, a variant of the client krb5.conf, and returns its path. */
  writeKrb5Config(name: string, opts?: Krb5ConfigOptions): string;
  /** Runs one `kadmin.local -r realm -q query` (e.g. `modprinc -allow_tix bob`); returns stdout. */
  kadmin(realm: string, query: string): Promise<string>;
  /** Sets the full value (password + code) the OTP responder accepts. */
  setOtpValue(value: string): void;
  stopRadius(): Promise<void>;
  startRadius(): Promise<void>;
  stopKdc(): Promise<void>;
  startKdc(): Promise<void>;
  /** kadmind's ports, or null when the realm was started without `kadmind: true`. */
  readonly adminPorts: AdminPorts | null;
  /** Stops kadmind ("the password server is down"), or starts it again on the same ports. */
  stopKadmind(): Promise<void>;
  startKadmind(): Promise<void>;
  /** Fedora-like only: the sssd_kcm socket, and a root prefix whose etc/sssd/sssd.conf is the one it reads. */
  readonly kcmSocket: string;
  readonly sssdRoot: string;
  /** Fedora-like only: stops sssd_kcm (its caches go with it), or starts it again (e.g. with `tgt_renewal`). */
  stopKcm(): Promise<void>;
  startKcm(options?: KcmOptions): Promise<void>;
  /** Fedora-like only: the KdcProxy URL in krb5.conf, 0/'' for the direct flavour. */
  readonly proxyPort: number;
  readonly proxyUrl: string;
  stopProxy(): Promise<void>;
  startProxy(): Promise<void>;
  /** Makes the proxy answer every request with HTTP 500 (`http-500`), or work again (`none`). */
  setProxyFault(fault: ProxyFault): Promise<void>;
  /** How many HTTPS requests the proxy has served. */
  proxyRequests(): Promise<number>;
  /** Registers a helper (e.g. a blackhole server) so that `stop()` closes it too. */
  adopt<T extends Closeable>(helper: T): T;
  /** Stops KDC, kadmind, RADIUS and adopted helpers, destroys handed-out KEYRING collections, removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Creates and starts a throwaway two-realm KDC with its OTP responder. Takes about 0.2–0.3 s.
 *
 * Each call gets its own directory and free ports, so test files can run in parallel. Call
 * `stop()` in `afterAll`; a KDC still running when the process exits is killed anyway.
 */
export async function startRealm(options: RealmOptions = {}): Promise<TestRealm> {
  const flavour = options.flavour ?? 'direct';
  if (flavour === 'fedora') {
    const missing = (await kcmUnavailable()) ?? (await proxyUnavailable());
    if (missing) throw new Error(`the Fedora-like realm cannot run here: ${missing} (see scripts/setup-machine.sh)`);
    if (options.kadmind) throw new Error('kadmind runs only in the direct flavour of the realm');
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tt-realm-'));
  const realm = new Realm(dir, options.otpValue ?? USERS.otpuser.tokenValue, flavour, options.kadmind === true);
  try {
    await realm.create();
    return realm;
  } catch (error) {
    await realm.stop();
    throw error;
  }
}

class Realm implements TestRealm {
  readonly dir: string;
  readonly krb5Config: string;
  readonly keytab: string;
  readonly workKeytab: string;
  readonly home: string;
  readonly flavour: RealmFlavour;
  readonly collectionType: 'DIR' | 'KCM';
  readonly kcmSocket: string;
  readonly sssdRoot: string;
  kdcPort = 0;
  otpPort = 0;
  proxyPort = 0;
  adminPorts: AdminPorts | null = null;
  private readonly withKadmind: boolean;
  private readonly paths: Layout;
  private readonly keyrings = new Set<string>();
  private readonly helpers = new Set<Closeable>();
  private collections = 0;
  private otpValue: string;
  private otpSecret = randomBytes(12).toString('hex');
  private radius: RadiusResponder | undefined;
  private kdc: ChildProcess | undefined;
  private kadmind: ChildProcess | undefined;
  private kcm: ChildProcess | undefined;
  private proxy: ChildProcess | undefined;
  private keyringProbe: Promise<KeyringProbe> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(dir: string, otpValue: string, flavour: RealmFlavour, withKadmind: boolean) {
    this.paths = layout(dir);
    this.withKadmind = withKadmind;
    this.flavour = flavour;
    this.collectionType = flavour === 'fedora' ? 'KCM' : 'DIR';
    this.kcmSocket = this.paths.kcmSocket;
    this.sssdRoot = this.paths.sssdRoot;
    this.dir = dir;
    this.krb5Config = this.paths.krb5Conf;
    this.keytab = this.paths.keytab;
    this.workKeytab = this.paths.workKeytab;
    this.home = this.paths.home;
    this.otpValue = otpValue;
  }

  /** Builds everything and starts the KDC; the PKI is generated while the databases are made. */
  async create(): Promise<void> {
    await makeDirectories(this.paths);
    await Promise.all([makePki(this.paths), this.prepareDatabases()]);
    await this.startKdcOnFreePort();
    if (this.withKadmind) await this.startKadmind();
    if (this.flavour === 'fedora') await this.createFedoraSide();
  }

  /** sssd-kcm and the proxy, then the client krb5.conf that names them. */
  private async createFedoraSide(): Promise<void> {
    await Promise.all([makeProxyCert(this.paths), writeSssdConf(this.paths), setProxyFault(this.paths, 'none')]);
    await Promise.all([this.startKcm(), this.startProxy()]);
    this.writeFedoraConfig(this.paths.krb5Conf, {});
  }

  private writeFedoraConfig(file: string, opts: Krb5ConfigOptions): void {
    const snippets = file === this.paths.krb5Conf ? this.paths.krb5ConfD : `${file}.d`;
    writeFedoraKrb5Conf(this.paths, { file, snippets }, { kdc: this.kdcPort, proxy: this.proxyPort }, opts);
  }

  get proxyUrl(): string {
    return this.flavour === 'fedora' ? proxyUrl(this.proxyPort) : '';
  }

  /**
   * The KCM collection is what a Fedora desktop uses without KRB5CCNAME: `KCM:` is left to
   * krb5.conf's `default_ccache_name`, so the snippet is what the tools and services follow.
   */
  env(ccname?: string): Record<string, string> {
    const name = ccname ?? this.newCollection();
    if (name === 'KCM:' && this.flavour === 'fedora') return this.baseEnv();
    return { ...this.baseEnv(), KRB5CCNAME: name };
  }

  newCollection(type: CollectionType = this.collectionType): string {
    if (type === 'KCM') return this.emptyKcmCollection();
    if (type === 'KEYRING') {
      const name = `KEYRING:session:tt-${randomBytes(6).toString('hex')}`;
      this.keyrings.add(name);
      return name;
    }
    const file = path.join(this.dir, `cc-${++this.collections}`);
    // kinit does not create a DIR collection's directory; 0700 like a real user's ccache dir.
    if (type === 'DIR') mkdirSync(file, { mode: 0o700 });
    return `${type}:${file}`;
  }

  keyringAvailable(): Promise<KeyringProbe> {
    return (this.keyringProbe ??= this.probeKeyring());
  }

  async kinit(ccname: string, principal: string, password: string, extraArgs: readonly string[] = []): Promise<void> {
    const result = await runTool('kinit', [...extraArgs, principal], this.env(ccname), `${password}\n`);
    if (result.exitCode !== 0) throw new Error(`kinit ${principal} into ${ccname} failed: ${describeRun(result)}`);
  }

  writeKrb5Config(name: string, opts: Krb5ConfigOptions = {}): string {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`krb5.conf variant name must be a plain file name: ${name}`);
    const file = path.join(this.dir, `krb5.${name}.conf`);
    if (this.flavour === 'fedora') this.writeFedoraConfig(file, opts);
    else writeFileSync(file, clientKrb5Conf(this.paths, this.kdcPort, opts, this.adminPorts));
    return file;
  }

  /** sssd-kcm keeps one collection per user; "a new one" is that one, emptied (kdestroy -A). */
  private emptyKcmCollection(): string {
    if (this.flavour !== 'fedora') throw new Error('KCM collections need startRealm({ flavour: "fedora" })');
    const result = spawnSync('kdestroy', ['-A'], { env: this.baseEnv(), timeout: 15_000, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`kdestroy -A on KCM: failed: ${result.stderr || result.error}`);
    return 'KCM:';
  }

  async startKcm(options: KcmOptions = {}): Promise<void> {
    this.requireFedora('startKcm');
    if (this.kcm) return;
    if (options.tgtRenewal !== undefined) await writeSssdConf(this.paths, options);
    this.kcm = await launchKcm(this.paths);
  }

  async stopKcm(): Promise<void> {
    const kcm = this.kcm;
    this.kcm = undefined;
    if (kcm) await terminate(kcm);
  }

  /** The first start takes any free port; later starts reuse it, since krb5.conf names it. */
  async startProxy(): Promise<void> {
    this.requireFedora('startProxy');
    if (this.proxy) return;
    const { child, port } = await launchProxy(this.paths, this.kdcPort, this.proxyPort);
    this.proxy = child;
    this.proxyPort = port;
  }

  async stopProxy(): Promise<void> {
    const proxy = this.proxy;
    this.proxy = undefined;
    if (proxy) await terminate(proxy);
  }

  setProxyFault(fault: ProxyFault): Promise<void> {
    this.requireFedora('setProxyFault');
    return setProxyFault(this.paths, fault);
  }

  proxyRequests(): Promise<number> {
    return proxyRequestCount(this.paths);
  }

  private requireFedora(what: string): void {
    if (this.flavour !== 'fedora') throw new Error(`${what} needs startRealm({ flavour: "fedora" })`);
  }

  kadmin(realm: string, query: string): Promise<string> {
    return runKadmin(this.paths, this.adminEnv(), realm, ['-q', query]);
  }

  setOtpValue(value: string): void {
    this.otpValue = value;
    this.radius?.setAccept(value);
  }

  async startRadius(): Promise<void> {
    if (this.radius) return;
    const radius = await startRadiusResponder({ port: this.otpPort, secret: this.otpSecret, accept: this.otpValue });
    this.radius = radius;
    this.otpPort = radius.port;
  }

  async stopRadius(): Promise<void> {
    const radius = this.radius;
    this.radius = undefined;
    await radius?.close();
  }

  async startKdc(): Promise<void> {
    if (this.kdc) return;
    this.kdc = await launchKdc(this.paths, this.adminEnv(), this.kdcPort);
  }

  async stopKdc(): Promise<void> {
    const kdc = this.kdc;
    this.kdc = undefined;
    if (kdc) await terminate(kdc);
  }

  /** Its ports were chosen with the KDC's (they are in kdc.conf and krb5.conf), so a restart reuses them. */
  async startKadmind(): Promise<void> {
    if (this.kadmind) return;
    if (this.adminPorts === null) throw new Error('startKadmind needs startRealm({ kadmind: true })');
    this.kadmind = await launchKadmind(this.paths, this.adminEnv(), this.adminPorts);
  }

  async stopKadmind(): Promise<void> {
    const kadmind = this.kadmind;
    this.kadmind = undefined;
    if (kadmind) await terminate(kadmind);
  }

  adopt<T extends Closeable>(helper: T): T {
    this.helpers.add(helper);
    return helper;
  }

  stop(): Promise<void> {
    return (this.stopping ??= this.teardown());
  }

  private async teardown(): Promise<void> {
    const helpers = [...this.helpers].map((helper) => helper.close());
    await Promise.allSettled([
      this.stopKdc(),
      this.stopKadmind(),
      this.stopRadius(),
      this.stopKcm(),
      this.stopProxy(),
      ...helpers,
    ]);
    await Promise.allSettled([...this.keyrings].map((cc) => this.destroyKeyring(cc)));
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Keyrings outlive the directory. `kdestroy -A` empties the collection but leaves its `_krb_<name>`
   * keyring linked into the session keyring (counting against the user's key quota), so unlink that
   * too when keyutils' `keyctl` is installed (default on Fedora; best effort elsewhere).
   */
  private async destroyKeyring(ccname: string): Promise<void> {
    const env = this.env(ccname);
    await runTool('kdestroy', ['-A'], env);
    const name = ccname.replace(/^KEYRING:session:/, '');
    await runTool('keyctl', ['unlink', `%:_krb_${name}`, '@s'], env);
  }

  private baseEnv(): Record<string, string> {
    return {
      KRB5_CONFIG: this.paths.krb5Conf,
      KRB5_KDC_PROFILE: this.paths.kdcConf,
      KRB5_KTNAME: `FILE:${this.paths.keytab}`,
      KRB5RCACHEDIR: this.paths.rcache,
      HOME: this.paths.home,
      LC_ALL: 'C',
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    };
  }

  /** For krb5kdc/kdb5_util/kadmin.local, which live in sbin (not always on a user's PATH). */
  private adminEnv(): Record<string, string> {
    const base = this.baseEnv();
    return { ...base, PATH: `${base['PATH']}:/usr/sbin:/sbin`, KRB5CCNAME: `FILE:${this.dir}/admin.ccache` };
  }

  /** Radius first (it binds port 0, race-free), then configs, then both databases in parallel. */
  private async prepareDatabases(): Promise<void> {
    await this.startRadius();
    this.kdcPort = await freePort();
    if (this.withKadmind) {
      const [kadmind, kpasswd] = await freePortsBesides(2, [this.kdcPort, this.otpPort]);
      this.adminPorts = { kadmind: kadmind!, kpasswd: kpasswd! };
    }
    await writeRealmFiles(this.paths, this.kdcPort, this.otpPort, this.otpSecret, this.adminPorts);
    const env = this.adminEnv();
    await Promise.all([FEDORA_REALM, WORK_REALM].map((realm) => populateRealm(this.paths, env, realm)));
    await Promise.all([chmod(this.paths.keytab, 0o644), chmod(this.paths.workKeytab, 0o644)]);
  }

  /** Another test file may take our port between freePort() and krb5kdc's bind: retry on a new one. */
  private async startKdcOnFreePort(attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startKdc();
      } catch (error) {
        if (attempt >= attempts || !/Address already in use/.test(String(error))) throw error;
        this.kdcPort = await freePort();
        await writeConfigs(this.paths, this.kdcPort, this.otpPort, this.adminPorts);
      }
    }
  }

  private async probeKeyring(): Promise<KeyringProbe> {
    const cc = `KEYRING:session:tt-probe-${randomBytes(6).toString('hex')}`;
    const env = this.env(cc);
    try {
      const login = await runTool('kinit', [USERS.alice.fedora], env, `${USERS.alice.password}\n`);
      if (login.exitCode !== 0) return { ok: false, reason: `kinit into ${cc} failed: ${describeRun(login)}` };
      // A second process must see the cache: a per-process session keyring would not be usable.
      const check = await runTool('klist', ['-s'], env);
      if (check.exitCode !== 0) return { ok: false, reason: `${cc} written by kinit is not visible to klist` };
      return { ok: true };
    } finally {
      await this.destroyKeyring(cc);
    }
  }
}

/** `count` different free ports, none of them in `taken` (the kernel may hand out a port twice). */
async function freePortsBesides(count: number, taken: readonly number[]): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!taken.includes(port) && !ports.includes(port)) ports.push(port);
  }
  return ports;
}
