import type { UnsavedApiToken } from '../../shared/doctor.js';
import { terminalSafe } from '../../shared/text-safety.js';
import { type CliIo, type TextSink, withSinks } from './io.js';

/**
 * `--json` output: the result value on success; on failure `{"ok": false, "error": {"code",
 * "message"}}`, also on stdout (and nothing on stderr), so a script reads one document either way
 * and the exit status tells which.
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function jsonFailure(code: string, message: string) {
  return { ok: false, error: { code, message } } as const;
}

/**
 * The shared messages are written for the window and sometimes name its buttons; at the terminal
 * the same advice is a command. Each pair is the window's words and the terminal's.
 */
const WINDOW_TO_TERMINAL: readonly (readonly [string, string])[] = [
  ['Log in first (Get Fedora ticket)', 'Log in first (ticket-tray login --fedora <your Fedora account>)'],
];

export function inTerminalWords(text: string): string {
  let out = text;
  for (const [window, terminal] of WINDOW_TO_TERMINAL) out = out.split(window).join(terminal);
  return out;
}

/**
 * The same io, with every line put in the terminal's words on its way out. Writes pass straight
 * through (no buffering), so stdout and stderr keep their order.
 */
export function terminalIo(io: CliIo): CliIo {
  const through = (target: TextSink): TextSink => ({ write: (text) => target.write(inTerminalWords(String(text))) });
  return withSinks(io, through(io.stdout), through(io.stderr));
}

/** A renewed token the config could not take: the user's only copy, printed once with where it goes. */
export function unsavedTokenText(unsaved: UnsavedApiToken): string {
  return [
    'Copr no longer accepts the old token, and this is the only time the new one is shown.',
    `Put these lines into the [copr-cli] section of ${terminalSafe(unsaved.path)}, replacing the old login and token lines:`,
    '',
    // A real token is plain ASCII and passes unchanged; a hostile server's escapes do not reach the terminal.
    `login = ${terminalSafe(unsaved.login)}`,
    `token = ${terminalSafe(unsaved.token)}`,
    `# expiration date: ${terminalSafe(unsaved.expires)}`,
    '',
  ].join('\n');
}
