import { StringDecoder } from 'node:string_decoder';
import { escapeControls } from '../../shared/text-safety.js';

/** What a command writes text to: a stream, or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

/** Where a command writes; injected so commands can be run in-process. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** A command's exit status: 0 success, 1 failure (with one line on stderr), 130 stopped by Ctrl-C (128 + SIGINT). */
export type ExitCode = 0 | 1 | 130;

/**
 * This process's streams. stdin is made only when a command reads it: creating it loads Node's
 * file-stream and readline code, a noticeable share of what `ticket-tray status` costs to start.
 */
export const processIo: CliIo = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
};

/** `io` with other sinks for stdout and stderr, its stdin still made only when read. */
export function withSinks(io: CliIo, stdout: TextSink, stderr: TextSink): CliIo {
  return {
    get stdin() {
      return io.stdin;
    },
    stdout,
    stderr,
  };
}

/** Ctrl-C at a prompt: the user stopped the command, which ends quietly with status 130. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * The one place output reaches the terminal. Server and file text (a Copr user name or error, a
 * config line, a principal from a cache) is printed inside our own lines, so every control
 * character is shown escaped here, whoever built the line: an escape sequence is seen, never
 * obeyed. Line breaks and tabs are ours and stay. JSON output is unchanged in meaning: JSON
 * already escapes C0 controls, and a C1 control becomes a `\u00XX` escape, which JSON reads back
 * as the same character.
 */
export function withSafeOutput(io: CliIo): CliIo {
  const safe = (sink: TextSink): TextSink => ({ write: (text: string) => sink.write(escapeControls(text, true)) });
  return withSinks(io, safe(io.stdout), safe(io.stderr));
}

/**
 * Reads the secrets a command needs: from a terminal, prompting without echo; otherwise one per
 * line of stdin (scripts: `printf '%s\n%s\n' "$PW" "$OTP" | ticket-tray login ...`). Missing
 * lines are empty strings. Ctrl-C at a prompt throws {@link Interrupted}.
 */
export async function readSecrets(io: CliIo, prompts: readonly string[]): Promise<string[]> {
  if (io.stdin.isTTY && io.stdin.setRawMode) return readFromTerminal(io, prompts);
  // Loaded here, not at the top: only the commands that read a secret need it, and every command
  // line (even `--version`) would otherwise pay for loading it.
  const { createInterface } = await import('node:readline');
  const lines: string[] = [];
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === prompts.length) break;
  }
  rl.close();
  return prompts.map((_p, i) => lines[i] ?? '');
}

async function readFromTerminal(io: CliIo, prompts: readonly string[]): Promise<string[]> {
  const terminal = hiddenLines(io);
  try {
    const answers: string[] = [];
    for (const prompt of prompts) {
      io.stderr.write(prompt);
      answers.push(
        await terminal.next().catch((error: unknown) => {
          io.stderr.write('\n'); // the shell's prompt then starts on a line of its own
          throw error;
        }),
      );
      io.stderr.write('\n');
    }
    return answers;
  } finally {
    terminal.close();
  }
}

/** The lines typed (or pasted) without echo, in order. */
interface HiddenLines {
  /** The next line; rejects with {@link Interrupted} on Ctrl-C; '' once the input has ended. */
  next(): Promise<string>;
  /** Leaves raw mode and stops reading. */
  close(): void;
}

/**
 * One reader for all the prompts of a command, in raw mode (so Enter, Backspace and Ctrl-C are
 * ours to handle). It keeps what arrived beyond the current line: a password and a code pasted at
 * once arrive in one chunk, and a reader per prompt lost the code and then waited forever.
 */
function hiddenLines(io: CliIo): HiddenLines {
  const decoder = new StringDecoder('utf8');
  const ready: string[] = [];
  let partial = '';
  let afterCr = false;
  let ended = false;
  let interrupted = false;
  let waiter: (() => void) | null = null;

  const take = (ch: string) => {
    const wasCr = afterCr;
    afterCr = ch === '\r';
    if (ch === '\n' && wasCr) return; // CR LF is one Enter
    if (ch === '\r' || ch === '\n') {
      ready.push(partial);
      partial = '';
    } else if (ch === '\u0003') interrupted = true;
    else if (ch === '\u007f' || ch === '\b') partial = Array.from(partial).slice(0, -1).join('');
    else partial += ch;
  };
  const onData = (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    for (const ch of text) if (!interrupted) take(ch);
    waiter?.();
  };
  const onEnd = () => {
    ended = true;
    waiter?.();
  };
  io.stdin.setRawMode?.(true);
  io.stdin.on('data', onData);
  io.stdin.once('end', onEnd);
  io.stdin.resume();

  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const settle = () => {
          if (interrupted) reject(new Interrupted());
          else if (ready.length > 0) resolve(ready.shift()!);
          else if (ended) resolve(partial);
          else return;
          waiter = null;
        };
        waiter = settle;
        settle();
      }),
    close: () => {
      io.stdin.off('data', onData);
      io.stdin.off('end', onEnd);
      io.stdin.setRawMode?.(false);
      io.stdin.pause();
    },
  };
}
