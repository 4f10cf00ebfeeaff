/**
 * Throwaway MIT Kerberos realms for integration tests.
 *
 * `startRealm()` builds, in a fresh temp directory, two realms served by one `krb5kdc` on a loopback
 * port: FEDORAPROJECT.ORG (anonymous PKINIT for FAST armor, an OTP-only account, short-lived and
 * broken accounts, the Copr stand-in's service key) and EXAMPLE.COM (the contributor's work realm,
 * which is the client's default realm, as on a real laptop). Tests talk to it with the real MIT
 * tools, so what they see is what users see. The recipe follows the verified testbed script
 * (/work/shared/docs/kerberos-testbed.md §3); nothing under /etc or /var is read by the KDC tools or
 * written by anything here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { access, appendFile, chmod, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { canConnect, freePort } from './net.js';
import { startRadius as startRadiusResponder, type RadiusResponder } from './otp-radius.js';

/** The Fedora account realm. */
export const FEDORA_REALM = 'FEDORAPROJECT.ORG';
/** The contributor's work realm; the client's `default_realm`, like on a real laptop. */
export const WORK_REALM = 'EXAMPLE.COM';
/**
 * The Copr stand-in host. Deliberately absent from `[domain_realm]` (like copr.fedorainfracloud.org
 * on a real laptop), so GSSAPI cannot pick the Fedora cache by host realm: that is what makes the
 * "wrong primary cache" failure reproducible.
 */
export const COPR_TEST_HOST = 'copr.fedorainfracloud.test';
/** The code the OTP responder accepts by default (typed after the password, as FreeIPA expects). */
export const OTP_CODE = '123456';

/** Test accounts. `fedora`/`work` are the principal names in each realm; all use password logins. */
export const USERS = {
  alice: { fedora: 'alice@FEDORAPROJECT.ORG', work: 'alice@EXAMPLE.COM', password: 'alicepw' },
  bob: { fedora: 'bob@FEDORAPROJECT.ORG', password: 'bobpw' },
  carol: { work: 'carol@EXAMPLE.COM', password: 'carolpw' },
  /** Tickets (and renewals) last 3 s: for expired-ticket tests. */
  shorty: { fedora: 'shorty@FEDORAPROJECT.ORG', password: 'shortypw', lifetimeSeconds: 3 },
  /** No password keys, only OTP inside FAST armor: a Fedora account with 2FA. */
  otpuser: { fedora: 'otpuser@FEDORAPROJECT.ORG', password: 'otpuserpw', tokenValue: `otpuserpw${OTP_CODE}` },
  /** Password expired in 2000: kinit answers "Password expired.  You must change it now." */
  expired: { fedora: 'expired@FEDORAPROJECT.ORG', password: 'expiredpw' },
  /** `-allow_tix`: "Client's credentials have been revoked". */
  disabled: { fedora: 'disabled@FEDORAPROJECT.ORG', password: 'disabledpw' },
} as const;

/** Service principals with keys in the realm's keytabs. */
export const SERVICES = {
  copr: `HTTP/${COPR_TEST_HOST}@${FEDORA_REALM}`,
  fedoraLocalhost: `HTTP/localhost@${FEDORA_REALM}`,
  workLocalhost: `HTTP/localhost@${WORK_REALM}`,
} as const;

/** What `kinit -n` puts in an armor cache. */
export const ANONYMOUS_PRINCIPAL = 'WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS';

/** Options for {@link startRealm}. */
export interface RealmOptions {
  /** The full value (password + code) the OTP responder accepts; default `otpuserpw123456`. */
  readonly otpValue?: string;
}

/** Variations of the client krb5.conf, for tests of misconfigured or unusual laptops. */
export interface Krb5ConfigOptions {
  /** false: no `renew_lifetime` line, so tickets are not renewable. Default true. */
  readonly renewable?: boolean;
  /** `host:port` used as FEDORAPROJECT.ORG's `kdc` instead of the real KDC (e.g. a blackhole). */
  readonly fedoraKdc?: string;
  /** No FEDORAPROJECT.ORG realm and no Fedora `[domain_realm]` lines: a laptop without Fedora's snippet. */
  readonly omitFedoraRealm?: boolean;
  /** No `pkinit_anchors` for FEDORAPROJECT.ORG: anonymous PKINIT (armor) cannot verify the KDC. */
  readonly noPkinitAnchors?: boolean;
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
  /** A fresh, empty collection: `DIR:<dir>/cc-N` (created 0700), `FILE:<dir>/cc-N` or `KEYRING:session:tt-<random>`. */
  newCollection(type: 'DIR' | 'FILE' | 'KEYRING'): string;
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
  /** Registers a helper (e.g. a blackhole server) so that `stop()` closes it too. */
  adopt<T extends Closeable>(helper: T): T;
  /** Stops KDC, RADIUS and adopted helpers, destroys handed-out KEYRING collections, removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Creates and starts a throwaway two-realm KDC with its OTP responder. Takes about 0.2–0.3 s.
 *
 * Each call gets its own directory and free ports, so test files can run in parallel. Call
 * `stop()` in `afterAll`; a KDC still running when the process exits is killed anyway.
 */
export async function startRealm(options: RealmOptions = {}): Promise<TestRealm> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tt-realm-'));
  const realm = new Realm(dir, options.otpValue ?? USERS.otpuser.tokenValue);
  try {
    await realm.create();
    return realm;
  } catch (error) {
    await realm.stop();
    throw error;
  }
}

const TOOL_TIMEOUT_MS = 15_000;
const KDC_START_TIMEOUT_MS = 5_000;
const KDC_STOP_GRACE_MS = 2_000;
const FEDORA_DOMAINS = ['.fedoraproject.org', 'fedoraproject.org', '.centos.org', 'centos.org'];

/** Every path of a realm directory, in one place. */
function layout(dir: string) {
  const pki = path.join(dir, 'pki');
  return {
    dir,
    pki,
    caKey: path.join(pki, 'cakey.pem'),
    caCert: path.join(pki, 'cacert.pem'),
    kdcKey: path.join(pki, 'kdckey.pem'),
    kdcCsr: path.join(pki, 'kdc.csr'),
    kdcCert: path.join(pki, 'kdc.pem'),
    opensslConf: path.join(pki, 'openssl.cnf'),
    kdcConf: path.join(dir, 'kdc.conf'),
    krb5Conf: path.join(dir, 'krb5.conf'),
    acl: path.join(dir, 'kadm5.acl'),
    otpSecret: path.join(dir, 'otp.secret'),
    keytab: path.join(dir, 'http.keytab'),
    workKeytab: path.join(dir, 'http-example.keytab'),
    rcache: path.join(dir, 'rcache'),
    home: path.join(dir, 'home'),
    ccache: path.join(dir, 'ccache'),
    kdcLog: path.join(dir, 'kdc.log'),
    kdcStdout: path.join(dir, 'kdc.stdout'),
    kadminLog: path.join(dir, 'kadmin.local.log'),
    db: (realm: string) => path.join(dir, 'db', realm),
  };
}
type Layout = ReturnType<typeof layout>;

/** KDC processes of this module still running; killed if the test process exits without stop(). */
const liveKdcs = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveKdcs) child.kill('SIGKILL');
});

class Realm implements TestRealm {
  readonly dir: string;
  readonly krb5Config: string;
  readonly keytab: string;
  readonly workKeytab: string;
  readonly home: string;
  kdcPort = 0;
  otpPort = 0;
  private readonly paths: Layout;
  private readonly keyrings = new Set<string>();
  private readonly helpers = new Set<Closeable>();
  private collections = 0;
  private otpValue: string;
  private otpSecret = randomBytes(12).toString('hex');
  private radius: RadiusResponder | undefined;
  private kdc: ChildProcess | undefined;
  private keyringProbe: Promise<KeyringProbe> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(dir: string, otpValue: string) {
    this.paths = layout(dir);
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
  }

  env(ccname?: string): Record<string, string> {
    return { ...this.baseEnv(), KRB5CCNAME: ccname ?? this.newCollection('DIR') };
  }

  newCollection(type: 'DIR' | 'FILE' | 'KEYRING'): string {
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
    if (result.exitCode !== 0) throw new Error(`kinit ${principal} into ${ccname} failed: ${describe(result)}`);
  }

  writeKrb5Config(name: string, opts: Krb5ConfigOptions = {}): string {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`krb5.conf variant name must be a plain file name: ${name}`);
    const file = path.join(this.dir, `krb5.${name}.conf`);
    writeFileSync(file, clientKrb5Conf(this.paths, this.kdcPort, opts));
    return file;
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

  adopt<T extends Closeable>(helper: T): T {
    this.helpers.add(helper);
    return helper;
  }

  stop(): Promise<void> {
    return (this.stopping ??= this.teardown());
  }

  private async teardown(): Promise<void> {
    const helpers = [...this.helpers].map((helper) => helper.close());
    await Promise.allSettled([this.stopKdc(), this.stopRadius(), ...helpers]);
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
    await writeRealmFiles(this.paths, this.kdcPort, this.otpPort, this.otpSecret);
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
        await writeConfigs(this.paths, this.kdcPort, this.otpPort);
      }
    }
  }

  private async probeKeyring(): Promise<KeyringProbe> {
    const cc = `KEYRING:session:tt-probe-${randomBytes(6).toString('hex')}`;
    const env = this.env(cc);
    try {
      const login = await runTool('kinit', [USERS.alice.fedora], env, `${USERS.alice.password}\n`);
      if (login.exitCode !== 0) return { ok: false, reason: `kinit into ${cc} failed: ${describe(login)}` };
      // A second process must see the cache: a per-process session keyring would not be usable.
      const check = await runTool('klist', ['-s'], env);
      if (check.exitCode !== 0) return { ok: false, reason: `${cc} written by kinit is not visible to klist` };
      return { ok: true };
    } finally {
      await this.destroyKeyring(cc);
    }
  }
}

// ---- files ---------------------------------------------------------------------------------------

async function makeDirectories(p: Layout): Promise<void> {
  // 0755 so that a service started as another user (e.g. Apache's www-data) can read the keytab.
  await chmod(p.dir, 0o755);
  await Promise.all([
    mkdir(p.db(FEDORA_REALM), { recursive: true }),
    mkdir(p.db(WORK_REALM), { recursive: true }),
    mkdir(p.ccache, { mode: 0o700 }),
    mkdir(p.rcache),
    mkdir(p.home),
    mkdir(p.pki),
  ]);
}

async function writeRealmFiles(p: Layout, kdcPort: number, otpPort: number, secret: string): Promise<void> {
  await Promise.all([
    writeConfigs(p, kdcPort, otpPort),
    writeFile(p.acl, `*/admin@${FEDORA_REALM} *\n`),
    writeFile(p.otpSecret, `${secret}\n`, { mode: 0o600 }),
  ]);
}

async function writeConfigs(p: Layout, kdcPort: number, otpPort: number): Promise<void> {
  await Promise.all([
    writeFile(p.kdcConf, kdcConf(p, kdcPort, otpPort)),
    writeFile(p.krb5Conf, clientKrb5Conf(p, kdcPort, {})),
  ]);
}

function kdcRealm(p: Layout, realm: string, extra: readonly string[]): string[] {
  return [
    `    ${realm} = {`,
    `        database_name = ${p.db(realm)}/principal`,
    `        key_stash_file = ${p.db(realm)}/stash`,
    `        acl_file = ${p.acl}`,
    '        max_life = 10h 0m 0s',
    '        max_renewable_life = 7d 0h 0m 0s',
    '        default_principal_flags = +preauth',
    ...extra.map((line) => `        ${line}`),
    '    }',
  ];
}

/** One KDC for both realms, listening only on 127.0.0.1:`kdcPort`, UDP and TCP. */
function kdcConf(p: Layout, kdcPort: number, otpPort: number): string {
  const fedoraPkinit = [
    `pkinit_identity = FILE:${p.kdcCert},${p.kdcKey}`,
    `pkinit_anchors = FILE:${p.caCert}`,
    'restrict_anonymous_to_tgt = true',
  ];
  return lines([
    '[kdcdefaults]',
    `    kdc_listen = 127.0.0.1:${kdcPort}`,
    `    kdc_tcp_listen = 127.0.0.1:${kdcPort}`,
    '',
    '[realms]',
    ...kdcRealm(p, FEDORA_REALM, fedoraPkinit),
    ...kdcRealm(p, WORK_REALM, []),
    '',
    '[otp]',
    '    TESTOTP = {',
    `        server = 127.0.0.1:${otpPort}`,
    `        secret = ${p.otpSecret}`,
    '        timeout = 2',
    '        retries = 1',
    '        strip_realm = true',
    '    }',
    '',
    '[logging]',
    `    kdc = FILE:${p.kdcLog}`,
    `    admin_server = FILE:${path.join(p.dir, 'kadmin.log')}`,
    `    default = FILE:${path.join(p.dir, 'krb5lib.log')}`,
  ]);
}

/**
 * A Fedora contributor's laptop: work realm as default, Fedora's realm and domain mapping as in
 * Fedora's krb5.conf.d snippet, no `default_ccache_name` (tests always set KRB5CCNAME).
 */
function clientKrb5Conf(p: Layout, kdcPort: number, opts: Krb5ConfigOptions): string {
  const kdc = `127.0.0.1:${kdcPort}`;
  const withFedora = opts.omitFedoraRealm !== true;
  return lines([
    '[libdefaults]',
    `    default_realm = ${WORK_REALM}`,
    '    dns_lookup_realm = false',
    '    dns_lookup_kdc = false',
    '    rdns = false',
    '    dns_canonicalize_hostname = false',
    '    qualify_shortname = ""',
    '    forwardable = true',
    '    ticket_lifetime = 10h',
    ...(opts.renewable === false ? [] : ['    renew_lifetime = 7d']),
    '    udp_preference_limit = 1',
    '',
    '[realms]',
    ...(withFedora ? fedoraClientRealm(opts.fedoraKdc ?? kdc, opts.noPkinitAnchors ? null : p.caCert) : []),
    `    ${WORK_REALM} = {`,
    `        kdc = ${kdc}`,
    '    }',
    '',
    '[domain_realm]',
    ...(withFedora ? FEDORA_DOMAINS.map((domain) => `    ${domain} = ${FEDORA_REALM}`) : []),
    `    .example.com = ${WORK_REALM}`,
    `    example.com = ${WORK_REALM}`,
  ]);
}

function fedoraClientRealm(kdc: string, anchors: string | null): string[] {
  return [
    `    ${FEDORA_REALM} = {`,
    `        kdc = ${kdc}`,
    ...(anchors === null ? [] : [`        pkinit_anchors = FILE:${anchors}`]),
    '    }',
  ];
}

function lines(list: readonly string[]): string {
  return `${list.join('\n')}\n`;
}

// ---- PKI -----------------------------------------------------------------------------------------

/**
 * A CA and a KDC certificate for anonymous PKINIT in FEDORAPROJECT.ORG: EC P-256, the KDC cert
 * carrying the id-pkinit-KPKdc EKU (1.3.6.1.5.2.3.5) and the krbtgt/REALM@REALM principal as an
 * id-pkinit-san otherName (1.3.6.1.5.2.2), which MIT's client checks (RFC 4556 §3.2.4).
 */
async function makePki(p: Layout): Promise<void> {
  await writeFile(p.opensslConf, opensslConf(FEDORA_REALM));
  // OPENSSL_CONF keeps openssl away from the system config.
  const env = { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPENSSL_CONF: p.opensslConf };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await Promise.all([
    runChecked('openssl', ['req', '-x509', ...newKey, '-keyout', p.caKey, '-out', p.caCert,
      '-subj', '/CN=Ticket Tray throwaway KDC CA', '-days', '2', '-extensions', 'ca_cert'], env),
    runChecked('openssl', ['req', '-new', ...newKey, '-keyout', p.kdcKey, '-out', p.kdcCsr,
      '-subj', `/CN=kdc ${FEDORA_REALM}`], env),
  ]);
  await runChecked('openssl', ['x509', '-req', '-in', p.kdcCsr, '-CA', p.caCert, '-CAkey', p.caKey,
    '-CAcreateserial', '-out', p.kdcCert, '-days', '2', '-extfile', p.opensslConf, '-extensions', 'kdc_cert'], env);
}

function opensslConf(realm: string): string {
  return lines([
    '[req]',
    'distinguished_name = dn',
    '[dn]',
    '[ca_cert]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    '[kdc_cert]',
    'basicConstraints = CA:FALSE',
    'keyUsage = nonRepudiation,digitalSignature,keyEncipherment,keyAgreement',
    'extendedKeyUsage = 1.3.6.1.5.2.3.5',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid,issuer',
    'subjectAltName = otherName:1.3.6.1.5.2.2;SEQUENCE:kdc_princ_name',
    '[kdc_princ_name]',
    `realm = EXP:0,GeneralString:${realm}`,
    'principal_name = EXP:1,SEQUENCE:kdc_principal_seq',
    '[kdc_principal_seq]',
    'name_type = EXP:0,INTEGER:2',
    'name_string = EXP:1,SEQUENCE:kdc_principals',
    '[kdc_principals]',
    'princ1 = GeneralString:krbtgt',
    `princ2 = GeneralString:${realm}`,
  ]);
}

// ---- database and principals ---------------------------------------------------------------------

/**
 * kadmin.local requests per realm, run as one batch on stdin (one process instead of a dozen).
 * kadmin's parser strips double quotes; `""` inside a quoted word is a literal quote. Explicit
 * `+flags` on addprinc replace default_principal_flags, hence the repeated +requires_preauth.
 */
function principalRequests(p: Layout, realm: string): string[] {
  if (realm === WORK_REALM) {
    return [
      'addprinc -pw alicepw alice',
      'addprinc -pw carolpw carol',
      'addprinc -randkey HTTP/localhost',
      `ktadd -k "${p.workKeytab}" HTTP/localhost`,
    ];
  }
  return [
    'addprinc -pw alicepw alice',
    'addprinc -pw bobpw bob',
    'addprinc -pw shortypw -maxlife 3s -maxrenewlife 3s shorty',
    // No keys: the only way in is OTP inside FAST armor, like a Fedora account with 2FA.
    // (+requires_hwauth would hide OTP: the otp module is not a hardware module.)
    'addprinc -nokey +requires_preauth otpuser',
    'setstr otpuser otp "[{""type"":""TESTOTP""}]"',
    'addprinc -pw expiredpw -pwexpire "2000-01-01 00:00:00 UTC" expired',
    'addprinc -pw disabledpw +requires_preauth -allow_tix disabled',
    'addprinc -randkey WELLKNOWN/ANONYMOUS',
    `addprinc -randkey HTTP/${COPR_TEST_HOST}`,
    'addprinc -randkey HTTP/localhost',
    `ktadd -k "${p.keytab}" HTTP/${COPR_TEST_HOST} HTTP/localhost`,
  ];
}

async function populateRealm(p: Layout, env: Record<string, string>, realm: string): Promise<void> {
  await assertOwnKdcProfile(p, env);
  await runChecked('kdb5_util', ['-r', realm, 'create', '-s', '-P', `masterpw-${realm}`], env);
  await runKadmin(p, env, realm, [], `${principalRequests(p, realm).join('\n')}\n`);
}

/**
 * Without KRB5_KDC_PROFILE the KDC tools silently use /etc/krb5kdc/kdc.conf and create databases
 * under /var/lib/krb5kdc. Refuse instead.
 */
async function assertOwnKdcProfile(p: Layout, env: Record<string, string>): Promise<void> {
  if (env['KRB5_KDC_PROFILE'] !== p.kdcConf) {
    throw new Error(`refusing to run KDC tools: KRB5_KDC_PROFILE must be ${p.kdcConf}`);
  }
  await access(p.kdcConf);
}

/**
 * Runs kadmin.local, appends its output to kadmin.local.log, and throws on any error line. kadmin
 * exits 0 even when a request fails, so stderr is the only signal; "No policy specified" is noise.
 */
async function runKadmin(
  p: Layout,
  env: Record<string, string>,
  realm: string,
  args: readonly string[],
  input = '',
): Promise<string> {
  await assertOwnKdcProfile(p, env);
  const result = await runTool('kadmin.local', ['-r', realm, ...args], env, input);
  await appendFile(p.kadminLog, `### kadmin.local -r ${realm} ${args.join(' ')}\n${result.stdout}\n${result.stderr}\n`);
  const errors = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('No policy specified'));
  if (result.exitCode !== 0 || errors.length > 0) {
    throw new Error(`kadmin.local -r ${realm} failed: ${errors.join(' | ') || describe(result)} (see ${p.kadminLog})`);
  }
  return result.stdout;
}

// ---- processes -----------------------------------------------------------------------------------

interface ToolResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly shortMessage: string | undefined;
}

/** Runs a short-lived tool with exactly `env`, `input` on stdin (EOF right after), and a timeout. */
async function runTool(file: string, args: readonly string[], env: Record<string, string>, input = ''): Promise<ToolResult> {
  const result = await execa(file, args, {
    env,
    extendEnv: false,
    input,
    reject: false,
    timeout: TOOL_TIMEOUT_MS,
    verbose: 'none',
  });
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
    shortMessage: result.failed ? result.shortMessage : undefined,
  };
}

async function runChecked(file: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  const result = await runTool(file, args, env);
  if (result.exitCode !== 0) throw new Error(`${file} ${args.slice(0, 2).join(' ')} failed: ${describe(result)}`);
}

function describe(result: ToolResult): string {
  if (result.timedOut) return `timed out after ${TOOL_TIMEOUT_MS} ms`;
  return result.stderr.trim() || result.shortMessage || `exit code ${result.exitCode}`;
}

/**
 * Spawns `krb5kdc -n` (foreground) as a direct child, so this process reaps it as soon as it exits,
 * and waits until it is serving (see waitForKdc).
 */
async function launchKdc(p: Layout, env: Record<string, string>, port: number): Promise<ChildProcess> {
  await assertOwnKdcProfile(p, env);
  const out = await open(p.kdcStdout, 'a');
  let child: ChildProcess;
  try {
    child = spawn('krb5kdc', ['-n', '-r', FEDORA_REALM, '-r', WORK_REALM], { env, stdio: ['ignore', out.fd, out.fd] });
  } finally {
    await out.close(); // the child holds its own copy of the descriptor
  }
  liveKdcs.add(child);
  child.once('exit', () => liveKdcs.delete(child));
  try {
    await waitForKdc(child, p, port);
  } catch (error) {
    await terminate(child);
    throw new Error(`${(error as Error).message}\n${await kdcLogs(p)}`);
  }
  return child;
}

/**
 * Ready = our process logged "commencing operation" and the port accepts. The log line matters: a
 * KDC that lost its port to another process logs "Address already in use" and exits, while a plain
 * connect would succeed against the squatter.
 */
async function waitForKdc(child: ChildProcess, p: Layout, port: number): Promise<void> {
  let failure: string | null = null;
  child.once('error', (error) => (failure ??= `krb5kdc could not be started: ${error.message}`));
  child.once('exit', (code, signal) => (failure ??= `krb5kdc exited during startup (code ${code}, signal ${signal})`));
  const marker = `krb5kdc[${child.pid}](info): commencing operation`;
  const deadline = Date.now() + KDC_START_TIMEOUT_MS;
  for (;;) {
    if (failure !== null) throw new Error(failure);
    if ((await readText(p.kdcLog)).includes(marker) && (await canConnect(port))) return;
    if (Date.now() > deadline) throw new Error(`krb5kdc not ready on 127.0.0.1:${port} after ${KDC_START_TIMEOUT_MS} ms`);
    await sleep(15);
  }
}

function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function kdcLogs(p: Layout): Promise<string> {
  const [stdout, log] = await Promise.all([readText(p.kdcStdout), readText(p.kdcLog)]);
  return `--- kdc.stdout\n${stdout}--- kdc.log\n${log}`;
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), KDC_STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}
