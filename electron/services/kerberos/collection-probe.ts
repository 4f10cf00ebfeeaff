import type { CollectionInfo, KrbFailure, KrbStatus } from '../../../shared/krb.js';
import { type Result, ok } from '../../../shared/result.js';
import type { RunOutcome } from '../process/run.js';
import type { KrbService } from './service.js';

/** The two halves of a snapshot: the listing (one `klist -A -f -e`) and the snapshot built from it. */
export type ProbeService = Pick<KrbService, 'listCollection' | 'statusFromListing'>;

/** What one look at the collection found: the same listing as last time (nothing parsed), or a fresh snapshot. */
export type ProbeOutcome = { readonly kind: 'same' } | { readonly kind: 'read'; readonly status: KrbStatus };

/**
 * Looks at a collection the cheapest way that is still right, for a watch that looks again and
 * again. Each look runs `klist -A -f -e` once; when its output is byte for byte what the last look
 * saw, nothing changed and nothing is parsed. Only a changed listing costs the full snapshot
 * (plus, on KEYRING and KCM, a plain `klist` for the primary).
 *
 * Why the listing alone says "nothing changed": klist lists the primary cache first, so a kswitch
 * reorders the listing, and every kinit, renewal or kdestroy changes its text. The one change it
 * cannot show is a switch while the primary names a cache that no longer exists (after a plain
 * kdestroy of the primary): the listing looks the same whether or not the first cache became
 * primary. In that state every look takes the full snapshot.
 */
export function createCollectionProbe(
  service: ProbeService,
  collection: CollectionInfo,
): () => Promise<Result<ProbeOutcome, KrbFailure>> {
  let last: { listing: string; primaryKnown: boolean } | null = null;
  return async () => {
    const outcome = await service.listCollection();
    const listing = listingText(outcome);
    if (listing !== null && last?.primaryKnown && listing === last.listing) return ok({ kind: 'same' });
    const snapshot = await service.statusFromListing(collection, outcome);
    if (!snapshot.ok) {
      last = null;
      return snapshot;
    }
    last = listing === null ? null : { listing, primaryKnown: primaryKnown(snapshot.value) };
    return ok({ kind: 'read', status: snapshot.value });
  };
}

/** Everything klist said, exit code included; null when it did not run to the end (nothing to compare). */
function listingText(outcome: RunOutcome): string | null {
  return outcome.kind === 'exited' ? `${outcome.exitCode}\n${outcome.stdout}\n\0${outcome.stderr}` : null;
}

/** False when caches exist but none is primary: the listing cannot show a switch then (see above). */
function primaryKnown(status: KrbStatus): boolean {
  return status.primary !== null || status.caches.every((c) => c.principal === null);
}
