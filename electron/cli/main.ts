import { EXIT } from './commands.js';
import { commandHelp, groupHelp, mainHelp, versionText } from './help.js';
import { type CliIo, Interrupted, processIo, withSafeOutput } from './io.js';
import { terminalIo } from './output.js';
import { type ParsedLine, type RunLine, parseCommandLine } from './parse.js';

/**
 * Runs one command line; returns the exit status instead of exiting, so tests can call it.
 * Help, version and usage errors come from the command table alone; the services are loaded only
 * for a command that uses them (see run-command.ts), which keeps `--version` and `--help` instant.
 */
export async function runCli(
  argv: readonly string[],
  rawIo: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  // Server and file text is shown with its control characters escaped, whatever the command.
  const out = terminalIo(withSafeOutput(rawIo));
  if (argv.length === 0) {
    out.stderr.write(mainHelp());
    return EXIT.usage;
  }
  return dispatch(parseCommandLine(argv), out, env);
}

async function dispatch(line: ParsedLine, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  switch (line.kind) {
    case 'version':
      io.stdout.write(versionText());
      return EXIT.ok;
    case 'help':
      io.stdout.write(line.command ? commandHelp(line.command) : line.under ? groupHelp(line.under) : mainHelp());
      return EXIT.ok;
    case 'usage-error':
      return usageError(io, line.message, line.helpFor);
    case 'complete': {
      const { candidates, liveSources } = await import('./complete.js');
      for (const word of await candidates(line.words, liveSources(env))) io.stdout.write(`${word}\n`);
      return EXIT.ok;
    }
    case 'run':
      return run(line, io, env);
  }
}

async function run(line: RunLine, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  if (line.command.path[0] === 'completion') {
    const { COMPLETION_SCRIPTS } = await import('./completion-scripts.js');
    io.stdout.write(COMPLETION_SCRIPTS[line.args[0] as keyof typeof COMPLETION_SCRIPTS]());
    return EXIT.ok;
  }
  const { runCommand } = await import('./run-command.js');
  let result: Awaited<ReturnType<typeof runCommand>>;
  try {
    result = await runCommand(line, io, env);
  } catch (e) {
    // Ctrl-C at a prompt: the user's choice, not an error; the shell's convention for SIGINT.
    if (e instanceof Interrupted) return EXIT.interrupted;
    throw e;
  }
  return typeof result === 'number'
    ? result
    : usageError(io, result.usage, `ticket-tray ${line.command.path.join(' ')} --help`);
}

function usageError(io: CliIo, message: string, helpFor: string): number {
  io.stderr.write(`ticket-tray: ${message.replace(/\.$/, '')} (see ${helpFor})\n`);
  return EXIT.usage;
}
