/**
 * Fedora's login, as fkinit does it: anonymous PKINIT gives an armor ticket, which protects (FAST)
 * the real login; two-factor accounts cannot log in without it. Or, when chosen, fkinit itself.
 */
// Not node:fs/promises: the command line's `status` loads this module too (see safe-read.ts).
import { mkdtemp, rm } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FEDORA_REALM, type KrbFailure } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import type { RunOutcome } from '../process/run.js';
import { classifyFailure } from './classify.js';
import { type KrbToolbox, succeeded } from './toolbox.js';

export interface FedoraLoginOptions {
  /** Where the private armor cache lives while it runs. Default: the system temp directory. */
  readonly tempDir?: string | undefined;
}

export function createFedoraLogin(box: KrbToolbox, options: FedoraLoginOptions) {
  /** Runs `fn` with a fresh anonymous-PKINIT armor cache in a private directory that is removed afterwards, whatever happens. */
  async function withArmor<T>(fn: (armor: string) => Promise<T>): Promise<Result<T, KrbFailure>> {
    const dir = await promisify(mkdtemp)(join(options.tempDir ?? tmpdir(), 'ticket-tray-armor-'));
    const armor = `FILE:${join(dir, 'armor')}`;
    try {
      const anon = await box.tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], '', box.kinitTimeoutMs);
      if (!succeeded(anon))
        return err(
          classifyFailure(anon, { tool: 'kinit', realm: FEDORA_REALM, timeoutMs: box.kinitTimeoutMs, armorStep: true }),
        );
      return ok(await fn(armor));
    } finally {
      await promisify(rm)(dir, { recursive: true, force: true });
    }
  }

  /** The armored kinit; `input` is password and one-time code on one line; `optionArgs` are kinit's -l, -r, -f/-F. */
  function armoredKinit(
    principal: string,
    input: string,
    optionArgs: readonly string[] = [],
  ): Promise<Result<RunOutcome, KrbFailure>> {
    return withArmor((armor) => box.tool('kinit', ['-T', armor, ...optionArgs, principal], input, box.kinitTimeoutMs));
  }

  /** fedora-packager's fkinit asks for the password, then the OTP (blank when not enrolled). */
  function fkinit(principal: string, password: string, otp: string): Promise<RunOutcome> {
    const user = principal.slice(0, principal.lastIndexOf('@'));
    return box.tool('fkinit', ['-u', user], `${password}\n${otp}\n`, box.kinitTimeoutMs);
  }

  /**
   * Whether a Fedora login could start, without a password: the KDC answers, anonymous PKINIT works
   * (two-factor accounts need it) and the clocks agree. null when all is well.
   */
  async function probeFedoraLogin(): Promise<KrbFailure | null> {
    const result = await withArmor(async () => null);
    return result.ok ? null : result.error;
  }

  return { armoredKinit, fkinit, probeFedoraLogin };
}
