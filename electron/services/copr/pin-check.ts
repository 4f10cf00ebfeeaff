/** The I/O around pin-rules.ts: qualifying the name, reading krb5.conf, asking GSSAPI which ticket works. */
import type { CoprFailure } from '../../../shared/copr.js';
import { realmOf } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { startNegotiate } from '../kerberos/gssapi.js';
import { loadKrb5Config, realmForHost } from '../kerberos/krb5-conf.js';
import { createQualifier } from '../kerberos/names.js';
import type { CoprContext } from './context.js';
import { pinProblem, realmKnownWithoutProbe, serviceRealm } from './pin-rules.js';

/** The full principal to pin, or why it cannot be pinned for the host; `force` skips the realm rule only. */
export async function checkPin(
  ctx: CoprContext,
  input: string,
  host: string,
  force: boolean,
): Promise<Result<string, CoprFailure>> {
  const refused = (reason: string, realm: string | null, suggestion?: string): Result<never, CoprFailure> =>
    err({ kind: 'pin-refused', principal: input, host, realm, reason, ...(suggestion ? { suggestion } : {}) });
  const qualified = await createQualifier(ctx.env)(input);
  if (!qualified.ok) {
    const e = qualified.error;
    // The qualifier only ever refuses a name as invalid input; anything else would be a bug there.
    if (e.kind !== 'invalid-input') return refused('The name cannot be read as a principal.', null);
    return refused(e.reason, null, e.suggestion);
  }
  const principal = qualified.value;
  if (force) return ok(principal);
  const conf = await loadKrb5Config(ctx.env);
  const mappedRealm = realmForHost(conf, host);
  const workingRealm = realmKnownWithoutProbe({ host, mappedRealm }) ? null : await workingTicketRealm(ctx, host);
  const clues = { host, mappedRealm, workingRealm };
  const problem = pinProblem(principal, clues);
  return problem === null ? ok(principal) : refused(problem, serviceRealm(clues).realm);
}

/** The realm of the first live ticket GSSAPI can use for the host, or null when none can. */
async function workingTicketRealm(ctx: CoprContext, host: string): Promise<string | null> {
  const status = await ctx.krb.status();
  if (!status.ok) return null;
  const live = status.value.caches.filter((c) => c.principal && (c.state === 'valid' || c.state === 'expiring'));
  for (const cache of live) {
    const attempt = await startNegotiate(host, ctx.env, cache.principal!, ctx.timeoutMs);
    if (attempt.ok) return realmOf(cache.principal!);
  }
  return null;
}
