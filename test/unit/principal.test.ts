import { describe, expect, it } from 'vitest';
import { qualifyPrincipal, realmOf, validatePrincipal, withRealm } from '../../shared/principal.js';

describe('validatePrincipal', () => {
  it.each([
    'alice',
    'alice@FEDORAPROJECT.ORG',
    'HTTP/copr.example.org@EXAMPLE.COM',
    'odd\\@name@EXAMPLE.COM',
    'a-b_c.d@X',
  ])('accepts %s', (p) => {
    expect(validatePrincipal(p)).toEqual({ ok: true, value: p });
  });

  it.each([
    ['', /empty/],
    ['-n', /start with "-"/],
    ['--help@EXAMPLE.COM', /start with "-"/],
    ['alice @EXAMPLE.COM', /spaces/],
    ['alice\n@EXAMPLE.COM', /control/],
    ['alice\t', /control/],
    ['alice\u0000', /control/],
    ['alice\u2028', /control/],
    ['a@b@c', /only one "@"/],
    ['@EXAMPLE.COM', /name before/],
    ['alice@', /realm after/],
    ['alice\\', /backslash/],
    ['x'.repeat(300), /longer/],
  ])('refuses %j', (p, reason) => {
    const result = validatePrincipal(p);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });
});

describe('realmOf and withRealm', () => {
  it('finds the realm after the last unescaped @', () => {
    expect(realmOf('alice@FEDORAPROJECT.ORG')).toBe('FEDORAPROJECT.ORG');
    expect(realmOf('odd\\@name')).toBeNull();
    expect(realmOf('WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS')).toBe('WELLKNOWN:ANONYMOUS');
    expect(withRealm('alice', 'FEDORAPROJECT.ORG')).toBe('alice@FEDORAPROJECT.ORG');
    expect(withRealm('alice@EXAMPLE.COM', 'FEDORAPROJECT.ORG')).toBe('alice@EXAMPLE.COM');
  });
});

describe('qualifyPrincipal', () => {
  const known = { defaultRealm: 'EXAMPLE.COM', realms: ['EXAMPLE.COM', 'FEDORAPROJECT.ORG'] };

  it('adds the default realm to a bare name, as the MIT tools do', () => {
    expect(qualifyPrincipal('alice', known)).toEqual({ ok: true, value: 'alice@EXAMPLE.COM' });
    expect(qualifyPrincipal('HTTP/host.example.com', known)).toEqual({
      ok: true,
      value: 'HTTP/host.example.com@EXAMPLE.COM',
    });
  });

  it('keeps a full name, in a known realm or one the configuration does not name', () => {
    expect(qualifyPrincipal('alice@FEDORAPROJECT.ORG', known)).toEqual({ ok: true, value: 'alice@FEDORAPROJECT.ORG' });
    expect(qualifyPrincipal('alice@OTHER.ORG', known)).toEqual({ ok: true, value: 'alice@OTHER.ORG' });
  });

  it.each([
    ['alice@fedoraproject.org', 'alice@FEDORAPROJECT.ORG'],
    ['alice@Example.Com', 'alice@EXAMPLE.COM'],
    ['odd\\@name@example.com', 'odd\\@name@EXAMPLE.COM'],
  ])('refuses %s, suggesting %s', (input, suggestion) => {
    expect(qualifyPrincipal(input, known)).toEqual({
      ok: false,
      error: { reason: `Realm names are case-sensitive: did you mean ${suggestion}?`, suggestion },
    });
  });

  it('refuses a bare name when no default realm is configured, and what validatePrincipal refuses', () => {
    const result = qualifyPrincipal('alice', { defaultRealm: null, realms: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toMatch(/no default_realm/);
    expect(qualifyPrincipal('-n', known)).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/"-"/) } });
  });
});
