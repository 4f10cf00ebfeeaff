import { describe, expect, it } from 'vitest';
import { parseKlistAll, parseKlistDate, parsePrimaryCacheName } from '../../electron/services/kerberos/klist-parse.js';
import { fixture, fixtureNames } from '../support/fixtures.js';

const dirName = (path: string) => `DIR::${path}`;
const utc = (s: string) => Date.parse(s);

describe('parseKlistAll on recorded klist output', () => {
  it('reads every cache of a collection, in klist order, with UTC times', () => {
    const f = fixture('klist_A');
    const parsed = parseKlistAll(f.stdout, f.stderr, dirName);
    expect(parsed.caches.filter((c) => c.principal).map((c) => [c.cache, c.principal])).toEqual([
      ['DIR::/var/krbtest/ccache/tktWAFADs', 'bob@FEDORAPROJECT.ORG'],
      ['DIR::/var/krbtest/ccache/tkt', 'alice@FEDORAPROJECT.ORG'],
      ['DIR::/var/krbtest/ccache/tktyXLPDn', 'alice@EXAMPLE.COM'],
    ]);
    const [ticket] = parsed.caches[0]!.tickets;
    expect(ticket).toEqual({
      server: 'krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG',
      starts: utc('2026-11-28T12:57:18Z'),
      expires: utc('2026-11-28T22:57:18Z'),
      renewUntil: utc('2026-12-05T12:57:18Z'),
      flags: [],
      sessionEnctype: null,
      ticketEnctype: null,
    });
  });

  it('turns "End of credential cache reached" on stderr into empty caches, not warnings', () => {
    const f = fixture('klist_A_with_empty_cache');
    const parsed = parseKlistAll(f.stdout, f.stderr, dirName);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.caches.filter((c) => c.principal === null).map((c) => c.cache)).toEqual([
      'DIR::/var/krbtest/ccache/tktgvQx2e',
      'DIR::/var/krbtest/ccache/tktk0kXY3',
      'DIR::/var/krbtest/ccache/tktyfAkbK',
    ]);
    expect(parsed.caches.filter((c) => c.principal !== null)).toHaveLength(3);
  });

  it('reads flags as names and both enctypes (the Etype line has a trailing space)', () => {
    const f = fixture('klist_A_f_e');
    const [first] = parseKlistAll(f.stdout, f.stderr, dirName).caches;
    expect(first!.tickets[0]).toMatchObject({
      flags: ['forwardable', 'renewable', 'initial', 'pre-authenticated'],
      sessionEnctype: 'aes256-cts-hmac-sha1-96',
      ticketEnctype: 'aes256-cts-hmac-sha1-96',
    });
  });

  it('reads a bare Flags line of a ticket that is not renewable', () => {
    const f = fixture('klist_norenew_f');
    const ticket = parseKlistAll(f.stdout, f.stderr, dirName).caches[0]!.tickets[0]!;
    expect(ticket.renewUntil).toBeNull();
    expect(ticket.flags).toEqual(['forwardable', 'initial', 'pre-authenticated']);
  });

  it('keeps the anonymous flag and the WELLKNOWN principal of an armor cache', () => {
    const f = fixture('klist_armor');
    const cache = parseKlistAll(f.stdout, f.stderr, dirName).caches[0]!;
    expect(cache.principal).toBe('WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS');
    expect(cache.tickets[0]!.flags).toContain('anonymous');
  });

  it('reads an expired ticket from its dates alone (klist prints no marker)', () => {
    const f = fixture('klist_A_with_expired');
    const shorty = parseKlistAll(f.stdout, f.stderr, dirName).caches.find((c) => c.principal?.startsWith('shorty'))!;
    expect(shorty.tickets[0]!.expires).toBe(utc('2026-11-28T12:57:33Z'));
  });

  it('reads KEYRING and FILE cache names as printed', () => {
    const keyring = fixture('klist_keyring_persistent');
    expect(parseKlistAll(keyring.stdout, keyring.stderr, dirName).caches[0]!.cache).toBe('KEYRING:persistent:0:0');
    const file = fixture('klist_file_cache');
    expect(parseKlistAll(file.stdout, file.stderr, dirName).caches[0]!.cache).toBe('FILE:/var/krbtest/fcache');
  });

  it('returns nothing, without throwing, for an empty collection and keeps unknown errors as warnings', () => {
    const empty = fixture('klist_A_empty_dir');
    expect(parseKlistAll(empty.stdout, empty.stderr, dirName)).toEqual({ caches: [], warnings: [] });
    const bogus = fixture('klist_bad_cctype');
    expect(parseKlistAll(bogus.stdout, bogus.stderr, dirName).warnings).toEqual([
      'klist: Unknown credential cache type while resolving ccache',
    ]);
  });

  it.each(fixtureNames('klist').filter((n) => !n.startsWith('klist_l') && !n.startsWith('klist_k')))(
    'parses %s into well-formed caches',
    (name) => {
      const f = fixture(name);
      const parsed = parseKlistAll(f.stdout, f.stderr, dirName);
      const ticketLines = f.stdout.split('\n').filter((l) => /^\d\d\/\d\d\/\d\d /.test(l)).length;
      expect(parsed.caches.reduce((n, c) => n + c.tickets.length, 0)).toBe(ticketLines);
      for (const c of parsed.caches) {
        for (const t of c.tickets) {
          expect(Number.isFinite(t.starts) && Number.isFinite(t.expires)).toBe(true);
          expect(t.expires).toBeGreaterThanOrEqual(t.starts);
        }
      }
    },
  );
});

describe('parseKlistDate', () => {
  const parts = (s: string) => ['', .../(\d+)\/(\d+)\/(\d+) (\d+):(\d+):(\d+)/.exec(s)!.slice(1)];
  it('reads two-digit years as POSIX %y does', () => {
    expect(new Date(parseKlistDate(parts('01/02/68 00:00:00'), 1)).getUTCFullYear()).toBe(2068);
    expect(new Date(parseKlistDate(parts('01/02/69 00:00:00'), 1)).getUTCFullYear()).toBe(1969);
    expect(parseKlistDate(parts('12/31/26 23:59:59'), 1)).toBe(utc('2026-12-31T23:59:59Z'));
  });
  it('reads four-digit years (en_US locales print them)', () => {
    expect(parseKlistDate(parts('11/28/2026 12:52:41'), 1)).toBe(utc('2026-11-28T12:52:41Z'));
  });
});

describe('parsePrimaryCacheName', () => {
  it('reads the cache plain klist shows', () => {
    expect(parsePrimaryCacheName(fixture('klist_primary_bob').stdout)).toBe('DIR::/var/krbtest/ccache/tktWAFADs');
    expect(parsePrimaryCacheName('')).toBeNull();
  });
});
