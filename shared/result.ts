/**
 * The outcome of an operation whose failures are expected (a wrong password, a KDC that is down):
 * callers `switch` on it instead of catching. Exceptions are kept for programmer errors.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** For exhaustive `switch` statements: the compiler proves every case is handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
