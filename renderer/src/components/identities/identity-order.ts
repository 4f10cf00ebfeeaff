/**
 * The order of the identities on screen, and the filter over them. klist lists a collection in an
 * order that changes when the primary does, so the view sorts by itself: the primary first (it is
 * what Kerberos uses for any host it cannot match), then the identities of the realm Copr needs
 * (what a Fedora contributor looks for next), then by realm and by name.
 *
 * After Make primary only the new primary moves (to the top) and the old one goes back to its
 * sorted place; every other identity keeps its position. Keeping every position and only moving
 * the marker was the alternative, but then the primary could sit 24th of 26 on a long list, which
 * is the reason to sort at all. The view moves focus with the card, so the move is not lost.
 */
import type { CacheInfo } from '../../../../shared/krb';

/** Above this many identities the list is shown as compact rows, with a filter. */
export const COMPACT_ABOVE = 5;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rank 0 for the primary, 1 for the realm Copr needs, 2 for the rest. */
function rank(cache: CacheInfo, coprRealm: string): number {
  if (cache.primary) return 0;
  return cache.realm === coprRealm ? 1 : 2;
}

/**
 * The caches in display order. Caches with no principal (left behind by a failed login) sort by
 * their cache name after the named ones of their rank; the order never depends on klist's.
 */
export function displayOrder(caches: readonly CacheInfo[], coprRealm: string): CacheInfo[] {
  return [...caches].sort(
    (a, b) =>
      rank(a, coprRealm) - rank(b, coprRealm) ||
      byText(a.realm ?? '\uffff', b.realm ?? '\uffff') ||
      byText(a.principal ?? '\uffff', b.principal ?? '\uffff') ||
      byText(a.cache, b.cache),
  );
}

/** The caches whose principal or realm contains `query` (any case); all of them for a blank query. */
export function matching(caches: readonly CacheInfo[], query: string): CacheInfo[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...caches];
  return caches.filter((cache) => `${cache.principal ?? ''} ${cache.realm ?? ''}`.toLowerCase().includes(needle));
}
