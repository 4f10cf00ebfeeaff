import type { KrbTool } from '../../../shared/krb.js';
import type { RunOutcome, Runner } from '../process/run.js';

/** Environment handed to the MIT tools; KRB5CCNAME and KRB5_CONFIG in it are honoured as the tools honour them. */
export type ToolEnv = Readonly<Record<string, string | undefined>>;

/** What every part of the Kerberos service shares: the tools, their environment, the clock and the time limits. */
export interface KrbToolbox {
  readonly env: ToolEnv;
  readonly now: () => number;
  /** A cache with less than this left is "expiring". */
  readonly expiringWithinMs: number;
  /** How long kinit may wait for a KDC. */
  readonly kinitTimeoutMs: number;
  /** How long the tools that never talk to a KDC (klist, kswitch, kdestroy) may take. */
  readonly toolTimeoutMs: number;
  /**
   * Runs one MIT tool in the tools' environment (with `envOverrides` on top, e.g. another
   * KRB5CCNAME); `input` (the only way a secret reaches it) goes to its stdin.
   */
  tool(
    file: KrbTool,
    args: readonly string[],
    input?: string,
    timeoutMs?: number,
    envOverrides?: ToolEnv,
  ): Promise<RunOutcome>;
}

export function createToolbox(run: Runner, settings: Omit<KrbToolbox, 'tool'>): KrbToolbox {
  return {
    ...settings,
    tool: (file, args, input, timeoutMs = settings.toolTimeoutMs, envOverrides = {}) =>
      run(file, args, {
        env: { ...settings.env, ...envOverrides },
        timeoutMs,
        ...(input === undefined ? {} : { input }),
      }),
  };
}

/** Whether a run ended with exit status 0. */
export function succeeded(outcome: RunOutcome): outcome is RunOutcome & { kind: 'exited'; exitCode: 0 } {
  return outcome.kind === 'exited' && outcome.exitCode === 0;
}
