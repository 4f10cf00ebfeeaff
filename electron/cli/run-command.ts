import { createKrbService, type KrbService } from '../services/kerberos/service.js';
import { spawnRunner } from '../services/process/spawn-runner.js';
import type { CommandInput } from './command-input.js';
import { commandName } from './commands.js';
import { type CliIo } from './io.js';
import {
  UsageError,
  destroyCommand,
  loginCommand,
  passwdCommand,
  renewCommand,
  statusCommand,
  switchCommand,
} from './krb-commands.js';
import type { RunLine } from './parse.js';

type KrbCommand = (krb: KrbService, io: CliIo, input: CommandInput) => Promise<number>;

const KRB_COMMANDS: Readonly<Record<string, KrbCommand>> = {
  status: statusCommand,
  login: loginCommand,
  passwd: passwdCommand,
  switch: switchCommand,
  renew: renewCommand,
  destroy: destroyCommand,
};

/**
 * Runs a command the table accepted. Only the Kerberos service is loaded here; the Copr and
 * doctor commands (and with them the GSSAPI binding) are loaded only when one of them runs.
 * A usage problem a command finds itself comes back as `{ usage }`, for the caller's exit status 2.
 */
export async function runCommand(
  line: RunLine,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number | { readonly usage: string }> {
  const krb = createKrbService({ env, run: spawnRunner });
  const name = commandName(line.command);
  try {
    const krbCommand = KRB_COMMANDS[name];
    if (krbCommand) return await krbCommand(krb, io, line);
    const { runCoprCommand } = await import('./run-copr.js');
    return await runCoprCommand(krb, line, io, env);
  } catch (e) {
    // The commands' own argument checks, beyond what the table's parser checked.
    if (e instanceof UsageError) return { usage: e.message };
    throw e;
  }
}
