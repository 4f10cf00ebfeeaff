import { parseArgs } from 'node:util';
import { describeKrbFailure } from '../../shared/krb-messages.js';
import type { KrbFailure } from '../../shared/krb.js';
import type { Result } from '../../shared/result.js';
import { terminalSafe } from '../../shared/text-safety.js';
import type { KrbService } from '../services/kerberos/service.js';
import { formatStatus } from './format.js';
import { type CliIo, type ExitCode, readSecrets } from './io.js';

/** Prints a failure as one line on stderr: the plain sentence, then the tool's own words. */
export function printFailure(io: CliIo, failure: KrbFailure): ExitCode {
  // The tool's own words (kinit's stderr) can quote a KDC's or a file's text: escaped and bounded.
  const detail = 'detail' in failure && failure.detail ? ` (${terminalSafe(failure.detail)})` : '';
  io.stderr.write(`ticket-tray: ${describeKrbFailure(failure)}${detail}\n`.replace(/\n(?!$)/g, ' '));
  return 1;
}

export class UsageError extends Error {}

function finish<T>(io: CliIo, result: Result<T, KrbFailure>, success: (value: T) => string): ExitCode {
  if (!result.ok) return printFailure(io, result.error);
  io.stdout.write(success(result.value));
  return 0;
}

function onePositional(args: readonly string[], what: string): string {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`expected ${what}`);
  return positionals[0]!;
}

export async function statusCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError('status takes no arguments');
  return finish(io, await krb.status(), (s) => (values.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s)));
}

export async function switchCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const principal = onePositional(args, 'switch <principal>');
  return finish(io, await krb.switchTo(principal), (c) => `${c.principal} is now the primary identity.\n`);
}

/** `login <principal> [--fedora]`: the password on stdin's first line, an optional OTP code on its second. */
export async function loginCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { fedora: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('expected login <principal> [--fedora]');
  const fedora = values.fedora ?? false;
  const prompts = fedora ? ['Password: ', 'One-time code (leave blank if not enrolled): '] : ['Password: '];
  const [password = '', otp = ''] = await readSecrets(io, prompts);
  const result = await krb.login({ principal: positionals[0]!, password, otp: otp.trim(), fedora });
  return finish(io, result, (c) => `Logged in as ${c.principal}.\n`);
}

export async function renewCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new UsageError('expected renew [<principal>]');
  const cache = (
    c: { status: { caches: readonly { principal: string | null; expires: string | null }[] } },
    p: string,
  ) => c.status.caches.find((x) => x.principal === p)?.expires ?? '?';
  return finish(
    io,
    await krb.renew(positionals[0]),
    (c) => `Renewed ${c.principal}; it now expires at ${cache(c, c.principal)}.\n`,
  );
}

export async function destroyCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { all: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.all && positionals.length === 0)
    return finish(io, await krb.destroyAll(), () => 'Destroyed every ticket in the collection.\n');
  if (values.all || positionals.length !== 1) throw new UsageError('expected destroy <principal> or destroy --all');
  return finish(io, await krb.destroy(positionals[0]!), () => `Destroyed the tickets of ${positionals[0]}.\n`);
}
