/**
 * Calls into the AppApi with the two failures the contract's types do not show: main refusing the
 * call before any service ran (`CallRejection`, which arrives in place of the declared value), and
 * an exception (IPC keeps only its message).
 */
import type { CallRejection } from '../../../shared/contract';

/** Why a call produced no value of its declared type. */
export type CallFailure =
  | { readonly kind: 'rejected'; readonly rejection: CallRejection }
  | { readonly kind: 'exception'; readonly message: string };

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
