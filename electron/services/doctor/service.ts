import { readFile } from 'node:fs/promises';
import { APP_NAME, APP_VERSION } from '../../../shared/app-info.js';
import type { CoprFailure } from '../../../shared/copr.js';
import type { DoctorReport, Finding, FixOutcome } from '../../../shared/doctor.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import { FEDORA_REALM, type KrbFailure, type KrbStatus } from '../../../shared/krb.js';
import { ok } from '../../../shared/result.js';
import { terminalSafe } from '../../../shared/text-safety.js';
import { readBrowserNegotiate, type NegotiateReport } from '../browser/service.js';
import type { UnsavedToken } from '../copr/edits.js';
import { describeCoprFailure } from '../copr/messages.js';
import { joinUrl } from '../copr/response.js';
import type { CoprService, CoprTarget } from '../copr/service.js';
import { hasRealmKdc, loadKrb5Config } from '../kerberos/krb5-conf.js';
import type { KrbService, ToolEnv } from '../kerberos/service.js';
import { gatherFedoraSetup } from './fedora-setup.js';
import { type DoctorFacts, findingsFrom } from './findings.js';

export interface DoctorOptions extends CoprTarget {
  readonly krb: KrbService;
  readonly copr: CoprService;
  readonly env?: ToolEnv;
  readonly now?: () => number;
  /** Talk to Copr (the check) and the KDC (the login probe). Default true. */
  readonly network?: boolean;
  /** The last login that failed, when the caller saw one. */
  readonly lastLoginFailure?: KrbFailure | null;
  readonly fedoraUser?: string | null;
  /** Where /etc and /usr are, for the browser settings; tests point it at a temporary tree. Default '/'. */
  readonly rootDir?: string;
  /** Where /etc and /usr are for the Kerberos setup checks (sssd, MIT's plugins). Default '/'. */
  readonly systemRoot?: string;
}

export type Doctor = ReturnType<typeof createDoctor>;

/** The troubleshooter: looks at tickets, krb5.conf, the Copr config and Copr itself, names each problem, and applies fixes. */
export function createDoctor(options: DoctorOptions) {
  const { krb, copr } = options;
  const env: ToolEnv = options.env ?? krb.env;
  const now = options.now ?? Date.now;
  const target: CoprTarget = options.configPath === undefined ? {} : { configPath: options.configPath };

  /** `known`: a snapshot the caller has just taken, so that the doctor need not run klist again. */
  async function gather(known?: KrbStatus): Promise<DoctorFacts> {
    // One snapshot serves the doctor, the overview and the check: each would otherwise run klist.
    const [status, conf] = await Promise.all([known ? ok(known) : krb.status(), loadKrb5Config(env)]);
    const snapshot = status.ok ? status.value : null;
    const overview = await copr.overview(target, snapshot);
    const host = overview.ok ? overview.value.config.host : null;
    const realm = overview.ok ? overview.value.identity.realm : FEDORA_REALM;
    const realmConfigured = hasRealmKdc(conf, realm);
    const network = options.network ?? true;
    const runCheck = network && overview.ok && overview.value.cli.method !== 'none';
    const [check, loginProbe, browsers, fedoraSetup] = await Promise.all([
      runCheck ? copr.check({ ...target, semantics: 'cli', status: snapshot }) : Promise.resolve(null),
      network && realmConfigured && realm === FEDORA_REALM ? krb.probeFedoraLogin() : Promise.resolve(undefined),
      host
        ? readBrowserNegotiate(host, {
            home: env['HOME'] ?? '/',
            ...(options.rootDir ? { rootDir: options.rootDir } : {}),
          })
        : Promise.resolve(null),
      gatherFedoraSetup({ env, conf, realm, network, systemRoot: options.systemRoot ?? '/' }),
    ]);
    return {
      now: now(),
      status,
      realmConfigured,
      krb5Files: conf.files,
      overview,
      check,
      ...(loginProbe === undefined ? {} : { loginProbe }),
      lastLoginFailure: options.lastLoginFailure ?? null,
      browsers: browsers as NegotiateReport | null,
      fedoraUser: options.fedoraUser ?? null,
      fedoraSetup,
      ...(options.configPath === undefined ? {} : { coprConfigPath: options.configPath }),
    };
  }

  async function run(): Promise<DoctorReport> {
    const facts = await gather();
    return { findings: findingsFrom(facts), checkedAt: new Date(facts.now).toISOString() };
  }

  /** Applies one of the fixes the doctor offers right now; a fix not offered is refused. */
  async function applyFix(fixId: string): Promise<FixOutcome> {
    const report = await run();
    const offered = report.findings.flatMap((f) => f.fixes).find((f) => f.id === fixId);
    if (!offered)
      return {
        fixId,
        ok: false,
        message: `"${fixId}" is not a fix for any problem found now. Run the doctor to see the fixes on offer.`,
      };
    if (offered.needsPassword)
      return { fixId, ok: false, message: `This needs your password: run ${offered.command.join(' ')}` };
    return perform(fixId);
  }

  async function perform(fixId: string): Promise<FixOutcome> {
    const [action, argument = ''] = splitFixId(fixId);
    const done = (message: string): FixOutcome => ({ fixId, ok: true, message });
    const failed = (message: string): FixOutcome => ({ fixId, ok: false, message });
    switch (action) {
      case 'switch': {
        const r = await krb.switchTo(argument);
        return r.ok ? done(`${argument} is now the primary identity.`) : failed(describeKrbFailure(r.error));
      }
      case 'renew': {
        const r = await krb.renew(argument);
        return r.ok ? done(`Renewed ${argument}.`) : failed(describeKrbFailure(r.error));
      }
      case 'pin': {
        const r = await copr.pin(argument, target);
        return r.ok
          ? done(`GSSAPI now uses ${argument} for ${r.value.host} (${r.value.path}).`)
          : failed(describeCoprFailure(r.error));
      }
      case 'clear-session': {
        const r = await copr.clearCachedSession(target);
        return r.ok ? done(`Removed the saved Copr session (${r.value.path}).`) : failed(describeCoprFailure(r.error));
      }
      case 'gssapi-on':
      case 'remove-token': {
        const r = await copr.configure(action === 'gssapi-on' ? { gssapi: true } : { removeToken: true }, target);
        return r.ok
          ? done(
              action === 'gssapi-on'
                ? `Wrote "gssapi = True" into ${r.value.path}.`
                : `Removed the API token from ${r.value.path}; Copr will use Kerberos.`,
            )
          : failed(describeCoprFailure(r.error));
      }
      case 'renew-token': {
        const r = await copr.renewToken(target);
        if (r.ok)
          return done(
            `Wrote a new API token for ${r.value.user} into ${r.value.config.path}; it expires on ${r.value.expires}.`,
          );
        return 'unsaved' in r ? unsavedTokenOutcome(fixId, r.error, r.unsaved) : failed(describeCoprFailure(r.error));
      }
      case 'open-token-page':
      case 'open-copr-login': {
        const overview = await copr.overview(target);
        if (!overview.ok) return failed(describeCoprFailure(overview.error));
        const url =
          action === 'open-token-page' ? joinUrl(overview.value.config.coprUrl, 'api') : overview.value.config.coprUrl;
        return {
          fixId,
          ok: true,
          message: `Open ${url} in your browser${action === 'open-copr-login' ? ' and use "log in" once' : ''}.`,
          url,
        };
      }
      default:
        return failed(`Unknown fix "${fixId}".`);
    }
  }

  /** A report to paste into a forum post or a bug: versions, cache types, principals, config keys, findings. Never a secret. */
  async function report(): Promise<string> {
    const facts = await gather();
    const findings = findingsFrom(facts);
    return formatReport(facts, findings, await osName(), await krb5Version());
  }

  async function krb5Version(): Promise<string> {
    const version = await krb.toolsVersion();
    return version ? `Kerberos tools ${version}` : 'Kerberos tools: unknown version';
  }

  return { run, applyFix, report, gather };
}

/**
 * Copr issued a token the config could not take: the message says why (never the token), and the
 * token rides beside it for the window to show once with where to paste it.
 */
function unsavedTokenOutcome(fixId: string, failure: CoprFailure, unsaved: UnsavedToken): FixOutcome {
  const { path, login, token, expires } = unsaved;
  return {
    fixId,
    ok: false,
    message: `Copr issued a new API token for ${unsaved.user}, but it could not be written into ${path}: ${describeCoprFailure(failure)}`,
    unsavedToken: { path, login, token, expires },
  };
}

/** `switch:alice@FEDORAPROJECT.ORG` → ['switch', 'alice@FEDORAPROJECT.ORG']. */
function splitFixId(id: string): [string, string?] {
  const colon = id.indexOf(':');
  return colon < 0 ? [id] : [id.slice(0, colon), id.slice(colon + 1)];
}

async function osName(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'unknown';
}

function formatReport(facts: DoctorFacts, findings: readonly Finding[], os: string, krb5: string): string {
  const lines = [
    `${APP_NAME} ${APP_VERSION} diagnostic report, ${new Date(facts.now).toISOString()}`,
    `System: ${os}; Node ${process.versions.node}; ${krb5}`,
    `krb5.conf files: ${facts.krb5Files.join(', ') || 'none'}`,
  ];
  if (facts.status.ok) {
    const { collection, caches, primary } = facts.status.value;
    lines.push(
      `Collection: ${collection.type} (${collection.switchable ? 'several caches' : 'one cache'}), primary ${primary ?? 'none'}`,
    );
    for (const c of caches)
      lines.push(
        `  ${c.primary ? '*' : ' '} ${c.principal ?? '(empty)'} ${c.state}, expires ${c.expires ?? '-'}, renew until ${c.renewUntil ?? '-'}`,
      );
  } else {
    lines.push(`Collection: unavailable (${facts.status.error.kind})`);
  }
  if (facts.overview.ok) {
    const { config, cli, api, identity, pinned, session } = facts.overview.value;
    const keys = [
      ['copr_url', true],
      ['username', config.username !== null],
      ['login', config.login !== null],
      ['token', config.hasToken],
      ['gssapi', config.gssapi !== null],
    ]
      .filter(([, present]) => present)
      .map(([key]) => key);
    lines.push(
      `Copr config: ${config.path} (${config.exists ? `keys: ${keys.join(', ')}` : 'missing, defaults apply'}), URL ${config.coprUrl}`,
    );
    if (config.tokenExpires) lines.push(`Token expiration date: ${config.tokenExpires}`);
    lines.push(`copr-cli uses: ${cli.method}; Python API uses: ${api.method}`);
    lines.push(
      `GSSAPI identity for ${config.host}: ${identity.wouldUse ?? 'none'} (${identity.why}); needs ${identity.realm}; pinned: ${pinned ?? 'nothing'}`,
    );
    const { sessionCorrupt } = facts.overview.value;
    const saved = session ? `${session.name}, ${session.valid ? 'valid' : 'expired'}` : 'none';
    lines.push(`Saved Copr session: ${sessionCorrupt ? `damaged (${sessionCorrupt.problem})` : saved}`);
  } else {
    lines.push(`Copr config: ${facts.overview.error.kind}`);
  }
  if (facts.check)
    lines.push(
      // The user name is the server's words: one escaped, bounded line in a report meant for pasting.
      `Copr check: ${facts.check.ok ? `OK as ${terminalSafe(facts.check.value.user)} (${facts.check.method})` : `failed: ${facts.check.error.kind}`}`,
    );
  lines.push('Findings:');
  for (const f of findings) lines.push(`  [${f.severity}] ${f.id}: ${f.title}`);
  if (findings.length === 0) lines.push('  none');
  return `${lines.join('\n')}\n`;
}
