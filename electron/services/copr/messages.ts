/**
 * The Copr words of the Node side (the CLI, the doctor, the tray): failures, remedies and advice
 * put into English. The window has its own catalogue; the check itself carries only data.
 */
import type {
  CoprAdvice,
  CoprCheckFacts,
  CoprFailure,
  CoprRemedy,
  ExpiredIdentity,
  IdentityChoice,
} from '../../../shared/copr.js';
import { assertNever } from '../../../shared/result.js';

/** One plain sentence for each Copr failure; the server's own words are quoted where it said something. */
export function describeCoprFailure(f: CoprFailure): string {
  switch (f.kind) {
    case 'config-missing':
      return `File ${f.path} is missing.`;
    case 'config-invalid':
      return `The Copr configuration ${f.problem.path}${f.problem.line === null ? '' : ` (line ${f.problem.line})`} cannot be read: ${f.problem.message}`;
    case 'insecure-url':
      return `The Copr address ${f.coprUrl} is not encrypted (http://). Use https://, or set "encrypted = False" if this instance really has no HTTPS.`;
    case 'gssapi-disabled':
      return f.semantics === 'cli'
        ? 'No API token is configured and Kerberos (GSSAPI) is turned off with "gssapi = False", so copr-cli cannot log in.'
        : `The Python API has no way to log in: ${f.message}.`;
    case 'token-rejected':
      return `Copr refused the API token: "${f.serverMessage}"`;
    case 'no-ticket':
      return `Copr did not get a usable Kerberos ticket for ${f.realm}.`;
    case 'gssapi-failed':
      return `Kerberos could not log in to Copr${f.principal ? ` as ${f.principal}` : ''}: ${f.detail}`;
    case 'new-user':
      return 'Kerberos works, but Copr has never seen this account.';
    case 'forbidden':
      return `Copr refused access (${f.status}): "${f.serverMessage}"`;
    case 'session-rejected':
      return `Copr no longer accepts the saved login session: "${f.serverMessage}"`;
    case 'not-json':
      return `Copr answered with something that is not the API (HTTP ${f.status}, ${f.contentType || 'no content type'}). A proxy or captive portal may be in the way.`;
    case 'http-error':
      return `Copr answered with an error (HTTP ${f.status})${f.serverMessage ? `: "${f.serverMessage}"` : '.'}`;
    case 'timed-out':
      return `Copr did not answer within ${f.seconds} seconds (${f.url}).`;
    case 'unreachable':
      return `Copr at ${f.host} cannot be reached (${f.detail}). Check your network connection.`;
    case 'tls-failed':
      return `The secure connection to ${f.host} failed (${f.detail}): its certificate is not trusted.`;
    case 'redirect-refused':
      return `Copr redirected to another address (${f.to}); credentials are never sent there, so the check stopped.`;
    case 'too-large':
      return `Copr's answer was larger than ${Math.round(f.limitBytes / 1024)} KiB, which no login answer is; the check stopped.`;
    case 'file-changed':
      return `${f.path} was changed by another program since it was read; nothing was written. Try again.`;
    case 'write-failed':
      return `${f.path} could not be written: ${f.detail}`;
    case 'session-cache-corrupt':
      return `The saved Copr session ${f.path} is damaged (${f.problem}): copr-cli stops with an error on every command until it is cleared.`;
    case 'pin-refused':
      return `Not pinned: ${f.reason}`;
    default:
      return assertNever(f, 'Copr failure');
  }
}

const WHY: Readonly<Record<IdentityChoice['why'], string>> = {
  pinned: 'pinned in ~/.k5identity',
  'host-realm': 'by host realm',
  primary: 'primary',
};

/** "Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host". */
export function describeWorkingAlternative(identity: IdentityChoice, working: string): string {
  return `Copr would use ${identity.wouldUse ?? 'no ticket'} (${WHY[identity.why]}); your ticket ${working} works: make it primary, or pin it for this host`;
}

/** One remedy as a clause that can follow "What to do:". */
export function describeCoprRemedy(r: CoprRemedy): string {
  switch (r.kind) {
    case 'switch':
      return `make ${r.principal} primary`;
    case 'pin':
      return `pin ${r.principal} for ${r.host}`;
    case 'log-in':
      return `log in to ${r.realm} (Get Fedora ticket), then check again`;
    case 'renew':
      return `renew the ticket of ${r.principal}`;
    case 'renew-token':
      return 'get a new API token through your Kerberos login';
    case 'get-token':
      return `get a new API token at ${r.url}`;
    case 'web-login':
      return `log in once through the web page (${r.url}, "log in"), then try again`;
    case 'clear-session':
      return 'clear the saved session to see what copr-cli will do once it expires';
    case 'gssapi-on':
      return r.semantics === 'cli'
        ? 'set "gssapi = True" in the config'
        : 'set "gssapi = True" in the config, or client.config["gssapi"] = True in your script';
    default:
      return assertNever(r, 'Copr remedy');
  }
}

/**
 * The one story of an expired ticket of the right identity, told alike by the check, the doctor and
 * the window: the ticket expired, so renew it or log in again; a valid ticket of the realm in
 * another cache comes second. Without its full stop.
 */
export function describeExpiredIdentity(expired: ExpiredIdentity, realm: string, other: string | null): string {
  const cure = expired.renewable
    ? `has expired: renew it, or log in to ${realm} again`
    : `has expired and can no longer be renewed: log in to ${realm} again`;
  const second = other === null ? '' : `; or make ${other} primary, whose ${realm} ticket is still valid`;
  return `The ticket of ${expired.principal}, the identity Copr uses, ${cure}${second}`;
}

/** The advice as one line without its full stop, or null when there is nothing to do. */
export function describeCoprAdvice(advice: CoprAdvice): string | null {
  if (advice.expired && advice.identity !== null) {
    const other = advice.remedies.find((r) => r.kind === 'switch');
    return describeExpiredIdentity(advice.expired, advice.identity.realm, other?.principal ?? null);
  }
  if (advice.workingPrincipal !== null && advice.identity !== null)
    return describeWorkingAlternative(advice.identity, advice.workingPrincipal);
  if (advice.remedies.length === 0) return null;
  const text = advice.remedies.map(describeCoprRemedy).join(', or ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A failed check in one or two sentences: what went wrong, then what to do about it. */
export function describeFailedCheck(check: CoprCheckFacts & { readonly error: CoprFailure }): string {
  const advice = describeCoprAdvice(check.advice);
  return advice === null ? describeCoprFailure(check.error) : `${describeCoprFailure(check.error)} ${advice}.`;
}
