import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The bundled `ticket-tray` command (`npm test` and `npm run build:cli` build it), run as a user runs it. */
export const CLI_BIN = fileURLToPath(new URL('../../out/cli/ticket-tray.cjs', import.meta.url));

/** Runs the command with exactly `env`, stdin `input`, and output kept as printed (final newline included). */
export function runCli(env: Record<string, string>, args: readonly string[], input = '') {
  return execa('node', [CLI_BIN, ...args], { env, extendEnv: false, input, reject: false, stripFinalNewline: false });
}
