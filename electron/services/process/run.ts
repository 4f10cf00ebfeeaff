/** How a tool run ended. Only `stdout`/`stderr` carry the tool's words; nothing here echoes argv or stdin. */
export type RunOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'spawn-failed'; readonly code: string }
  | { readonly kind: 'timed-out'; readonly stdout: string; readonly stderr: string }
  /** Stopped before it exited on its own: by a signal, or ({@link OUTPUT_CUT_SIGNAL}) for printing more than is kept. */
  | { readonly kind: 'killed'; readonly signal: string; readonly stdout: string; readonly stderr: string };

export interface RunOptions {
  /** Written to the child's stdin, then closed. The only way a secret may reach a child. */
  readonly input?: string;
  readonly timeoutMs: number;
  /** The complete environment of the child (not merged with ours). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/**
 * Runs one program. Injected into the services so unit tests can record calls; integration tests
 * use the real ones. Every implementation keeps the same contract (test/integration/runner-contract
 * runs one suite against each): no shell; the secret, if any, on stdin only; the environment exactly
 * as given plus `LC_ALL=C`; past the deadline SIGTERM, then SIGKILL; a program that cannot start is
 * `spawn-failed`, never an exception; at most `maxOutputBytes` of each stream kept; an abort stops it.
 */
export type Runner = (file: string, args: readonly string[], options: RunOptions) => Promise<RunOutcome>;

export interface RunLimits {
  /** Output beyond this (per stream) is cut off and the tool stopped; no MIT tool prints anywhere near it. */
  readonly maxOutputBytes: number;
  /** A tool that ignores SIGTERM (at its deadline, or on abort) this long gets SIGKILL. */
  readonly killAfterMs: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { maxOutputBytes: 16 * 1024 * 1024, killAfterMs: 2_000 };

/**
 * The `signal` of a run stopped for printing too much: both runners close their end of the pipe, so
 * the tool ends at its next write, as if by SIGPIPE, whatever its exit status says.
 */
export const OUTPUT_CUT_SIGNAL = 'SIGPIPE';

/**
 * The runner the desktop app's actions use, over execa: no shell, stdin from `input` only, a hard
 * timeout (SIGTERM, then SIGKILL), and `verbose: 'none'` so `NODE_DEBUG=execa` cannot print a
 * command line or output holding a secret. `LC_ALL=C` keeps the MIT tools' dates and messages in
 * the one format the parsers read.
 */
export function createExecaRunner(limits: RunLimits = DEFAULT_RUN_LIMITS): Runner {
  return async (file, args, options) => {
    // Loaded on first use: execa takes longer to load than a klist run, and the command line (which
    // has its own runner) must not pay for it just by importing the services.
    const { execa } = await import('execa');
    const result = await execa(file, args, {
      input: options.input ?? '',
      env: { ...options.env, LC_ALL: 'C' },
      extendEnv: false,
      timeout: options.timeoutMs,
      forceKillAfterDelay: limits.killAfterMs,
      cancelSignal: options.signal,
      reject: false,
      stripFinalNewline: false,
      verbose: 'none',
      maxBuffer: limits.maxOutputBytes,
    });
    return outcomeOf(result);
  };
}

/** The execa runner with the default limits. */
export const execaRunner: Runner = createExecaRunner();

interface ExecaResult {
  readonly stdout?: unknown;
  readonly stderr?: unknown;
  readonly timedOut: boolean;
  readonly isMaxBuffer: boolean;
  readonly exitCode?: number;
  readonly signal?: string;
}

function outcomeOf(result: ExecaResult): RunOutcome {
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) return { kind: 'timed-out', stdout, stderr };
  if (result.isMaxBuffer) return { kind: 'killed', signal: OUTPUT_CUT_SIGNAL, stdout, stderr };
  if (result.exitCode === undefined) {
    // execa sets `code` (ENOENT, EACCES) when the program could not be started at all.
    const code = (result as { code?: unknown }).code;
    if (typeof code === 'string') return { kind: 'spawn-failed', code };
    return { kind: 'killed', signal: String(result.signal ?? 'unknown'), stdout, stderr };
  }
  return { kind: 'exited', exitCode: result.exitCode, stdout, stderr };
}
