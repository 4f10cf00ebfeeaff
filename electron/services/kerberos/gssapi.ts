import kerberos from 'kerberos';
import type { ToolEnv } from './toolbox.js';

/**
 * The variables MIT GSSAPI reads on every call: which collection, which krb5.conf, and HOME for
 * `~/.k5identity`. The binding reads them when `step()` runs on the thread pool, not at
 * `initializeClient()`, so calls are serialised while they are applied (docs/kerberos.md, "The
 * `kerberos` binding").
 */
const GSS_ENV_KEYS = ['KRB5CCNAME', 'KRB5_CONFIG', 'HOME', 'KRB5_CLIENT_KTNAME', 'KRB5_TRACE'] as const;

let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` with the GSSAPI variables of `env` in this process's environment, one call at a time. */
function withGssEnv<T>(env: ToolEnv, fn: () => Promise<T>): Promise<T> {
  const run = async () => {
    const saved = GSS_ENV_KEYS.map((key) => [key, process.env[key]] as const);
    for (const key of GSS_ENV_KEYS) setVar(key, env[key]);
    try {
      return await fn();
    } finally {
      for (const [key, value] of saved) setVar(key, value);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

function setVar(key: string, value: string | undefined) {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

/** A Negotiate exchange in progress: the first token, and a way to learn the client principal from the server's answer. */
export interface NegotiateStart {
  readonly token: string;
  /** Steps the server's mutual-authentication token (from `WWW-Authenticate: Negotiate …`); returns the client principal, or null. */
  finish(serverHeader: string | undefined): Promise<string | null>;
}

export type NegotiateResult =
  { readonly ok: true; readonly value: NegotiateStart } | { readonly ok: false; readonly detail: string };

/**
 * Starts SPNEGO for `HTTP@host`, as requests-gssapi does for python-copr. Without `principal`, MIT
 * GSSAPI chooses the cache itself (`~/.k5identity`, the host's realm, else the primary), so a
 * failure here is the failure copr-cli would see; with it, that principal's cache is used.
 * Obtaining the service ticket happens here, before any HTTP traffic.
 */
export function startNegotiate(
  host: string,
  env: ToolEnv,
  principal?: string,
  timeoutMs = 15_000,
): Promise<NegotiateResult> {
  return withDeadline(
    timeoutMs,
    withGssEnv(env, async () => {
      try {
        const client = await kerberos.initializeClient(`HTTP@${host}`, {
          mechOID: kerberos.GSS_MECH_OID_SPNEGO,
          ...(principal ? { principal } : {}),
        });
        const token = await client.step('');
        const finish = (header: string | undefined) =>
          withGssEnv(env, async () => {
            const reply = /^Negotiate\s+(\S+)/i.exec(header ?? '')?.[1];
            if (reply) await client.step(reply).catch(() => undefined);
            return client.username || principal || null;
          });
        return { ok: true, value: { token, finish } } as const;
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) } as const;
      }
    }),
  );
}

/**
 * MIT has no client-side KDC timeout: against a KDC that accepts and never answers, obtaining the
 * service ticket blocks a thread-pool thread for about 25 s (docs/kerberos.md, "Running the
 * tools"). The caller stops waiting at the deadline; the stuck call finishes on its own later.
 */
function withDeadline(timeoutMs: number, call: Promise<NegotiateResult>): Promise<NegotiateResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<NegotiateResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `Kerberos did not answer within ${Math.round(timeoutMs / 1000)} seconds` }),
      timeoutMs,
    );
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
