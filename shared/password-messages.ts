import { describeKrbFailure } from './krb-messages.js';
import type { PasswordChangeFailure } from './krb.js';

/**
 * One sentence a newcomer understands for each way a password change fails. The password server's
 * own explanation is in `serverText`; callers show it under the sentence, since it may name the
 * minimum length or the date from which a change is allowed.
 */
export function describePasswordChangeFailure(f: PasswordChangeFailure): string {
  switch (f.kind) {
    case 'fedora-account':
      return `The password of a Fedora account (${f.principal}) is changed in Fedora Accounts (${f.url}), not here.`;
    case 'wrong-old-password':
      return `The current password of ${f.principal} was not accepted, so nothing was changed. Check it and try again.`;
    case 'password-too-short':
      return f.minLength === null
        ? 'The new password is too short for the server.'
        : `The new password is too short: the server asks for at least ${f.minLength} characters.`;
    case 'password-too-simple':
      return f.minClasses === null
        ? 'The new password mixes too few kinds of characters.'
        : `The new password mixes too few kinds of characters: the server asks for at least ${f.minClasses} of lower-case letters, upper-case letters, digits and punctuation.`;
    case 'password-reused':
      return 'The new password is your current one or was used recently. Choose one you have not used before.';
    case 'password-changed-too-recently':
      return 'The password was changed too recently, and the server does not allow another change yet.';
    case 'password-rejected':
      return 'The server refused the new password.';
    case 'password-server-unreachable':
      return `The password-change service of ${f.realm} cannot be reached (the Kerberos server itself answered). Try again later, or ask the realm's administrators.`;
    case 'change-not-confirmed':
      return `The server said the password of ${f.principal} was changed, but logging in with the new password did not work yet. Wait a minute and log in with the new password; if that fails, try the old one.`;
    case 'wrong-password':
      return `The current password of ${f.principal} was not accepted, so nothing was changed.`;
    default:
      return describeKrbFailure(f);
  }
}

/** The password server's own words, when the failure carries them and they say more than our sentence. */
export function passwordServerText(f: PasswordChangeFailure): string | null {
  return 'serverText' in f && f.serverText !== '' ? f.serverText : null;
}
