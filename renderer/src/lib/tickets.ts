/** Facts about a cache derived from its tickets: which one is the TGT, how much of it is left. */
import type { CacheInfo, TicketInfo } from '../../../shared/krb';

/** The ticket-granting ticket (`krbtgt/…`) of a cache, else the ticket whose expiry the cache reports. */
export function mainTicket(cache: CacheInfo): TicketInfo | null {
  const tgt = cache.tickets.find((ticket) => ticket.server.startsWith('krbtgt/'));
  return tgt ?? cache.tickets.find((ticket) => ticket.expires === cache.expires) ?? cache.tickets[0] ?? null;
}

/** How long the main ticket lasts in all, and how much of it is left at `now` (both in ms, never negative). */
export function lifetime(cache: CacheInfo, now: number): { readonly total: number; readonly left: number } | null {
  const ticket = mainTicket(cache);
  const expires = Date.parse(cache.expires ?? ticket?.expires ?? '');
  const starts = Date.parse(ticket?.starts ?? '');
  if (Number.isNaN(expires)) return null;
  const total = Number.isNaN(starts) ? Math.max(0, expires - now) : Math.max(0, expires - starts);
  return { total, left: Math.min(total, Math.max(0, expires - now)) };
}
