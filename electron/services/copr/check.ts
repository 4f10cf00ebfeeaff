/** The one-click check: proves who Copr thinks you are, by the method copr-cli (or the API) would use. */
import type {
  CoprCheck,
  CoprCheckFacts,
  CoprConfigSummary,
  CoprConfirmation,
  CoprFailure,
  CoprSemantics,
  FreshLogin,
  HiddenIdentityProblem,
  IdentityChoice,
  SavedSession,
} from '../../../shared/copr.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { startNegotiate } from '../kerberos/gssapi.js';
import { adviceFor, expiredIdentityOf } from './advice.js';
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
import { authCheck, gssapiLogin, type GssapiLogin, sessionCookie } from './login.js';
import { describeCoprFailure } from './messages.js';
import { chooseMethod, methodError, rawCredentials } from './method.js';
import { type CachedSession, readSessionFile, storableName, withSessionLock, writeSession } from './session-cache.js';

export type CheckRequest = CoprTarget & {
  semantics?: CoprSemantics;
  status?: KrbStatus | null;
  /** Let a working fresh login replace a valid saved session (the user asked for it); default: keep it. */
  replaceSession?: boolean;
};

/** What one login attempt came to, before the advice is worked out. */
interface Attempt {
  readonly result: Result<{ user: string; principal: string | null }, CoprFailure>;
  readonly session: CoprCheckFacts['session'];
  readonly sessionRejected: boolean;
  readonly saved: SavedSession | null;
  readonly fresh: FreshLogin | null;
}

/** What a GSSAPI check needs to know beside the context. */
interface GssapiCheck {
  readonly config: CoprConfigSummary;
  readonly identity: IdentityChoice;
  readonly semantics: CoprSemantics;
  readonly replaceSession: boolean;
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
      sessionHides: false,
    });
    const facts = { coprUrl: '', configPath: configPathOf(ctx, request), semantics, method: 'none' as const };
    return { ...facts, ...noSession, durationMs: elapsed(ctx, started), advice, ok: false, error: loaded.error };
  }
  const config = loaded.value.summary;
  const status = await snapshotOf(ctx, request.status);
  const identity = await identityFor(ctx, config, status);
  const method = chooseMethod(config, semantics).method;
  const attempt = await attemptLogin(ctx, {
    login: { config, identity, semantics, replaceSession: request.replaceSession === true },
    token: loaded.value.token,
    text: loaded.value.text,
  });
  const hasTicket = hasLiveTicket(status, identity.realm);
  const attempted = confirmation(attempt, identity, hasTicket);
  const sessionHides = hiddenProblem(attempt);
  const working = await alternativeFor(ctx, { config, status, identity, confirmed: attempted, sessionHides });
  const confirmed = working === null ? outOfTime(ctx, config, attempted) : attempted;
  const advice = adviceFor({
    config,
    semantics,
    identity,
    workingPrincipal: working,
    hasTicket,
    failure: confirmed.ok ? null : confirmed.error,
    staleSession: confirmed.ok && confirmed.value.staleSession,
    sessionHides: sessionHides !== null,
    expired: expiredIdentityOf(status, identity, ctx.now()),
  });
  return {
    coprUrl: config.coprUrl,
    configPath: config.path,
    semantics,
    method,
    durationMs: elapsed(ctx, started),
    session: attempt.session,
    sessionRejected: attempt.sessionRejected,
    savedSession: attempt.saved,
    freshLogin: attempt.fresh,
    sessionHides,
    advice,
    ...confirmed,
  };
}

const noSession = {
  session: 'none',
  sessionRejected: false,
  savedSession: null,
  freshLogin: null,
  sessionHides: null,
} as const;

const noAttemptFacts = { session: 'none', sessionRejected: false, saved: null, fresh: null } as const;

const elapsed = (ctx: CoprContext, started: number): number => Math.round(ctx.now() - started);

/** The login by the chosen method; none at all when the config leaves the client without one. */
async function attemptLogin(
  ctx: CoprContext,
  request: { login: GssapiCheck; token: string | null; text: string | null },
): Promise<Attempt> {
  const { config, semantics, identity } = request.login;
  const choice = chooseMethod(config, semantics);
  switch (choice.method) {
    case 'none': {
      const message = methodError(config, semantics, rawCredentials(request.text)) ?? choice.reason;
      return { ...noAttemptFacts, result: err({ kind: 'gssapi-disabled', semantics, message }) };
    }
    case 'token':
      return { ...noAttemptFacts, result: await checkToken(ctx, config, request.token ?? '', identity.realm) };
    case 'gssapi':
      return checkGssapi(ctx, request.login);
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

/** What the saved session that answered hides: a fresh login that fails, or one as another Copr user. */
function hiddenProblem(attempt: Attempt): HiddenIdentityProblem {
  if (attempt.session !== 'reused' || !attempt.result.ok || attempt.fresh === null) return null;
  if (!attempt.fresh.ok) return 'login-fails';
  return attempt.fresh.user === attempt.result.value.user ? null : 'other-user';
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

/**
 * python-copr's GSSAPI path: a valid cached session first, else a login whose session is saved for
 * copr-cli too. A cache copr-cli would crash on fails the check, as copr-cli would; it is left for
 * the user to clear, not silently replaced.
 */
async function checkGssapi(ctx: CoprContext, login: GssapiCheck): Promise<Attempt> {
  const path = sessionFileOf(ctx, login.config);
  return withSessionLock(path, ctx.timeoutMs, async (): Promise<Attempt> => {
    const file = await readSessionFile(path);
    if (file.state === 'corrupt')
      return { ...noAttemptFacts, result: err({ kind: 'session-cache-corrupt', path, problem: file.problem }) };
    const cached = file.state === 'read' ? file.session : null;
    if (!cached || cached.expiration <= ctx.now() / 1000 || login.replaceSession)
      return loginAndSave(ctx, login, path, false);
    const user = await authCheck(ctx, login.config, sessionCookie(cached.session), login.identity.realm);
    if (user.ok) return reuseSession(ctx, login, savedSession(path, cached), user.value);
    const reused = { ...noAttemptFacts, session: 'reused' as const, saved: savedSession(path, cached) };
    if (user.error.kind !== 'session-rejected') return { ...reused, result: user };
    // The Python API does not log in again when Copr rejects its session (one connection attempt); copr-cli does.
    if (login.semantics === 'api') return { ...reused, sessionRejected: true, result: user };
    return loginAndSave(ctx, login, path, true);
  });
}

/** The saved session answered; a fresh login, made beside it and not saved, shows what it may hide. */
async function reuseSession(ctx: CoprContext, login: GssapiCheck, saved: SavedSession, user: string): Promise<Attempt> {
  const fresh = await gssapiLogin(ctx, login.config, login.identity.realm);
  return {
    result: ok({ user, principal: null }),
    session: 'reused',
    sessionRejected: false,
    saved,
    fresh: freshLoginOf(fresh, login.identity),
  };
}

/** A fresh GSSAPI login whose session is saved, then confirmed with auth-check. */
async function loginAndSave(
  ctx: CoprContext,
  login: GssapiCheck,
  path: string,
  sessionRejected: boolean,
): Promise<Attempt> {
  const fresh = await gssapiLogin(ctx, login.config, login.identity.realm);
  const freshLogin = freshLoginOf(fresh, login.identity);
  if (!fresh.ok) return { ...noAttemptFacts, result: fresh, sessionRejected, fresh: freshLogin };
  const written = await writeSession(path, fresh.value.session);
  const user = await authCheck(ctx, login.config, sessionCookie(fresh.value.session.session), login.identity.realm);
  return {
    result: user.ok ? ok({ user: user.value, principal: fresh.value.principal }) : user,
    session: 'created',
    sessionRejected,
    saved: written ? savedSession(path, fresh.value.session) : null,
    fresh: freshLogin,
  };
}

function savedSession(path: string, session: CachedSession): SavedSession {
  return { path, user: storableName(session.name), expiresAt: new Date(session.expiration * 1000).toISOString() };
}

function freshLoginOf(login: Result<GssapiLogin, CoprFailure>, identity: IdentityChoice): FreshLogin {
  if (login.ok)
    return {
      principal: login.value.principal ?? identity.wouldUse,
      ok: true,
      user: storableName(login.value.session.name),
      error: null,
      failure: null,
    };
  const error = { code: login.error.kind, message: describeCoprFailure(login.error) };
  return { principal: identity.wouldUse, ok: false, user: null, error, failure: login.error };
}

/**
 * Another ticket to use instead of the one GSSAPI picks: when GSSAPI fails by itself, or a saved
 * session hides that it would. For a session of another user, that user's ticket in Copr's realm.
 */
async function alternativeFor(
  ctx: DeadlineContext,
  seen: {
    config: CoprConfigSummary;
    status: KrbStatus | null;
    identity: IdentityChoice;
    confirmed: Result<CoprConfirmation, CoprFailure>;
    sessionHides: HiddenIdentityProblem;
  },
): Promise<string | null> {
  const { confirmed, identity, status } = seen;
  if (seen.sessionHides === 'other-user' && confirmed.ok)
    return (
      liveCaches(status).find((c) => c.principal === `${confirmed.value.user}@${identity.realm}`)?.principal ?? null
    );
  const gssapiFailed =
    !confirmed.ok && (confirmed.error.kind === 'no-ticket' || confirmed.error.kind === 'gssapi-failed');
  if (gssapiFailed || seen.sessionHides === 'login-fails')
    return findWorkingPrincipal(ctx, seen.config, status, identity);
  return null;
}

const liveCaches = (status: KrbStatus | null) =>
  (status?.caches ?? []).filter((c) => c.principal && (c.state === 'valid' || c.state === 'expiring'));

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
  const candidates = liveCaches(status)
    .filter((c) => c.principal !== identity.wouldUse)
    .sort((a, b) => Number(b.realm === identity.realm) - Number(a.realm === identity.realm));
  for (const cache of candidates) {
    if (ctx.expired()) return null;
    const attempt = await startNegotiate(config.host, ctx.env, cache.principal!, ctx.timeoutMs);
    if (attempt.ok) return cache.principal;
  }
  return null;
}
