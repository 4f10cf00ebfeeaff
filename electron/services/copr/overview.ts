/** Everything known about a Copr configuration without talking to Copr. */
import type { CoprFailure, CoprOverview } from '../../../shared/copr.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { type Result, ok } from '../../../shared/result.js';
import {
  type CoprContext,
  type CoprTarget,
  identityFor,
  loadTarget,
  pinnedFor,
  sessionFileOf,
  snapshotOf,
} from './context.js';
import { chooseMethod } from './method.js';
import { readSessionFile } from './session-cache.js';

export async function coprOverview(
  ctx: CoprContext,
  target: CoprTarget = {},
  status?: KrbStatus | null,
): Promise<Result<CoprOverview, CoprFailure>> {
  const loaded = await loadTarget(ctx, target);
  if (!loaded.ok) return loaded;
  const config = loaded.value.summary;
  const identity = await identityFor(ctx, config, await snapshotOf(ctx, status));
  const path = sessionFileOf(ctx, config);
  const file = await readSessionFile(path);
  const cached = file.state === 'read' ? file.session : null;
  const pinned = await pinnedFor(ctx, config.host);
  return ok({
    config,
    cli: chooseMethod(config, 'cli'),
    api: chooseMethod(config, 'api'),
    identity,
    pinned,
    pin: pinned === null ? null : { principal: pinned, host: config.host },
    sessionCorrupt: file.state === 'corrupt' ? { path, problem: file.problem } : null,
    session: cached && {
      path,
      name: cached.name,
      expiresAt: new Date(cached.expiration * 1000).toISOString(),
      valid: cached.expiration > ctx.now() / 1000,
    },
  });
}
