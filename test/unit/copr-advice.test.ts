import { describe, expect, it } from 'vitest';
import { type AdviceFacts, adviceFor } from '../../electron/services/copr/advice.js';
import { describeCoprAdvice, describeCoprFailure, describeFailedCheck } from '../../electron/services/copr/messages.js';
import type { CoprCheck, CoprFailure } from '../../shared/copr.js';

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
