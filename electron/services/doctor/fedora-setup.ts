/**
 * What the doctor looks at on a Fedora-style machine, where things fail in ways the Kerberos tools
 * describe badly: caches in KCM (served by sssd-kcm), the Fedora KDC behind an HTTPS KdcProxy
 * (which needs MIT's k5tls plugin), and the cache name itself. kinit only ever says "Cannot
 * contact any KDC" and klist shows an empty list, so each cause is probed on its own here.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { CcacheType } from '../../../shared/krb.js';
import { defaultCollectionName } from '../kerberos/ccache-name.js';
import type { Krb5Config, Krb5Env } from '../kerberos/krb5-conf.js';
import { detectSystemRenewal } from '../kerberos/system-renewal.js';

/** Where the default cache name came from, in words a user can act on. */
export interface CcacheChoice {
  readonly name: string;
  /** The type prefix as written (upper-cased), or FILE for a bare path. */
  readonly type: string;
  readonly source: string;
  /** Whether MIT on Linux has this cache type. */
  readonly known: boolean;
}

export type KcmState = 'running' | 'not-running' | 'not-installed';
export type ProxyOutcome = 'ok' | 'unreachable' | 'untrusted' | 'http-error';

export interface ProxyProbe {
  readonly realm: string;
  readonly url: string;
  readonly anchors: string | null;
  readonly outcome: ProxyOutcome;
  /** What was seen (a status line, an error code), never a secret. */
  readonly detail: string;
}

export interface FedoraSetupFacts {
  readonly ccache: CcacheChoice;
  /** Only when the cache is KCM. */
  readonly kcm?: { readonly socket: string; readonly state: KcmState };
  /** One per `https://` KDC of the realm Copr needs; empty when not probed. */
  readonly proxies: readonly ProxyProbe[];
  /** Whether any realm's KDC is an `https://` URL, and where k5tls was looked for and found. */
  readonly k5tls: { readonly needed: boolean; readonly found: string | null; readonly searched: readonly string[] };
  /** sssd-kcm renews tickets itself (`[kcm] tgt_renewal = true`). */
  readonly sssdRenews: boolean;
}

export interface FedoraSetupOptions {
  readonly env: Krb5Env;
  readonly conf: Krb5Config;
  /** The realm whose KdcProxy to probe. */
  readonly realm: string;
  /** Probe the KdcProxy over the network. */
  readonly network: boolean;
  /** Where /usr and /etc are; tests point it at a temporary tree. */
  readonly systemRoot: string;
  readonly timeoutMs?: number;
}

/** The cache types MIT krb5 has on Linux; API and MSLSA exist only on macOS and Windows. */
const LINUX_CCACHE_TYPES = ['FILE', 'DIR', 'KEYRING', 'KCM', 'MEMORY'];
/** MIT's compiled-in KCM socket, which sssd-kcm also listens on by default. */
export const DEFAULT_KCM_SOCKET = '/var/run/.heim_org.h5l.kcm-socket';
const SSSD_KCM_BINARY = 'usr/libexec/sssd/sssd_kcm';
/** Where distributions put MIT's plugins (Fedora: lib64; Debian: the multiarch directory). */
const PLUGIN_DIR_PATTERNS = ['usr/lib64/krb5/plugins', 'usr/lib/krb5/plugins', 'usr/lib/*/krb5/plugins'];
const PROBE_TIMEOUT_MS = 5_000;

export async function gatherFedoraSetup(options: FedoraSetupOptions): Promise<FedoraSetupFacts> {
  const ccache = ccacheChoice(options.env, options.conf);
  const [kcm, proxies, k5tls, sssdRenews] = await Promise.all([
    ccache.type === 'KCM' ? kcmFacts(options) : Promise.resolve(undefined),
    options.network ? probeProxies(options) : Promise.resolve([]),
    k5tlsFacts(options),
    detectSystemRenewal(
      ccache.type as CcacheType,
      path.join(options.systemRoot, 'etc/sssd/sssd.conf'),
      path.join(options.systemRoot, 'etc/sssd/conf.d'),
    ),
  ]);
  return { ccache, ...(kcm ? { kcm } : {}), proxies, k5tls, sssdRenews };
}

/** The default cache name and who chose it: the environment variable, or krb5.conf. */
export function ccacheChoice(env: Krb5Env, conf: Pick<Krb5Config, 'libdefault' | 'files'>): CcacheChoice {
  const fromEnv = env['KRB5CCNAME'];
  const configured = conf.libdefault('default_ccache_name');
  const name = defaultCollectionName(env, conf, { uid: process.getuid?.() ?? 0 });
  const source =
    fromEnv !== undefined && fromEnv !== ''
      ? 'the KRB5CCNAME environment variable (set in your shell profile, a session script or systemd environment)'
      : configured !== undefined
        ? `default_ccache_name in krb5.conf (${conf.files.join(', ') || 'no file read'})`
        : "MIT Kerberos's built-in default";
  const colon = name.indexOf(':');
  const type = colon <= 1 ? 'FILE' : name.slice(0, colon).toUpperCase();
  return { name, type, source, known: LINUX_CCACHE_TYPES.includes(type) };
}

async function kcmFacts(options: FedoraSetupOptions): Promise<{ socket: string; state: KcmState }> {
  const socket = options.conf.libdefault('kcm_socket') ?? DEFAULT_KCM_SOCKET;
  if (await unixSocketAccepts(socket, options.timeoutMs ?? PROBE_TIMEOUT_MS)) return { socket, state: 'running' };
  const installed = await exists(path.join(options.systemRoot, SSSD_KCM_BINARY));
  return { socket, state: installed ? 'not-running' : 'not-installed' };
}

function unixSocketAccepts(socket: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    const done = (accepted: boolean) => {
      conn.destroy();
      resolve(accepted);
    };
    conn.setTimeout(timeoutMs, () => done(false));
    conn.once('connect', () => done(true));
    conn.once('error', () => done(false));
  });
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** `plugin_base_dir` from krb5.conf when set, else the distributions' usual places. */
async function k5tlsFacts(options: FedoraSetupOptions): Promise<FedoraSetupFacts['k5tls']> {
  const needed = options.conf
    .realms()
    .some((realm) => options.conf.realmValues(realm, 'kdc').some((kdc) => /^https:\/\//i.test(kdc)));
  const configured = options.conf.libdefault('plugin_base_dir');
  const bases = configured ? [configured] : await pluginDirs(options.systemRoot);
  const searched = bases.map((base) => path.join(base, 'tls', 'k5tls.so'));
  for (const file of searched) if (await exists(file)) return { needed, found: file, searched };
  return { needed, found: null, searched };
}

async function pluginDirs(root: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const pattern of PLUGIN_DIR_PATTERNS) {
    const [head, tail] = pattern.split('/*/');
    if (tail === undefined) {
      dirs.push(path.join(root, pattern));
      continue;
    }
    const names = await readdir(path.join(root, head!)).catch(() => [] as string[]);
    dirs.push(...names.filter((n) => n.includes('-linux-')).map((n) => path.join(root, head!, n, tail)));
  }
  return dirs;
}

async function probeProxies(options: FedoraSetupOptions): Promise<ProxyProbe[]> {
  const urls = options.conf.realmValues(options.realm, 'kdc').filter((kdc) => /^https:\/\//i.test(kdc));
  const anchorsValue = options.conf.realmValues(options.realm, 'http_anchors')[0] ?? null;
  return Promise.all(
    urls.map((url) => probeProxy(options.realm, url, anchorsValue, options.timeoutMs ?? PROBE_TIMEOUT_MS)),
  );
}

/**
 * One GET, which a KdcProxy refuses with "405 Method not allowed" of its own: that proves TLS, the
 * path and the proxy itself answer, without sending anything to the KDC. 5xx and 404 mean broken.
 */
async function probeProxy(realm: string, url: string, anchors: string | null, timeoutMs: number): Promise<ProxyProbe> {
  const base = { realm, url, anchors };
  const ca = anchors ? await readAnchors(anchors) : undefined;
  if (ca === null) return { ...base, outcome: 'untrusted', detail: `cannot read http_anchors ${anchors}` };
  return new Promise((resolve) => {
    const request = https.request(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        ...(ca ? { ca } : {}),
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        const broken = status >= 500 || status === 404;
        resolve({
          ...base,
          outcome: broken ? 'http-error' : 'ok',
          detail: `HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
        });
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      resolve({ ...base, outcome: TLS_TRUST_ERRORS.test(code) ? 'untrusted' : 'unreachable', detail: code });
    });
    request.end();
  });
}

/** OpenSSL's verification failures as Node names them (unknown issuer, self-signed, wrong host, expired). */
const TLS_TRUST_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;

/** `FILE:/path` (the only form we read; MIT also allows DIR: and ENV:); null when unreadable. */
async function readAnchors(value: string): Promise<string | undefined | null> {
  const match = /^FILE:(.+)$/.exec(value);
  if (!match) return undefined;
  return readFile(match[1]!, 'utf8').catch(() => null);
}
