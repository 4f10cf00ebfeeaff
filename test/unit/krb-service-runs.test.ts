import { describe, expect, it } from 'vitest';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import type { RunOptions, RunOutcome, Runner } from '../../electron/services/process/run.js';

/**
 * What the service hands each program. A recording runner, because these are facts about our own
 * argv and stdin (the real tools are exercised in test/integration).
 */
function recordingRunner(answer: (file: string, args: readonly string[]) => RunOutcome) {
  const calls: Array<{ file: string; args: readonly string[]; options: RunOptions }> = [];
  const run: Runner = async (file, args, options) => {
    calls.push({ file, args, options });
    return answer(file, args);
  };
  return { run, calls };
}

const exited = (exitCode: number, stdout = '', stderr = ''): RunOutcome => ({
  kind: 'exited',
  exitCode,
  stdout,
  stderr,
});
const env = { KRB5CCNAME: 'DIR:/nonexistent/cc', PATH: '/usr/bin' };

describe('the programs a login runs', () => {
  it('fkinit, when chosen: -u with the FAS name, password and OTP on separate stdin lines', async () => {
    const { run, calls } = recordingRunner((file) => (file === 'klist' ? exited(1) : exited(0)));
    const krb = createKrbService({ run, env, useFkinit: true });
    await krb.login({ principal: 'alice', password: 's3cret', otp: '123456', fedora: true });
    const fkinit = calls.find((c) => c.file === 'fkinit')!;
    expect(fkinit.args).toEqual(['-u', 'alice']);
    expect(fkinit.options.input).toBe('s3cret\n123456\n');
    expect(calls.some((c) => c.file === 'kinit')).toBe(false);
  });

  it('the built-in Fedora flow: armor first, then -T with password and code on one line', async () => {
    const { run, calls } = recordingRunner((file) => (file === 'klist' ? exited(1) : exited(0)));
    const krb = createKrbService({ run, env });
    await krb.login({ principal: 'alice', password: 's3cret', otp: '123456', fedora: true });
    const [armor, login] = calls.filter((c) => c.file === 'kinit');
    expect(armor!.args.slice(0, 3)).toEqual(['-n', '@FEDORAPROJECT.ORG', '-c']);
    expect(armor!.args[3]).toMatch(/^FILE:\/.*ticket-tray-armor-.*\/armor$/);
    expect(login!.args).toEqual(['-T', armor!.args[3], 'alice@FEDORAPROJECT.ORG']);
    expect(login!.options.input).toBe('s3cret123456\n');
    for (const c of calls) {
      expect(c.args.join(' ')).not.toMatch(/s3cret|123456/);
      expect(JSON.stringify(c.options.env)).not.toMatch(/s3cret|123456/);
      expect(c.options.timeoutMs).toBeGreaterThan(0);
    }
  });

  it('stops after the armor step when anonymous PKINIT fails', async () => {
    const { run, calls } = recordingRunner((file, args) =>
      file === 'kinit' && args[0] === '-n'
        ? exited(
            1,
            '',
            "kinit: Client 'WELLKNOWN/ANONYMOUS@FEDORAPROJECT.ORG' not found in Kerberos database while getting initial credentials\n",
          )
        : exited(1),
    );
    const krb = createKrbService({ run, env });
    const result = await krb.login({ principal: 'alice', password: 'pw', fedora: true });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'anonymous-pkinit-unavailable', realm: 'FEDORAPROJECT.ORG' },
    });
    expect(calls.filter((c) => c.file === 'kinit')).toHaveLength(1);
  });

  it('refuses a Fedora login for another realm without running anything', async () => {
    const { run, calls } = recordingRunner(() => exited(0));
    const krb = createKrbService({ run, env });
    const result = await krb.login({ principal: 'alice@EXAMPLE.COM', password: 'pw', fedora: true });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input', field: 'principal' } });
    expect(calls).toEqual([]);
  });
});
