/**
 * Snapshots of the credential-cache collection: what `klist -A` shows, with the primary marked.
 * Every action decides its success from one of these taken after it, since the MIT tools can exit
 * 0 without doing what was meant.
 */
import type { CacheInfo, CacheState, CollectionInfo, KrbFailure, KrbStatus, TicketInfo } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import type { RunOutcome } from '../process/run.js';
import { describeCollection, defaultCollectionName, dirCollectionPath, readDirPrimary } from './ccache-name.js';
import { classifyFailure } from './classify.js';
import { parseKlistAll, parsePrimaryCacheName, type ParsedCache } from './klist-parse.js';
import { loadKrb5Config } from './krb5-conf.js';
import type { KrbToolbox } from './toolbox.js';

export interface Snapshots {
  /** The collection the tools use (KRB5CCNAME, else krb5.conf's default_ccache_name, else MIT's default). */
  collection(): Promise<CollectionInfo>;
  /** The whole collection, like `klist -A`. */
  status(): Promise<Result<KrbStatus, KrbFailure>>;
  /** One `klist -A -f -e` run, unparsed: the watch compares listings before it parses one. */
  listCollection(): Promise<RunOutcome>;
  /** A snapshot from a listing already taken (plus the primary, read where it lives). */
  statusFromListing(coll: CollectionInfo, all: RunOutcome): Promise<Result<KrbStatus, KrbFailure>>;
}

export function createSnapshots(box: KrbToolbox): Snapshots {
  async function collection(): Promise<CollectionInfo> {
    const fromEnv = box.env['KRB5CCNAME'];
    const conf = fromEnv ? null : await loadKrb5Config(box.env);
    return describeCollection(defaultCollectionName(box.env, conf, { uid: process.getuid?.() ?? 0 }));
  }

  /** From one `klist -A -f -e` run (plus, where the primary lives outside the file system, one plain `klist`). */
  async function status(): Promise<Result<KrbStatus, KrbFailure>> {
    const coll = await collection();
    const [all, primaryName] = await Promise.all([listCollection(), primaryCacheName(coll)]);
    return statusOf(coll, all, primaryName);
  }

  function listCollection(): Promise<RunOutcome> {
    return box.tool('klist', ['-A', '-f', '-e']);
  }

  async function statusFromListing(coll: CollectionInfo, all: RunOutcome): Promise<Result<KrbStatus, KrbFailure>> {
    return statusOf(coll, all, await primaryCacheName(coll));
  }

  function statusOf(
    coll: CollectionInfo,
    all: RunOutcome,
    primaryName: string | null | 'first',
  ): Result<KrbStatus, KrbFailure> {
    const klistFailure = () => classifyFailure(all, { tool: 'klist', timeoutMs: box.toolTimeoutMs });
    if (all.kind !== 'exited') return err(klistFailure());
    const parsed = parseKlistAll(all.stdout, all.stderr, (path) => emptyCacheName(coll, path));
    if (all.exitCode !== 0 && parsed.caches.length === 0 && !isEmptyCollection(all)) return err(klistFailure());
    const takenAt = box.now();
    const primary = choosePrimary(coll, parsed.caches, primaryName);
    return ok({
      collection: coll,
      primary: primary?.principal ?? null,
      caches: parsed.caches.map((c) => toCacheInfo(c, c === primary, takenAt, box.expiringWithinMs)),
      takenAt: new Date(takenAt).toISOString(),
    });
  }

  /** The primary cache's name: DIR keeps it in a file, FILE has only one; KEYRING and KCM need `klist`. */
  async function primaryCacheName(coll: CollectionInfo): Promise<string | null | 'first'> {
    if (coll.type === 'FILE' || !coll.switchable) return 'first';
    if (coll.type === 'DIR') {
      const dir = dirCollectionPath(coll.name);
      return dir ? readDirPrimary(dir) : null;
    }
    const out = await box.tool('klist', []);
    return out.kind === 'exited' && out.exitCode === 0 ? parsePrimaryCacheName(out.stdout) : null;
  }

  return { collection, status, listCollection, statusFromListing };
}

/** The cache holding `principal`'s tickets in a snapshot (the primary one, should there be two), or null. */
export function cacheOf(status: KrbStatus, principal: string): CacheInfo | null {
  const held = status.caches.filter((c) => c.principal === principal);
  return held.find((c) => c.primary) ?? held[0] ?? null;
}

/** An empty collection: klist -A exits 1 and prints nothing, or names the missing cache. */
function isEmptyCollection(out: RunOutcome & { kind: 'exited' }): boolean {
  const text = out.stderr.trim();
  return (
    text === '' ||
    /No credentials cache found|Credentials cache keyring '.*' not found|Credentials cache file '.*' not found/.test(
      text,
    )
  );
}

function emptyCacheName(coll: CollectionInfo, path: string): string {
  if (coll.type === 'DIR') return `DIR::${path}`;
  if (coll.type === 'FILE') return `FILE:${path}`;
  return path;
}

function choosePrimary(
  coll: CollectionInfo,
  caches: readonly ParsedCache[],
  name: string | null | 'first',
): ParsedCache | null {
  const withPrincipal = caches.filter((c) => c.principal !== null);
  if (name === 'first') return withPrincipal[0] ?? null;
  if (name === null) return null;
  // A DIR collection named by its single subsidiary (`DIR::/path/tkt`) is its own primary.
  const wanted = coll.type === 'DIR' && coll.name.startsWith('DIR::') ? coll.name : name;
  return withPrincipal.find((c) => c.cache === wanted) ?? null;
}

function toCacheInfo(c: ParsedCache, primary: boolean, nowMs: number, expiringWithinMs: number): CacheInfo {
  const realm = c.principal ? realmOf(c.principal) : null;
  const tgt = c.tickets.find((t) => realm !== null && t.server === `krbtgt/${realm}@${realm}`);
  const latest = [...c.tickets].sort((a, b) => b.expires - a.expires)[0];
  const main = tgt ?? latest;
  return {
    cache: c.cache,
    principal: c.principal,
    realm,
    primary,
    state: cacheState(main?.expires ?? null, nowMs, expiringWithinMs),
    expires: main ? iso(main.expires) : null,
    renewUntil: main?.renewUntil != null ? iso(main.renewUntil) : null,
    tickets: c.tickets.map((t): TicketInfo => ({
      server: t.server,
      starts: iso(t.starts),
      expires: iso(t.expires),
      renewUntil: t.renewUntil === null ? null : iso(t.renewUntil),
      flags: t.flags,
      sessionEnctype: t.sessionEnctype,
      ticketEnctype: t.ticketEnctype,
    })),
  };
}

/** klist marks nothing as expired: the state comes from the times alone. */
export function cacheState(expires: number | null, nowMs: number, expiringWithinMs: number): CacheState {
  if (expires === null) return 'empty';
  if (expires <= nowMs) return 'expired';
  return expires - nowMs < expiringWithinMs ? 'expiring' : 'valid';
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}
