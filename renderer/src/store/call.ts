/**
 * Calls into the AppApi with the two failures the contract's types do not show: main refusing the
 * call before any service ran (`CallRejection`, which arrives in place of the declared value), and
 * an exception (IPC keeps only its message). `runAction` is how every slice runs an action.
 */
import type { CallRejection } from '../../../shared/contract';
import type { CoprFailure } from '../../../shared/copr';
import type { KrbFailure } from '../../../shared/krb';
import type { Result } from '../../../shared/result';
import type { AppState, CallFailure, Problem } from './types';

export type { CallFailure };

/** A call's value, or why there is none. */
export type Called<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: CallFailure };

/**
 * Recognises a `{ ok: false, error: CallRejection }` answer. A Copr failure is also called
 * `forbidden`, but carries the HTTP status; the rejection does not.
 */
export function asCallRejection(value: unknown): CallRejection | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return null;
  const e = v.error as Record<string, unknown>;
  if (e['kind'] === 'forbidden' && !('status' in e)) return { kind: 'forbidden' };
  if (e['kind'] === 'invalid-request' && typeof e['channel'] === 'string' && typeof e['reason'] === 'string') {
    return { kind: 'invalid-request', channel: e['channel'], reason: e['reason'] };
  }
  return null;
}

/** Runs one API call; never throws. */
export async function call<T>(run: () => Promise<T>): Promise<Called<T>> {
  try {
    const value = await run();
    const rejection = asCallRejection(value);
    return rejection ? { ok: false, failure: { kind: 'rejected', rejection } } : { ok: true, value };
  } catch (e) {
    return { ok: false, failure: { kind: 'exception', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** What an action came to: the value it was after, or the problem to show. */
export type Outcome<V> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly problem: Problem };

/** How an action marks its area: busy while it runs, idle after, and the failure it leaves. */
export interface ActionMarks {
  readonly busy?: Partial<AppState>;
  readonly idle?: Partial<AppState>;
  failed(problem: Problem): Partial<AppState>;
}

/**
 * The store's one action runner: marks the area busy (clearing its last failure, where `busy` says
 * so), calls, marks it idle, and records the failure: a refused call, an exception, or the
 * expected failure `unwrap` finds in the reply. Never throws.
 */
export async function runAction<T, V>(
  set: (partial: Partial<AppState>) => void,
  marks: ActionMarks,
  run: () => Promise<T>,
  unwrap: (reply: T) => Outcome<V>,
): Promise<Outcome<V>> {
  if (marks.busy) set(marks.busy);
  const called = await call(run);
  if (marks.idle) set(marks.idle);
  const outcome: Outcome<V> = called.ok
    ? unwrap(called.value)
    : { ok: false, problem: { source: 'call', failure: called.failure } };
  if (!outcome.ok) set(marks.failed(outcome.problem));
  return outcome;
}

/** Replies that are the value itself (no expected failure). */
export const plainReply = <T>(reply: T): Outcome<T> => ({ ok: true, value: reply });

/** A Kerberos `Result`: its failure is a `krb` problem. */
export const krbReply = <T>(reply: Result<T, KrbFailure>): Outcome<T> =>
  reply.ok ? reply : { ok: false, problem: { source: 'krb', failure: reply.error } };

/** A Copr `Result`: its failure is a `copr` problem. */
export const coprReply = <T>(reply: Result<T, CoprFailure>): Outcome<T> =>
  reply.ok ? reply : { ok: false, problem: { source: 'copr', failure: reply.error } };

/** A settings update: main's reason for refusing it is a `settings` problem. */
export const settingsReply = <T>(
  reply: Result<T, { readonly reason: string; readonly configPath?: string }>,
): Outcome<T> => {
  if (reply.ok) return reply;
  const { reason, configPath } = reply.error;
  return { ok: false, problem: { source: 'settings', reason, ...(configPath === undefined ? {} : { configPath }) } };
};
