/** The one-click check: proves who Copr thinks you are, by the method copr-cli (or the API) would use. */
import type {
  CoprCheck,
  CoprCheckFacts,
  CoprConfigSummary,
  CoprConfirmation,
  CoprFailure,
  CoprSemantics,
  IdentityChoice,
} from '../../../shared/copr.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { startNegotiate } from '../kerberos/gssapi.js';
import { adviceFor } from './advice.js';
import {
  type CoprContext,
  type CoprTarget,
  type DeadlineContext,
  configPathOf,
  hasLiveTicket,
  identityFor,
  loadTarget,
  sessionFileOf,
  snapshotOf,
  withOverallDeadline,
} from './context.js';
import { authCheck, gssapiLogin, sessionCookie } from './login.js';
import { chooseMethod, methodError } from './method.js';
import { readSession, withSessionLock, writeSession } from './session-cache.js';

export type CheckRequest = CoprTarget & { semantics?: CoprSemantics; status?: KrbStatus | null };

/** What one login attempt came to, before the advice is worked out. */
interface Attempt {
  readonly result: Result<{ user: string; principal: string | null }, CoprFailure>;
  readonly session: CoprCheckFacts['session'];
  readonly sessionRejected: boolean;
}

export async function checkCopr(options: CoprContext, request: CheckRequest = {}): Promise<CoprCheck> {
  const ctx = withOverallDeadline(options, options.checkDeadlineMs);
  const started = ctx.now();
  const semantics = request.semantics ?? 'cli';
  const loaded = await loadTarget(ctx, request);
  if (!loaded.ok) {
    const advice = adviceFor({
      config: null,
      semantics,
      identity: null,
      workingPrincipal: null,
      hasTicket: false,
      failure: loaded.error,
      staleSession: false,
    });
    const facts = { coprUrl: '', configPath: configPathOf(ctx, request), semantics, method: 'none' as const };
    return { ...facts, ...noSession, durationMs: elapsed(ctx, started), advice, ok: false, error: loaded.error };
  }
  const config = loaded.value.summary;
  const status = await snapshotOf(ctx, request.status);
  const identity = await identityFor(ctx, config, status);
  const method = chooseMethod(config, semantics).method;
  const attempt = await attemptLogin(ctx, { config, token: loaded.value.token, semantics, identity });
  const attempted = confirmation(attempt, identity, hasLiveTicket(status, identity.realm));
  const working =
    !attempted.ok && (attempted.error.kind === 'no-ticket' || attempted.error.kind === 'gssapi-failed')
      ? await findWorkingPrincipal(ctx, config, status, identity)
      : null;
  const confirmed = working === null ? outOfTime(ctx, config, attempted) : attempted;
  const advice = adviceFor({
    config,
    semantics,
    identity,
    workingPrincipal: working,
    hasTicket: hasLiveTicket(status, identity.realm),
    failure: confirmed.ok ? null : confirmed.error,
    staleSession: confirmed.ok && confirmed.value.staleSession,
  });
  return {
    coprUrl: config.coprUrl,
    configPath: config.path,
    semantics,
    method,
    durationMs: elapsed(ctx, started),
    session: attempt.session,
    sessionRejected: attempt.sessionRejected,
    advice,
    ...confirmed,
  };
}

const noSession = { session: 'none', sessionRejected: false } as const;

const elapsed = (ctx: CoprContext, started: number): number => Math.round(ctx.now() - started);

/** The login by the chosen method; none at all when the config leaves the client without one. */
async function attemptLogin(
  ctx: CoprContext,
  login: { config: CoprConfigSummary; token: string | null; semantics: CoprSemantics; identity: IdentityChoice },
): Promise<Attempt> {
  const { config, semantics, identity } = login;
  const choice = chooseMethod(config, semantics);
  switch (choice.method) {
    case 'none': {
      const message = methodError(config, semantics) ?? choice.reason;
      return { ...noSession, result: err({ kind: 'gssapi-disabled', semantics, message }) };
    }
    case 'token':
      return { ...noSession, result: await checkToken(ctx, config, login.token ?? '', identity.realm) };
    case 'gssapi':
      return checkGssapi(ctx, config, identity.realm);
  }
}

/** The attempt as the check reports it: a session that answered without a ticket behind it is stale. */
function confirmation(
  attempt: Attempt,
  identity: IdentityChoice,
  backed: boolean,
): Result<CoprConfirmation, CoprFailure> {
  if (!attempt.result.ok) return attempt.result;
  const { user, principal } = attempt.result.value;
  return ok({
    user,
    // A fresh login whose token did not name the principal went out as the one GSSAPI picks.
    principal: principal ?? (attempt.session === 'created' ? identity.wouldUse : null),
    staleSession: attempt.session === 'reused' && !backed,
  });
}

async function checkToken(
  ctx: CoprContext,
  config: CoprConfigSummary,
  token: string,
  realm: string,
): Promise<Attempt['result']> {
  const basic = Buffer.from(`${config.login ?? ''}:${token}`).toString('base64');
  const user = await authCheck(ctx, config, { headers: { Authorization: `Basic ${basic}` }, as: 'token' }, realm);
  return user.ok ? ok({ user: user.value, principal: null }) : user;
}

/** python-copr's GSSAPI path: a valid cached session first, else a login whose session is saved for copr-cli too. */
async function checkGssapi(ctx: CoprContext, config: CoprConfigSummary, realm: string): Promise<Attempt> {
  const path = sessionFileOf(ctx, config);
  return withSessionLock(path, ctx.timeoutMs, async (): Promise<Attempt> => {
    const cached = await readSession(path);
    let sessionRejected = false;
    if (cached && cached.expiration > ctx.now() / 1000) {
      const user = await authCheck(ctx, config, sessionCookie(cached.session), realm);
      if (user.ok) return { result: ok({ user: user.value, principal: null }), session: 'reused', sessionRejected };
      if (user.error.kind !== 'session-rejected') return { result: user, session: 'reused', sessionRejected };
      sessionRejected = true;
    }
    const login = await gssapiLogin(ctx, config, realm);
    if (!login.ok) return { result: login, session: 'none', sessionRejected };
    await writeSession(path, login.value.session);
    const user = await authCheck(ctx, config, sessionCookie(login.value.session.session), realm);
    const result = user.ok ? ok({ user: user.value, principal: login.value.principal }) : user;
    return { result, session: 'created', sessionRejected };
  });
}

/** A failure once the check's deadline has passed is reported as the timeout it is: a step was cut short. */
function outOfTime(
  ctx: DeadlineContext,
  config: CoprConfigSummary,
  result: Result<CoprConfirmation, CoprFailure>,
): Result<CoprConfirmation, CoprFailure> {
  if (result.ok || !ctx.expired()) return result;
  return err({ kind: 'timed-out', url: config.coprUrl, seconds: Math.round(ctx.checkDeadlineMs / 1000) });
}

/** When GSSAPI fails by itself: the first other valid cache whose principal can get a ticket for the host. */
async function findWorkingPrincipal(
  ctx: DeadlineContext,
  config: CoprConfigSummary,
  status: KrbStatus | null,
  identity: IdentityChoice,
): Promise<string | null> {
  const candidates = (status?.caches ?? [])
    .filter((c) => c.principal && c.principal !== identity.wouldUse && (c.state === 'valid' || c.state === 'expiring'))
    .sort((a, b) => Number(b.realm === identity.realm) - Number(a.realm === identity.realm));
  for (const cache of candidates) {
    if (ctx.expired()) return null;
    const attempt = await startNegotiate(config.host, ctx.env, cache.principal!, ctx.timeoutMs);
    if (attempt.ok) return cache.principal;
  }
  return null;
}
