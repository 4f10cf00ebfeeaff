import type { CoprFailure, IdentityChoice } from './copr.js';
import { assertNever } from './result.js';

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
        : `The Python API has no way to log in: ${f.message}. Set "gssapi = True" in the config, or client.config["gssapi"] = True in your script.`;
    case 'token-rejected':
      return `Copr refused the API token: "${f.serverMessage}" Get a new one at ${f.tokenUrl}, or renew it with a Kerberos login.`;
    case 'no-ticket':
      return `Copr did not get a usable Kerberos ticket for ${f.realm}. Log in first (Get Fedora ticket), then check again.`;
    case 'gssapi-failed':
      return `Kerberos could not log in to Copr${f.principal ? ` as ${f.principal}` : ''}: ${f.detail}`;
    case 'new-user':
      return `Kerberos works, but Copr has never seen this account. Log in once through the web page (${f.loginUrl}, "log in"), then try again.`;
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
    default:
      return assertNever(f, 'Copr failure');
  }
}

/** "Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host". */
export function describeWorkingAlternative(identity: IdentityChoice, working: string): string {
  const why =
    identity.why === 'pinned' ? 'pinned in ~/.k5identity' : identity.why === 'host-realm' ? 'by host realm' : 'primary';
  return `Copr would use ${identity.wouldUse ?? 'no ticket'} (${why}); your ticket ${working} works: make it primary, or pin it for this host`;
}
