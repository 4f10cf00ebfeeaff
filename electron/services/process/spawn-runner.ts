import { spawn, type ChildProcess } from 'node:child_process';
import { DEFAULT_RUN_LIMITS, OUTPUT_CUT_SIGNAL, type RunLimits, type RunOutcome, type Runner } from './run.js';

/**
 * The runner over node:child_process alone, with the contract of {@link Runner}. It costs about half
 * the CPU of the execa runner per run (docs/decisions.md has the figures), so the watch's repeated
 * looks and the command line use it; the command line also skips loading execa, which takes
 * longer than the `klist` behind `ticket-tray status`.
 */
export function createSpawnRunner(limits: RunLimits = DEFAULT_RUN_LIMITS): Runner {
  return (file, args, options) =>
    new Promise<RunOutcome>((resolve) => {
      const child = spawn(file, [...args], {
        env: { ...withoutUndefined(options.env), LC_ALL: 'C' },
        // With nothing to write, stdin is /dev/null: the same end of input, without a pipe and its stream.
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      const stop = stopper(child, limits.killAfterMs);
      const stdout = collect(child.stdout!, limits.maxOutputBytes); // always a pipe, as stdio says
      const stderr = collect(child.stderr!, limits.maxOutputBytes);
      let timedOut = false;
      const deadline = setTimeout(() => ((timedOut = true), stop.start()), options.timeoutMs);
      const onAbort = () => stop.start();
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      let spawnError: string | null = null;
      child.on('error', (error: NodeJS.ErrnoException) => {
        spawnError ??= error.code ?? 'unknown';
      });
      // A child that exits before reading its input closes the pipe: that is not our failure.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
      child.on('close', (exitCode, signal) => {
        clearTimeout(deadline);
        stop.cancel();
        options.signal?.removeEventListener('abort', onAbort);
        const out = { stdout: stdout.text(), stderr: stderr.text() };
        // A program that never started still gets a 'close', with the errno as its "exit code".
        if (spawnError !== null && child.pid === undefined) resolve({ kind: 'spawn-failed', code: spawnError });
        else if (timedOut) resolve({ kind: 'timed-out', ...out });
        else if (stdout.cut() || stderr.cut()) resolve({ kind: 'killed', signal: OUTPUT_CUT_SIGNAL, ...out });
        else if (exitCode === null) resolve({ kind: 'killed', signal: String(signal ?? 'unknown'), ...out });
        else resolve({ kind: 'exited', exitCode, ...out });
      });
    });
}

/** The runner with the default limits. */
export const spawnRunner: Runner = createSpawnRunner();

/** SIGTERM now, SIGKILL if the child is still there `killAfterMs` later; starting twice changes nothing. */
function stopper(child: ChildProcess, killAfterMs: number) {
  let killTimer: NodeJS.Timeout | undefined;
  return {
    start(): void {
      if (killTimer !== undefined) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    },
    cancel: () => clearTimeout(killTimer),
  };
}

function withoutUndefined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Gathers a stream as UTF-8 text. Past `maxBytes` it keeps the first `maxBytes` and closes our end
 * of the pipe, as execa does, so a tool that will not stop printing is stopped by its next write.
 */
function collect(stream: NodeJS.ReadableStream & { destroy(): void }, maxBytes: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  stream.on('data', (chunk: Buffer) => {
    if (cut) return;
    const room = maxBytes - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(room, chunk.length);
    if (chunk.length > room) {
      cut = true;
      stream.destroy();
    }
  });
  return { text: () => Buffer.concat(chunks).toString('utf8'), cut: () => cut };
}
