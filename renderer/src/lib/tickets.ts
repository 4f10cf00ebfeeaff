/** Facts about a cache derived from its tickets: which one is the TGT, how much of it is left. */
import type { CacheInfo, CacheState, TicketInfo } from '../../../shared/krb';

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

/** When the cache's ticket-granting ticket (else its last ticket) expires, in ms; null when unknown. */
export function expiresAt(cache: CacheInfo): number | null {
  const ms = Date.parse(cache.expires ?? mainTicket(cache)?.expires ?? '');
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The state to show at `now`. The status snapshot's state was right when it was taken, and a new
 * snapshot comes only when a cache file changes, which expiry does not do: so the state follows the
 * clock (expired at `expires`, expiring within `warnMs` of it, else valid). `empty` stays as
 * reported; so does any state when the expiry is unknown.
 */
export function stateAt(cache: CacheInfo, now: number, warnMs: number): CacheState {
  if (cache.state === 'empty') return 'empty';
  const expires = expiresAt(cache);
  if (expires === null) return cache.state;
  if (expires <= now) return 'expired';
  return expires - now < warnMs ? 'expiring' : 'valid';
}

/** How often the clock of the cards ticks: normally every 30 s. */
export const SLOW_TICK_MS = 30_000;
/** Every second while something changes within the next minute, so it shows when it happens. */
export const FAST_TICK_MS = 1_000;
/** How far ahead (and back, for "expired 5s ago") a change makes the clock tick fast. */
const SOON_MS = 60_000;

/**
 * The tick interval for these caches at `now`: fast when an expiry, or the start of a warning
 * window, is less than a minute away (or an expiry less than a minute past, so "Expired 5s ago"
 * counts), else slow.
 */
export function tickInterval(caches: readonly CacheInfo[], now: number, warnMs: number): number {
  for (const cache of caches) {
    if (cache.state === 'empty') continue;
    const expires = expiresAt(cache);
    if (expires === null) continue;
    if (Math.abs(expires - now) < SOON_MS) return FAST_TICK_MS;
    const warnStarts = expires - warnMs - now;
    if (warnStarts > 0 && warnStarts < SOON_MS) return FAST_TICK_MS;
  }
  return SLOW_TICK_MS;
}
