/**
 * The throwaway realm's names, accounts and files: the realm and host names, the test accounts,
 * the layout of a realm directory, and the kdc.conf and client krb5.conf written into it. See
 * realm.ts.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
  /** Under the `strict` policy (PASSWORD_POLICIES): for password changes through kadmind. */
  dave: { work: 'dave@EXAMPLE.COM', password: 'Dave-Old-pw-1' },
  /** Under the `slow` policy: a second change within a day is refused ("changed too recently"). */
  erin: { work: 'erin@EXAMPLE.COM', password: 'Erin-Old-pw-1' },
} as const;

/**
 * Password policies of EXAMPLE.COM, so that kadmind refuses a new password with its real words.
 * `strict` is what a company realm typically asks for; `slow` only forbids changing twice in a day.
 */
export const PASSWORD_POLICIES = {
  strict: { minLength: 12, minClasses: 3, history: 2 },
  slow: { minLife: '1 day' },
} as const;

/**
 * Where kadmind listens when a realm runs one (`startRealm({ kadmind: true })`): the admin
 * protocol and the password-change protocol, each on its own loopback port.
 */
export interface AdminPorts {
  readonly kadmind: number;
  readonly kpasswd: number;
}

/** Service principals with keys in the realm's keytabs. */
export const SERVICES = {
  copr: `HTTP/${COPR_TEST_HOST}@${FEDORA_REALM}`,
  fedoraLocalhost: `HTTP/localhost@${FEDORA_REALM}`,
  workLocalhost: `HTTP/localhost@${WORK_REALM}`,
} as const;

/** What `kinit -n` puts in an armor cache. */
export const ANONYMOUS_PRINCIPAL = 'WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS';

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
  /** Fedora-like setup only: the `http_anchors` file for the KdcProxy's certificate; null leaves the line out. */
  readonly httpAnchors?: string | null;
  /** `host:port` used as EXAMPLE.COM's `kpasswd_server` instead of kadmind's (e.g. a delay proxy); needs kadmind. */
  readonly kpasswdServer?: string;
  /** Fedora-like setup only: `plugin_base_dir`, where MIT loads its modules (k5tls among them) from. */
  readonly pluginBaseDir?: string;
}

const FEDORA_DOMAINS = ['.fedoraproject.org', 'fedoraproject.org', '.centos.org', 'centos.org'];

/** Every path of a realm directory, in one place. */
export function layout(dir: string) {
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
    /** kadmind's own log ([logging] admin_server), where it says it is serving. */
    kadmindLog: path.join(dir, 'kadmin.log'),
    kadmindStdout: path.join(dir, 'kadmind.stdout'),
    db: (realm: string) => path.join(dir, 'db', realm),
    // The Fedora-like setup (fedora-config.ts, kcm.ts, kdcproxy.ts):
    krb5ConfD: path.join(dir, 'krb5.conf.d'),
    proxyCert: path.join(pki, 'proxy.pem'),
    proxyKey: path.join(pki, 'proxy-key.pem'),
    proxyCsr: path.join(pki, 'proxy.csr'),
    proxyDir: path.join(dir, 'kdcproxy'),
    /** A root prefix holding sssd's own paths (etc/sssd, var/lib/sss, ...), bind-mounted over the real ones. */
    sssdRoot: path.join(dir, 'sssd-root'),
    kcmSocket: path.join(dir, 'sssd-root', 'run', 'kcm.socket'),
    kcmLog: path.join(dir, 'sssd_kcm.log'),
  };
}
export type Layout = ReturnType<typeof layout>;

// ---- files ---------------------------------------------------------------------------------------

export async function makeDirectories(p: Layout): Promise<void> {
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

export async function writeRealmFiles(
  p: Layout,
  kdcPort: number,
  otpPort: number,
  secret: string,
  admin: AdminPorts | null = null,
): Promise<void> {
  await Promise.all([
    writeConfigs(p, kdcPort, otpPort, admin),
    writeFile(p.acl, `*/admin@${FEDORA_REALM} *\n`),
    writeFile(p.otpSecret, `${secret}\n`, { mode: 0o600 }),
  ]);
}

export async function writeConfigs(
  p: Layout,
  kdcPort: number,
  otpPort: number,
  admin: AdminPorts | null = null,
): Promise<void> {
  await Promise.all([
    writeFile(p.kdcConf, kdcConf(p, kdcPort, otpPort, admin)),
    writeFile(p.krb5Conf, clientKrb5Conf(p, kdcPort, {}, admin)),
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

/**
 * kadmind serves one realm per process, so only the work realm gets one: Fedora accounts change
 * their password in the Fedora account system, never through kpasswd.
 */
function kadmindListen(admin: AdminPorts | null): string[] {
  if (admin === null) return [];
  return [`kadmind_listen = 127.0.0.1:${admin.kadmind}`, `kpasswd_listen = 127.0.0.1:${admin.kpasswd}`];
}

/** One KDC for both realms, listening only on 127.0.0.1:`kdcPort`, UDP and TCP. */
function kdcConf(p: Layout, kdcPort: number, otpPort: number, admin: AdminPorts | null): string {
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
    ...kdcRealm(p, WORK_REALM, kadmindListen(admin)),
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
    `    admin_server = FILE:${p.kadmindLog}`,
    `    default = FILE:${path.join(p.dir, 'krb5lib.log')}`,
  ]);
}

/**
 * A Fedora contributor's laptop: work realm as default, Fedora's realm and domain mapping as in
 * Fedora's krb5.conf.d snippet, no `default_ccache_name` (tests always set KRB5CCNAME).
 */
export function clientKrb5Conf(
  p: Layout,
  kdcPort: number,
  opts: Krb5ConfigOptions,
  admin: AdminPorts | null = null,
): string {
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
    ...(admin === null
      ? []
      : [
          `        admin_server = 127.0.0.1:${admin.kadmind}`,
          `        kpasswd_server = ${opts.kpasswdServer ?? `127.0.0.1:${admin.kpasswd}`}`,
        ]),
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

export function lines(list: readonly string[]): string {
  return `${list.join('\n')}\n`;
}
