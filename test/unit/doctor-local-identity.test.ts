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
