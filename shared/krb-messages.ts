import type { KrbFailure, PrimaryFix, PrimaryMove } from './krb.js';
import { assertNever } from './result.js';

/**
 * One sentence a newcomer understands for each Kerberos failure. The tool's own words stay in
 * `failure.detail` for those who want them.
 */
export function describeKrbFailure(f: KrbFailure): string {
  switch (f.kind) {
    case 'invalid-input':
      if (f.suggestion !== undefined) return f.reason;
      return f.field === 'principal' ? `That is not a valid Kerberos name: ${f.reason}` : f.reason;
    case 'wrong-password':
      return `The password for ${f.principal || 'this account'} was not accepted. Check it and try again (for a Fedora account, use your Fedora Account System password).`;
    case 'unknown-principal':
      return `The Kerberos server does not know ${f.principal}. Check the user name and the realm after the "@".`;
    case 'realm-not-configured':
      return `Your computer does not know where the Kerberos server for ${f.realm} is. Its settings are missing from krb5.conf.`;
    case 'kdc-unreachable':
      return `The Kerberos server for ${f.realm} cannot be reached. Check your network connection (and VPN), then try again.`;
    case 'timed-out':
      return `${f.tool} got no answer within ${f.seconds} seconds, so it was stopped. The Kerberos server may be unreachable or very slow.`;
    case 'ticket-expired':
      return 'The ticket has already expired, so it cannot be renewed. Log in again with your password.';
    case 'not-renewable':
      return 'This ticket cannot be renewed (it was not issued as renewable, or its renewal period is over). Log in again with your password.';
    case 'otp-rejected':
      return `The password or the one-time code for ${f.principal} was not accepted. Use a fresh code from your authenticator app and try again.`;
    case 'otp-needs-armor':
      return `The account ${f.principal} uses two-factor authentication, which needs the Fedora login flow (anonymous PKINIT armor) and the krb5-pkinit package.`;
    case 'anonymous-pkinit-unavailable':
      return `The secure channel for logging in to ${f.realm || 'this realm'} (anonymous PKINIT) could not be set up. Install krb5-pkinit and Fedora's Kerberos configuration.`;
    case 'password-expired':
      return `The password of ${f.principal} has expired. Change it in the account system first (for Fedora: accounts.fedoraproject.org), then log in.`;
    case 'account-disabled':
      return `The account ${f.principal} is disabled on the Kerberos server.`;
    case 'account-expired':
      return `The account ${f.principal} has expired on the Kerberos server.`;
    case 'clock-skew':
      return "Your computer's clock differs too much from the Kerberos server's. Turn on automatic time (NTP) and try again.";
    case 'no-such-cache':
      return f.principal ? `You have no ticket for ${f.principal}.` : 'You have no ticket to act on.';
    case 'not-switchable':
      return `Your credential cache (${f.collection.name}) holds only one identity, so there is nothing to switch between. A collection type such as KCM, KEYRING or DIR keeps several.`;
    case 'tool-missing':
      return `The ${f.tool} program is not installed. Install the Kerberos client tools (krb5-workstation on Fedora, krb5-user on Debian).`;
    case 'unexpected':
      return `${f.tool} failed unexpectedly${f.detail ? `: ${f.detail}` : '.'}`;
    default:
      return assertNever(f, 'Kerberos failure');
  }
}

/**
 * One sentence on what a login did to the primary identity, or null when there is nothing worth
 * saying (the primary did not move, or the login was the first identity).
 */
export function describePrimaryMove(move: PrimaryMove): string | null {
  if (move.keepPrimary === 'restored') return `${move.from} is still the primary identity.`;
  if (!move.moved || move.from === null) return null;
  const moved =
    move.keepPrimary === 'failed'
      ? `${move.to ?? 'No identity'} is now the primary identity: ${move.from} could not be made primary again.`
      : `${move.to ?? 'No identity'} is now the primary identity instead of ${move.from}.`;
  if (!move.leftCoprRealm) return moved;
  return `${moved} Copr needs an identity in ${move.coprRealm}, so it will not know you until this is fixed.`;
}

/** A fix offered after a login moved the primary away from Copr's realm, in words. */
export function describePrimaryFix(fix: PrimaryFix): string {
  switch (fix.kind) {
    case 'switch':
      return `Make ${fix.principal} the primary identity again.`;
    case 'pin-copr':
      return `Have Copr use ${fix.principal} whatever the primary identity is.`;
    default:
      return assertNever(fix, 'primary fix');
  }
}
