/**
 * Switching, renewing and destroying one identity's cache. Each first finds the cache in a
 * snapshot, then acts on that cache by its name (not by principal: `kinit -R <principal>` would make
 * that cache primary), then decides from a second snapshot whether it worked.
 */
import type { CacheInfo, KrbChange, KrbDestroyed, KrbFailure, KrbStatus } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { classifyFailure } from './classify.js';
import type { QualifyName } from './names.js';
import { cacheOf, type Snapshots } from './snapshot.js';
import { type KrbToolbox, succeeded } from './toolbox.js';

/** An identity's cache as found in the snapshot taken before acting on it. */
interface Located {
  readonly principal: string;
  readonly cache: CacheInfo;
  readonly before: KrbStatus;
}

export function createCacheActions(box: KrbToolbox, snapshots: Snapshots, qualify: QualifyName) {
  /** The named identity's cache (the primary's when no name is given), or why there is none. */
  async function locate(principalInput: string | undefined): Promise<Result<Located, KrbFailure>> {
    const named = principalInput === undefined ? null : await qualify(principalInput);
    if (named && !named.ok) return named;
    const before = await snapshots.status();
    if (!before.ok) return before;
    const principal = named ? named.value : before.value.primary;
    const cache = principal === null ? null : cacheOf(before.value, principal);
    if (principal === null || cache === null)
      return err({ kind: 'no-such-cache', principal: principal ?? '', detail: '' });
    return ok({ principal, cache, before: before.value });
  }

  /** Makes `principal`'s cache the primary one, and checks that it is: kswitch can exit 0 without switching. */
  async function switchTo(principalInput: string): Promise<Result<KrbChange, KrbFailure>> {
    const coll = await snapshots.collection();
    if (!coll.switchable) return err({ kind: 'not-switchable', collection: coll });
    const found = await locate(principalInput);
    if (!found.ok) return found;
    const { principal, cache } = found.value;
    const out = await box.tool('kswitch', ['-c', cache.cache]);
    if (!succeeded(out)) return err(classifyFailure(out, { tool: 'kswitch', principal, timeoutMs: box.toolTimeoutMs }));
    const after = await snapshots.status();
    if (!after.ok) return after;
    if (after.value.primary !== principal) {
      const detail = `kswitch exited 0, but the primary is ${after.value.primary ?? 'none'}, not ${principal}`;
      return err({ kind: 'unexpected', tool: 'kswitch', exitCode: 0, detail });
    }
    return ok(changeOf(found.value, after.value));
  }

  /** Renews the primary cache's ticket, or `principal`'s, in place: the primary stays where it was. */
  async function renew(principalInput?: string): Promise<Result<KrbChange, KrbFailure>> {
    const found = await locate(principalInput);
    if (!found.ok) return found;
    const { principal, cache } = found.value;
    const out = await box.tool('kinit', ['-R', '-c', cache.cache], '', box.kinitTimeoutMs);
    if (!succeeded(out)) return err(classifyFailure(out, { tool: 'kinit', principal, timeoutMs: box.kinitTimeoutMs }));
    const after = await statusWithPrimaryOf(found.value.before);
    if (!after.ok) return after;
    const renewed = after.value.caches.find((c) => c.cache === cache.cache && c.principal === principal);
    // A ticket whose renew-until equals its start renews "successfully" into an expired one (MIT quirk).
    if (!renewed || renewed.state === 'expired' || renewed.state === 'empty') {
      return err({ kind: 'not-renewable', detail: 'kinit -R succeeded, but the renewed ticket has already expired' });
    }
    return ok(changeOf(found.value, after.value));
  }

  /**
   * A snapshot after renewing, with the primary of `before` put back if the renewal moved it.
   * `kinit -R -c` stores the renewed ticket by initialising that cache again, and sssd-kcm makes
   * every cache it initialises the default one: on KCM, renewing another identity would take the
   * primary away from the Fedora one. kswitch's exit status proves nothing; the snapshot decides,
   * and a primary that could not be put back shows as `primaryAfter`.
   */
  async function statusWithPrimaryOf(before: KrbStatus): Promise<Result<KrbStatus, KrbFailure>> {
    const after = await snapshots.status();
    if (!after.ok || after.value.primary === before.primary) return after;
    const previous = before.caches.find((c) => c.primary);
    if (!previous) return after;
    await box.tool('kswitch', ['-c', previous.cache]);
    return snapshots.status();
  }

  /** Destroys one identity's cache; the primary stays unless it was that cache. */
  async function destroy(principalInput: string): Promise<Result<KrbDestroyed, KrbFailure>> {
    const found = await locate(principalInput);
    if (!found.ok) return found;
    const { principal, cache, before } = found.value;
    const out = await box.tool('kdestroy', ['-c', cache.cache]);
    if (!succeeded(out))
      return err(classifyFailure(out, { tool: 'kdestroy', principal, timeoutMs: box.toolTimeoutMs }));
    const after = await snapshots.status();
    if (!after.ok) return after;
    if (after.value.caches.some((c) => c.cache === cache.cache && c.principal === principal)) {
      const detail = `kdestroy exited 0, but the tickets of ${principal} are still there`;
      return err({ kind: 'unexpected', tool: 'kdestroy', exitCode: 0, detail });
    }
    return ok({
      ...after.value,
      destroyed: principal,
      primaryBefore: before.primary,
      primaryAfter: after.value.primary,
    });
  }

  async function destroyAll(): Promise<Result<KrbStatus, KrbFailure>> {
    const out = await box.tool('kdestroy', ['-A']);
    if (!succeeded(out)) return err(classifyFailure(out, { tool: 'kdestroy', timeoutMs: box.toolTimeoutMs }));
    const after = await snapshots.status();
    if (after.ok && after.value.caches.some((c) => c.principal !== null)) {
      const detail = 'kdestroy -A exited 0, but some tickets are still there';
      return err({ kind: 'unexpected', tool: 'kdestroy', exitCode: 0, detail });
    }
    return after;
  }

  return { switchTo, renew, destroy, destroyAll };
}

function changeOf(found: Located, after: KrbStatus): KrbChange {
  return {
    principal: found.principal,
    cache: found.cache.cache,
    status: after,
    primaryBefore: found.before.primary,
    primaryAfter: after.primary,
  };
}
