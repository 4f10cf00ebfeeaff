import { describeCoprFailure, describeWorkingAlternative } from '../../../shared/copr-messages.js';
import {
  type CoprCheck,
  type CoprConfigSummary,
  type CoprFailure,
  type CoprMethod,
  type CoprOverview,
  type CoprSemantics,
  type IdentityChoice,
} from '../../../shared/copr.js';
import { FEDORA_REALM, type KrbStatus } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { startNegotiate } from '../kerberos/gssapi.js';
import { k5identityPath, pinForHost, pinnedPrincipal, readPins, unpinHost } from '../kerberos/k5identity.js';
import { loadKrb5Config, realmForHost } from '../kerberos/krb5-conf.js';
import type { KrbService, ToolEnv } from '../kerberos/service.js';
import {
  defaultCoprConfigPath,
  editCoprConfig,
  homeFrom,
  loadAndEditCoprConfig,
  loadCoprConfig,
  type LoadedCoprConfig,
} from './config.js';
import { cookieFrom, httpExchange } from './http-client.js';
import { chooseMethod, methodError } from './method.js';
import { type CoprAnswer, gssFailure, joinUrl, readCoprAnswer, type UnauthorizedAs } from './response.js';
import {
  SESSION_LIFETIME_SECONDS,
  type CachedSession,
  clearSession,
  readSession,
  sessionCachePath,
  withSessionLock,
  writeSession,
} from './session-cache.js';

export interface CoprServiceOptions {
  readonly krb: KrbService;
  /** Where HOME (config, session cache, ~/.k5identity) and the Kerberos variables come from. Default: the Kerberos service's. */
  readonly env?: ToolEnv;
  /** Per request. python-copr has none on gssapi_login; a hung server must not hang the check. Default 15 s. */
  readonly timeoutMs?: number;
  /** No Copr answer we read is anywhere near this. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Extra CA certificates (PEM) trusted for Copr, for private instances. */
  readonly ca?: string;
  readonly now?: () => number;
}

export interface CoprTarget {
  /** A Copr config file given explicitly (a missing one is then an error); default `~/.config/copr`. */
  readonly configPath?: string;
}

export type CoprService = ReturnType<typeof createCoprService>;

/** Copr, as copr-cli and python-copr reach it: config, method choice, the real check, sessions, pins, token renewal. */
export function createCoprService(options: CoprServiceOptions) {
  const { krb } = options;
  const env: ToolEnv = options.env ?? krb.env;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  // Never '' or '/' (files/home.ts): without a usable home, no session cache is read or written.
  const home = homeFrom(env);

  async function load(target: CoprTarget): Promise<Result<LoadedCoprConfig, CoprFailure>> {
    const path = target.configPath ?? defaultCoprConfigPath(env);
    return loadCoprConfig(path, target.configPath !== undefined);
  }

  const sessionPath = (config: CoprConfigSummary) => sessionCachePath(home, config.netloc);

  /** The realm Copr's Kerberos login needs: the host's realm in krb5.conf, else Fedora's. */
  async function identityFor(config: CoprConfigSummary, status: KrbStatus | null): Promise<IdentityChoice> {
    const conf = await loadKrb5Config(env);
    const hostRealm = realmForHost(conf, config.host);
    const realm = hostRealm ?? FEDORA_REALM;
    const pins = await readPins(k5identityPath(env));
    const pinned = pins.exists ? pinnedPrincipal(pins.text, config.host) : null;
    if (pinned) return { wouldUse: pinned, why: 'pinned', realm };
    const usable = (status?.caches ?? []).filter(
      (c) => c.principal !== null && (c.state === 'valid' || c.state === 'expiring'),
    );
    if (hostRealm)
      return {
        wouldUse: usable.find((c) => c.realm === hostRealm)?.principal ?? status?.primary ?? null,
        why: 'host-realm',
        realm,
      };
    return { wouldUse: status?.primary ?? null, why: 'primary', realm };
  }

  async function request(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    as: UnauthorizedAs,
    config: CoprConfigSummary,
    realm: string,
  ): Promise<CoprAnswer> {
    const outcome = await httpExchange({
      method,
      url,
      headers,
      timeoutMs,
      maxBytes,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    return readCoprAnswer(outcome, as, { realm, coprUrl: config.coprUrl, timeoutMs });
  }

  const authCheck = (config: CoprConfigSummary, headers: Record<string, string>, as: UnauthorizedAs, realm: string) =>
    request('GET', joinUrl(config.coprUrl, 'api_3/auth-check'), headers, as, config, realm);

  /** A fresh SPNEGO login on gssapi_login/, as requests-gssapi does it for python-copr. */
  async function gssapiLogin(
    config: CoprConfigSummary,
    realm: string,
    principal?: string,
  ): Promise<Result<{ session: CachedSession; principal: string | null }, CoprFailure>> {
    const negotiate = await startNegotiate(config.host, env, principal, timeoutMs);
    if (!negotiate.ok) return err(gssFailure(negotiate.detail, realm, principal ?? null));
    const answer = await request(
      'GET',
      joinUrl(config.coprUrl, 'api_3/gssapi_login/'),
      { Authorization: `Negotiate ${negotiate.value.token}` },
      'negotiate',
      config,
      realm,
    );
    if (!answer.ok) return err(answer.failure);
    const name = typeof answer.json['name'] === 'string' ? answer.json['name'] : null;
    const cookie = cookieFrom(answer.outcome.headers, 'session');
    if (!name || !cookie)
      return err({
        kind: 'http-error',
        status: answer.outcome.status,
        serverMessage: 'the login answer had no user name or session cookie',
      });
    const who = await negotiate.value.finish(firstHeader(answer.outcome.headers['www-authenticate']));
    return ok({
      session: { name, session: cookie, expiration: now() / 1000 + SESSION_LIFETIME_SECONDS },
      principal: who,
    });
  }

  async function checkToken(config: CoprConfigSummary, token: string, login: string | null, realm: string) {
    const basic = Buffer.from(`${login ?? ''}:${token}`).toString('base64');
    const user = confirmedUser(await authCheck(config, { Authorization: `Basic ${basic}` }, 'token', realm));
    return user.ok ? ok({ user: user.value }) : user;
  }

  interface GssapiOutcome {
    readonly result: Result<{ user: string | null; principal: string | null }, CoprFailure>;
    readonly session: CoprCheck['session'];
    readonly sessionRejected: boolean;
  }

  /** python-copr's GSSAPI path: a valid cached session first, else a login whose session is saved for copr-cli too. */
  async function checkGssapi(config: CoprConfigSummary, realm: string): Promise<GssapiOutcome> {
    const path = sessionPath(config);
    return withSessionLock(path, timeoutMs, async () => {
      const cached = await readSession(path);
      let sessionRejected = false;
      if (cached && cached.expiration > now() / 1000) {
        const user = confirmedUser(await authCheck(config, { Cookie: `session=${cached.session}` }, 'session', realm));
        if (user.ok) return { result: ok({ user: user.value, principal: null }), session: 'reused', sessionRejected };
        if (user.error.kind !== 'session-rejected') return { result: user, session: 'reused', sessionRejected };
        sessionRejected = true;
      }
      const login = await gssapiLogin(config, realm);
      if (!login.ok) return { result: login, session: 'none', sessionRejected };
      await writeSession(path, login.value.session);
      const user = confirmedUser(
        await authCheck(config, { Cookie: `session=${login.value.session.session}` }, 'session', realm),
      );
      if (!user.ok) return { result: user, session: 'created', sessionRejected };
      return {
        result: ok({ user: user.value, principal: login.value.principal }),
        session: 'created',
        sessionRejected,
      };
    });
  }

  /** When GSSAPI fails by itself: the first other valid cache whose principal can get a ticket for the host. */
  async function findWorkingPrincipal(
    config: CoprConfigSummary,
    status: KrbStatus | null,
    identity: IdentityChoice,
  ): Promise<string | null> {
    const candidates = (status?.caches ?? [])
      .filter(
        (c) => c.principal && c.principal !== identity.wouldUse && (c.state === 'valid' || c.state === 'expiring'),
      )
      .sort((a, b) => Number(b.realm === identity.realm) - Number(a.realm === identity.realm));
    for (const cache of candidates) {
      const attempt = await startNegotiate(config.host, env, cache.principal!, timeoutMs);
      if (attempt.ok) return cache.principal;
    }
    return null;
  }

  /** The one-click check: proves who Copr thinks you are, by the method copr-cli (or the API) would use. */
  /** A caller that has just taken a snapshot (the doctor) hands it in; otherwise one is taken. */
  async function snapshot(given: KrbStatus | null | undefined): Promise<KrbStatus | null> {
    if (given !== undefined) return given;
    const status = await krb.status();
    return status.ok ? status.value : null;
  }

  async function check(
    target: CoprTarget & { semantics?: CoprSemantics; status?: KrbStatus | null } = {},
  ): Promise<CoprCheck> {
    const started = now();
    const semantics = target.semantics ?? 'cli';
    const loaded = await load(target);
    const configPath = target.configPath ?? defaultCoprConfigPath(env);
    if (!loaded.ok)
      return report({ coprUrl: '', configPath, semantics, method: 'none', started, failure: loaded.error });
    const { summary: config, token } = loaded.value;
    const base = { coprUrl: config.coprUrl, configPath: config.path, semantics, started };
    const choice = chooseMethod(config, semantics);
    const current = await snapshot(target.status);
    const identity = await identityFor(config, current);
    if (choice.method === 'none') {
      return report({
        ...base,
        method: 'none',
        identity,
        failure: { kind: 'gssapi-disabled', semantics, message: methodError(config, semantics) ?? choice.reason },
      });
    }
    if (choice.method === 'token') {
      const result = await checkToken(config, token ?? '', config.login, identity.realm);
      return report({
        ...base,
        method: 'token',
        identity,
        ...(result.ok ? { user: result.value.user } : { failure: result.error }),
      });
    }
    const outcome = await checkGssapi(config, identity.realm);
    const backed =
      current?.caches.some((c) => c.realm === identity.realm && (c.state === 'valid' || c.state === 'expiring')) ??
      false;
    const common = {
      ...base,
      method: 'gssapi' as const,
      identity,
      session: outcome.session,
      sessionRejected: outcome.sessionRejected,
    };
    if (outcome.result.ok) {
      const staleSession = outcome.session === 'reused' && !backed;
      return report({
        ...common,
        user: outcome.result.value.user,
        principal: outcome.result.value.principal ?? (outcome.session === 'created' ? identity.wouldUse : null),
        staleSession,
      });
    }
    const failure = outcome.result.error;
    const working =
      failure.kind === 'no-ticket' || failure.kind === 'gssapi-failed'
        ? await findWorkingPrincipal(config, current, identity)
        : null;
    return report({ ...common, failure, workingPrincipal: working });
  }

  interface ReportInput {
    coprUrl: string;
    configPath: string;
    semantics: CoprSemantics;
    method: CoprMethod;
    started: number;
    failure?: CoprFailure;
    user?: string | null;
    principal?: string | null;
    identity?: IdentityChoice;
    session?: CoprCheck['session'];
    staleSession?: boolean;
    sessionRejected?: boolean;
    workingPrincipal?: string | null;
  }

  function report(r: ReportInput): CoprCheck {
    const failure = r.failure ?? null;
    const identity = r.identity ?? null;
    const working = r.workingPrincipal ?? null;
    let advice: string | null = null;
    if (working && identity) advice = describeWorkingAlternative(identity, working);
    else if (r.staleSession)
      advice =
        'Copr accepted a saved login session, but no valid Kerberos ticket backs it: clear the session to see what copr-cli will do once it expires.';
    return {
      coprUrl: r.coprUrl,
      configPath: r.configPath,
      semantics: r.semantics,
      method: r.method,
      ok: failure === null && Boolean(r.user),
      user: r.user ?? null,
      principal: r.principal ?? null,
      error: failure ? { code: failure.kind, message: describeCoprFailure(failure) } : null,
      failure,
      durationMs: Math.round(now() - r.started),
      session: r.session ?? 'none',
      staleSession: r.staleSession ?? false,
      sessionRejected: r.sessionRejected ?? false,
      identity,
      workingPrincipal: working,
      advice,
    };
  }

  async function overview(
    target: CoprTarget = {},
    status?: KrbStatus | null,
  ): Promise<Result<CoprOverview, CoprFailure>> {
    const loaded = await load(target);
    if (!loaded.ok) return loaded;
    const config = loaded.value.summary;
    const identity = await identityFor(config, await snapshot(status));
    const pins = await readPins(k5identityPath(env));
    const cached = await readSession(sessionPath(config));
    return ok({
      config,
      cli: chooseMethod(config, 'cli'),
      api: chooseMethod(config, 'api'),
      identity,
      pinned: pins.exists ? pinnedPrincipal(pins.text, config.host) : null,
      session: cached && {
        path: sessionPath(config),
        name: cached.name,
        expiresAt: new Date(cached.expiration * 1000).toISOString(),
        valid: cached.expiration > now() / 1000,
      },
    });
  }

  async function clearCachedSession(
    target: CoprTarget = {},
  ): Promise<Result<{ path: string; removed: boolean }, CoprFailure>> {
    const loaded = await load(target);
    if (!loaded.ok) return loaded;
    const path = sessionPath(loaded.value.summary);
    return withSessionLock(
      path,
      timeoutMs,
      async (): Promise<Result<{ path: string; removed: boolean }, CoprFailure>> => {
        const existed = (await readSession(path)) !== null;
        const failed = await clearSession(path).then(
          () => null,
          (e: { code?: unknown }) => String(e?.code ?? 'error'),
        );
        return failed
          ? err({ kind: 'write-failed', path, detail: `${failed} while removing it` })
          : ok({ path, removed: existed });
      },
    );
  }

  async function pin(
    principal: string,
    target: CoprTarget = {},
  ): Promise<Result<{ host: string; principal: string; changed: boolean; path: string }, CoprFailure>> {
    const loaded = await load(target);
    if (!loaded.ok) return loaded;
    const host = loaded.value.summary.host;
    const result = await pinForHost(k5identityPath(env), principal, host);
    return result.ok ? ok({ host, principal, changed: result.value.changed, path: k5identityPath(env) }) : result;
  }

  async function unpin(
    target: CoprTarget = {},
  ): Promise<Result<{ host: string; changed: boolean; path: string }, CoprFailure>> {
    const loaded = await load(target);
    if (!loaded.ok) return loaded;
    const host = loaded.value.summary.host;
    const result = await unpinHost(k5identityPath(env), host);
    return result.ok ? ok({ host, changed: result.value.changed, path: k5identityPath(env) }) : result;
  }

  async function configure(
    edits: { coprUrl?: string; gssapi?: boolean; removeToken?: boolean },
    target: CoprTarget = {},
  ): Promise<Result<CoprConfigSummary, CoprFailure>> {
    // Loaded under the edit lock, so two edits started together both land.
    const path = target.configPath ?? defaultCoprConfigPath(env);
    return loadAndEditCoprConfig(path, target.configPath !== undefined, edits);
  }

  /** `copr-cli new-api-token`, over a Kerberos login: a dead token becomes a new one in one step. */
  async function renewToken(
    target: CoprTarget = {},
  ): Promise<Result<{ config: CoprConfigSummary; expires: string; user: string }, CoprFailure>> {
    const loaded = await load(target);
    if (!loaded.ok) return loaded;
    const config = loaded.value.summary;
    const status = await krb.status();
    const identity = await identityFor(config, status.ok ? status.value : null);
    const login = await gssapiLogin(config, identity.realm);
    if (!login.ok) return login;
    await withSessionLock(sessionPath(config), timeoutMs, () => writeSession(sessionPath(config), login.value.session));
    const answer = await request(
      'POST',
      joinUrl(config.coprUrl, 'api_3/api-token'),
      { Cookie: `session=${login.value.session.session}` },
      'session',
      config,
      identity.realm,
    );
    if (!answer.ok) return err(answer.failure);
    const { api_login: apiLogin, api_token: apiToken, expiration } = answer.json;
    if (typeof apiLogin !== 'string' || typeof apiToken !== 'string' || typeof expiration !== 'string') {
      return err({
        kind: 'http-error',
        status: answer.outcome.status,
        serverMessage: 'the answer had no api_login, api_token and expiration',
      });
    }
    const written = await editCoprConfig(loaded.value, { login: apiLogin, token: apiToken, tokenExpires: expiration });
    return written.ok ? ok({ config: written.value, expires: expiration, user: login.value.session.name }) : written;
  }

  return { check, overview, clearCachedSession, pin, unpin, configure, renewToken, sessionPath, load };
}

/** The user auth-check names: Copr confirmed someone only when it says who. */
function confirmedUser(answer: CoprAnswer): Result<string, CoprFailure> {
  if (!answer.ok) return err(answer.failure);
  const name = answer.json['name'];
  if (typeof name === 'string' && name !== '') return ok(name);
  return err({ kind: 'http-error', status: answer.outcome.status, serverMessage: 'the answer named no user' });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
