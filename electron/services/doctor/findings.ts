import type { CoprCheck, CoprFailure, CoprOverview, FreshLogin } from '../../../shared/copr.js';
import type { Finding, Fix } from '../../../shared/doctor.js';
import { formatDuration, formatLocalTime } from '../../../shared/duration.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import { FEDORA_REALM, type CacheInfo, type KrbFailure, type KrbStatus } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import type { Result } from '../../../shared/result.js';
import { howToEnable, type NegotiateReport } from '../browser/service.js';
import { expiredIdentityOf } from '../copr/advice.js';
import { describeCoprAdvice, describeCoprFailure, describeExpiredIdentity } from '../copr/messages.js';
import { fedoraSetupFindings } from './fedora-findings.js';
import type { FedoraSetupFacts } from './fedora-setup.js';

/** Everything the doctor looked at; `findingsFrom` turns it into findings without any I/O. */
export interface DoctorFacts {
  readonly now: number;
  readonly status: Result<KrbStatus, KrbFailure>;
  /** Whether krb5.conf names a KDC for the realm Copr needs. */
  readonly realmConfigured: boolean;
  readonly krb5Files: readonly string[];
  readonly overview: Result<CoprOverview, CoprFailure>;
  readonly check: CoprCheck | null;
  /** The password-free probe of a Fedora login (anonymous PKINIT against the KDC); null when it worked, undefined when not run. */
  readonly loginProbe?: KrbFailure | null;
  /** The last login that failed, if the caller knows one (the app does; `doctor --login` makes one). */
  readonly lastLoginFailure?: KrbFailure | null;
  readonly browsers?: NegotiateReport | null;
  /** The Fedora account name to suggest for a login. */
  readonly fedoraUser?: string | null;
  /** KCM, the KdcProxy, k5tls, the cache name and sssd's renewal; absent when not looked at. */
  readonly fedoraSetup?: FedoraSetupFacts;
  /** The Copr config the diagnosis was asked about (`--copr-config`); absent for the default one. */
  readonly coprConfigPath?: string;
}

const TT = 'ticket-tray';
const HOUR = 3_600_000;
/** Copr warns nobody; we do, two weeks ahead (tokens last 180 days). */
export const TOKEN_WARNING_DAYS = 14;
/** Renewable tickets stop renewing at renew-until (7 days for Fedora): say so a day ahead. */
const RENEW_UNTIL_WARNING_MS = 24 * HOUR;

/** Fedora's client snippet, as fedora-packager installs it in /etc/krb5.conf.d/fedoraproject_org. */
export const FEDORA_KRB5_SNIPPET = `[realms]
 FEDORAPROJECT.ORG = {
        kdc = https://id.fedoraproject.org/KdcProxy
        pkinit_anchors = FILE:/etc/pki/ipa/fedoraproject_ipa_ca.crt
 }
[domain_realm]
 .fedoraproject.org = FEDORAPROJECT.ORG
 fedoraproject.org = FEDORAPROJECT.ORG
`;

const fix = (id: string, label: string, command: readonly string[], needsPassword = false): Fix =>
  needsPassword ? { id, label, command, needsPassword } : { id, label, command };

/**
 * A `ticket-tray` command about Copr, carrying the config the diagnosis used, so that it acts on
 * the same file when copied and run: without it, the default config would be changed instead.
 */
function coprLine(facts: Pick<DoctorFacts, 'coprConfigPath'>, ...words: string[]): string[] {
  return [TT, ...words, ...(facts.coprConfigPath === undefined ? [] : ['--copr-config', facts.coprConfigPath])];
}

/** A fix applied through `doctor --fix <id>`, with the options the diagnosis used. */
const doctorFix = (facts: Pick<DoctorFacts, 'coprConfigPath'>, id: string, label: string): Fix =>
  fix(id, label, coprLine(facts, 'doctor', '--fix', id));

function loginFix(user: string | null): Fix {
  const who = user ?? '<fas-username>';
  return fix('login-fedora', 'Log in with your Fedora account', [TT, 'login', who, '--fedora'], true);
}

const SEVERITY_ORDER: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, info: 2 };

/** Turns what the doctor saw into findings, errors first: pure, so each rule is tested on recorded facts. */
export function findingsFrom(facts: DoctorFacts): Finding[] {
  const found = [
    ...toolFindings(facts),
    ...configFindings(facts),
    ...ticketFindings(facts),
    ...tokenFindings(facts),
    ...checkFindings(facts),
    ...localIdentityFindings(facts),
    ...loginFindings(facts),
    ...browserFindings(facts),
    ...fedoraSetupFindings(facts.fedoraSetup),
  ];
  // Array.prototype.sort is stable: within a severity, the rules' order stays.
  return found.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function toolFindings({ status }: DoctorFacts): Finding[] {
  if (status.ok || status.error.kind !== 'tool-missing') return [];
  return [
    {
      id: 'tools-missing',
      severity: 'error',
      title: 'The Kerberos tools are not installed',
      detail: describeKrbFailure(status.error),
      evidence: [`${status.error.tool} was not found on PATH`],
      fixes: [],
    },
  ];
}

function configFindings(facts: DoctorFacts): Finding[] {
  const out: Finding[] = [];
  const realm = facts.overview.ok ? facts.overview.value.identity.realm : FEDORA_REALM;
  if (!facts.realmConfigured) {
    out.push({
      id: 'realm-not-configured',
      severity: 'error',
      title: `Your computer does not know where ${realm}'s Kerberos server is`,
      detail: `krb5.conf has no "kdc" for ${realm}, so kinit cannot reach it. Install Fedora's snippet (fedora-packager installs it) as /etc/krb5.conf.d/fedoraproject_org:\n${FEDORA_KRB5_SNIPPET}`,
      evidence: [`files read: ${facts.krb5Files.join(', ') || 'none'}`],
      fixes: [],
    });
  }
  if (facts.status.ok && !facts.status.value.collection.switchable) {
    const { collection, caches } = facts.status.value;
    const other = caches.find((c) => c.principal && c.realm !== realm);
    out.push({
      id: 'collection-unsupported',
      severity: other ? 'error' : 'warning',
      title: 'Your credential cache holds only one identity',
      detail: `${collection.name} is a ${collection.type} cache: getting a ticket for another realm replaces your Fedora ticket instead of adding to it. A collection type keeps both: set default_ccache_name = KCM: (Fedora's default, needs sssd-kcm) or KEYRING:persistent:%{uid} in the [libdefaults] of /etc/krb5.conf (or a file in /etc/krb5.conf.d/), or DIR:/run/user/%{uid}/krb5cc.`,
      evidence: [
        `collection: ${collection.name} (${collection.type})`,
        ...(other ? [`it now holds ${other.principal}`] : []),
      ],
      fixes: [],
    });
  }
  if (facts.overview.ok && facts.overview.value.sessionCorrupt)
    out.push(corruptSessionFinding(facts.overview.value, facts.overview.value.sessionCorrupt, facts));
  if (!facts.overview.ok && ['config-invalid', 'config-missing', 'insecure-url'].includes(facts.overview.error.kind)) {
    const f = facts.overview.error;
    out.push({
      id: 'config-invalid',
      severity: 'error',
      title: 'The Copr configuration cannot be used',
      detail: describeCoprFailure(f),
      evidence:
        f.kind === 'config-invalid' ? [`${f.problem.path}${f.problem.line === null ? '' : `:${f.problem.line}`}`] : [],
      fixes: [],
    });
  }
  return out;
}

/**
 * A session cache python-copr cannot read stops copr-cli (and Kerberos scripts) on every call; it
 * is never "OK", however well the tickets are.
 */
function corruptSessionFinding(
  overview: CoprOverview,
  corrupt: NonNullable<CoprOverview['sessionCorrupt']>,
  facts: DoctorFacts,
): Finding {
  const readsIt = overview.cli.method === 'gssapi';
  return {
    id: 'session-cache-corrupt',
    severity: readsIt ? 'error' : 'warning',
    title: 'The saved Copr session is damaged',
    detail: `${corrupt.path} cannot be read (${corrupt.problem}). copr-cli${readsIt ? '' : ', once it uses Kerberos,'} stops with a Python error on every command until the file is removed; clearing it costs nothing but one new login.`,
    evidence: [`${corrupt.path}: ${corrupt.problem}`],
    fixes: [clearSessionFix(facts, 'Clear it')],
  };
}

function realmCaches(facts: DoctorFacts, realm: string): CacheInfo[] {
  return facts.status.ok ? facts.status.value.caches.filter((c) => c.realm === realm && c.principal) : [];
}

function renewOrLogin(cache: CacheInfo, now: number, user: string | null): Fix[] {
  const renewable = cache.renewUntil !== null && Date.parse(cache.renewUntil) > now;
  return renewable
    ? [fix(`renew:${cache.principal}`, `Renew ${cache.principal}`, [TT, 'renew', cache.principal!]), loginFix(user)]
    : [loginFix(user)];
}

function ticketFindings(facts: DoctorFacts): Finding[] {
  if (!facts.status.ok || !facts.overview.ok) return [];
  const { realm } = facts.overview.value.identity;
  const usesKerberos = facts.overview.value.cli.method === 'gssapi';
  const caches = realmCaches(facts, realm);
  const user = facts.fedoraUser ?? caches[0]?.principal?.replace(/@.*/, '') ?? null;
  const live = caches.filter((c) => c.state === 'valid' || c.state === 'expiring');
  if (caches.length === 0) {
    return [
      {
        id: 'no-ticket',
        severity: usesKerberos ? 'error' : 'info',
        title: `You have no Kerberos ticket for ${realm}`,
        detail: usesKerberos
          ? `Copr logs you in with a ${realm} ticket, and there is none. Log in with your Fedora account.`
          : `Copr uses your API token, so this matters only for other Fedora services.`,
        evidence: facts.status.value.caches.map((c) => `${c.principal ?? '(empty)'}: ${c.state}`),
        fixes: [loginFix(user)],
      },
    ];
  }
  const out: Finding[] = [];
  const expiredIdentity = usesKerberos ? expiredIdentityFinding(facts, live, user) : null;
  if (expiredIdentity) out.push(expiredIdentity);
  else if (live.length === 0) {
    const cache = caches[0]!;
    out.push({
      id: 'ticket-expired',
      severity: usesKerberos ? 'error' : 'warning',
      title: `Your ${realm} ticket has expired`,
      detail: `${cache.principal}'s ticket expired at ${formatLocalTime(cache.expires ?? '')}.`,
      evidence: [`${cache.cache}: expired`],
      fixes: renewOrLogin(cache, facts.now, user),
    });
  }
  for (const cache of live) {
    if (cache.state === 'expiring') {
      out.push({
        id: 'ticket-expiring',
        severity: 'warning',
        title: `Your ${realm} ticket expires soon`,
        detail: `${cache.principal} has ${formatDuration(Date.parse(cache.expires!) - facts.now)} left.`,
        evidence: [`expires ${formatLocalTime(cache.expires!)}`],
        fixes: renewOrLogin(cache, facts.now, user),
      });
    }
    if (cache.renewUntil && Date.parse(cache.renewUntil) - facts.now < RENEW_UNTIL_WARNING_MS) {
      out.push({
        id: 'renew-until-near',
        severity: 'warning',
        title: 'Time for the weekly full login',
        detail: `${cache.principal} can be renewed only until ${formatLocalTime(cache.renewUntil)}; after that you need your password (and OTP) again.`,
        evidence: [`renew until ${formatLocalTime(cache.renewUntil)}`],
        fixes: [loginFix(user)],
      });
    }
  }
  return out;
}

/**
 * The identity Copr would use is the right one (Copr's realm), but its ticket has expired: that is
 * the problem, whatever else the collection holds. A live ticket of the realm in another cache is
 * the second option, unless a pin (which outranks the primary) names the expired one.
 */
function expiredIdentityFinding(facts: DoctorFacts, live: readonly CacheInfo[], user: string | null): Finding | null {
  if (!facts.status.ok || !facts.overview.ok) return null;
  const { identity } = facts.overview.value;
  const expired = expiredIdentityOf(facts.status.value, identity, facts.now);
  const cache = facts.status.value.caches.find((c) => c.principal === expired?.principal && c.state === 'expired');
  if (!expired || !cache) return null;
  const other = identity.why === 'pinned' ? null : (live[0]?.principal ?? null);
  const renewed = renewOrLogin(cache, facts.now, user);
  const switchTo = other ? [fix(`switch:${other}`, `Make ${other} primary`, [TT, 'switch', other])] : [];
  return {
    id: 'ticket-expired',
    severity: 'error',
    title: 'The ticket Copr uses has expired',
    detail: `${describeExpiredIdentity(expired, identity.realm, other)}.`,
    evidence: [
      `GSSAPI would use ${expired.principal} (${identity.why})`,
      `${cache.cache}: expired${cache.expires ? ` at ${formatLocalTime(cache.expires)}` : ''}`,
      ...(other ? [`${other}: valid`] : []),
    ],
    fixes: [...renewed, ...switchTo],
  };
}

function tokenFindings(facts: DoctorFacts): Finding[] {
  if (!facts.overview.ok) return [];
  const { config, cli } = facts.overview.value;
  const out: Finding[] = [];
  const hasTicket = realmCaches(facts, facts.overview.value.identity.realm).some(
    (c) => c.state === 'valid' || c.state === 'expiring',
  );
  const renew = hasTicket
    ? [fix('renew-token', 'Get a new API token through your Kerberos login', coprLine(facts, 'copr', 'renew-token'))]
    : [];
  if (config.hasToken) {
    out.push({
      id: 'token-priority',
      severity: 'info',
      title: 'Copr uses your API token, not Kerberos',
      detail:
        'An API token is set in the Copr configuration, and copr-cli and the Python API always prefer it: your Kerberos tickets are never looked at for Copr.',
      evidence: [`token set in ${config.path}`],
      fixes: [doctorFix(facts, 'remove-token', 'Remove the token and use Kerberos')],
    });
  }
  if (config.hasToken && config.tokenExpires) {
    const left = Date.parse(`${config.tokenExpires}T00:00:00Z`) - facts.now;
    if (left < TOKEN_WARNING_DAYS * 24 * HOUR) {
      out.push({
        id: 'token-expiring',
        severity: 'warning',
        title: left < 0 ? 'Your Copr API token has expired' : 'Your Copr API token expires soon',
        detail: `The config says the token expires on ${config.tokenExpires}. Copr tokens last 180 days.`,
        evidence: [`# expiration date: ${config.tokenExpires}`],
        fixes: [...renew, doctorFix(facts, 'open-token-page', 'Open the Copr API page')],
      });
    }
  }
  if (cli.method === 'none') {
    out.push({
      id: 'gssapi-disabled',
      severity: 'error',
      title: 'Kerberos is turned off for Copr, and there is no token',
      detail:
        '"gssapi = False" in the Copr configuration turns Kerberos off, and no API token is set, so copr-cli cannot log in at all.',
      evidence: [`gssapi = False in ${config.path}`],
      fixes: [fix('gssapi-on', 'Turn Kerberos on for Copr', coprLine(facts, 'copr', 'config', '--gssapi', 'on'))],
    });
  }
  const note = pythonKerberosNote(facts);
  if (note) out.push(note);
  return out;
}

/**
 * Python scripts (`Client.create_from_config_file()`) leave Kerberos off unless the config says
 * `gssapi = True`. That matters only where Kerberos is what the user relies on: no API token, or
 * one that no longer works (expired, or refused by Copr) and is on its way out; and only while the
 * file exists and leaves `gssapi` unset (`False` is gssapi-disabled's story, a missing default
 * config the Copr view's).
 */
function pythonKerberosNote(facts: DoctorFacts): Finding | null {
  if (!facts.overview.ok) return null;
  const { config, cli } = facts.overview.value;
  if (!config.exists || config.gssapi !== null || cli.method === 'none') return null;
  const refused = facts.check !== null && !facts.check.ok && facts.check.error.kind === 'token-rejected';
  const expired = config.tokenExpires !== null && Date.parse(`${config.tokenExpires}T00:00:00Z`) <= facts.now;
  if (config.hasToken && !refused && !expired) return null;
  const tokenGoing = config.hasToken
    ? 'Once the API token that no longer works is removed, Python scripts will not log in with Kerberos either. '
    : '';
  return {
    id: 'api-gssapi-off',
    severity: 'info',
    title: 'Python scripts using the Copr API will not use Kerberos',
    detail: `${tokenGoing}In the Python API, Kerberos is opt-in: Client.create_from_config_file() gives gssapi = None. Set client.config["gssapi"] = True in your script, or "gssapi = True" in the config file.`,
    evidence: [
      `gssapi is not set in ${config.path}`,
      ...(config.hasToken ? [`the API token ${refused ? 'was refused by Copr' : 'has expired'}`] : []),
    ],
    fixes: [
      fix('gssapi-on', 'Write "gssapi = True" into the config', coprLine(facts, 'copr', 'config', '--gssapi', 'on')),
    ],
  };
}

function checkFindings(facts: DoctorFacts): Finding[] {
  const c = facts.check;
  if (!c) return [];
  const out = sessionFindings(c, facts);
  // An expired ticket of the right identity is the ticket findings' story, not a wrong identity.
  if (c.ok || c.advice.expired) return out;
  const working = c.advice.workingPrincipal;
  if (working) return [...out, wrongPrimaryFinding(c, working, facts)];
  const finding = failureFinding(c.error, facts);
  return finding ? [...out, finding] : out;
}

const clearSessionFix = (facts: DoctorFacts, label = 'Clear the saved Copr session'): Fix =>
  fix('clear-session', label, coprLine(facts, 'copr', 'session', '--clear'));

/** "until <local time>" for the saved session the check saw, or the rule python-copr applies. */
const sessionUntil = (c: CoprCheck): string =>
  c.savedSession ? `until ${formatLocalTime(c.savedSession.expiresAt)}` : 'until 10 hours after it was made';

function sessionFindings(c: CoprCheck, facts: DoctorFacts): Finding[] {
  if (c.ok && c.value.staleSession)
    return [
      {
        id: 'stale-session',
        severity: 'warning',
        title: 'A saved Copr session answers, but no ticket backs it',
        detail: `copr-cli will keep working ${sessionUntil(c)}, when the saved session expires, then fail. Clear it to see the real state now.`,
        evidence: [`saved session for ${c.value.user}`],
        fixes: [clearSessionFix(facts)],
      },
    ];
  if (c.ok && c.sessionHides !== null && c.freshLogin !== null) return [hiddenIdentityFinding(c, c.freshLogin, facts)];
  if (!c.ok && c.sessionRejected)
    return [
      {
        id: 'stale-session',
        severity: 'warning',
        title: 'Copr rejected the saved session',
        detail: 'The saved session is no longer accepted.',
        evidence: [],
        fixes: [clearSessionFix(facts)],
      },
    ];
  return [];
}

/**
 * Copr answered through the saved session, but a fresh Kerberos login fails or is someone else:
 * the browser already sees that, and copr-cli and the check will once the session expires.
 */
function hiddenIdentityFinding(c: CoprCheck & { ok: true }, fresh: FreshLogin, facts: DoctorFacts): Finding {
  const user = c.value.user;
  const who = fresh.principal ?? 'no ticket';
  const when = c.savedSession ? formatLocalTime(c.savedSession.expiresAt) : 'the saved session expires';
  const detail =
    c.sessionHides === 'other-user'
      ? `Copr knows you as ${user} through the saved session, but a fresh Kerberos login uses ${who}, whom Copr knows as ${fresh.user}. From ${when}, when the session expires, copr-cli acts as ${fresh.user}; the browser already does.`
      : `Copr knows you as ${user} through the saved session, but a fresh Kerberos login as ${who} fails: ${fresh.error?.message ?? 'no reason given'} The browser fails already; copr-cli and this check start failing at ${when}, when the session expires.`;
  const working = c.advice.workingPrincipal;
  return {
    id: 'session-hides-identity-problem',
    severity: 'warning',
    title: 'A saved Copr session hides a problem with your Kerberos identity',
    detail,
    evidence: [
      `saved session for ${user}, ${sessionUntil(c)}`,
      fresh.ok ? `fresh login as ${who}: Copr user ${fresh.user}` : `fresh login as ${who}: ${fresh.error?.code}`,
    ],
    fixes: [
      ...(working ? identityFixes(working, c, facts) : []),
      clearSessionFix(facts, 'Clear the saved Copr session, then check again'),
    ],
  };
}

/** Make the principal that works primary, or pin it for the Copr host. */
function identityFixes(working: string, c: Pick<CoprCheck, 'coprUrl'>, facts: DoctorFacts): Fix[] {
  return [
    fix(`switch:${working}`, `Make ${working} primary`, [TT, 'switch', working]),
    fix(`pin:${working}`, `Pin ${working} for ${new URL(c.coprUrl).hostname}`, coprLine(facts, 'copr', 'pin', working)),
  ];
}

/**
 * Without a Copr check (the app's diagnosis after each change runs without the network), the
 * identity GSSAPI would pick for the host tells the same story: another realm's, while a live
 * ticket of the realm Copr needs is in the collection.
 */
function localIdentityFindings(facts: DoctorFacts): Finding[] {
  if (facts.check !== null || !facts.overview.ok || facts.overview.value.cli.method !== 'gssapi') return [];
  const { identity, config } = facts.overview.value;
  const wouldUse = identity.wouldUse;
  if (wouldUse === null || realmOf(wouldUse) === identity.realm) return [];
  const working = realmCaches(facts, identity.realm).find((c) => c.state === 'valid' || c.state === 'expiring');
  if (!working?.principal) return []; // no-ticket and ticket-expired say what to do then
  const advice = { identity, workingPrincipal: working.principal, remedies: [] };
  return [wrongPrimaryFinding({ advice, coprUrl: config.coprUrl }, working.principal, facts)];
}

function wrongPrimaryFinding(c: Pick<CoprCheck, 'advice' | 'coprUrl'>, working: string, facts: DoctorFacts): Finding {
  const { identity } = c.advice;
  const advice = describeCoprAdvice(c.advice);
  return {
    id: 'wrong-primary',
    severity: 'error',
    title: 'Copr uses the wrong Kerberos identity',
    detail: advice ? `${advice}.` : '',
    evidence: [`GSSAPI would use ${identity?.wouldUse ?? 'none'} (${identity?.why ?? '?'})`, `${working} works`],
    fixes: identityFixes(working, c, facts),
  };
}

function failureFinding(f: CoprFailure, facts: DoctorFacts): Finding | null {
  const message = describeCoprFailure(f);
  switch (f.kind) {
    case 'token-rejected':
      return tokenRejectedFinding(f, message, facts);
    case 'new-user':
      return {
        id: 'copr-new-user',
        severity: 'error',
        title: 'Copr has never seen your account',
        detail: message,
        evidence: [f.serverMessage],
        fixes: [doctorFix(facts, 'open-copr-login', 'Open Copr to log in once through the web page')],
      };
    case 'unreachable':
    case 'timed-out':
    case 'tls-failed':
    case 'redirect-refused':
    case 'too-large':
    case 'not-json':
      return {
        id: 'copr-unreachable',
        severity: 'warning',
        title: 'Copr could not be checked',
        detail: message,
        evidence: [],
        fixes: [],
      };
    case 'no-ticket':
    case 'session-cache-corrupt':
    case 'gssapi-disabled':
    case 'config-invalid':
    case 'config-missing':
    case 'insecure-url':
      return null; // already named by the ticket and configuration findings
    default:
      return {
        id: 'copr-error',
        severity: 'error',
        title: 'Copr did not accept the login',
        detail: message,
        evidence: [],
        fixes: [],
      };
  }
}

function tokenRejectedFinding(
  f: Extract<CoprFailure, { kind: 'token-rejected' }>,
  message: string,
  facts: DoctorFacts,
): Finding {
  const hasTicket =
    facts.overview.ok &&
    realmCaches(facts, facts.overview.value.identity.realm).some((c) => c.state === 'valid' || c.state === 'expiring');
  return {
    id: 'token-rejected',
    severity: 'error',
    title: 'Copr refused your API token',
    detail: message,
    evidence: [f.serverMessage],
    fixes: [
      ...(hasTicket
        ? [
            fix(
              'renew-token',
              'Get a new API token through your Kerberos login',
              coprLine(facts, 'copr', 'renew-token'),
            ),
          ]
        : []),
      doctorFix(facts, 'open-token-page', 'Open the Copr API page'),
      doctorFix(facts, 'remove-token', 'Remove the token and use Kerberos'),
    ],
  };
}

function loginFindings(facts: DoctorFacts): Finding[] {
  const seen = [facts.loginProbe, facts.lastLoginFailure].filter((f): f is KrbFailure => Boolean(f));
  const out = new Map<string, Finding>();
  for (const f of seen) {
    const finding = loginFinding(f, facts.fedoraUser ?? null);
    if (finding && !out.has(finding.id)) out.set(finding.id, finding);
  }
  return [...out.values()];
}

function loginFinding(f: KrbFailure, user: string | null): Finding | null {
  const detail = describeKrbFailure(f);
  const evidence = 'detail' in f && f.detail ? [f.detail] : [];
  switch (f.kind) {
    case 'kdc-unreachable':
    case 'timed-out':
      return {
        id: 'kdc-unreachable',
        severity: 'error',
        title: 'The Kerberos server cannot be reached',
        detail,
        evidence,
        fixes: [],
      };
    case 'otp-needs-armor':
    case 'anonymous-pkinit-unavailable':
      return {
        id: 'otp-needs-armor',
        severity: 'warning',
        title: 'Two-factor logins cannot work here yet',
        detail: `${detail} Fedora accounts with OTP log in only through anonymous PKINIT armor (fkinit's flow): install krb5-pkinit and Fedora's Kerberos snippet.`,
        evidence,
        fixes: [],
      };
    case 'clock-skew':
      return {
        id: 'clock-skew',
        severity: 'error',
        title: "Your computer's clock is wrong",
        detail,
        evidence,
        fixes: [],
      };
    case 'password-expired':
      return {
        id: 'password-expired',
        severity: 'error',
        title: 'Your password has expired',
        detail,
        evidence,
        fixes: [],
      };
    case 'wrong-password':
    case 'otp-rejected':
      return {
        id: 'wrong-password',
        severity: 'error',
        title: 'The password (or code) was not accepted',
        detail,
        evidence,
        fixes: [loginFix(user)],
      };
    default:
      return null;
  }
}

function browserFindings(facts: DoctorFacts): Finding[] {
  const b = facts.browsers;
  if (!b || !b.browsersSeen) return [];
  const allowed = b.found.filter((f) => f.allowed).map((f) => `${f.browser} (${f.where})`);
  const denied = b.found.filter((f) => !f.allowed).map((f) => `${f.browser}: not set (${f.where})`);
  return [
    {
      id: 'browser-negotiate',
      severity: b.anyAllowed ? 'info' : 'warning',
      title: b.anyAllowed
        ? 'Your browser may log in to Copr with Kerberos'
        : 'Your browser will not log in to Copr with Kerberos',
      detail: b.anyAllowed
        ? `Kerberos (Negotiate) is allowed for ${b.host} in: ${allowed.join(', ')}.`
        : [
            `Copr's "gssapi-login" link needs the browser to allow Kerberos (Negotiate) for .${parentDomain(b.host)}.`,
            ...[...new Set(b.found.map((f) => f.browser))].map((browser) => howToEnable(browser, parentDomain(b.host))),
          ].join('\n'),
      evidence: [...allowed, ...denied],
      fixes: [],
    },
  ];
}

/** copr.fedorainfracloud.org → fedorainfracloud.org: the domain the browser setting names. */
function parentDomain(host: string): string {
  const labels = host.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : host;
}
