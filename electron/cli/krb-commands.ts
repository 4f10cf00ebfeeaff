import { parseArgs } from 'node:util';
import { formatLocalTime } from '../../shared/duration.js';
import { describeKrbFailure } from '../../shared/krb-messages.js';
import type { KrbFailure } from '../../shared/krb.js';
import type { Result } from '../../shared/result.js';
import type { KrbService } from '../services/kerberos/service.js';
import { formatStatus } from './format.js';
import { type CliIo, type ExitCode, readSecrets } from './io.js';
import { jsonFailure, printJson } from './output.js';

/** Prints a failure as one line on stderr: the plain sentence, then the tool's own words. */
export function printFailure(io: CliIo, failure: KrbFailure): ExitCode {
  io.stderr.write(`ticket-tray: ${failureSentence(failure)}\n`);
  return 1;
}

export class UsageError extends Error {}

/** With `json`, the value (or the failure) as JSON on stdout; otherwise `success`'s words, or one line on stderr. */
function finish<T>(
  io: CliIo,
  result: Result<T, KrbFailure>,
  success: (value: T) => string,
  json?: (value: T) => unknown,
): ExitCode {
  if (json) {
    printJson(io, result.ok ? json(result.value) : jsonFailure(result.error.kind, failureSentence(result.error)));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) return printFailure(io, result.error);
  io.stdout.write(success(result.value));
  return 0;
}

function failureSentence(failure: KrbFailure): string {
  const detail = 'detail' in failure && failure.detail ? ` (${failure.detail})` : '';
  return `${describeKrbFailure(failure)}${detail}`.replace(/\n/g, ' ');
}

const JSON_FLAG = { json: { type: 'boolean' } } as const;

export async function statusCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError('status takes no arguments');
  return finish(io, await krb.status(), formatStatus, values.json ? (s) => s : undefined);
}

export async function switchCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: JSON_FLAG,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('expected switch <principal>');
  return finish(
    io,
    await krb.switchTo(positionals[0]!),
    (c) => `${c.principal} is now the primary identity.\n`,
    values.json ? (c) => c : undefined,
  );
}

/** `login <principal> [--fedora]`: the password on stdin's first line, an optional OTP code on its second. */
export async function loginCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { fedora: { type: 'boolean' }, ...JSON_FLAG },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('expected login <principal> [--fedora]');
  const fedora = values.fedora ?? false;
  const prompts = fedora ? ['Password: ', 'One-time code (leave blank if not enrolled): '] : ['Password: '];
  const [password = '', otp = ''] = await readSecrets(io, prompts);
  const result = await krb.login({ principal: positionals[0]!, password, otp: otp.trim(), fedora });
  return finish(io, result, (c) => `Logged in as ${c.principal}.\n`, values.json ? (c) => c : undefined);
}

export async function renewCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: JSON_FLAG,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError('expected renew [<principal>]');
  const cache = (
    c: { status: { caches: readonly { principal: string | null; expires: string | null }[] } },
    p: string,
  ) => c.status.caches.find((x) => x.principal === p)?.expires;
  return finish(
    io,
    await krb.renew(positionals[0]),
    (c) => `Renewed ${c.principal}; it now expires at ${formatLocalTime(cache(c, c.principal) ?? '?')}.\n`,
    values.json ? (c) => c : undefined,
  );
}

export async function destroyCommand(krb: KrbService, io: CliIo, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { all: { type: 'boolean' }, ...JSON_FLAG },
    allowPositionals: true,
    strict: true,
  });
  const json = values.json ? (destroyed: string) => (status: unknown) => ({ destroyed, status }) : () => undefined;
  if (values.all && positionals.length === 0)
    return finish(io, await krb.destroyAll(), () => 'Destroyed every ticket in the collection.\n', json('all'));
  if (values.all || positionals.length !== 1) throw new UsageError('expected destroy <principal> or destroy --all');
  return finish(
    io,
    await krb.destroy(positionals[0]!),
    () => `Destroyed the tickets of ${positionals[0]}.\n`,
    json(positionals[0]!),
  );
}
