/** Turns a troubleshooter fix that needs a password into what the login form should start with. */
import type { Fix } from '../../../shared/doctor';
import { FEDORA_REALM } from '../../../shared/krb';
import { realmOf } from '../../../shared/principal';
import type { LoginPrefill } from '../store';

/** A placeholder in a command shown to the user, such as the doctor's `<fas-username>`: not a name. */
const isPlaceholder = (arg: string): boolean => /^<.*>$/.test(arg);

/**
 * Reads the principal from the fix's equivalent command (`ticket-tray login <principal> [--fedora]`).
 * The contract carries no structured login target yet; without one (or where the doctor wrote a
 * placeholder such as `<fas-username>`, not knowing the name) the form opens on the Fedora side
 * with the saved account name, which is what such fixes are about.
 */
export function prefillFromFix(fix: Fix, fallbackFedoraUser: string | null): LoginPrefill {
  const login = fix.command.indexOf('login');
  const principal = login >= 0 ? fix.command.slice(login + 1).find((arg) => !arg.startsWith('-')) : undefined;
  const fedora = fix.command.includes('--fedora');
  if (principal && !isPlaceholder(principal)) {
    if (fedora && realmOf(principal) === null) return { mode: 'fedora', user: principal };
    return prefillForPrincipal(principal);
  }
  return { mode: 'fedora', user: fallbackFedoraUser ?? '' };
}

/** The login form for getting a new ticket for `principal` (Fedora's form for a Fedora account). */
export function prefillForPrincipal(principal: string): LoginPrefill {
  const realm = realmOf(principal);
  return realm === FEDORA_REALM
    ? { mode: 'fedora', user: principal.slice(0, -(realm.length + 1)) }
    : { mode: 'other', principal };
}
