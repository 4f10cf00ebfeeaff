/** The login options' duration grammar, kinit's arguments for them, and the grant read from a ticket. */
import { describe, expect, it } from 'vitest';
import { kinitOptionArgs } from '../../electron/services/kerberos/login.js';
import type { TicketInfo } from '../../shared/krb.js';
import { describeGrant, describeGrantShortfalls } from '../../shared/ticket-grant.js';
import { durationInWords, parseDuration, validateTicketOptions } from '../../shared/ticket-options.js';

describe('the duration grammar', () => {
  it.each([
    ['10h', 36_000],
    ['1d', 86_400],
    ['7d', 604_800],
    ['30m', 1_800],
    ['1h30m', 5_400],
    ['2d12h', 216_000],
    ['1d2h3m4s', 93_784],
    ['90s', 90],
    [' 10H ', 36_000],
    ['365d', 31_536_000],
  ])('accepts %j as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: seconds });
  });

  it.each([
    ['', /empty/],
    ['10', /not a duration/],
    ['h', /not a duration/],
    ['1h 30m', /not a duration/],
    ['30m1h', /not a duration/],
    ['1h1h', /not a duration/],
    ['-1h', /not a duration/],
    ['1.5h', /not a duration/],
    ['10:00', /not a duration/],
    ['1w', /not a duration/],
    ['-l 1h', /not a duration/],
    ['1h\n-f', /not a duration/],
    ['10h;rm', /not a duration/],
    ['30s', /at least 1 minute/],
    ['0m', /at least 1 minute/],
    ['366d', /at most 365 days/],
    ['9999d', /at most 365 days/],
  ])('refuses %j with a plain sentence', (text, reason) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });

  it('names the field it refuses, and normalises what it accepts', () => {
    expect(validateTicketOptions({ lifetime: '10H', renewableLifetime: '7d', forwardable: false })).toEqual({
      ok: true,
      value: { lifetime: '10h', renewableLifetime: '7d', forwardable: false },
    });
    const refused = validateTicketOptions({ lifetime: '10h', renewableLifetime: 'a week' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.field).toBe('renewableLifetime');
  });

  it('writes durations in words, with the two largest units', () => {
    expect(durationInWords(36_000)).toBe('10 hours');
    expect(durationInWords(604_800)).toBe('7 days');
    expect(durationInWords(5_400)).toBe('1 hour 30 minutes');
    expect(durationInWords(3)).toBe('3 seconds');
  });
});

describe("kinit's arguments for the options", () => {
  it('gives durations in seconds, and -f or -F only when asked', () => {
    expect(kinitOptionArgs({})).toEqual([]);
    expect(kinitOptionArgs({ lifetime: '1h30m', renewableLifetime: '7d', forwardable: true })).toEqual([
      '-l',
      '5400s',
      '-r',
      '604800s',
      '-f',
    ]);
    expect(kinitOptionArgs({ forwardable: false })).toEqual(['-F']);
  });
});

describe('the grant', () => {
  const ticket = (hours: number, renewDays: number | null, flags: TicketInfo['flags']): TicketInfo => ({
    server: 'krbtgt/EXAMPLE.COM@EXAMPLE.COM',
    starts: '2026-05-01T08:00:00.000Z',
    expires: new Date(Date.parse('2026-05-01T08:00:00.000Z') + hours * 3_600_000).toISOString(),
    renewUntil:
      renewDays === null
        ? null
        : new Date(Date.parse('2026-05-01T08:00:00.000Z') + renewDays * 86_400_000).toISOString(),
    flags,
    sessionEnctype: null,
    ticketEnctype: null,
  });

  it('says nothing when the KDC granted what was asked', () => {
    const grant = describeGrant(
      { lifetime: '10h', renewableLifetime: '7d', forwardable: true },
      ticket(10, 7, ['forwardable', 'renewable']),
    );
    expect(grant.shortfalls).toEqual([]);
    expect(describeGrantShortfalls(grant)).toBeNull();
    expect(grant).toMatchObject({ lifetimeSeconds: 36_000, renewableSeconds: 604_800, forwardable: true });
  });

  it('names each cap in a plain sentence', () => {
    const grant = describeGrant(
      { lifetime: '7d', renewableLifetime: '30d', forwardable: true },
      ticket(10, 7, ['renewable']),
    );
    expect(describeGrantShortfalls(grant)).toBe(
      'The KDC granted 10 hours, less than the 7 days asked. The KDC allows renewing for 7 days, less than the 30 days asked. The ticket is not forwardable, though a forwardable one was asked: the KDC or the account does not allow it.',
    );
  });

  it('says a ticket is not renewable though renewal was asked', () => {
    const grant = describeGrant({ renewableLifetime: '1d' }, ticket(10, null, []));
    expect(grant.shortfalls).toEqual([{ kind: 'renewable-lifetime', askedSeconds: 86_400, grantedSeconds: null }]);
  });
});
