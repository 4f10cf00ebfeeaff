/** What the Copr service changes on disk: the saved session, the `~/.k5identity` pin, the config and its token. */
import type { CoprConfigSummary, CoprFailure } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { k5identityPath, pinForHost, unpinHost } from '../kerberos/k5identity.js';
import { editCoprConfig, loadAndEditCoprConfig } from './config.js';
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

/** `copr-cli new-api-token`, over a Kerberos login: a dead token becomes a new one in one step. */
export async function renewToken(
  ctx: CoprContext,
  target: CoprTarget = {},
): Promise<Result<{ config: CoprConfigSummary; expires: string; user: string }, CoprFailure>> {
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
  const written = await editCoprConfig(loaded.value, { login: apiLogin, token: apiToken, tokenExpires: expiration });
  return written.ok ? ok({ config: written.value, expires: expiration, user: login.value.session.name }) : written;
}
