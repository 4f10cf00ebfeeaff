import type { KeepPrimaryOutcome, PrimaryFix, PrimaryMove } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';

/**
 * What a login did to the primary identity, from the primaries before and after it. Copr's
 * Kerberos login uses the primary for a host krb5.conf does not map to a realm, so a login that
 * moves the primary out of Copr's realm breaks Copr; the fixes say how to get it back.
 */
export function describeMove(
  before: string | null,
  after: string | null,
  keepPrimary: KeepPrimaryOutcome,
  coprRealm: string,
): PrimaryMove {
  const inCoprRealm = (p: string | null) => p !== null && realmOf(p) === coprRealm;
  const leftCoprRealm = before !== null && inCoprRealm(before) && !inCoprRealm(after);
  const fixes: PrimaryFix[] =
    leftCoprRealm && before !== null
      ? [
          { kind: 'switch', principal: before },
          { kind: 'pin-copr', principal: before },
        ]
      : [];
  return { from: before, to: after, moved: before !== after, keepPrimary, coprRealm, leftCoprRealm, fixes };
}
