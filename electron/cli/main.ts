import { createCoprService, type CoprService } from '../services/copr/service.js';
import { createDoctor } from '../services/doctor/service.js';
import { createKrbService, type KrbService } from '../services/kerberos/service.js';
import { coprCommand } from './copr-commands.js';
import { doctorCommand } from './doctor-commands.js';
import { type CliIo, type ExitCode, Interrupted, processIo, withSafeOutput } from './io.js';
import {
  UsageError,
  destroyCommand,
  loginCommand,
  renewCommand,
  statusCommand,
  switchCommand,
} from './krb-commands.js';

const USAGE = `Usage: ticket-tray <command> [options]

Kerberos:
  status [--json]                 every credential cache, the primary one, times and flags
  login <principal> [--fedora]    get a ticket; password on the first line of stdin,
                                  with --fedora an optional one-time code on the second
  switch <principal>              make that principal's cache the primary one
  renew [<principal>]             renew the primary ticket, or that principal's
  destroy <principal> | --all     destroy one principal's tickets, or all of them

Copr (each takes --copr-config PATH; default ~/.config/copr):
  copr check [--api-semantics] [--json]
                                  prove who Copr thinks you are, by the method copr-cli
                                  (or, with --api-semantics, the Python API) would use
  copr pin <principal>            make GSSAPI use that principal for the Copr host (~/.k5identity)
  copr unpin                      remove that pin
  copr session [--clear]          show (or clear) the login session saved with copr-cli
  copr config [--set-url URL] [--gssapi on|off]
                                  show the config and which method each client uses, or edit it
  copr renew-token                get a new API token through a Kerberos login

Troubleshooting:
  doctor [--copr-config PATH] [--json]
                                  name every login problem found, with its fixes;
                                  exit 0 when none is an error
  doctor --fix <fix-id>           apply one fix the doctor offers, and say what changed
  doctor --report                 a diagnostic report to paste into a forum post or bug
                                  (never a password, OTP, token or session cookie)

KRB5CCNAME and KRB5_CONFIG are honoured as the MIT tools honour them; HOME locates
~/.config/copr, ~/.cache/copr and ~/.k5identity.
`;

interface Services {
  readonly krb: KrbService;
  readonly copr: CoprService;
}

type Command = (services: Services, io: CliIo, args: readonly string[]) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, Command>> = {
  status: ({ krb }, io, args) => statusCommand(krb, io, args),
  login: ({ krb }, io, args) => loginCommand(krb, io, args),
  switch: ({ krb }, io, args) => switchCommand(krb, io, args),
  renew: ({ krb }, io, args) => renewCommand(krb, io, args),
  destroy: ({ krb }, io, args) => destroyCommand(krb, io, args),
  copr: ({ copr }, io, args) => coprCommand(copr, io, args),
  doctor: ({ krb, copr }, io, args) =>
    doctorCommand(
      (configPath) => createDoctor({ krb, copr, ...(configPath === undefined ? {} : { configPath }) }),
      io,
      args,
    ),
};

/** Runs one command line; returns the exit status instead of exiting, so tests can call it. */
export async function runCli(
  argv: readonly string[],
  rawIo: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const io = withSafeOutput(rawIo);
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) return usageError(io, `unknown command "${name}"`);
  try {
    const krb = createKrbService({ env });
    return await command({ krb, copr: createCoprService({ krb }) }, io, args);
  } catch (e) {
    // Ctrl-C at a prompt: the user's choice, not an error; the shell's convention for SIGINT.
    if (e instanceof Interrupted) return 130;
    // parseArgs reports unknown options and missing values as TypeErrors with a code.
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      return usageError(io, e.message);
    }
    throw e;
  }
}

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`ticket-tray: ${message} (see ticket-tray --help)\n`);
  return 1;
}
