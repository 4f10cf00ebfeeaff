import { createKrbService, type KrbService } from '../services/krb-service.js';
import { type CliIo, type ExitCode, processIo } from './io.js';
import { UsageError, destroyCommand, loginCommand, renewCommand, statusCommand, switchCommand } from './krb-commands.js';

const USAGE = `Usage: ticket-tray <command> [options]

Kerberos:
  status [--json]                 every credential cache, the primary one, times and flags
  login <principal> [--fedora]    get a ticket; password on the first line of stdin,
                                  with --fedora an optional one-time code on the second
  switch <principal>              make that principal's cache the primary one
  renew [<principal>]             renew the primary ticket, or that principal's
  destroy <principal> | --all     destroy one principal's tickets, or all of them

KRB5CCNAME and KRB5_CONFIG are honoured as the MIT tools honour them.
`;

type Command = (krb: KrbService, io: CliIo, args: readonly string[]) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, Command>> = {
  status: statusCommand,
  login: loginCommand,
  switch: switchCommand,
  renew: renewCommand,
  destroy: destroyCommand,
};

/** Runs one command line; returns the exit status instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) return usageError(io, `unknown command "${name}"`);
  try {
    return await command(createKrbService({ env }), io, args);
  } catch (e) {
    // parseArgs reports unknown options and missing values as TypeErrors with a code.
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      return usageError(io, e.message);
    }
    throw e;
  }
}

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`ticket-tray: ${message} (see ticket-tray --help)\n`);
  return 1;
}
