import { describe, expect, it } from 'vitest';
import { GUARDS, GUARD_LIMITS, guardArgs, isTrustedSender } from '../../../electron/main/ipc/guards.js';
import { INVOKE_CHANNELS, type InvokeMethod } from '../../../shared/contract.js';

const METHODS = Object.keys(INVOKE_CHANNELS) as InvokeMethod[];
const CANARY = 'canary-pw-5e1f';

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const value = (depth: number): unknown => {
    const leaves: Array<() => unknown> = [
      () => undefined,
      () => null,
      () => next() < 0.5,
      () => Math.floor(next() * 40) - 10,
      () => next() * 1e6,
      () => pick([NaN, Infinity, -Infinity, -0, 2 ** 53, 1.5]),
      () =>
        pick([
          '',
          ' ',
          '-x',
          'alice',
          'alice@FEDORAPROJECT.ORG',
          'a@b@c',
          'a\nb',
          CANARY,
          'https://copr.fedorainfracloud.org/',
          'cli',
          'api',
          '__proto__',
          'x'.repeat(5000),
        ]),
      () => pick([Symbol('s'), () => 1, new Date(0), new Map(), BigInt(1)]),
    ];
    if (depth > 2 || next() < 0.55) return pick(leaves)();
    if (next() < 0.4) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const keys = [
      'principal',
      'password',
      'otp',
      'fedora',
      'profile',
      'semantics',
      'warnBeforeMinutes',
      'autoRenew',
      'coprProfiles',
      'name',
      'configPath',
      'activeCoprProfile',
      'extra',
      '__proto__',
      'constructor',
    ];
    const obj: Record<string, unknown> = next() < 0.1 ? JSON.parse('{"__proto__": {"polluted": true}}') : {};
    // Own properties even for "__proto__", as JSON.parse makes them.
    for (let i = Math.floor(next() * 5); i > 0; i--)
      Object.defineProperty(obj, pick(keys), {
        value: value(depth + 1),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return obj;
  };
  return { next, value, args: () => Array.from({ length: Math.floor(next() * 4) }, () => value(0)) };
}

describe('guards on random and ill-typed payloads', () => {
  it('never throw, and answer every call with the typed arguments or an invalid-request naming the channel', () => {
    const gen = random(20261128);
    let rejected = 0;
    for (const method of METHODS) {
      for (let i = 0; i < 1500; i++) {
        const result = guardArgs(method, gen.args());
        if (result.ok) continue;
        rejected++;
        expect(result.error).toMatchObject({ kind: 'invalid-request', channel: INVOKE_CHANNELS[method] });
        if (result.error.kind === 'invalid-request') expect(result.error.reason).not.toContain(CANARY);
      }
    }
    expect(rejected).toBeGreaterThan(10_000);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('survive arguments whose getters throw (a hostile caller of the handler table)', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
        get: () => {
          throw new Error('boom');
        },
      },
    );
    for (const method of METHODS) expect(() => guardArgs(method, [hostile, hostile])).not.toThrow();
    expect(guardArgs('login', [hostile])).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
  });

  it('exist for exactly the channels of the contract', () => {
    expect(Object.keys(GUARDS).sort()).toEqual([...METHODS].sort());
  });

  it('refuse surplus arguments, which TypeScript lets through', () => {
    expect(guardArgs('getStatus', [1])).toMatchObject({
      ok: false,
      error: { reason: 'expects at most 0 argument(s)' },
    });
    expect(guardArgs('switchPrimary', ['alice@FEDORAPROJECT.ORG', 'x'])).toMatchObject({ ok: false });
  });
});

describe('principal arguments', () => {
  it('accept a principal and refuse what kinit would misread', () => {
    expect(guardArgs('switchPrimary', ['alice@FEDORAPROJECT.ORG'])).toEqual({
      ok: true,
      value: ['alice@FEDORAPROJECT.ORG'],
    });
    for (const bad of ['', '-c', 'a b', 'a\nb', 'a@b@c', '@R', 'a@', 7, null, ['a']]) {
      expect(guardArgs('switchPrimary', [bad]).ok, String(bad)).toBe(false);
    }
  });

  it('renew takes a principal, null, or nothing (the primary)', () => {
    expect(guardArgs('renew', [null])).toEqual({ ok: true, value: [null] });
    expect(guardArgs('renew', [])).toEqual({ ok: true, value: [null] });
    expect(guardArgs('renew', ['alice@FEDORAPROJECT.ORG'])).toEqual({ ok: true, value: ['alice@FEDORAPROJECT.ORG'] });
    expect(guardArgs('renew', [false]).ok).toBe(false);
  });
});

describe('login requests', () => {
  const good = { principal: 'alice', password: CANARY, otp: '123456', fedora: true };

  it('pass a well-formed request through, rebuilt with only its own keys', () => {
    expect(guardArgs('login', [good])).toEqual({ ok: true, value: [good] });
    expect(guardArgs('login', [{ principal: 'bob@EXAMPLE.COM', password: 'pw' }])).toEqual({
      ok: true,
      value: [{ principal: 'bob@EXAMPLE.COM', password: 'pw' }],
    });
  });

  it('take keepPrimary (the window’s "Make it the primary identity", unchecked) as true or false', () => {
    for (const keepPrimary of [true, false]) {
      const request = { principal: 'bob@EXAMPLE.COM', password: 'pw', keepPrimary };
      expect(guardArgs('login', [request])).toEqual({ ok: true, value: [request] });
    }
  });

  it.each([
    ['an extra key', { ...good, keytab: '/etc/krb5.keytab' }],
    ['a password over the limit', { ...good, password: 'x'.repeat(GUARD_LIMITS.password + 1) }],
    ['a non-string password', { ...good, password: 12345 }],
    ['a missing password', { principal: 'alice' }],
    ['a non-boolean fedora', { ...good, fedora: 'yes' }],
    ['a non-boolean keepPrimary', { ...good, keepPrimary: 'yes' }],
    ['a non-string otp', { ...good, otp: 123456 }],
    ['an overlong otp', { ...good, otp: '1'.repeat(GUARD_LIMITS.otp + 1) }],
    ['a bad principal', { ...good, principal: '-n' }],
    ['an array', [good]],
    ['a class instance', new Date()],
    ['a JSON __proto__ key', JSON.parse(`{"principal":"alice","password":"x","__proto__":{"fedora":true}}`)],
  ])('refuse %s, without echoing the password', (_why, request) => {
    const result = guardArgs('login', [request]);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });
});

describe('Copr targets', () => {
  it('accept nothing, or a non-negative whole profile index', () => {
    expect(guardArgs('coprOverview', [])).toEqual({ ok: true, value: [{}] });
    expect(guardArgs('coprOverview', [{}])).toEqual({ ok: true, value: [{}] });
    expect(guardArgs('coprOverview', [{ profile: 2 }])).toEqual({ ok: true, value: [{ profile: 2 }] });
    for (const profile of [-1, 1.5, '1', null, NaN, 1e9])
      expect(guardArgs('coprOverview', [{ profile }]).ok, String(profile)).toBe(false);
    expect(guardArgs('coprOverview', [{ profile: 0, configPath: '/etc/shadow' }]).ok).toBe(false);
  });

  it('coprCheck also takes the semantics, cli or api', () => {
    expect(guardArgs('coprCheck', [{ semantics: 'api' }])).toEqual({ ok: true, value: [{ semantics: 'api' }] });
    expect(guardArgs('coprCheck', [{ semantics: 'python' }]).ok).toBe(false);
  });

  it('pin takes a principal and a target; set-gssapi a boolean and a target', () => {
    expect(guardArgs('coprPin', ['alice@FEDORAPROJECT.ORG', { profile: 0 }])).toEqual({
      ok: true,
      value: ['alice@FEDORAPROJECT.ORG', { profile: 0 }],
    });
    expect(guardArgs('coprSetGssapi', [true, {}])).toEqual({ ok: true, value: [true, {}] });
    expect(guardArgs('coprSetGssapi', ['true', {}]).ok).toBe(false);
  });
});

describe('settings patches', () => {
  it('accept known keys with valid values', () => {
    expect(guardArgs('updateSettings', [{ warnBeforeMinutes: [45, 15], autoRenew: false }])).toEqual({
      ok: true,
      value: [{ warnBeforeMinutes: [45, 15], autoRenew: false }],
    });
    expect(guardArgs('updateSettings', [{ fedoraUser: null }]).ok).toBe(true);
    expect(
      guardArgs('updateSettings', [{ coprProfiles: [{ name: 'Staging', configPath: '/home/a/.config/copr-stg' }] }]).ok,
    ).toBe(true);
  });

  it.each([
    [{ theme: 'dark' }],
    [{ notifyBeforeMinutes: 30 }],
    [{ warnBeforeMinutes: [-1] }],
    [{ warnBeforeMinutes: [1441] }],
    [{ warnBeforeMinutes: [2.5] }],
    [{ warnBeforeMinutes: ['30'] }],
    [{ warnBeforeMinutes: 30 }],
    [{ warnBeforeMinutes: [60, 50, 40, 30, 20, 10] }],
    [{ autoRenew: 1 }],
    [{ fedoraUser: 'alice@FEDORAPROJECT.ORG' }],
    [{ fedoraUser: 'al ice' }],
    [{ coprProfiles: [] }],
    [{ coprProfiles: [{ name: '', configPath: null }] }],
    [{ coprProfiles: [{ name: 'x', configPath: 'relative/path' }] }],
    [{ coprProfiles: [{ name: 'x', configPath: null, token: 'secret' }] }],
    [{ activeCoprProfile: -1 }],
    ['not an object'],
  ])('refuse %j', (patch) => {
    expect(guardArgs('updateSettings', [patch]).ok).toBe(false);
  });
});

describe('other arguments', () => {
  it('fix ids are short printable tokens', () => {
    expect(guardArgs('applyFix', ['kswitch:alice@FEDORAPROJECT.ORG']).ok).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(129), 'a\nb', 3]) expect(guardArgs('applyFix', [bad]).ok).toBe(false);
  });

  it('URLs are strings within the limit (the allowlist is the handler’s job)', () => {
    expect(guardArgs('openExternal', ['https://copr.fedorainfracloud.org/']).ok).toBe(true);
    expect(guardArgs('openExternal', ['x'.repeat(GUARD_LIMITS.url + 1)]).ok).toBe(false);
    expect(guardArgs('openExternal', [{ href: 'https://x' }]).ok).toBe(false);
  });
});

describe('isTrustedSender (checklist item 17)', () => {
  const page = 'file:///app/out/renderer/index.html';
  const trusted = new Set([3]);

  it('trusts the app window showing the app page, with any hash or query', () => {
    expect(isTrustedSender(page, trusted, 3, page)).toBe(true);
    expect(isTrustedSender(`${page}?notice=no-tray#/copr`, trusted, 3, page)).toBe(true);
  });

  it('refuses other webContents, other pages, sub-frames (null URL) and a window not yet loaded', () => {
    expect(isTrustedSender(page, trusted, 4, page)).toBe(false);
    expect(isTrustedSender('https://copr.fedorainfracloud.org/', trusted, 3, page)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', trusted, 3, page)).toBe(false);
    expect(isTrustedSender(null, trusted, 3, page)).toBe(false);
    expect(isTrustedSender(undefined, trusted, 3, page)).toBe(false);
    expect(isTrustedSender(page, trusted, 3, null)).toBe(false);
    expect(isTrustedSender(page, new Set(), 3, page)).toBe(false);
  });
});
