import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureContext } from '../../electron/services/kerberos/classify.js';
import { describeKrbFailure } from '../../shared/krb-messages.js';
import type { KrbFailureKind } from '../../shared/krb.js';
import { fixture } from '../support/fixtures.js';

const kinit: FailureContext = {
  tool: 'kinit',
  principal: 'alice@FEDORAPROJECT.ORG',
  realm: 'FEDORAPROJECT.ORG',
  timeoutMs: 15_000,
};

/** Every recorded failure and the kind it must be classified as. */
const CASES: ReadonlyArray<[string, KrbFailureKind, Partial<FailureContext>?]> = [
  ['kinit_wrong_password', 'wrong-password'],
  ['kinit_unknown_principal', 'unknown-principal'],
  ['kinit_unknown_realm', 'realm-not-configured'],
  ['kinit_kdc_unreachable', 'kdc-unreachable'],
  ['kinit_R_kdc_unreachable', 'kdc-unreachable'],
  ['kinit_R_expired', 'ticket-expired'],
  ['kinit_R_not_renewable', 'not-renewable'],
  ['kinit_T_otp_wrong', 'wrong-password'],
  ['kinit_T_otp_radius_down', 'wrong-password'],
  ['kinit_otp_user_no_armor', 'otp-needs-armor'],
  ['kinit_n_no_anon_princ', 'anonymous-pkinit-unavailable', { armorStep: true }],
  ['kinit_T_missing_armor', 'anonymous-pkinit-unavailable'],
  ['kinit_password_expired', 'password-expired'],
  ['kinit_disabled_principal', 'account-disabled'],
  ['kinit_principal_expired', 'account-expired'],
  ['kinit_bad_name', 'invalid-input'],
  ['kswitch_no_cache', 'no-such-cache', { tool: 'kswitch' }],
  ['kdestroy_p_missing', 'no-such-cache', { tool: 'kdestroy' }],
];

describe('classifyFailure on recorded MIT outputs', () => {
  it.each(CASES)('%s is %s', (name, kind, extra) => {
    const f = fixture(name);
    expect(f.rc).not.toBe(0);
    const failure = classifyFailure(f.outcome, { ...kinit, ...extra });
    expect(failure.kind).toBe(kind);
    // The tool's own words are kept, and the sentence for users is a sentence.
    if ('detail' in failure) expect(failure.detail).toContain(f.stderr.trim().split('\n')[0]!.slice(0, 40));
    expect(describeKrbFailure(failure)).toMatch(/^[A-Z].*[.)]$/);
  });

  it('names the realm the tools name', () => {
    const failure = classifyFailure(fixture('kinit_unknown_realm').outcome, kinit);
    expect(failure).toMatchObject({ kind: 'realm-not-configured', realm: 'NO.SUCH.REALM' });
    expect(classifyFailure(fixture('kinit_kdc_unreachable').outcome, kinit)).toMatchObject({
      realm: 'FEDORAPROJECT.ORG',
    });
  });

  it('keeps a KDC that is down a KDC that is down, even in the armor step', () => {
    const failure = classifyFailure(fixture('kinit_kdc_unreachable').outcome, { ...kinit, armorStep: true });
    expect(failure.kind).toBe('kdc-unreachable');
  });

  it('reports a missing tool, a timeout and a signal without any output', () => {
    expect(classifyFailure({ kind: 'spawn-failed', code: 'ENOENT' }, kinit)).toEqual({
      kind: 'tool-missing',
      tool: 'kinit',
    });
    expect(classifyFailure({ kind: 'timed-out', stdout: '', stderr: '' }, kinit)).toEqual({
      kind: 'timed-out',
      tool: 'kinit',
      seconds: 15,
    });
    expect(classifyFailure({ kind: 'killed', signal: 'SIGKILL', stdout: '', stderr: '' }, kinit).kind).toBe(
      'unexpected',
    );
  });

  it('falls back to "unexpected" with the tool message for anything unknown', () => {
    const failure = classifyFailure(
      { kind: 'exited', exitCode: 3, stdout: '', stderr: 'kinit: Something new\n' },
      kinit,
    );
    expect(failure).toEqual({ kind: 'unexpected', tool: 'kinit', exitCode: 3, detail: 'kinit: Something new' });
  });
});
