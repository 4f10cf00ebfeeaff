/** How a tool run ended. Only `stdout`/`stderr` carry the tool's words; nothing here echoes argv or stdin. */
export type RunOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'spawn-failed'; readonly code: string }
  | { readonly kind: 'timed-out'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'killed'; readonly signal: string; readonly stdout: string; readonly stderr: string };

export interface RunOptions {
  /** Written to the child's stdin, then closed. The only way a secret may reach a child. */
  readonly input?: string;
  readonly timeoutMs: number;
  /** The complete environment of the child (not merged with ours). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/** Runs one program. Injected into the services so unit tests can record calls; integration tests use the real one. */
export type Runner = (file: string, args: readonly string[], options: RunOptions) => Promise<RunOutcome>;

/**
 * The real runner, over execa: no shell, stdin from `input` only, a hard timeout (SIGTERM, then
 * SIGKILL after 2 s), and `verbose: 'none'` so `NODE_DEBUG=execa` cannot print a command line or
 * output holding a secret (https://github.com/sindresorhus/execa/blob/main/docs/debugging.md).
 * `LC_ALL=C` keeps the MIT tools' dates and messages in the one format the parsers read.
 */
export const execaRunner: Runner = async (file, args, options) => {
  // Loaded on first use: execa takes longer to load than a klist run, and the command line (which
  // has its own runner) must not pay for it just by importing the services.
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    input: options.input ?? '',
    env: { ...options.env, LC_ALL: 'C' },
    extendEnv: false,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2_000,
    cancelSignal: options.signal,
    reject: false,
    stripFinalNewline: false,
    verbose: 'none',
    maxBuffer: 16 * 1024 * 1024,
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) return { kind: 'timed-out', stdout, stderr };
  if (result.exitCode === undefined) {
    // execa sets `code` (ENOENT, EACCES) when the program could not be started at all.
    const code = (result as { code?: unknown }).code;
    if (typeof code === 'string') return { kind: 'spawn-failed', code };
    return { kind: 'killed', signal: String(result.signal ?? 'unknown'), stdout, stderr };
  }
  return { kind: 'exited', exitCode: result.exitCode, stdout, stderr };
};
