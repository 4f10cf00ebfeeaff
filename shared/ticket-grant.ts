/**
 * What a login's ticket really allows, against what its options asked. The KDC silently caps a
 * lifetime at the realm's (or the account's) maximum and may refuse to make a ticket forwardable or
 * renewable, and kinit still exits 0: only the ticket itself tells.
 */
import type { CacheInfo, GrantShortfall, LoginGrant, TicketInfo } from './krb.js';
import { assertNever } from './result.js';
import { type TicketOptions, durationInWords, parseDuration } from './ticket-options.js';

/** The ticket-granting ticket of a cache (else its first ticket): the one a login obtains. */
export function loginTicket(cache: CacheInfo): TicketInfo | null {
  return cache.tickets.find((t) => t.server.startsWith('krbtgt/')) ?? cache.tickets[0] ?? null;
}

const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/**
 * Whether `granted` is short of `asked`. The KDC counts from its own clock and klist prints whole
 * seconds, so a little is forgiven: a tenth of what was asked, and never more than a minute.
 */
const shortOf = (granted: number, asked: number) => granted < asked - Math.min(60, asked / 10);

/** Compares the ticket with the options; options that do not parse (never the case after validation) are ignored. */
export function describeGrant(asked: TicketOptions, ticket: TicketInfo): LoginGrant {
  const lifetimeSeconds = Math.round(secondsBetween(ticket.starts, ticket.expires));
  const renewable = ticket.flags.includes('renewable') && ticket.renewUntil !== null;
  const renewableSeconds = renewable ? Math.round(secondsBetween(ticket.starts, ticket.renewUntil!)) : null;
  const forwardable = ticket.flags.includes('forwardable');
  const shortfalls: GrantShortfall[] = [];
  const lifetime = asked.lifetime === undefined ? null : parseDuration(asked.lifetime);
  if (lifetime?.ok && shortOf(lifetimeSeconds, lifetime.value))
    shortfalls.push({ kind: 'lifetime', askedSeconds: lifetime.value, grantedSeconds: lifetimeSeconds });
  const renew = asked.renewableLifetime === undefined ? null : parseDuration(asked.renewableLifetime);
  if (renew?.ok && (renewableSeconds === null || shortOf(renewableSeconds, renew.value)))
    shortfalls.push({ kind: 'renewable-lifetime', askedSeconds: renew.value, grantedSeconds: renewableSeconds });
  if (asked.forwardable === true && !forwardable) shortfalls.push({ kind: 'not-forwardable' });
  return { asked, lifetimeSeconds, renewableSeconds, forwardable, shortfalls };
}

/** One plain sentence for each way the ticket falls short of what was asked. */
export function describeShortfall(s: GrantShortfall): string {
  switch (s.kind) {
    case 'lifetime':
      return `The KDC granted ${durationInWords(s.grantedSeconds)}, less than the ${durationInWords(s.askedSeconds)} asked.`;
    case 'renewable-lifetime':
      return s.grantedSeconds === null
        ? `The ticket is not renewable, though ${durationInWords(s.askedSeconds)} of renewal was asked.`
        : `The KDC allows renewing for ${durationInWords(s.grantedSeconds)}, less than the ${durationInWords(s.askedSeconds)} asked.`;
    case 'not-forwardable':
      return 'The ticket is not forwardable, though a forwardable one was asked: the KDC or the account does not allow it.';
    default:
      return assertNever(s, 'grant shortfall');
  }
}

/** The shortfalls in one paragraph, or null when the KDC granted all that was asked. */
export function describeGrantShortfalls(grant: LoginGrant | undefined): string | null {
  if (!grant || grant.shortfalls.length === 0) return null;
  return grant.shortfalls.map(describeShortfall).join(' ');
}
