import { describe, expect, it } from 'vitest';
import { realmOf, validatePrincipal, withRealm } from '../../shared/principal.js';

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
