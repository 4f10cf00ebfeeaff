/** What the Copr service changes on disk: the saved session, the `~/.k5identity` pin, the config and its token. */
import type { CoprConfigSummary, CoprFailure } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { k5identityPath, pinForHost, unpinHost } from '../kerberos/k5identity.js';
import { loadAndEditCoprConfig } from './config.js';
import {
  type CoprContext,
  type CoprTarget,
  configPathOf,
  coprRequest,
  identityFor,
  loadTarget,
  sessionFileOf,
  snapshotOf,
} from './context.js';
import { gssapiLogin, sessionCookie } from './login.js';
import { checkPin } from './pin-check.js';
import { joinUrl } from './response.js';
import { clearSession, readSession, withSessionLock, writeSession } from './session-cache.js';

export async function clearCachedSession(
  ctx: CoprContext,
  target: CoprTarget = {},
): Promise<Result<{ path: string; removed: boolean }, CoprFailure>> {
  const loaded = await loadTarget(ctx, target);
  if (!loaded.ok) return loaded;
  const path = sessionFileOf(ctx, loaded.value.summary);
  return withSessionLock(
    path,
    ctx.timeoutMs,
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

/** `force`: pin even a principal the rules refuse (the user knows better, e.g. a realm DNS alone finds). */
export interface PinOptions {
  readonly force?: boolean;
}

/**
 * Pins a principal for the Copr host. A name without a realm is qualified as the MIT tools would,
 * and the pin is refused (unless forced) when GSSAPI could not use it to log in to that host.
 */
export async function pin(
  ctx: CoprContext,
  principal: string,
  target: CoprTarget = {},
  options: PinOptions = {},
): Promise<Result<{ host: string; principal: string; changed: boolean; path: string }, CoprFailure>> {
  const loaded = await loadTarget(ctx, target);
  if (!loaded.ok) return loaded;
  const host = loaded.value.summary.host;
  const checked = await checkPin(ctx, principal, host, options.force === true);
  if (!checked.ok) return checked;
  const path = k5identityPath(ctx.env);
  const result = await pinForHost(path, checked.value, host);
  return result.ok ? ok({ host, principal: checked.value, changed: result.value.changed, path }) : result;
}

export async function unpin(
  ctx: CoprContext,
  target: CoprTarget = {},
): Promise<Result<{ host: string; changed: boolean; path: string }, CoprFailure>> {
  const loaded = await loadTarget(ctx, target);
  if (!loaded.ok) return loaded;
  const host = loaded.value.summary.host;
  const path = k5identityPath(ctx.env);
  const result = await unpinHost(path, host);
  return result.ok ? ok({ host, changed: result.value.changed, path }) : result;
}

export async function configure(
  ctx: CoprContext,
  edits: { coprUrl?: string; gssapi?: boolean; removeToken?: boolean },
  target: CoprTarget = {},
): Promise<Result<CoprConfigSummary, CoprFailure>> {
  // Loaded under the edit lock, so two edits started together both land.
  return loadAndEditCoprConfig(configPathOf(ctx, target), target.configPath !== undefined, edits);
}

export interface RenewedToken {
  readonly config: CoprConfigSummary;
  readonly expires: string;
  readonly user: string;
}

/**
 * A token Copr issued that could not be written into the config. Copr has already replaced the old
 * token, so this is the user's only copy: it is shown once (the CLI prints it with where to paste
 * it, the window shows it in the fix's result) and never logged or stored by us.
 */
export interface UnsavedToken {
  readonly path: string;
  readonly login: string;
  readonly token: string;
  readonly expires: string;
  readonly user: string;
}

/** A failure of `renewToken`; `unsaved` is there when Copr did issue a new token. */
export type RenewTokenResult =
  | Result<RenewedToken, CoprFailure>
  | { readonly ok: false; readonly error: CoprFailure; readonly unsaved: UnsavedToken };

/** `copr-cli new-api-token`, over a Kerberos login: a dead token becomes a new one in one step. */
export async function renewToken(ctx: CoprContext, target: CoprTarget = {}): Promise<RenewTokenResult> {
  const loaded = await loadTarget(ctx, target);
  if (!loaded.ok) return loaded;
  const config = loaded.value.summary;
  const identity = await identityFor(ctx, config, await snapshotOf(ctx, undefined));
  const login = await gssapiLogin(ctx, config, identity.realm);
  if (!login.ok) return login;
  const path = sessionFileOf(ctx, config);
  await withSessionLock(path, ctx.timeoutMs, () => writeSession(path, login.value.session));
  const answer = await coprRequest(
    ctx,
    { method: 'POST', url: joinUrl(config.coprUrl, 'api_3/api-token'), ...sessionCookie(login.value.session.session) },
    config,
    identity.realm,
  );
  if (!answer.ok) return answer;
  const { api_login: apiLogin, api_token: apiToken, expiration } = answer.value.json;
  if (typeof apiLogin !== 'string' || typeof apiToken !== 'string' || typeof expiration !== 'string') {
    return err({
      kind: 'http-error',
      status: answer.value.outcome.status,
      serverMessage: 'the answer had no api_login, api_token and expiration',
    });
  }
  const issued = {
    path: config.path,
    login: apiLogin,
    token: apiToken,
    expires: expiration,
    user: login.value.session.name,
  };
  const written = await writeIssuedToken(target, config, issued);
  return written.ok
    ? ok({ config: written.value, expires: expiration, user: issued.user })
    : { ...written, unsaved: issued };
}

/**
 * Writes a token Copr issued into the config as it is now, not as it was before the request: the
 * edit is re-applied under the edit lock to the current file and replaces only the login, token and
 * expiration lines, so another edit made meanwhile survives (a three-way merge whose own side
 * touches nothing else). A config that now names another Copr is not given this one's token.
 */
async function writeIssuedToken(
  target: CoprTarget,
  before: CoprConfigSummary,
  issued: UnsavedToken,
): Promise<Result<CoprConfigSummary, CoprFailure>> {
  const edits = { login: issued.login, token: issued.token, tokenExpires: issued.expires };
  const explicit = target.configPath !== undefined;
  return loadAndEditCoprConfig(before.path, explicit, edits, (now) =>
    now.summary.coprUrl === before.coprUrl
      ? null
      : {
          kind: 'config-invalid',
          problem: {
            path: before.path,
            line: null,
            message: 'copr_url was changed while the new token was requested, so the token was not written there.',
          },
        },
  );
}
