/** The two requests every Copr login is made of: `gssapi_login/` (SPNEGO) and `auth-check`. */
import type { CoprConfigSummary, CoprFailure } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { startNegotiate } from '../kerberos/gssapi.js';
import { type CoprContext, coprRequest } from './context.js';
import { cookieFrom } from './http-client.js';
import { type CoprAnswer, gssFailure, joinUrl, type UnauthorizedAs } from './response.js';
import { SESSION_LIFETIME_SECONDS, type CachedSession } from './session-cache.js';

/** A session Copr handed out, and the principal the server's token says logged in. */
export interface GssapiLogin {
  readonly session: CachedSession;
  readonly principal: string | null;
}

/** A fresh SPNEGO login on gssapi_login/, as requests-gssapi does it for python-copr. */
export async function gssapiLogin(
  ctx: CoprContext,
  config: CoprConfigSummary,
  realm: string,
  principal?: string,
): Promise<Result<GssapiLogin, CoprFailure>> {
  const negotiate = await startNegotiate(config.host, ctx.env, principal, ctx.timeoutMs);
  if (!negotiate.ok) return err(gssFailure(negotiate.detail, realm, principal ?? null));
  const answer = await coprRequest(
    ctx,
    {
      method: 'GET',
      url: joinUrl(config.coprUrl, 'api_3/gssapi_login/'),
      headers: { Authorization: `Negotiate ${negotiate.value.token}` },
      as: 'negotiate',
    },
    config,
    realm,
  );
  if (!answer.ok) return answer;
  const { json, outcome } = answer.value;
  const name = typeof json['name'] === 'string' ? json['name'] : null;
  const cookie = cookieFrom(outcome.headers, 'session');
  if (!name || !cookie)
    return err({
      kind: 'http-error',
      status: outcome.status,
      serverMessage: 'the login answer had no user name or session cookie',
    });
  const who = await negotiate.value.finish(firstHeader(outcome.headers['www-authenticate']));
  return ok({
    session: { name, session: cookie, expiration: ctx.now() / 1000 + SESSION_LIFETIME_SECONDS },
    principal: who,
  });
}

/** `auth-check` with the given credentials: the user Copr names, or why it named none. */
export async function authCheck(
  ctx: CoprContext,
  config: CoprConfigSummary,
  credentials: { headers: Record<string, string>; as: UnauthorizedAs },
  realm: string,
): Promise<Result<string, CoprFailure>> {
  const url = joinUrl(config.coprUrl, 'api_3/auth-check');
  return confirmedUser(await coprRequest(ctx, { method: 'GET', url, ...credentials }, config, realm));
}

/** Credentials for a saved or fresh session. */
export const sessionCookie = (session: string) => ({
  headers: { Cookie: `session=${session}` },
  as: 'session' as const,
});

/** The user auth-check names: Copr confirmed someone only when it says who. */
function confirmedUser(answer: CoprAnswer): Result<string, CoprFailure> {
  if (!answer.ok) return answer;
  const name = answer.value.json['name'];
  if (typeof name === 'string' && name !== '') return ok(name);
  return err({ kind: 'http-error', status: answer.value.outcome.status, serverMessage: 'the answer named no user' });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
