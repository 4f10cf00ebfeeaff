import { describe, expect, it } from 'vitest';
import { classifyKpasswd } from '../../electron/services/kerberos/password.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import type { RunOptions, RunOutcome, Runner } from '../../electron/services/process/run.js';
import type { PasswordChangeFailure, PasswordChangeFailureKind } from '../../shared/krb.js';
import { describePasswordChangeFailure, passwordServerText } from '../../shared/password-messages.js';
import { fixture, fixtureNames } from '../support/fixtures.js';

const DAVE = 'dave@EXAMPLE.COM';

/** Every recorded kpasswd failure and what it must be classified as. */
const CASES: ReadonlyArray<[string, PasswordChangeFailureKind]> = [
  ['kpasswd_wrong_old', 'wrong-old-password'],
  ['kpasswd_too_short', 'password-too-short'],
  ['kpasswd_few_classes', 'password-too-simple'],
  ['kpasswd_same_as_old', 'password-reused'],
  ['kpasswd_history', 'password-reused'],
  ['kpasswd_too_soon', 'password-changed-too-recently'],
  ['kpasswd_unknown', 'unknown-principal'],
  ['kpasswd_kadmind_down', 'password-server-unreachable'],
  ['kpasswd_kdc_down', 'kdc-unreachable'],
  ['kpasswd_mismatch', 'unexpected'],
  ['kpasswd_eof', 'unexpected'],
];

function failureOf(name: string): PasswordChangeFailure {
  const result = classifyKpasswd(fixture(name).outcome, DAVE, 30_000);
  if (result.ok) throw new Error(`${name} was classified as a success`);
  return result.error;
}

describe('classifyKpasswd on recorded kpasswd runs', () => {
  it('every recorded failure has a case here', () => {
    const recorded = fixtureNames('kpasswd_').filter((n) => n !== 'kpasswd_success');
    expect(recorded).toEqual(CASES.map(([name]) => name).sort());
  });

  it.each(CASES)('%s is %s, said in one sentence', (name, kind) => {
    const failure = failureOf(name);
    expect(failure.kind).toBe(kind);
    const sentence = describePasswordChangeFailure(failure);
    // An unexpected failure ends in kpasswd's own words: the sentence shape is ours for the rest.
    if (kind !== 'unexpected') expect(sentence).toMatch(/^[A-Z].*[.)]$/);
    expect(sentence).not.toMatch(/\n/);
  });

  it('"Password changed." with exit 0 is a success', () => {
    expect(classifyKpasswd(fixture('kpasswd_success').outcome, DAVE, 30_000).ok).toBe(true);
  });

  it('exit 0 without "Password changed." is not', () => {
    const outcome: RunOutcome = { kind: 'exited', exitCode: 0, stdout: 'Password for dave: \n', stderr: '' };
    expect(classifyKpasswd(outcome, DAVE, 30_000).ok).toBe(false);
  });

  it('keeps the numbers the policy names', () => {
    expect(failureOf('kpasswd_too_short')).toMatchObject({ minLength: 12 });
    expect(failureOf('kpasswd_few_classes')).toMatchObject({ minClasses: 3 });
    expect(describePasswordChangeFailure(failureOf('kpasswd_too_short'))).toContain('at least 12 characters');
  });

  it("keeps the server's own text on one line, with the date a change is allowed again", () => {
    const text = passwordServerText(failureOf('kpasswd_too_soon'));
    expect(text).toContain('Please wait until Sun Dec 6 20:01:25 2026 before you change it.');
    expect(text).not.toMatch(/\n/);
  });

  it('escapes control characters in what the server says', () => {
    const stdout = 'Password change rejected: \u001b]52;c;ZXZpbA==\u0007 nope\n';
    const outcome: RunOutcome = { kind: 'exited', exitCode: 2, stdout, stderr: '' };
    const result = classifyKpasswd(outcome, DAVE, 30_000);
    expect(result).toMatchObject({ ok: false, error: { kind: 'password-rejected' } });
    const text = passwordServerText(!result.ok ? result.error : failureOf('kpasswd_too_short'))!;
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain('\\u001b');
  });
});

describe('the programs a password change runs', () => {
  const env = { KRB5CCNAME: 'DIR:/nonexistent/cc', PATH: '/usr/bin' };
  function recordingRunner(answer: (file: string) => RunOutcome) {
    const calls: Array<{ file: string; args: readonly string[]; options: RunOptions }> = [];
    const run: Runner = async (file, args, options) => {
      calls.push({ file, args, options });
      return answer(file);
    };
    return { run, calls };
  }
  const changed: RunOutcome = { kind: 'exited', exitCode: 0, stdout: 'Password changed.\n', stderr: '' };
  const loggedIn: RunOutcome = { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };

  it('kpasswd gets the passwords on stdin only, then a kinit into a MEMORY cache confirms the new one', async () => {
    const { run, calls } = recordingRunner((file) => (file === 'kpasswd' ? changed : loggedIn));
    const krb = createKrbService({ run, env });
    const result = await krb.changePassword({
      principal: DAVE,
      oldPassword: 'Old-s3cret-1',
      newPassword: 'New-s3cret-2',
    });
    expect(result).toMatchObject({ ok: true, value: { principal: DAVE, confirmedBy: 'new-password-login' } });
    const [kpasswd, kinit] = calls.filter((c) => c.file !== 'klist');
    expect(kpasswd!.file).toBe('kpasswd');
    expect(kpasswd!.args).toEqual([DAVE]);
    expect(kpasswd!.options.input).toBe('Old-s3cret-1\nNew-s3cret-2\nNew-s3cret-2\n');
    expect(kinit!.args).toEqual(['-c', 'MEMORY:ticket-tray-password-check', DAVE]);
    expect(kinit!.options.input).toBe('New-s3cret-2\n');
    // No cache of EXAMPLE.COM in the collection: kpasswd gets none to take as FAST armor.
    expect(kpasswd!.options.env['KRB5CCNAME']).toBe('MEMORY:ticket-tray-no-armor');
    for (const c of calls) {
      expect(c.args.join(' ')).not.toMatch(/s3cret/);
      expect(JSON.stringify(c.options.env)).not.toMatch(/s3cret/);
      expect(c.options.timeoutMs).toBeGreaterThan(0);
    }
  });

  it('a change the new password cannot log in with is not confirmed', async () => {
    const refused: RunOutcome = { kind: 'exited', exitCode: 1, stdout: '', stderr: 'kinit: Password incorrect\n' };
    const { run } = recordingRunner((file) => (file === 'kpasswd' ? changed : refused));
    const result = await createKrbService({ run, env }).changePassword({
      principal: DAVE,
      oldPassword: 'Old-s3cret-1',
      newPassword: 'New-s3cret-2',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'change-not-confirmed', principal: DAVE } });
  });

  it.each([
    [{ principal: 'alice@FEDORAPROJECT.ORG', oldPassword: 'a', newPassword: 'b' }, 'fedora-account'],
    [{ principal: DAVE, oldPassword: '', newPassword: 'b' }, 'invalid-input'],
    [{ principal: DAVE, oldPassword: 'a', newPassword: 'b\nc' }, 'invalid-input'],
    [{ principal: DAVE, oldPassword: 'a', newPassword: 'x'.repeat(1025) }, 'invalid-input'],
    [{ principal: 'da ve@EXAMPLE.COM', oldPassword: 'a', newPassword: 'b' }, 'invalid-input'],
  ])('refuses %j before running anything (%s)', async (request, kind) => {
    const { run, calls } = recordingRunner(() => changed);
    const result = await createKrbService({ run, env }).changePassword(request);
    expect(result).toMatchObject({ ok: false, error: { kind } });
    expect(calls.filter((c) => c.file !== 'klist')).toEqual([]);
  });

  it('points a Fedora account at Fedora Accounts', async () => {
    const { run } = recordingRunner(() => changed);
    const result = await createKrbService({ run, env }).changePassword({
      principal: 'alice@FEDORAPROJECT.ORG',
      oldPassword: 'a',
      newPassword: 'b',
    });
    expect(result).toMatchObject({ ok: false, error: { url: 'https://accounts.fedoraproject.org/' } });
  });
});
