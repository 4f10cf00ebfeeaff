import { createInterface } from 'node:readline';

/** Where a command writes; injected so commands can be run in-process. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A command's exit status: 0 success, 1 failure (with one line on stderr). */
export type ExitCode = 0 | 1;

export const processIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/**
 * Reads the secrets a command needs: from a terminal, prompting without echo; otherwise one per
 * line of stdin (scripts: `printf '%s\n%s\n' "$PW" "$OTP" | ticket-tray login ...`). Missing
 * lines are empty strings.
 */
export async function readSecrets(io: CliIo, prompts: readonly string[]): Promise<string[]> {
  if (io.stdin.isTTY && io.stdin.setRawMode) return readFromTerminal(io, prompts);
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
  const answers: string[] = [];
  for (const prompt of prompts) {
    io.stderr.write(prompt);
    answers.push(await readHiddenLine(io));
    io.stderr.write('\n');
  }
  return answers;
}

/** One line typed without echo: the terminal is in raw mode, so we handle Enter, Backspace and Ctrl-C ourselves. */
function readHiddenLine(io: CliIo): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    io.stdin.setRawMode?.(true);
    io.stdin.resume();
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(value));
        if (ch === '\u0003') return done(() => reject(new Error('interrupted')));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (finish: () => void) => {
      io.stdin.off('data', onData);
      io.stdin.setRawMode?.(false);
      io.stdin.pause();
      finish();
    };
    io.stdin.on('data', onData);
  });
}
