import { describe, expect, it } from 'vitest';
import { describeMove } from '../../electron/services/kerberos/primary-move.js';
import { describePrimaryFix, describePrimaryMove } from '../../shared/krb-messages.js';

const FEDORA = 'alice@FEDORAPROJECT.ORG';
const WORK = 'alice@EXAMPLE.COM';
const COPR_REALM = 'FEDORAPROJECT.ORG';

describe('what a login did to the primary', () => {
  it('from the Fedora identity to a work one: Copr loses its identity, with two fixes', () => {
    const move = describeMove(FEDORA, WORK, 'not-asked', COPR_REALM);
    expect(move).toEqual({
      from: FEDORA,
      to: WORK,
      moved: true,
      keepPrimary: 'not-asked',
      coprRealm: COPR_REALM,
      leftCoprRealm: true,
      fixes: [
        { kind: 'switch', principal: FEDORA },
        { kind: 'pin-copr', principal: FEDORA },
      ],
    });
    expect(describePrimaryMove(move)).toBe(
      `${WORK} is now the primary identity instead of ${FEDORA}. Copr needs an identity in ${COPR_REALM}, so it will not know you until this is fixed.`,
    );
    expect(move.fixes.map(describePrimaryFix)).toEqual([
      `Make ${FEDORA} the primary identity again.`,
      `Have Copr use ${FEDORA} whatever the primary identity is.`,
    ]);
  });

  it('within the Copr realm, or into it, Copr loses nothing', () => {
    expect(describeMove(FEDORA, 'bob@FEDORAPROJECT.ORG', 'not-asked', COPR_REALM)).toMatchObject({
      moved: true,
      leftCoprRealm: false,
      fixes: [],
    });
    expect(describeMove(WORK, FEDORA, 'not-asked', COPR_REALM)).toMatchObject({ leftCoprRealm: false });
  });

  it('the first identity, or one that kept the primary, is nothing worth saying, or says it stayed', () => {
    expect(describePrimaryMove(describeMove(null, WORK, 'not-needed', COPR_REALM))).toBeNull();
    expect(describePrimaryMove(describeMove(FEDORA, FEDORA, 'not-asked', COPR_REALM))).toBeNull();
    expect(describePrimaryMove(describeMove(FEDORA, FEDORA, 'restored', COPR_REALM))).toBe(
      `${FEDORA} is still the primary identity.`,
    );
  });

  it('a restore that failed says so', () => {
    const move = describeMove(FEDORA, WORK, 'failed', COPR_REALM);
    expect(describePrimaryMove(move)).toMatch(
      new RegExp(`^${WORK} is now the primary identity: ${FEDORA} could not be made primary again\\. Copr needs`),
    );
  });
});
