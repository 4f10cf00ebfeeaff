/**
 * When to tell the user about their tickets, and when to renew them by ourselves. Pure: main calls
 * `scheduleNotices` on every status change and whenever its timer fires, shows the notices it
 * returns, records their keys, runs the renewals, and sleeps until `nextWakeAt`.
 *
 * A ticket gets each of the warnings in `warnBeforeMinutes` once (a ticket is a principal with its
 * start and expiry times, so a renewed or new ticket is warned again), and only the latest one that
 * is due: someone who starts the app 7 minutes before expiry hears the 10-minute warning, not the
 * 30- and the 10-minute ones together, and then the 5-minute one.
 */
import type { KrbStatus } from '../../../shared/krb.js';
import { earliestWarningMinutes, type Settings } from '../../../shared/settings.js';
import { plainText } from '../../../shared/text-safety.js';
import { MESSAGES } from '../messages.js';
import { canRenew, instant, ticketCaches, type TicketCache } from './ticket-facts.js';

/** The events a notice can be about. */
export type NoticeEvent = 'expiring' | 'expired' | 'renew-failed';

/** One desktop notification, with the key that keeps it from being sent twice. */
export interface Notice {
  /**
   * principal + event + expiry instant (a warning adds the ticket's start and its minutes): the
   * same event of the same ticket always has the same key.
   */
  readonly key: string;
  readonly event: NoticeEvent;
  readonly principal: string;
  readonly expires: string;
  readonly title: string;
  readonly body: string;
}

/** A ticket main should renew now (`kinit -R <principal>`). */
export interface RenewalDue {
  /** Recorded in `renewAttempts` when the renewal is started. */
  readonly key: string;
  readonly principal: string;
  readonly expires: string;
}

/** Everything the schedule depends on; nothing is read from the clock or the disk. */
export interface ScheduleInput {
  readonly status: KrbStatus | null;
  readonly now: number;
  readonly settings: Pick<Settings, 'warnBeforeMinutes' | 'autoRenew'>;
  /** Keys of the notices already shown. */
  readonly sent: ReadonlySet<string>;
  /** Renewal key → when it was last tried. */
  readonly renewAttempts: ReadonlyMap<string, number>;
  /** sssd-kcm renews tickets itself (`[kcm] tgt_renewal = true`): renewing twice only adds noise. */
  readonly systemRenews: boolean;
}

/** What to do now, and when to look again. */
export interface Schedule {
  readonly notices: readonly Notice[];
  readonly renewals: readonly RenewalDue[];
  /** The next instant anything could become due; null when nothing will. */
  readonly nextWakeAt: number | null;
}

/** A failed renewal (a KDC out of reach, say) is tried again after this long. */
export const RENEW_RETRY_MS = 5 * 60_000;
/** Renewal starts at least this long before expiry, even when the earliest warning is later. */
export const MIN_RENEW_LEAD_MS = 5 * 60_000;
/** A ticket that expired longer ago than this (before the app started, say) gets no "expired" notice. */
export const EXPIRED_NOTICE_HORIZON_MS = 24 * 3_600_000;
/** Timers do not run while the machine sleeps, so main never sleeps longer than this before looking again. */
export const MAX_TIMER_MS = 60_000;

/** The stable key of one event of one ticket. */
export const noticeKey = (principal: string, event: NoticeEvent | 'renew', expires: string): string =>
  `${principal}|${event}|${new Date(instant(expires)).toISOString()}`;

/** The notices due at `now`, the renewals to start, and when to look again. */
export function scheduleNotices(input: ScheduleInput): Schedule {
  const notices: Notice[] = [];
  const renewals: RenewalDue[] = [];
  const wakes: number[] = [];
  for (const cache of ticketCaches(input.status)) {
    const plan = planFor(cache, input);
    if (plan.notice && !input.sent.has(plan.notice.key) && !notices.some((n) => n.key === plan.notice!.key))
      notices.push(plan.notice);
    if (plan.renewal) renewals.push(plan.renewal);
    wakes.push(...plan.wakes.filter((t) => t > input.now));
  }
  return { notices, renewals, nextWakeAt: wakes.length > 0 ? Math.min(...wakes) : null };
}

interface Plan {
  readonly notice: Notice | null;
  readonly renewal: RenewalDue | null;
  readonly wakes: readonly number[];
}

/** One ticket: renew it when automatic renewal applies, else warn before expiry; tell at expiry either way. */
function planFor(cache: TicketCache, input: ScheduleInput): Plan {
  const { now } = input;
  const expires = instant(cache.expires);
  if (now >= expires) {
    const recent = now - expires < EXPIRED_NOTICE_HORIZON_MS;
    return { notice: recent ? expiredNotice(cache) : null, renewal: null, wakes: [] };
  }
  const autoRenew = input.settings.autoRenew && !input.systemRenews && canRenew(cache, now);
  if (autoRenew) return renewalPlan(cache, input);
  const warnAts = input.settings.warnBeforeMinutes.map((minutes) => expires - minutes * 60_000);
  const minutes = dueWarning(cache, input);
  const notice = minutes === null ? null : expiringNotice(cache, minutes, expires - now, canRenew(cache, now));
  return { notice, renewal: null, wakes: [...warnAts, expires] };
}

/**
 * Renewal starts before the earliest warning would come (and at least {@link MIN_RENEW_LEAD_MS}
 * ahead), so a ticket that is renewed in time is never warned about.
 */
function renewalPlan(cache: TicketCache, input: ScheduleInput): Plan {
  const { now } = input;
  const expires = instant(cache.expires);
  const renewAt = renewalStartsAt(expires, input.settings);
  if (now < renewAt) return { notice: null, renewal: null, wakes: [renewAt, expires] };
  const key = noticeKey(cache.principal, 'renew', cache.expires);
  const last = input.renewAttempts.get(key);
  const due = last === undefined || now - last >= RENEW_RETRY_MS;
  const retryAt = (last ?? now) + RENEW_RETRY_MS;
  return {
    notice: null,
    renewal: due ? { key, principal: cache.principal, expires: cache.expires } : null,
    wakes: [retryAt, expires],
  };
}

/** When automatic renewal of a ticket expiring at `expires` starts. */
export function renewalStartsAt(expires: number, settings: Pick<Settings, 'warnBeforeMinutes'>): number {
  return expires - Math.max(earliestWarningMinutes(settings) * 60_000, MIN_RENEW_LEAD_MS);
}

/**
 * The warning (its minutes) to give now, or null. Only the latest warning whose time has come is
 * a candidate, and not when this ticket was already given that one or a later one: a warning
 * added to the list while the ticket was expiring never repeats what was already said.
 */
function dueWarning(cache: TicketCache, input: ScheduleInput): number | null {
  const left = instant(cache.expires) - input.now;
  const reached = input.settings.warnBeforeMinutes.filter((minutes) => left <= minutes * 60_000);
  if (reached.length === 0) return null;
  const latest = Math.min(...reached);
  const given = warningsGiven(cache, input.sent);
  return given.some((minutes) => minutes <= latest) ? null : latest;
}

/** The start of the ticket-granting ticket (else of the ticket that expires with the cache); '' if unknown. */
function ticketStart(cache: TicketCache): string {
  const tgt = `krbtgt/${cache.realm}@${cache.realm}`;
  const ticket = cache.tickets.find((t) => t.server === tgt) ?? cache.tickets.find((t) => t.expires === cache.expires);
  const start = ticket ? instant(ticket.starts) : NaN;
  return Number.isFinite(start) ? new Date(start).toISOString() : '';
}

const warningKeyPrefix = (cache: TicketCache) =>
  `${noticeKey(cache.principal, 'expiring', cache.expires)}|${ticketStart(cache)}|`;

/** The key of one warning of one ticket. */
export const warningKey = (cache: TicketCache, minutes: number): string => `${warningKeyPrefix(cache)}${minutes}m`;

/** The minutes of the warnings this ticket was already given, whatever the list said then. */
function warningsGiven(cache: TicketCache, sent: ReadonlySet<string>): number[] {
  const prefix = warningKeyPrefix(cache);
  const given: number[] = [];
  for (const key of sent) {
    if (!key.startsWith(prefix)) continue;
    const minutes = /^(\d+)m$/.exec(key.slice(prefix.length));
    if (minutes) given.push(Number(minutes[1]));
  }
  return given;
}

function expiringNotice(cache: TicketCache, minutes: number, left: number, renewable: boolean): Notice {
  return {
    key: warningKey(cache, minutes),
    event: 'expiring',
    principal: cache.principal,
    expires: cache.expires,
    title: MESSAGES.notify.expiringTitle(cache.principal, minutesLeftWords(left)),
    body: renewable ? MESSAGES.notify.expiringBodyRenewable : MESSAGES.notify.expiringBody,
  };
}

/**
 * "10 minutes", "1 hour 5 minutes": the time left, rounded up to a minute, so the warning due 10
 * minutes ahead says 10 when the timer fires a moment after its instant.
 */
export function minutesLeftWords(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours === 0) return unit(minutes, 'minute');
  return minutes === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
}

function expiredNotice(cache: TicketCache): Notice {
  return {
    key: noticeKey(cache.principal, 'expired', cache.expires),
    event: 'expired',
    principal: cache.principal,
    expires: cache.expires,
    title: MESSAGES.notify.expiredTitle(cache.principal),
    body: MESSAGES.notify.expiredBody,
  };
}

/** The notice for a failed renewal; its key makes repeated failures for the same ticket one notice. */
export function renewFailedNotice(principal: string, expires: string, reason: string): Notice {
  return {
    key: noticeKey(principal, 'renew-failed', expires),
    event: 'renew-failed',
    principal,
    expires,
    title: MESSAGES.notify.renewFailedTitle(principal),
    body: MESSAGES.notify.renewFailedBody(reason),
  };
}

/** How long main's timer should wait: until `nextWakeAt`, but at least 1 s and at most {@link MAX_TIMER_MS}. */
export function timerDelay(nextWakeAt: number | null, now: number): number {
  if (nextWakeAt === null) return MAX_TIMER_MS;
  return Math.min(MAX_TIMER_MS, Math.max(1_000, nextWakeAt - now));
}

/** A title is one short line in every notification daemon; a body a few lines. */
const TITLE_LIMIT = 120;
const BODY_LIMIT = 400;

/**
 * What a desktop notification may show, from any notice (ours, a Copr check's, a failed action's):
 * plain text, no markup a daemon would read, no control characters, bounded. Titles and bodies
 * quote principals, kinit's words and Copr's answers, so this is applied where a notification is
 * shown, whatever built it.
 */
export function notificationText(notice: { readonly title: string; readonly body: string }): {
  title: string;
  body: string;
} {
  return { title: plainText(notice.title, TITLE_LIMIT).replace(/\n/g, ' '), body: plainText(notice.body, BODY_LIMIT) };
}
