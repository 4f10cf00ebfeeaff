import { describe, expect, it } from 'vitest';
import { type AdviceFacts, adviceFor, expiredIdentityOf } from '../../electron/services/copr/advice.js';
import { describeCoprAdvice, describeCoprFailure, describeFailedCheck } from '../../electron/services/copr/messages.js';
import type { CoprCheck, CoprFailure, IdentityChoice } from '../../shared/copr.js';
import type { CacheInfo, KrbStatus } from '../../shared/krb.js';

const HOST = 'copr.fedorainfracloud.org';
const COPR = `https://${HOST}`;
const WORK = 'alice@EXAMPLE.COM';
const FEDORA = 'alice@FEDORAPROJECT.ORG';

const facts = (extra: Partial<AdviceFacts>): AdviceFacts => ({
  config: { coprUrl: COPR, host: HOST },
  semantics: 'cli',
  identity: { wouldUse: WORK, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
  workingPrincipal: null,
  hasTicket: true,
  failure: null,
  staleSession: false,
  sessionHides: false,
  ...extra,
});

const remediesFor = (extra: Partial<AdviceFacts>) => adviceFor(facts(extra)).remedies;

describe('adviceFor: what to do after a check, as data', () => {
  it('a working ticket: make it primary, or pin it for the host', () => {
    const advice = adviceFor(
      facts({ failure: { kind: 'gssapi-failed', principal: WORK, detail: 'x' }, workingPrincipal: FEDORA }),
    );
    expect(advice).toEqual({
      identity: { wouldUse: WORK, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
      workingPrincipal: FEDORA,
      remedies: [
        { kind: 'switch', principal: FEDORA },
        { kind: 'pin', principal: FEDORA, host: HOST },
      ],
    });
  });

  it('nothing to do after a clean success; clear the session after a stale one', () => {
    expect(remediesFor({})).toEqual([]);
    expect(remediesFor({ staleSession: true })).toEqual([{ kind: 'clear-session' }]);
  });

  it('a refused token: a new one over Kerberos only when there is a ticket, the web page always', () => {
    const failure: CoprFailure = { kind: 'token-rejected', serverMessage: 'expired', tokenUrl: `${COPR}/api` };
    expect(remediesFor({ failure })).toEqual([{ kind: 'renew-token' }, { kind: 'get-token', url: `${COPR}/api` }]);
    expect(remediesFor({ failure, hasTicket: false })).toEqual([{ kind: 'get-token', url: `${COPR}/api` }]);
  });

  it('no ticket: log in; a GSSAPI failure: log in only when there is no ticket for the realm', () => {
    const noTicket: CoprFailure = { kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG', detail: '401' };
    expect(remediesFor({ failure: noTicket })).toEqual([{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }]);
    const gss: CoprFailure = { kind: 'gssapi-failed', principal: WORK, detail: 'Server not found' };
    expect(remediesFor({ failure: gss })).toEqual([]);
    expect(remediesFor({ failure: gss, hasTicket: false })).toEqual([{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }]);
  });

  it('a new user: the web login once; Kerberos off: turn it on; the network: nothing we can do', () => {
    expect(remediesFor({ failure: { kind: 'new-user', serverMessage: 'x', loginUrl: COPR } })).toEqual([
      { kind: 'web-login', url: COPR },
    ]);
    expect(remediesFor({ failure: { kind: 'gssapi-disabled', semantics: 'api', message: 'x' } })).toEqual([
      { kind: 'gssapi-on', semantics: 'api' },
    ]);
    expect(remediesFor({ failure: { kind: 'unreachable', host: HOST, detail: 'ECONNREFUSED' } })).toEqual([]);
  });
});

describe('an expired ticket of the identity Copr uses', () => {
  const NOW = Date.parse('2026-11-28T12:00:00Z');
  const SHORTY = 'shorty@FEDORAPROJECT.ORG';
  const identity: IdentityChoice = { wouldUse: SHORTY, why: 'primary', realm: 'FEDORAPROJECT.ORG' };
  const cache = (principal: string, state: CacheInfo['state'], renewUntil: string | null = null): CacheInfo => ({
    cache: `KCM:1000:${principal}`,
    principal,
    realm: principal.split('@')[1]!,
    primary: principal === SHORTY,
    state,
    expires: '2026-11-28T11:00:00.000Z',
    renewUntil,
    tickets: [],
  });
  const statusOf = (...caches: CacheInfo[]): KrbStatus => ({
    collection: { name: 'KCM:', type: 'KCM', switchable: true },
    primary: SHORTY,
    caches,
    takenAt: new Date(NOW).toISOString(),
  });
  const noTicket: CoprFailure = { kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG', detail: 'Ticket expired' };

  it('is found only for the realm Copr needs, and is renewable only before renew-until', () => {
    const later = '2026-11-28T13:00:00.000Z';
    expect(expiredIdentityOf(statusOf(cache(SHORTY, 'expired')), identity, NOW)).toEqual({
      principal: SHORTY,
      expiredAt: '2026-11-28T11:00:00.000Z',
      renewable: false,
    });
    expect(expiredIdentityOf(statusOf(cache(SHORTY, 'expired', later)), identity, NOW)?.renewable).toBe(true);
    expect(expiredIdentityOf(statusOf(cache(SHORTY, 'valid')), identity, NOW)).toBeNull();
    expect(expiredIdentityOf(statusOf(cache(WORK, 'expired')), { ...identity, wouldUse: WORK }, NOW)).toBeNull();
  });

  it('renew (when it may) or log in, then switch to a working ticket of the realm; never "wrong identity"', () => {
    const expired = { principal: SHORTY, expiredAt: null, renewable: true };
    const advice = adviceFor(facts({ identity, failure: noTicket, workingPrincipal: FEDORA, expired }));
    expect(advice.remedies).toEqual([
      { kind: 'renew', principal: SHORTY },
      { kind: 'log-in', realm: 'FEDORAPROJECT.ORG' },
      { kind: 'switch', principal: FEDORA },
    ]);
    expect(advice.expired).toEqual(expired);
    expect(describeCoprAdvice(advice)).toBe(
      `The ticket of ${SHORTY}, the identity Copr uses, has expired: renew it, or log in to FEDORAPROJECT.ORG again; or make ${FEDORA} primary, whose FEDORAPROJECT.ORG ticket is still valid`,
    );
    const gone = adviceFor(facts({ identity, failure: noTicket, expired: { ...expired, renewable: false } }));
    expect(gone.remedies).toEqual([{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }]);
    expect(describeCoprAdvice(gone)).toBe(
      `The ticket of ${SHORTY}, the identity Copr uses, has expired and can no longer be renewed: log in to FEDORAPROJECT.ORG again`,
    );
  });

  it('is no story when the check passed or failed for another reason (a refused token)', () => {
    const expired = { principal: SHORTY, expiredAt: null, renewable: false };
    expect(adviceFor(facts({ identity, expired })).expired).toBeUndefined();
    const token: CoprFailure = { kind: 'token-rejected', serverMessage: 'x', tokenUrl: `${COPR}/api` };
    expect(adviceFor(facts({ identity, failure: token, expired })).expired).toBeUndefined();
  });

  it('offers no switch to a pinned identity, nor to a working ticket of another realm', () => {
    const expired = { principal: SHORTY, expiredAt: null, renewable: false };
    const pinned = { ...identity, why: 'pinned' as const };
    const onlyLogIn = [{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }];
    expect(remediesFor({ identity: pinned, failure: noTicket, workingPrincipal: FEDORA, expired })).toEqual(onlyLogIn);
    expect(remediesFor({ identity, failure: noTicket, workingPrincipal: WORK, expired })).toEqual(onlyLogIn);
  });
});

describe('the Node-side words for a check', () => {
  const failedCheck = (error: CoprFailure, extra: Partial<AdviceFacts> = {}): CoprCheck & { ok: false } => ({
    coprUrl: COPR,
    configPath: '/home/alice/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    durationMs: 5,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    advice: adviceFor(facts({ failure: error, ...extra })),
    ok: false,
    error,
  });

  it('the working ticket in the sentence README shows', () => {
    const check = failedCheck({ kind: 'gssapi-failed', principal: WORK, detail: 'x' }, { workingPrincipal: FEDORA });
    expect(describeCoprAdvice(check.advice)).toBe(
      'Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host',
    );
  });

  it('says the failure once, then what to do, without repeating the remedy in the failure', () => {
    const check = failedCheck({ kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG', detail: '401' }, { hasTicket: false });
    expect(describeCoprFailure(check.error)).toBe('Copr did not get a usable Kerberos ticket for FEDORAPROJECT.ORG.');
    expect(describeFailedCheck(check)).toBe(
      'Copr did not get a usable Kerberos ticket for FEDORAPROJECT.ORG. Log in to FEDORAPROJECT.ORG (Get Fedora ticket), then check again.',
    );
    expect(describeFailedCheck(check).match(/[Ll]og in/g)).toHaveLength(1);
  });

  it('a failure with nothing to do is just its sentence', () => {
    const check = failedCheck({ kind: 'unreachable', host: HOST, detail: 'ECONNREFUSED' });
    expect(describeCoprAdvice(check.advice)).toBeNull();
    expect(describeFailedCheck(check)).toBe(describeCoprFailure(check.error));
  });
});
