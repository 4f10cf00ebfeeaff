import { spawn } from 'node:child_process';
import type { RunOutcome, Runner } from '../services/process/run.js';

/** Output beyond this is cut off; no MIT tool prints anywhere near it. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** A tool that ignores SIGTERM this long after its deadline gets SIGKILL. */
const KILL_AFTER_MS = 2_000;

/**
 * The command line's runner: the same contract as the services' execa runner (no shell, the
 * environment exactly as given plus `LC_ALL=C`, stdin from `input` only, a hard deadline), over
 * node:child_process alone. Loading execa costs a few hundred milliseconds, several times what the
 * `klist` behind `ticket-tray status` takes, and a command line is started once per call.
 */
export const spawnRunner: Runner = (file, args, options) =>
  new Promise<RunOutcome>((resolve) => {
    const child = spawn(file, [...args], {
      env: { ...withoutUndefined(options.env), LC_ALL: 'C' },
      // With nothing to write, stdin is /dev/null: the same end of input, without a pipe and its stream.
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stdout = collect(child.stdout!); // always a pipe, as stdio says
    const stderr = collect(child.stderr!);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    }, options.timeoutMs);
    let spawnError: string | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError ??= error.code ?? 'unknown';
    });
    // A child that exits before reading its input closes the pipe: that is not our failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
    child.on('close', (exitCode, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      const out = { stdout: stdout(), stderr: stderr() };
      // A program that never started still gets a 'close', with the errno as its "exit code".
      if (spawnError !== null && child.pid === undefined) resolve({ kind: 'spawn-failed', code: spawnError });
      else if (timedOut) resolve({ kind: 'timed-out', ...out });
      else if (exitCode === null) resolve({ kind: 'killed', signal: String(signal ?? 'unknown'), ...out });
      else resolve({ kind: 'exited', exitCode, ...out });
    });
  });

function withoutUndefined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/** Gathers a stream as UTF-8 text, up to the size limit. */
function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= MAX_OUTPUT_BYTES) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}
