/**
 * Small facts about one cache that the tray, the notification scheduler and the activity log all
 * need, computed from absolute times and `now` (a snapshot's own `state` was computed when it was
 * taken, with the service's fixed 30-minute window, so it goes stale as time passes).
 */
import { FEDORA_REALM, type CacheInfo, type KrbStatus } from '../../../shared/krb.js';

/** A cache that names a principal and holds a ticket with an expiry time. */
export interface TicketCache extends CacheInfo {
  readonly principal: string;
  readonly expires: string;
}

/** Milliseconds since the epoch of an ISO instant; NaN when it does not parse. */
export const instant = (iso: string): number => Date.parse(iso);

/** Caches that have a principal and a ticket; uninitialised caches a failed kinit left behind are skipped. */
export function ticketCaches(status: KrbStatus | null): readonly TicketCache[] {
  return (status?.caches ?? []).filter(
    (c): c is TicketCache => c.principal !== null && c.expires !== null && Number.isFinite(instant(c.expires)),
  );
}

/** The Fedora account caches, the one with the most time left first. */
export function fedoraCaches(status: KrbStatus | null): readonly TicketCache[] {
  return ticketCaches(status)
    .filter((c) => c.realm === FEDORA_REALM)
    .sort((a, b) => instant(b.expires) - instant(a.expires));
}

/** Time left on the cache's ticket at `now`; negative once it has expired. */
export const msLeft = (cache: TicketCache, now: number): number => instant(cache.expires) - now;

/** Whether the ticket is still usable at `now`. */
export const isLive = (cache: TicketCache, now: number): boolean => msLeft(cache, now) > 0;

/**
 * Whether `kinit -R` can still extend this ticket at `now`: the ticket-granting ticket carries the
 * renewable flag and renew-until lies ahead and beyond the current expiry (otherwise a renewal
 * gains nothing). An expired ticket counts: MIT's KDC renews it while renew-until has not passed
 * (pinned by the doctor's integration test of an expired primary), which is how a laptop that
 * slept past the expiry gets its ticket back without a password.
 */
export function canRenew(cache: TicketCache, now: number): boolean {
  if (cache.renewUntil === null) return false;
  const realm = cache.realm;
  const tgt = cache.tickets.find((t) => t.server === `krbtgt/${realm}@${realm}`);
  if (tgt && !tgt.flags.includes('renewable')) return false;
  const until = instant(cache.renewUntil);
  return Number.isFinite(until) && until > now && until > instant(cache.expires);
}
