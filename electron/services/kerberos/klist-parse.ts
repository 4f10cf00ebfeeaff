import type { TicketFlag } from '../../../shared/krb.js';

/** One ticket as `klist -f -e` prints it, times as epoch milliseconds. */
export interface ParsedTicket {
  readonly server: string;
  readonly starts: number;
  readonly expires: number;
  readonly renewUntil: number | null;
  readonly flags: readonly TicketFlag[];
  readonly sessionEnctype: string | null;
  readonly ticketEnctype: string | null;
}

export interface ParsedCache {
  readonly cache: string;
  /** null for an uninitialised cache (reported on stderr only). */
  readonly principal: string | null;
  readonly tickets: readonly ParsedTicket[];
}

export interface ParsedKlist {
  /** In klist's order: MIT lists the primary cache first when it exists. */
  readonly caches: readonly ParsedCache[];
  /** stderr lines that were neither empty-cache notices nor understood: kept for diagnostics. */
  readonly warnings: readonly string[];
}

/** `klist -f` flag letters, from MIT's klist.c `flags_string`. */
const FLAG_LETTERS: Readonly<Record<string, TicketFlag>> = {
  F: 'forwardable',
  f: 'forwarded',
  P: 'proxiable',
  p: 'proxy',
  D: 'may-postdate',
  d: 'postdated',
  R: 'renewable',
  I: 'initial',
  i: 'invalid',
  H: 'hw-authenticated',
  A: 'pre-authenticated',
  T: 'transit-policy-checked',
  O: 'ok-as-delegate',
  a: 'anonymous',
};

const DATE = String.raw`(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}) (\d{1,2}):(\d{2}):(\d{2})`;
const TICKET_LINE = new RegExp(String.raw`^${DATE}\s+${DATE}\s+(\S.*)$`);
const RENEW_LINE = new RegExp(String.raw`^\s+renew until ${DATE}(?:, Flags: (\S*))?\s*$`);
const FLAGS_LINE = /^\s+Flags: (\S*)\s*$/;
const ETYPE_LINE = /^\s+Etype \(skey, tkt\): ([^,]+), (.(?:.*\S)?)\s*$/;
// MIT prints this for an uninitialised cache, e.g. one a failed kinit left in a DIR collection.
const EMPTY_CACHE = /^klist: End of credential cache reached \(filename: (.+)\)\s*$/;

/**
 * Reads a local date as klist prints it under `LC_ALL=C` (`11/28/26 12:57:18`). Two-digit years
 * follow POSIX `%y`: 69–99 are 1969–1999, 00–68 are 2000–2068.
 */
export function parseKlistDate(m: readonly string[], at: number): number {
  const [month, day, yearText, hour, minute, second] = m.slice(at, at + 6).map((x) => x ?? '');
  let year = Number(yearText);
  if (yearText.length === 2) year += year >= 69 ? 1900 : 2000;
  return new Date(year, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)).getTime();
}

function parseFlags(letters: string | undefined): TicketFlag[] {
  if (!letters) return [];
  return [...letters].flatMap((letter) => {
    const flag = FLAG_LETTERS[letter];
    return flag ? [flag] : [];
  });
}

/**
 * Parses `klist -A -f -e` (one process for the whole collection). `emptyCacheName` turns the path of
 * an uninitialised cache from stderr into a cache name of the collection's type.
 * Never throws: lines it does not understand are skipped.
 */
export function parseKlistAll(stdout: string, stderr: string, emptyCacheName: (path: string) => string): ParsedKlist {
  const caches: ParsedCache[] = [];
  let current: { cache: string; principal: string | null; tickets: ParsedTicket[] } | null = null;
  let ticket: { -readonly [K in keyof ParsedTicket]: ParsedTicket[K] } | null = null;
  const flushTicket = () => {
    if (current && ticket) current.tickets.push(ticket);
    ticket = null;
  };
  const flushCache = () => {
    flushTicket();
    if (current) caches.push(current);
    current = null;
  };
  for (const line of stdout.split('\n')) {
    const cacheMatch = /^Ticket cache: (.(?:.*\S)?)\s*$/.exec(line);
    if (cacheMatch) {
      flushCache();
      current = { cache: cacheMatch[1]!, principal: null, tickets: [] };
      continue;
    }
    if (!current) continue;
    const principalMatch = /^Default principal: (.(?:.*\S)?)\s*$/.exec(line);
    if (principalMatch) {
      current.principal = principalMatch[1]!;
      continue;
    }
    const t = TICKET_LINE.exec(line);
    if (t) {
      flushTicket();
      ticket = {
        server: t[13]!.trim(),
        starts: parseKlistDate(t, 1),
        expires: parseKlistDate(t, 7),
        renewUntil: null,
        flags: [],
        sessionEnctype: null,
        ticketEnctype: null,
      };
      continue;
    }
    if (!ticket) continue;
    const renew = RENEW_LINE.exec(line);
    if (renew) {
      ticket.renewUntil = parseKlistDate(renew, 1);
      if (renew[7] !== undefined) ticket.flags = parseFlags(renew[7]);
      continue;
    }
    const flags = FLAGS_LINE.exec(line);
    if (flags) {
      ticket.flags = parseFlags(flags[1]);
      continue;
    }
    const etype = ETYPE_LINE.exec(line);
    if (etype) {
      ticket.sessionEnctype = etype[1]!.trim();
      ticket.ticketEnctype = etype[2]!.trim();
    }
  }
  flushCache();
  const warnings: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.trim() === '') continue;
    const empty = EMPTY_CACHE.exec(line);
    if (empty) caches.push({ cache: emptyCacheName(empty[1]!), principal: null, tickets: [] });
    else warnings.push(line.trim());
  }
  return { caches, warnings };
}

/** The "Ticket cache:" of plain `klist` output, i.e. the primary cache's name, or null. */
export function parsePrimaryCacheName(stdout: string): string | null {
  return /^Ticket cache: (.(?:.*\S)?)\s*$/m.exec(stdout)?.[1] ?? null;
}
