import { describe, expect, it } from 'vitest';
import { type DoctorFacts, findingsFrom } from '../../electron/services/doctor/findings.js';
import type { CoprCheck, CoprOverview, IdentityChoice } from '../../shared/copr.js';
import type { CacheInfo, KrbStatus } from '../../shared/krb.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const FEDORA = 'alice@FEDORAPROJECT.ORG';
const WORK = 'alice@EXAMPLE.COM';

const cache = (principal: string, primary: boolean, state: CacheInfo['state'] = 'valid'): CacheInfo => ({
  cache: `DIR::/run/user/1000/krb5cc/tkt-${principal}`,
  principal,
  realm: principal.split('@')[1]!,
  primary,
  state,
  expires: new Date(NOW + (state === 'expired' ? -1 : 1) * 3_600_000).toISOString(),
  renewUntil: null,
  tickets: [],
});

function facts(caches: CacheInfo[], identity: IdentityChoice, check: CoprCheck | null = null): DoctorFacts {
  const status: KrbStatus = {
    collection: { name: 'DIR:/run/user/1000/krb5cc', type: 'DIR', switchable: true },
    primary: caches.find((c) => c.primary)?.principal ?? null,
    caches,
    takenAt: new Date(NOW).toISOString(),
  };
  const host = 'copr.fedorainfracloud.org';
  const overview: CoprOverview = {
    config: {
      path: '/home/u/.config/copr',
      exists: true,
      coprUrl: `https://${host}`,
      netloc: host,
      host,
      username: null,
      login: null,
      hasToken: false,
      tokenExpires: null,
      gssapi: true,
      encrypted: true,
    },
    cli: { semantics: 'cli', method: 'gssapi', reason: '' },
    api: { semantics: 'api', method: 'gssapi', reason: '' },
    identity,
    pinned: identity.why === 'pinned' ? identity.wouldUse : null,
    pin: identity.why === 'pinned' && identity.wouldUse ? { principal: identity.wouldUse, host } : null,
    session: null,
    sessionCorrupt: null,
  };
  return {
    now: NOW,
    status: { ok: true, value: status },
    realmConfigured: true,
    krb5Files: ['/etc/krb5.conf'],
    overview: { ok: true, value: overview },
    check,
  };
}

const ids = (f: DoctorFacts) => findingsFrom(f).map((x) => x.id);

describe('the local diagnosis of the identity Copr gets (no Copr check)', () => {
  it('names a work identity that GSSAPI would use while a Fedora ticket is live, with both fixes', () => {
    const found = findingsFrom(
      facts([cache(FEDORA, false), cache(WORK, true)], { wouldUse: WORK, why: 'primary', realm: 'FEDORAPROJECT.ORG' }),
    ).find((x) => x.id === 'wrong-primary');
    expect(found?.severity).toBe('error');
    expect(found?.fixes.map((x) => x.id)).toEqual([`switch:${FEDORA}`, `pin:${FEDORA}`]);
  });

  it('says nothing when the Fedora identity is primary or pinned', () => {
    const caches = [cache(FEDORA, false), cache(WORK, true)];
    expect(ids(facts(caches, { wouldUse: FEDORA, why: 'pinned', realm: 'FEDORAPROJECT.ORG' }))).not.toContain(
      'wrong-primary',
    );
  });

  it('leaves an expired Fedora ticket to the ticket findings', () => {
    const found = ids(
      facts([cache(FEDORA, false, 'expired'), cache(WORK, true)], {
        wouldUse: WORK,
        why: 'primary',
        realm: 'FEDORAPROJECT.ORG',
      }),
    );
    expect(found).toContain('ticket-expired');
    expect(found).not.toContain('wrong-primary');
  });
});

describe('an expired primary of the realm Copr needs: its ticket expired, not a wrong identity', () => {
  const SHORTY = 'shorty@FEDORAPROJECT.ORG';
  const identity: IdentityChoice = { wouldUse: SHORTY, why: 'primary', realm: 'FEDORAPROJECT.ORG' };
  const renewable = (c: CacheInfo): CacheInfo => ({ ...c, renewUntil: new Date(NOW + 3_600_000).toISOString() });
  /** The check as the Copr service makes it in this case: GSSAPI failed, alice's ticket works. */
  const failedCheck = (renew: boolean): CoprCheck => ({
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/u/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    durationMs: 10,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    ok: false,
    error: { kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG', detail: 'Ticket expired' },
    advice: {
      identity,
      workingPrincipal: FEDORA,
      remedies: [
        ...(renew ? [{ kind: 'renew' as const, principal: SHORTY }] : []),
        { kind: 'log-in', realm: 'FEDORAPROJECT.ORG' },
        { kind: 'switch', principal: FEDORA },
      ],
      expired: { principal: SHORTY, expiredAt: null, renewable: renew },
    },
  });

  it('without a check: one ticket-expired finding naming the primary, log in first, switching second', () => {
    const found = findingsFrom(facts([cache(SHORTY, true, 'expired'), cache(FEDORA, false)], identity));
    expect(found.map((x) => x.id)).toEqual(['ticket-expired']);
    expect(found[0]).toMatchObject({
      severity: 'error',
      title: 'The ticket Copr uses has expired',
      detail: `The ticket of ${SHORTY}, the identity Copr uses, has expired and can no longer be renewed: log in to FEDORAPROJECT.ORG again; or make ${FEDORA} primary, whose FEDORAPROJECT.ORG ticket is still valid.`,
    });
    expect(found[0]!.fixes.map((x) => x.id)).toEqual(['login-fedora', `switch:${FEDORA}`]);
  });

  it('a renewable one is renewed first', () => {
    const found = findingsFrom(facts([renewable(cache(SHORTY, true, 'expired')), cache(FEDORA, false)], identity));
    expect(found[0]!.detail).toContain('has expired: renew it, or log in to FEDORAPROJECT.ORG again;');
    expect(found[0]!.fixes.map((x) => x.id)).toEqual([`renew:${SHORTY}`, 'login-fedora', `switch:${FEDORA}`]);
  });

  it('with the failed check: the same single finding, no wrong-primary and no Copr error', () => {
    for (const renew of [false, true]) {
      const caches = [renew ? renewable(cache(SHORTY, true, 'expired')) : cache(SHORTY, true, 'expired')];
      const found = findingsFrom(facts([...caches, cache(FEDORA, false)], identity, failedCheck(renew)));
      expect(found.map((x) => x.id)).toEqual(['ticket-expired']);
    }
  });

  it('a pinned expired identity: no switch offered, since the pin outranks the primary', () => {
    const pinned: IdentityChoice = { ...identity, why: 'pinned' };
    const found = findingsFrom(facts([cache(SHORTY, false, 'expired'), cache(FEDORA, true)], pinned));
    expect(found.map((x) => x.id)).toEqual(['ticket-expired']);
    expect(found[0]!.fixes.map((x) => x.id)).toEqual(['login-fedora']);
    expect(found[0]!.detail).not.toContain(FEDORA);
  });

  it('an expired primary of another realm stays a wrong identity', () => {
    const found = ids(facts([cache(WORK, true, 'expired'), cache(FEDORA, false)], { ...identity, wouldUse: WORK }));
    expect(found).toContain('wrong-primary');
    expect(found).not.toContain('ticket-expired');
  });
});
