import type { CoprCheck, CoprFailure } from '../../shared/copr.js';
import { formatLocalTime } from '../../shared/duration.js';
import type { Result } from '../../shared/result.js';
import { terminalSafe } from '../../shared/text-safety.js';
import type { UnsavedToken } from '../services/copr/edits.js';
import { describeCoprAdvice, describeCoprFailure } from '../services/copr/messages.js';
import type { CoprService } from '../services/copr/service.js';
import { type CommandInput, flagGiven, optionValue } from './command-input.js';
import { type CliIo, type ExitCode } from './io.js';
import { UsageError } from './krb-commands.js';
import { jsonFailure, printJson, unsavedTokenText } from './output.js';

/** Prints a Copr failure as one line on stderr; a server's words in it are escaped and bounded. */
function printCoprFailure(io: CliIo, failure: CoprFailure): ExitCode {
  io.stderr.write(`ticket-tray: ${terminalSafe(describeCoprFailure(failure).replace(/\n/g, ' '))}\n`);
  return 1;
}

/** With `json`, the value (or the failure) as JSON on stdout; otherwise `success`'s words, or one line on stderr. */
function finish<T>(
  io: CliIo,
  result: Result<T, CoprFailure>,
  success: (value: T) => string,
  json?: (value: T) => unknown,
): ExitCode {
  if (json) {
    const failure = result.ok ? null : result.error;
    printJson(
      io,
      failure ? jsonFailure(failure.kind, describeCoprFailure(failure)) : json((result as { value: T }).value),
    );
    return failure ? 1 : 0;
  }
  if (!result.ok) return printCoprFailure(io, result.error);
  io.stdout.write(success(result.value));
  return 0;
}

/** The config file the command works on: `--copr-config`, or the default. */
function target(input: CommandInput) {
  const configPath = optionValue(input, 'copr-config');
  return configPath === undefined ? {} : { configPath };
}

/** The readable report of a check. The user name and the error come from the server: escaped and bounded. */
export function formatCheck(c: CoprCheck): string {
  const lines = [
    `Copr:      ${c.coprUrl || '-'} (config ${c.configPath})`,
    `Method:    ${c.method} (${c.semantics === 'cli' ? 'as copr-cli would' : 'as the Python API would'})`,
  ];
  if (c.ok) {
    const { principal } = c.value;
    const user = terminalSafe(c.value.user);
    const via =
      c.method === 'gssapi'
        ? `Kerberos${principal ? ` as ${principal}` : ''}, ${c.session === 'reused' ? 'saved session reused' : 'new session'}`
        : 'API token';
    lines.push(`Result:    Copr knows you as ${user} (${via}, ${(c.durationMs / 1000).toFixed(2)} s)`);
    if (c.value.staleSession)
      lines.push('Session:   the saved session answered, but no valid Kerberos ticket backs it');
  } else {
    // The reason is printed once, on stderr, after this report.
    lines.push('Result:    failed (the reason follows)');
  }
  lines.push(...sessionLines(c));
  const { identity } = c.advice;
  if (identity && c.method === 'gssapi')
    lines.push(
      `Identity:  GSSAPI would use ${identity.wouldUse ?? 'no ticket'} (${identity.why}); Copr needs ${identity.realm}`,
    );
  const advice = describeCoprAdvice(c.advice);
  if (advice) lines.push(`Advice:    ${terminalSafe(advice)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The saved session and the fresh login, each on its line, then a warning when the session hides
 * what the fresh login meets: the session alone would make the report look fine.
 */
function sessionLines(c: CoprCheck): string[] {
  const lines: string[] = [];
  if (c.savedSession)
    lines.push(
      `Session:   saved session for ${terminalSafe(c.savedSession.user)}, valid until ${formatLocalTime(c.savedSession.expiresAt)}`,
    );
  const fresh = c.freshLogin;
  if (fresh && c.session === 'reused') {
    const who = fresh.principal ?? 'no ticket';
    lines.push(
      fresh.ok
        ? `Fresh:     a new Kerberos login as ${who} works (Copr user ${terminalSafe(fresh.user ?? '?')})`
        : `Fresh:     a new Kerberos login as ${who} fails: ${terminalSafe(fresh.error?.message ?? '')}`,
    );
  }
  if (c.ok && c.sessionHides !== null) {
    const when = c.savedSession ? formatLocalTime(c.savedSession.expiresAt) : 'the session expires';
    lines.push(
      c.sessionHides === 'other-user'
        ? `Warning:   the saved session hides that Kerberos logs you in as another Copr user; from ${when} copr-cli does too`
        : `Warning:   the saved session hides a Kerberos login that fails; copr-cli starts failing at ${when}`,
    );
  }
  return lines;
}

/**
 * `copr check --json`: the fields README documents (`ok`, `user`, `principal`, `error` as null or
 * `{code, message}`) with their meanings, then the structured rest. `ok` stays "Copr confirmed a
 * user"; `freshLogin` says whether a Kerberos login made now would work too.
 */
export function checkJson(c: CoprCheck) {
  return {
    coprUrl: c.coprUrl,
    configPath: c.configPath,
    method: c.method,
    ok: c.ok,
    user: c.ok ? c.value.user : null,
    principal: c.ok ? c.value.principal : null,
    error: c.ok ? null : { code: c.error.kind, message: describeCoprFailure(c.error) },
    failure: c.ok ? null : c.error,
    semantics: c.semantics,
    durationMs: c.durationMs,
    session: c.session,
    staleSession: c.ok && c.value.staleSession,
    sessionRejected: c.sessionRejected,
    savedSession: c.savedSession,
    freshLogin: c.freshLogin,
    sessionHides: c.sessionHides,
    identity: c.advice.identity,
    workingPrincipal: c.advice.workingPrincipal,
    advice: c.advice,
  };
}

async function check(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  const result = await copr.check({ ...target(input), semantics: flagGiven(input, 'api-semantics') ? 'api' : 'cli' });
  io.stdout.write(json ? `${JSON.stringify(checkJson(result), null, 2)}\n` : formatCheck(result));
  if (result.ok) return 0;
  if (!json) io.stderr.write(`ticket-tray: ${terminalSafe(describeCoprFailure(result.error))}\n`);
  return 1;
}

async function pin(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  if (input.args.length !== 1) throw new UsageError('expected copr pin <principal>');
  const pinned = await copr.pin(input.args[0]!, target(input), { force: flagGiven(input, 'force') });
  // Only the realm rule can be overridden (a name that is no principal stays refused), so only then is --force offered.
  if (!pinned.ok && pinned.error.kind === 'pin-refused' && pinned.error.realm !== null && !json) {
    io.stderr.write(`ticket-tray: ${terminalSafe(describeCoprFailure(pinned.error))} (--force pins it anyway)\n`);
    return 1;
  }
  return finish(
    io,
    pinned,
    (p) =>
      p.changed
        ? `GSSAPI now uses ${p.principal} for ${p.host}, whatever the primary (${p.path}).\n`
        : `${p.principal} was already pinned for ${p.host}.\n`,
    json ? (p) => p : undefined,
  );
}

async function unpin(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  return finish(
    io,
    await copr.unpin(target(input)),
    (p) => (p.changed ? `Removed the pin for ${p.host} from ${p.path}.\n` : `Nothing was pinned for ${p.host}.\n`),
    json ? (p) => p : undefined,
  );
}

async function session(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  if (flagGiven(input, 'clear')) {
    return finish(
      io,
      await copr.clearCachedSession(target(input)),
      (r) =>
        r.removed ? `Cleared the saved Copr session (${r.path}).\n` : `There was no saved Copr session (${r.path}).\n`,
      json ? (r) => r : undefined,
    );
  }
  return finish(
    io,
    await copr.overview(target(input)),
    (o) =>
      o.session
        ? `Saved session for ${terminalSafe(o.session.name)}, ${o.session.valid ? 'valid until' : 'expired at'} ${formatLocalTime(o.session.expiresAt)} (${o.session.path}).\n`
        : 'No saved Copr session.\n',
    json ? (o) => ({ session: o.session }) : undefined,
  );
}

async function config(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  const setUrl = optionValue(input, 'set-url');
  const gssapi = optionValue(input, 'gssapi');
  if (gssapi !== undefined && gssapi !== 'on' && gssapi !== 'off') throw new UsageError('--gssapi takes on or off');
  if (setUrl !== undefined || gssapi !== undefined) {
    const edits = {
      ...(setUrl !== undefined ? { coprUrl: setUrl } : {}),
      ...(gssapi !== undefined ? { gssapi: gssapi === 'on' } : {}),
    };
    return finish(
      io,
      await copr.configure(edits, target(input)),
      (c) => `Updated ${c.path}: copr_url = ${c.coprUrl}, gssapi = ${c.gssapi ?? 'unset'}.\n`,
      json ? (c) => c : undefined,
    );
  }
  return finish(
    io,
    await copr.overview(target(input)),
    (o) =>
      [
        `Config:    ${o.config.path}${o.config.exists ? '' : ' (missing: defaults apply)'}`,
        `Copr:      ${o.config.coprUrl}`,
        `Token:     ${o.config.hasToken ? `set${o.config.tokenExpires ? `, expires ${o.config.tokenExpires}` : ''}` : 'none'}`,
        `gssapi:    ${o.config.gssapi ?? 'unset'}`,
        `copr-cli:  ${o.cli.method}: ${o.cli.reason}`,
        `API:       ${o.api.method}: ${o.api.reason}`,
        `Pinned:    ${o.pinned ?? 'nothing'} for ${o.config.host}`,
        '',
      ].join('\n'),
    json ? (o) => o : undefined,
  );
}

async function renewToken(copr: CoprService, io: CliIo, input: CommandInput): Promise<ExitCode> {
  const json = flagGiven(input, 'json');
  const result = await copr.renewToken(target(input));
  if (!result.ok && 'unsaved' in result) return printUnsavedToken(io, result.error, result.unsaved, json);
  return finish(
    io,
    result,
    (r) => `New API token for ${r.user} written to ${r.config.path}; it expires on ${r.expires}.\n`,
    json ? (r) => r : undefined,
  );
}

/**
 * Copr issued a token but the config could not take it. Copr no longer accepts the old one, so
 * this is the user's only copy: printed once, with where it goes (with --json, as `newToken`).
 */
function printUnsavedToken(
  io: CliIo,
  failure: CoprFailure,
  unsaved: UnsavedToken,
  json: boolean | undefined,
): ExitCode {
  const why = describeCoprFailure(failure);
  if (json) {
    const { path, login, token, expires } = unsaved;
    printJson(io, { ...jsonFailure('token-not-saved', why), newToken: { path, login, token, expires } });
    return 1;
  }
  io.stdout.write(
    `Copr issued a new API token for ${terminalSafe(unsaved.user)}, but it could not be written: ${terminalSafe(why)}\n${unsavedTokenText(unsaved)}`,
  );
  return 1;
}

const SUBCOMMANDS: Readonly<Record<string, (copr: CoprService, io: CliIo, input: CommandInput) => Promise<ExitCode>>> =
  {
    check,
    pin,
    unpin,
    session,
    config,
    'renew-token': renewToken,
  };

/** `copr <subcommand>`, with the input the table's parser accepted for it. */
export async function coprCommand(copr: CoprService, io: CliIo, name: string, input: CommandInput): Promise<ExitCode> {
  const sub = SUBCOMMANDS[name];
  if (!sub) throw new UsageError(`unknown copr subcommand "${name}"`);
  return sub(copr, io, input);
}
