/**
 * Whether a login should make the new identity primary: the default of the Log in form's "Make it
 * the primary identity". kinit makes every new login primary, and Copr (like any GSSAPI client)
 * uses the primary for a host krb5.conf does not map to a realm, so a work login after the Fedora
 * one would silently break Copr. The default keeps a working primary where it is unless the new
 * identity is the one Copr needs.
 */
import type { KrbStatus } from '../../../../shared/krb';
import { realmOf } from '../../../../shared/principal';

/** The primary's cache when it holds a ticket that still works. */
function validPrimary(status: KrbStatus) {
  const primary = status.caches.find((c) => c.primary);
  return primary && (primary.state === 'valid' || primary.state === 'expiring') ? primary : null;
}

/**
 * The choice offered, or null when there is none to offer: a collection that holds one identity
 * (a FILE cache) has no primary to keep, and an empty one has nothing to keep.
 */
export function primaryChoiceApplies(status: KrbStatus | null): boolean {
  return status !== null && status.collection.switchable && status.caches.some((c) => c.principal !== null);
}

/**
 * The default: make it primary when no working identity is primary, when the new identity is in
 * the realm Copr needs, or when it is the primary already; otherwise keep the primary. A name
 * without a realm (`principal` null or realmless) is not known to be Copr's, so the primary stays.
 */
export function defaultMakePrimary(status: KrbStatus | null, principal: string | null, coprRealm: string): boolean {
  if (status === null) return true;
  const primary = validPrimary(status);
  if (!primary) return true;
  if (principal === null) return false;
  return realmOf(principal) === coprRealm || principal === primary.principal;
}
