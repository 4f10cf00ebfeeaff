import { formatLocalTime } from '../../shared/duration.js';
import { describeKrbFailure, describePrimaryFix, describePrimaryMove } from '../../shared/krb-messages.js';
import type {
  KrbChange,
  KrbDestroyed,
  KrbFailure,
  PasswordChangeFailure,
  PrimaryFix,
  PrimaryMove,
} from '../../shared/krb.js';
import { describePasswordChangeFailure, passwordServerText } from '../../shared/password-messages.js';
import type { Result } from '../../shared/result.js';
import { terminalSafe } from '../../shared/text-safety.js';
import { describeGrantShortfalls } from '../../shared/ticket-grant.js';
import type { TicketOptions } from '../../shared/ticket-options.js';
import type { KrbService } from '../services/kerberos/service.js';
import { type CommandInput, flagGiven, optionValue } from './command-input.js';
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
  json: boolean,
  success: (value: T) => string,
  toJson: (value: T) => unknown = (value) => value,
): ExitCode {
  if (json) {
    printJson(io, result.ok ? toJson(result.value) : jsonFailure(result.error.kind, failureSentence(result.error)));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) return printFailure(io, result.error);
  io.stdout.write(success(result.value));
  return 0;
}

/** An action's positionals and flags, from the table parser's result. */
function actionArgs(input: CommandInput) {
  return { positionals: input.args, flag: (name: string) => flagGiven(input, name) };
}

function failureSentence(failure: KrbFailure): string {
  // The tool's own words (kinit's stderr) can quote a KDC's or a file's text: escaped and bounded.
  const detail = 'detail' in failure && failure.detail ? ` (${terminalSafe(failure.detail)})` : '';
  return `${describeKrbFailure(failure)}${detail}`.replace(/\n/g, ' ');
}

export async function statusCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag } = actionArgs(input);
  if (positionals.length > 0) throw new UsageError('status takes no arguments');
  return finish(io, await krb.status(), flag('json'), formatStatus);
}

export async function switchCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag } = actionArgs(input);
  if (positionals.length !== 1) throw new UsageError('expected switch <principal> [--json]');
  return finish(
    io,
    await krb.switchTo(positionals[0]!),
    flag('json'),
    (c) => `${c.principal} is now the primary identity.\n`,
  );
}

/** The login's arguments: its principal, its flags and its ticket options (checked by the service). */
function loginArgs(input: CommandInput) {
  const { positionals, flag } = actionArgs(input);
  if (flag('forwardable') && flag('no-forwardable')) throw new UsageError('use --forwardable or --no-forwardable');
  const lifetime = optionValue(input, 'lifetime');
  const renewableLifetime = optionValue(input, 'renewable-life');
  const ticketOptions: TicketOptions = {
    ...(lifetime === undefined ? {} : { lifetime }),
    ...(renewableLifetime === undefined ? {} : { renewableLifetime }),
    ...(flag('forwardable') ? { forwardable: true } : flag('no-forwardable') ? { forwardable: false } : {}),
  };
  return { positionals, flag, ticketOptions };
}

/**
 * `login <principal> [--fedora] [--keep-primary] [--lifetime D] [--renewable-life D] [--[no-]forwardable]`:
 * the password on stdin's first line, an optional OTP code on its second. Without --keep-primary
 * the new identity becomes primary, as with kinit.
 */
export async function loginCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag, ticketOptions } = loginArgs(input);
  if (positionals.length !== 1) throw new UsageError('expected login <principal> [--fedora] [--keep-primary]');
  const fedora = flag('fedora');
  const prompts = fedora ? ['Password: ', 'One-time code (leave blank if not enrolled): '] : ['Password: '];
  const [password = '', otp = ''] = await readSecrets(io, prompts);
  const keepPrimary = flag('keep-primary');
  const result = await krb.login({
    principal: positionals[0]!,
    password,
    otp: otp.trim(),
    fedora,
    keepPrimary,
    options: ticketOptions,
  });
  return finish(io, result, flag('json'), loggedInText);
}

/** "Logged in as …", what the KDC granted short of what was asked, and what happened to the primary. */
function loggedInText(c: KrbChange): string {
  const shortfalls = describeGrantShortfalls(c.granted);
  return `Logged in as ${c.principal}.\n${shortfalls ? `${shortfalls}\n` : ''}${primaryReport(c.primaryMove)}`;
}

/** What the login did to the primary, and the commands that would give Copr its identity back. */
function primaryReport(move: PrimaryMove | undefined): string {
  const said = move ? describePrimaryMove(move) : null;
  if (!move || said === null) return '';
  const fixes = move.fixes.map((fix) => `  ${describePrimaryFix(fix)} Run: ${fixCommand(fix)}\n`);
  const hint =
    move.leftCoprRealm && move.keepPrimary === 'not-asked'
      ? 'Next time, `ticket-tray login --keep-primary` leaves the primary identity where it is.\n'
      : '';
  return `${said}\n${fixes.join('')}${hint}`;
}

function fixCommand(fix: PrimaryFix): string {
  return fix.kind === 'switch' ? `ticket-tray switch ${fix.principal}` : `ticket-tray copr pin ${fix.principal}`;
}

export async function renewCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag } = actionArgs(input);
  if (positionals.length > 1) throw new UsageError('expected renew [<principal>] [--json]');
  return finish(io, await krb.renew(positionals[0]), flag('json'), renewedText);
}

function renewedText(c: KrbChange): string {
  const renewed =
    c.status.caches.find((x) => x.cache === c.cache) ?? c.status.caches.find((x) => x.principal === c.principal);
  return `Renewed ${c.principal}; it now expires at ${renewed?.expires ? formatLocalTime(renewed.expires) : '?'}.\n`;
}

export async function destroyCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag } = actionArgs(input);
  if (flag('all') && positionals.length === 0)
    return finish(
      io,
      await krb.destroyAll(),
      flag('json'),
      () => 'Destroyed every ticket in the collection.\n',
      (status) => ({ destroyed: 'all', status }),
    );
  if (flag('all') || positionals.length !== 1) throw new UsageError('expected destroy <principal> or destroy --all');
  return finish(io, await krb.destroy(positionals[0]!), flag('json'), destroyedText, destroyedJson);
}

/** Shaped like the other actions' results: what was done, the primary before and after, then the snapshot. */
function destroyedJson({ destroyed, primaryBefore, primaryAfter, ...status }: KrbDestroyed) {
  return { destroyed, primaryBefore, primaryAfter, status };
}

function destroyedText(d: KrbDestroyed): string {
  const destroyed = `Destroyed the tickets of ${d.destroyed}.\n`;
  if (d.primaryBefore !== d.destroyed || d.primaryAfter !== null) return destroyed;
  return `${destroyed}It was the primary identity, so there is none now; choose one with \`ticket-tray switch <principal>\`.\n`;
}

const PASSWORD_PROMPTS = ['Current password: ', 'New password: ', 'New password again: '];

/**
 * `passwd [<principal>] [--json]`: the current password and the new one twice, from the terminal
 * without echo or from three lines of stdin. The repeat is checked here: kpasswd gets the new
 * password twice from the service, so it would never see a typing mistake.
 */
export async function passwdCommand(krb: KrbService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const { positionals, flag } = actionArgs(input);
  if (positionals.length > 1) throw new UsageError('expected passwd [<principal>] [--json]');
  const json = flag('json');
  const principal = positionals[0] ?? (await primaryPrincipal(krb));
  if (principal === null) return passwdFailed(io, json, { kind: 'no-such-cache', principal: '', detail: '' });
  const [oldPassword = '', newPassword = '', repeat = ''] = await readSecrets(io, PASSWORD_PROMPTS);
  if (newPassword !== repeat) {
    const reason = 'The two new passwords differ; nothing was changed.';
    return passwdFailed(io, json, { kind: 'invalid-input', field: 'new-password', reason });
  }
  const result = await krb.changePassword({ principal, oldPassword, newPassword });
  if (!result.ok) return passwdFailed(io, json, result.error);
  if (json) printJson(io, result.value);
  else io.stdout.write(`Changed the password of ${result.value.principal}; logging in with it works.\n`);
  return 0;
}

async function primaryPrincipal(krb: KrbService): Promise<string | null> {
  const status = await krb.status();
  return status.ok ? status.value.primary : null;
}

/** One line on stderr (or the JSON failure): our sentence, then the server's or the tool's own words, escaped. */
function passwdFailed(io: CliIo, json: boolean, failure: PasswordChangeFailure): ExitCode {
  const server = passwordServerText(failure);
  const detail = 'detail' in failure && failure.detail ? failure.detail : null;
  const own = server ?? detail;
  const sentence = `${describePasswordChangeFailure(failure)}${own ? ` (${terminalSafe(own)})` : ''}`;
  if (json) printJson(io, jsonFailure(failure.kind, sentence));
  else io.stderr.write(`ticket-tray: ${sentence}\n`);
  return 1;
}
