/**
 * "What happened overnight": recent events (obtained, renewed, expired, switched, destroyed, Copr
 * checks, renewal failures), kept in memory for the Activity view. Ticket events are derived
 * from two snapshots by a pure function, so a kinit in a terminal is logged like one in the app.
 */
import type { ActivityEvent } from '../../../shared/contract.js';
import { formatLocalTime } from '../../../shared/duration.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { ACTIVITY_LIMIT } from '../../../shared/limits.js';
import { MESSAGES } from '../messages.js';
import { instant, isLive, ticketCaches, type TicketCache } from './ticket-facts.js';

/** The in-memory timeline the Activity view reads and main pushes from. */
export interface ActivityLog {
  add(event: ActivityEvent): void;
  /** Oldest first, at most the limit. */
  list(): readonly ActivityEvent[];
  /** Calls `listener` with each event added from now on; returns the unsubscribe function. */
  subscribe(listener: (event: ActivityEvent) => void): () => void;
}

/** A ring buffer of the last `limit` events (default: a few days of a busy collection), with subscribers (main pushes each event to the window). */
export function createActivityLog(limit = ACTIVITY_LIMIT): ActivityLog {
  let events: ActivityEvent[] = [];
  const listeners = new Set<(event: ActivityEvent) => void>();
  return {
    add(event) {
      events.push(event);
      if (events.length > limit) events = events.slice(events.length - limit);
      for (const listener of [...listeners]) listener(event);
    },
    list: () => [...events],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** "2026-11-28 23:39" in local time: what a user reads in a timeline (one format for CLI, doctor and log). */
export { formatLocalTime };

const byPrincipal = (status: KrbStatus): Map<string, TicketCache> =>
  new Map(ticketCaches(status).map((c) => [c.principal, c]));

/**
 * The events between two snapshots. `before` null is the first snapshot: the baseline, not news.
 * A new expiry with the same renew-until is a renewal (`kinit -R` keeps it); a new renew-until is
 * a fresh login. Expiry is judged by time, so calling this on a timer with the same caches (and
 * `now` later than `before.takenAt`) logs an expiry exactly once.
 */
export function activityFromChange(before: KrbStatus | null, after: KrbStatus, now: number): ActivityEvent[] {
  if (before === null) return [];
  const at = new Date(now).toISOString();
  const event = (kind: ActivityEvent['kind'], principal: string, message: string): ActivityEvent => ({
    at,
    kind,
    principal,
    message,
  });
  const old = byPrincipal(before);
  const current = byPrincipal(after);
  const beforeAt = instant(before.takenAt);
  const events: ActivityEvent[] = [];
  for (const principal of namedPrincipals(before)) {
    if (!namedPrincipals(after).has(principal))
      events.push(event('destroyed', principal, MESSAGES.activity.destroyed(principal)));
  }
  for (const [principal, cache] of current) {
    const was = old.get(principal);
    if (!was || (was.expires !== cache.expires && !isRenewal(was, cache))) {
      events.push(event('obtained', principal, MESSAGES.activity.obtained(principal, formatLocalTime(cache.expires))));
    } else if (was.expires !== cache.expires) {
      events.push(event('renewed', principal, MESSAGES.activity.renewed(principal, formatLocalTime(cache.expires))));
    } else if (isLive(was, beforeAt) && !isLive(cache, now)) {
      events.push(event('expired', principal, MESSAGES.activity.expired(principal)));
    }
  }
  // The first ticket of an empty collection becomes primary by itself: "obtained" says it all.
  const firstTicket =
    before.primary === null && events.some((e) => e.kind === 'obtained' && e.principal === after.primary);
  if (after.primary !== null && after.primary !== before.primary && !firstTicket) {
    events.push(event('switched', after.primary, MESSAGES.activity.switched(after.primary)));
  }
  return events;
}

const namedPrincipals = (status: KrbStatus): Set<string> =>
  new Set(status.caches.map((c) => c.principal).filter((p): p is string => p !== null));

function isRenewal(was: TicketCache, now: TicketCache): boolean {
  return was.renewUntil !== null && was.renewUntil === now.renewUntil && instant(now.expires) > instant(was.expires);
}
