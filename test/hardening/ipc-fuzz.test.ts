/**
 * Hardening (issue 7, item 3): the IPC surface under hostile payloads. Every channel of the
 * contract is called through the real handler table (`createHandlers`, whose guards are the real
 * `ipc/guards.ts`) and through the real registration (`registerIpc` with the real `senderCheck`,
 * `electron` mocked as in test/unit/main/electron-glue.test.ts), with random and ill-typed
 * arguments: numbers, nulls, huge strings, nested objects, arrays, `__proto__`/`constructor` keys,
 * strings with line breaks and a leading `-`, getters that change their answer, too many and too
 * few arguments. The answer is always a typed rejection or the channel's typed reply, never an
 * exception, and a service is never called with input the contract does not allow: the services
 * here are recording fakes that check every argument they receive (this tests the guard layer's
 * logic; the real services get a handful of valid calls at the end). Untrusted senders get
 * `{ kind: 'forbidden' }` on every channel, and after thousands of random calls a valid call still works.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoprPort, DoctorPort } from '../../electron/main/app/ports.js';
import { guardArgs } from '../../electron/main/ipc/guards.js';
import { type HandlerServices, type HandlerTable, createHandlers } from '../../electron/main/ipc/handlers.js';
import { isPlainObject, mergeSettings, validateSettingsPatch } from '../../electron/main/settings/rules.js';
import { createActivityLog } from '../../electron/main/tickets/activity-log.js';
import { INVOKE_CHANNELS, type InvokeMethod } from '../../shared/contract.js';
import type { CoprConfigSummary } from '../../shared/copr.js';
import { validatePrincipal } from '../../shared/principal.js';
import { err, ok } from '../../shared/result.js';
import { Rng, suiteSeed } from '../support/fuzz/fuzz.js';
import {
  type Shape,
  array,
  bool,
  either,
  nullable,
  num,
  obj,
  oneOf,
  optional,
  problemsOf,
  str,
  where,
} from '../support/fuzz/shape.js';
import { ALICE, T0, WORK, cache, coprCheck, settings as makeSettings, status } from '../unit/main/builders.js';
import { recordCounts } from './counts.js';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    module: {
      ipcMain: {
        handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
          void handlers.set(channel, fn),
        removeHandler: (channel: string) => void handlers.delete(channel),
      },
    },
  };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const SUITE = 'ipc';
const SEED = suiteSeed(SUITE);
const METHODS = Object.keys(INVOKE_CHANNELS) as InvokeMethod[];
/** A password canary, only ever sent as a password: no rejection reason, log line or reply may carry it. */
const CANARY = 'canary-pw-7f3a9e';
const PER_CHANNEL_DIRECT = 300;
const PER_CHANNEL_REGISTERED = 120;
const PER_CHANNEL_UNTRUSTED = 60;

const counts = {
  directCalls: 0,
  registeredCalls: 0,
  untrustedCalls: 0,
  rejected: 0,
  accepted: 0,
  serviceCalls: 0,
  unvalidatedServiceCalls: 0,
  throws: 0,
  malformedReplies: 0,
  forbidden: 0,
  validCallsAfterwards: 0,
  realServiceCalls: 0,
};
const failures: string[] = [];
const fail = (what: string) => {
  if (failures.length < 200) failures.push(what);
};
/** The failures recorded since `mark` (each test checks its own). */
const since = (mark: number) => failures.slice(mark);

afterAll(() => {
  recordCounts(SUITE, {
    target: 'createHandlers + ipc-guards + registerIpc/senderCheck, every channel of shared/contract.ts',
    seed: SEED,
    fuzzSeedEnv: process.env['FUZZ_SEED'] ?? null,
    channels: METHODS.length,
    'inputs tried': counts.directCalls + counts.registeredCalls + counts.untrustedCalls,
    ...counts,
  });
});

// ---------------------------------------------------------------------------------------------
// Recording services that refuse (and report) any argument the contract does not allow

const summary = (host: string): CoprConfigSummary => ({
  path: '/home/alice/.config/copr',
  exists: true,
  coprUrl: `https://${host}`,
  netloc: host,
  host,
  username: null,
  login: null,
  hasToken: false,
  tokenExpires: null,
  gssapi: null,
  encrypted: true,
});

const keysWithin = (v: unknown, allowed: readonly string[]) =>
  isPlainObject(v) && Object.keys(v).every((k) => allowed.includes(k));
const validPrincipal = (v: unknown) => typeof v === 'string' && validatePrincipal(v).ok;

function recordingServices() {
  const calls: string[] = [];
  let current = makeSettings();
  const snapshot = status([cache(ALICE, { primary: true }), cache(WORK)]);
  /** Records a call, and a violation when `valid` is false. */
  const rec = (name: string, valid: boolean) => {
    calls.push(name);
    counts.serviceCalls++;
    if (!valid) {
      counts.unvalidatedServiceCalls++;
      fail(`${name} was called with input the contract does not allow`);
    }
  };
  const target = (t: unknown) =>
    keysWithin(t, ['configPath']) &&
    (!('configPath' in (t as object)) ||
      current.coprProfiles.some(
        (p) => p.configPath === (t as { configPath: unknown }).configPath && isAbsolute(p.configPath ?? ''),
      ));
  const checkTarget = (t: unknown) => {
    if (!isPlainObject(t)) return false;
    const { semantics, ...rest } = t;
    return (semantics === undefined || semantics === 'cli' || semantics === 'api') && target(rest);
  };
  const krb: HandlerServices['krb'] = {
    getStatus: async (...args: unknown[]) => (rec('krb.getStatus', args.length === 0), ok(snapshot)),
    login: async (r) => {
      const valid =
        keysWithin(r, ['principal', 'password', 'otp', 'fedora', 'keepPrimary']) &&
        validPrincipal(r.principal) &&
        typeof r.password === 'string' &&
        r.password.length <= 1024 &&
        (r.otp === undefined || (typeof r.otp === 'string' && r.otp.length <= 64)) &&
        (r.fedora === undefined || typeof r.fedora === 'boolean') &&
        (r.keepPrimary === undefined || typeof r.keepPrimary === 'boolean');
      rec('krb.login', valid);
      return r.password === CANARY
        ? ok({ principal: r.principal, status: snapshot })
        : err({ kind: 'wrong-password', principal: String(r.principal), detail: 'Password incorrect' });
    },
    switchPrimary: async (p) => (rec('krb.switchPrimary', validPrincipal(p)), ok({ principal: p, status: snapshot })),
    renew: async (p) => (
      rec('krb.renew', p === undefined || validPrincipal(p)),
      err({ kind: 'not-renewable', detail: 'x' })
    ),
    destroy: async (p) => (rec('krb.destroy', validPrincipal(p)), ok(snapshot)),
    destroyAll: async (...args: unknown[]) => (rec('krb.destroyAll', args.length === 0), ok(snapshot)),
    changePassword: async (r) => {
      const valid =
        keysWithin(r, ['principal', 'oldPassword', 'newPassword']) &&
        validPrincipal(r.principal) &&
        !String(r.principal).endsWith('@FEDORAPROJECT.ORG') &&
        typeof r.oldPassword === 'string' &&
        r.oldPassword.length <= 1024 &&
        typeof r.newPassword === 'string' &&
        r.newPassword.length <= 1024;
      rec('krb.changePassword', valid);
      return r.oldPassword === CANARY
        ? ok({
            principal: r.principal,
            confirmedBy: 'new-password-login' as const,
            changedAt: new Date(T0).toISOString(),
          })
        : err({ kind: 'wrong-old-password', principal: String(r.principal), detail: 'Preauthentication failed' });
    },
  };
  const copr: CoprPort = {
    check: async (t) => (rec('copr.check', checkTarget(t)), coprCheck({ ok: true })),
    overview: async (t) => (rec('copr.overview', target(t)), err({ kind: 'config-missing', path: '/x' })),
    clearSession: async (t) => (rec('copr.clearSession', target(t)), ok({ path: '/s', removed: true })),
    pin: async (p, t) => (
      rec('copr.pin', validPrincipal(p) && target(t)),
      ok({ host: 'copr.fedorainfracloud.org', changed: true })
    ),
    unpin: async (t) => (rec('copr.unpin', target(t)), ok({ host: 'copr.fedorainfracloud.org', changed: false })),
    setGssapi: async (on, t) => (
      rec('copr.setGssapi', typeof on === 'boolean' && target(t)),
      ok(summary('copr.fedorainfracloud.org'))
    ),
    load: async (t) => (rec('copr.load', target(t)), ok({ summary: summary('copr.fedorainfracloud.org') })),
  };
  const doctor: DoctorPort = {
    run: async () => (rec('doctor.run', true), { findings: [], checkedAt: new Date(T0).toISOString() }),
    applyFix: async (fixId) => {
      rec('doctor.applyFix', typeof fixId === 'string' && /^[\x21-\x7e]{1,128}$/.test(fixId));
      return {
        fixId,
        ok: true,
        message: 'done',
        ...(fixId.length % 2 ? { url: 'https://copr.fedorainfracloud.org/api' } : {}),
      };
    },
    report: async () => (rec('doctor.report', true), 'report'),
  };
  const store: HandlerServices['settings'] = {
    get: async () => current,
    update: async (patch) => {
      const checked = validateSettingsPatch(patch);
      rec('settings.update', checked.ok);
      const merged = checked.ok ? mergeSettings(current, checked.value) : checked;
      if (!merged.ok) return err({ kind: 'invalid' as const, reason: merged.error });
      current = merged.value;
      return ok(current);
    },
  };
  const activity = createActivityLog();
  const services: HandlerServices = {
    krb,
    copr,
    doctor,
    settings: store,
    activity: {
      add: (event) => {
        rec('activity.add', problemsOf(ACTIVITY, event).length === 0);
        activity.add(event);
      },
      list: () => activity.list(),
    },
    openExternal: async (url) => {
      let valid = false;
      try {
        const u = new URL(url);
        valid = u.protocol === 'https:' && u.username === '' && u.password === '' && u.href === url;
      } catch {
        valid = false;
      }
      rec('openExternal', valid);
    },
    events: {
      statusChanged: () => undefined,
      loginFinished: () => undefined,
      coprChecked: () => undefined,
      doctorRan: () => undefined,
    },
    now: () => T0,
  };
  return { services, calls, reset: () => void (current = makeSettings()) };
}

// ---------------------------------------------------------------------------------------------
// What each channel may answer

const ACTIVITY = obj({ at: str(), kind: str({ nonEmpty: true }), principal: nullable(str()), message: str() });
const FAILURE = where(
  'a typed failure ({ kind: string, … })',
  (v) => isPlainObject(v) && typeof v['kind'] === 'string',
);
const OBJECT = where('an object', (v) => isPlainObject(v));
const SETTINGS = obj({
  autoRenew: bool,
  startAtLogin: bool,
  fedoraUser: nullable(str()),
  coprProfiles: array(obj({ name: str({ nonEmpty: true }), configPath: nullable(str()) }), { max: 20 }),
  activeCoprProfile: num({ int: true, min: 0 }),
  trayIcons: oneOf('colour', 'monochrome'),
  warnBeforeMinutes: array(num({ int: true, min: 1, max: 1440 }), { max: 5 }),
  rememberedLogins: array(obj({ principal: str({ nonEmpty: true }), options: OBJECT }), { max: 20 }),
});
const KRB_STATUS = obj({ collection: OBJECT, primary: nullable(str()), caches: array(OBJECT), takenAt: str() });
const KRB_CHANGE = obj({ principal: str(), status: KRB_STATUS });
const typedResult = (value: Shape): Shape =>
  either(obj({ ok: oneOf(true), value }), obj({ ok: oneOf(false), error: FAILURE }));

const REPLIES: { readonly [K in InvokeMethod]: Shape } = {
  getStatus: typedResult(KRB_STATUS),
  login: typedResult(KRB_CHANGE),
  switchPrimary: typedResult(KRB_CHANGE),
  renew: typedResult(KRB_CHANGE),
  destroy: typedResult(KRB_STATUS),
  destroyAll: typedResult(KRB_STATUS),
  changePassword: typedResult(obj({ principal: str(), confirmedBy: oneOf('new-password-login'), changedAt: str() })),
  coprOverview: typedResult(OBJECT),
  coprCheck: either(
    obj({ ok: oneOf(true), coprUrl: str(), value: obj({ user: str() }, { exact: false }) }, { exact: false }),
    obj({ ok: oneOf(false), coprUrl: str(), error: FAILURE }, { exact: false }),
  ),
  coprClearSession: typedResult(obj({ path: str(), removed: bool })),
  coprPin: typedResult(obj({ host: str(), changed: bool })),
  coprUnpin: typedResult(obj({ host: str(), changed: bool })),
  coprSetGssapi: typedResult(obj({ coprUrl: str(), host: str() }, { exact: false })),
  doctor: obj({ findings: array(OBJECT), checkedAt: str() }),
  applyFix: obj({ fixId: str(), ok: bool, message: str(), url: optional(str()) }),
  doctorReport: str(),
  getDiagnosis: nullable(obj({ report: OBJECT, network: bool, change: nullable(OBJECT) })),
  getSettings: SETTINGS,
  updateSettings: either(
    obj({ ok: oneOf(true), value: SETTINGS }),
    obj({ ok: oneOf(false), error: obj({ kind: oneOf('invalid'), reason: str() }) }),
  ),
  getActivity: array(ACTIVITY),
  openExternal: either(
    obj({ ok: oneOf(true), value: oneOf(undefined) }),
    obj({ ok: oneOf(false), error: obj({ kind: oneOf('not-allowed') }) }),
  ),
};

const rejectionOf = (method: InvokeMethod): Shape =>
  obj({
    ok: oneOf(false),
    error: obj({
      kind: oneOf('invalid-request'),
      channel: oneOf(INVOKE_CHANNELS[method]),
      reason: str({ nonEmpty: true, max: 300 }),
    }),
  });

/** Checks one reply; returns whether it was a rejection. */
function checkReply(method: InvokeMethod, reply: unknown, where_: string): boolean {
  const rejected = problemsOf(rejectionOf(method), reply).length === 0;
  if (!rejected) {
    const problems = problemsOf(REPLIES[method], reply);
    if (problems.length) {
      counts.malformedReplies++;
      fail(`${where_} ${method}: neither a typed rejection nor its reply: ${problems.slice(0, 2).join('; ')}`);
    }
  }
  try {
    structuredClone(reply);
  } catch (error) {
    counts.malformedReplies++;
    fail(`${where_} ${method}: the reply cannot cross IPC (structured clone: ${String(error).slice(0, 80)})`);
  }
  let text = '';
  try {
    text = JSON.stringify(reply) ?? '';
  } catch {
    text = '';
  }
  if (text.includes(CANARY)) fail(`${where_} ${method}: the reply carries the password canary`);
  return rejected;
}

// ---------------------------------------------------------------------------------------------
// Payloads

const KEYS = [
  'principal',
  'password',
  'otp',
  'fedora',
  'profile',
  'semantics',
  'warnBeforeMinutes',
  'rememberedLogins',
  'options',
  'lifetime',
  'renewableLifetime',
  'forwardable',
  'keepPrimary',
  'oldPassword',
  'newPassword',
  'autoRenew',
  'startAtLogin',
  'fedoraUser',
  'coprProfiles',
  'activeCoprProfile',
  'trayIcons',
  'name',
  'configPath',
  'keytab',
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
  'length',
  '0',
];
const HUGE = 'x'.repeat(1_100_000);
const STRINGS = [
  '',
  ' ',
  '-',
  '-c',
  '--help',
  '-n',
  '-k /etc/krb5.keytab',
  'alice',
  ALICE,
  WORK,
  'alice@FEDORAPROJECT.ORG\n-c /tmp/x',
  'a\nb',
  'a\r\nb',
  'a b',
  '\0',
  'alice\0@FEDORAPROJECT.ORG',
  '@FEDORAPROJECT.ORG',
  'alice@',
  'a@b@c',
  'alice\\',
  '‮alice',
  'ａｌｉｃｅ',
  'x'.repeat(300),
  'x'.repeat(5000),
  HUGE,
  'https://copr.fedorainfracloud.org/',
  'https://copr.fedorainfracloud.org.evil.com/',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'cli',
  'api',
  'python',
  '__proto__',
  'constructor',
  '/etc/shadow',
  'relative/path',
  '/home/a/.config/copr-stg',
  'kswitch:alice@FEDORAPROJECT.ORG',
  'Staging',
  '123456',
];

function leaf(rng: Rng): unknown {
  switch (rng.int(14)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return rng.chance(0.5);
    case 3:
      return rng.range(-3, 25);
    case 4:
      return rng.pick([NaN, Infinity, -Infinity, -0, 0.5, 1e308, 2 ** 31, 2 ** 53 + 2, Number.MIN_VALUE]);
    case 5:
      return BigInt(rng.int(100));
    case 6:
      return Symbol('s');
    case 7:
      return rng.pick([() => 1, async () => ALICE, class X {}]);
    case 8:
      return rng.pick([
        new Date(0),
        /x/g,
        new Map([['a', 1]]),
        new Set([1]),
        new Uint8Array(4),
        new ArrayBuffer(8),
        new Error('boom'),
      ]);
    case 9:
      return Promise.resolve(ALICE);
    default:
      return rng.pick(STRINGS);
  }
}

/** An object whose getter answers a valid value the first time it is read and `evil` afterwards. */
function flipFlop(base: Record<string, unknown>, key: string, evil: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  let reads = 0;
  const first = base[key];
  Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => (reads++ === 0 ? first : evil) });
  return out;
}

function value(rng: Rng, depth = 0): unknown {
  const r = rng.float();
  if (depth > 3 || r < 0.5) return leaf(rng);
  if (r < 0.62) return Array.from({ length: rng.int(5) }, () => value(rng, depth + 1));
  if (r < 0.66) return Array.from({ length: rng.pick([21, 1000, 100_000]) }, () => ({ name: 'p', configPath: null }));
  if (r < 0.7)
    return JSON.parse(
      rng.pick([
        '{"__proto__": {"polluted": true}}',
        '{"constructor": {"prototype": {"polluted": true}}}',
        '{"principal":"alice","password":"x","__proto__":{"fedora":true}}',
      ]),
    );
  if (r < 0.73) {
    let nested: unknown = ALICE;
    for (let i = rng.pick([50, 10_000]); i > 0; i--) nested = rng.chance(0.5) ? [nested] : { principal: nested };
    return nested;
  }
  const o: Record<string, unknown> = rng.chance(0.1) ? (Object.create(null) as Record<string, unknown>) : {};
  for (let i = rng.int(5); i > 0; i--)
    Object.defineProperty(o, rng.pick(KEYS), {
      value: value(rng, depth + 1),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return rng.chance(0.05) ? Object.freeze(o) : o;
}

/** Valid argument lists per channel: the starting point of the near-valid payloads. */
const VALID: { readonly [K in InvokeMethod]: ReadonlyArray<readonly unknown[]> } = {
  getStatus: [[]],
  login: [
    [{ principal: ALICE, password: CANARY, otp: '123456', fedora: true }],
    [{ principal: 'bob@EXAMPLE.COM', password: 'pw' }],
    [{ principal: 'bob@EXAMPLE.COM', password: 'pw', keepPrimary: true }],
  ],
  switchPrimary: [[ALICE]],
  renew: [[null], [WORK], []],
  destroy: [[WORK]],
  destroyAll: [[]],
  changePassword: [
    [{ principal: WORK, oldPassword: CANARY, newPassword: `${CANARY}-new` }],
    [{ principal: ALICE, oldPassword: 'pw', newPassword: 'pw2' }],
  ],
  coprOverview: [[{}], [{ profile: 0 }], []],
  coprCheck: [[{ semantics: 'api' }], [{ profile: 0, semantics: 'cli' }]],
  coprClearSession: [[{}]],
  coprPin: [
    [ALICE, {}],
    [ALICE, { profile: 0 }],
  ],
  coprUnpin: [[{}]],
  coprSetGssapi: [
    [true, {}],
    [false, { profile: 0 }],
  ],
  doctor: [[]],
  applyFix: [['kswitch:alice@FEDORAPROJECT.ORG'], ['open-token-page']],
  doctorReport: [[]],
  getDiagnosis: [[]],
  getSettings: [[]],
  updateSettings: [
    [{ warnBeforeMinutes: [10] }],
    [
      {
        coprProfiles: [
          { name: 'Fedora', configPath: null },
          { name: 'Staging', configPath: '/home/a/.config/copr-stg' },
        ],
        activeCoprProfile: 1,
      },
    ],
    [{ fedoraUser: 'alice', autoRenew: false }],
  ],
  getActivity: [[]],
  openExternal: [['https://copr.fedorainfracloud.org/api'], ['https://accounts.fedoraproject.org/']],
};

/** A valid argument list with one thing changed. */
function nearValid(rng: Rng, method: InvokeMethod): unknown[] {
  const args: unknown[] = structuredClone([...rng.pick(VALID[method])]);
  const i = args.length ? rng.int(args.length) : 0;
  const arg = args[i];
  switch (rng.int(9)) {
    case 0:
      args[i] = value(rng);
      break;
    case 1:
      args.push(value(rng));
      break;
    case 2:
      args.pop();
      break;
    case 3:
      args[i] = [arg];
      break;
    case 4:
      if (isPlainObject(arg))
        Object.defineProperty(arg, rng.pick(KEYS), {
          value: value(rng),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else args[i] = rng.pick(STRINGS);
      break;
    case 5:
      if (isPlainObject(arg) && Object.keys(arg).length) delete arg[rng.pick(Object.keys(arg))];
      else args[i] = leaf(rng);
      break;
    case 6:
      if (isPlainObject(arg) && Object.keys(arg).length) {
        const key = rng.pick(Object.keys(arg));
        args[i] = flipFlop(
          arg,
          key,
          rng.pick(['-c /tmp/evil', 'a\nb', HUGE, { profile: -1 }, 999, '../../etc/shadow', null]),
        );
      } else args[i] = `${String(arg)}${rng.pick(['\n-c', ' ', '\0', '@X@Y'])}`;
      break;
    case 7:
      args[i] = typeof arg === 'string' ? rng.pick(STRINGS) : value(rng);
      break;
    default:
      args.length = rng.int(5);
      break;
  }
  return args;
}

const randomArgs = (rng: Rng, method: InvokeMethod): unknown[] =>
  rng.chance(0.5)
    ? nearValid(rng, method)
    : Array.from(
        {
          length: rng.weighted([
            [2, 0],
            [4, 1],
            [3, 2],
            [1, 3],
            [0.5, 7],
          ]),
        },
        () => value(rng),
      );

// ---------------------------------------------------------------------------------------------

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

describe('the handler table under random and ill-typed payloads', () => {
  const { services, calls } = recordingServices();
  const table: HandlerTable = createHandlers(services);
  const before = protoKeys();
  const rng = new Rng(SEED);

  it(`answers ${PER_CHANNEL_DIRECT} random calls per channel with a typed rejection or a typed reply, and passes only valid input on`, async () => {
    const mark = failures.length;
    for (const method of METHODS) {
      for (let i = 0; i < PER_CHANNEL_DIRECT; i++) {
        const args = randomArgs(rng, method);
        counts.directCalls++;
        let reply: unknown;
        try {
          reply = await (table[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          counts.throws++;
          fail(`${method} threw ${String(error).slice(0, 100)}`);
          continue;
        }
        if (checkReply(method, reply, 'direct')) counts.rejected++;
        else counts.accepted++;
      }
    }
    expect(since(mark)).toEqual([]);
    expect(counts.unvalidatedServiceCalls).toBe(0);
    expect(counts.rejected).toBeGreaterThan(METHODS.length * PER_CHANNEL_DIRECT * 0.5);
    expect(counts.accepted).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(0);
  });

  it('never pollutes Object.prototype', () => {
    expect(protoKeys()).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['fedora']).toBeUndefined();
  });

  it('still answers valid calls afterwards', async () => {
    expect(await table.getStatus()).toMatchObject({ ok: true });
    expect(await table.switchPrimary(ALICE)).toMatchObject({ ok: true, value: { principal: ALICE } });
    expect(await table.getSettings()).toMatchObject({ warnBeforeMinutes: expect.any(Array) });
    counts.validCallsAfterwards += 3;
  });
});

describe('the registered IPC handlers (registerIpc + senderCheck)', () => {
  const PAGE = 'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html';
  const TRUSTED_ID = 7;
  const trusted = { sender: { id: TRUSTED_ID }, senderFrame: { url: `${PAGE}#/copr`, parent: null } };
  const lines: string[] = [];
  const { services, calls } = recordingServices();
  const rng = new Rng(SEED ^ 0x1bc);

  beforeAll(async () => {
    const { registerIpc, senderCheck } = await import('../../electron/main/ipc/ipc-main.js');
    registerIpc(
      createHandlers(services),
      senderCheck({ trustedIds: new Set([TRUSTED_ID]), appPage: PAGE }) as never,
      (line) => lines.push(line),
    );
  });

  const untrustedEvents: ReadonlyArray<readonly [string, unknown]> = [
    ['another webContents', { sender: { id: TRUSTED_ID + 1 }, senderFrame: { url: PAGE, parent: null } }],
    [
      'a sub-frame of the app window',
      { sender: { id: TRUSTED_ID }, senderFrame: { url: PAGE, parent: { url: PAGE } } },
    ],
    ['a frame that is gone', { sender: { id: TRUSTED_ID }, senderFrame: null }],
    [
      'a frame whose URL cannot be read',
      {
        sender: { id: TRUSTED_ID },
        get senderFrame() {
          throw new Error('Render frame was disposed');
        },
      },
    ],
    [
      'the app window showing a web page',
      { sender: { id: TRUSTED_ID }, senderFrame: { url: 'https://copr.fedorainfracloud.org/', parent: null } },
    ],
    [
      'the app window showing another local file',
      { sender: { id: TRUSTED_ID }, senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
    ],
    [
      'the app page from another host',
      {
        sender: { id: TRUSTED_ID },
        senderFrame: { url: PAGE.replace('file:///', 'file://evil.example/'), parent: null },
      },
    ],
    [
      'a data: URL',
      { sender: { id: TRUSTED_ID }, senderFrame: { url: 'data:text/html,<script>1</script>', parent: null } },
    ],
    ['javascript:', { sender: { id: TRUSTED_ID }, senderFrame: { url: 'javascript:alert(1)', parent: null } }],
    ['about:blank', { sender: { id: TRUSTED_ID }, senderFrame: { url: 'about:blank', parent: null } }],
    ['an empty URL', { sender: { id: TRUSTED_ID }, senderFrame: { url: '', parent: null } }],
  ];

  it('registers exactly the channels of the contract', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it(`refuses every channel to ${untrustedEvents.length} kinds of untrusted sender, whatever the arguments, before any service runs`, async () => {
    const before = calls.length;
    const mark = failures.length;
    for (const method of METHODS) {
      const handler = electron.handlers.get(INVOKE_CHANNELS[method])!;
      for (let i = 0; i < PER_CHANNEL_UNTRUSTED; i++) {
        const [why, event] = untrustedEvents[i % untrustedEvents.length]!;
        const args = i % 3 === 0 ? [...rng.pick(VALID[method])] : randomArgs(rng, method);
        counts.untrustedCalls++;
        let reply: unknown;
        try {
          reply = await handler(event, ...args);
        } catch (error) {
          counts.throws++;
          fail(`untrusted ${why} ${method} threw ${String(error).slice(0, 100)}`);
          continue;
        }
        if (problemsOf(obj({ ok: oneOf(false), error: obj({ kind: oneOf('forbidden') }) }), reply).length)
          fail(`untrusted ${why} ${method}: answered ${JSON.stringify(reply)?.slice(0, 100)}`);
        else counts.forbidden++;
      }
    }
    expect(since(mark)).toEqual([]);
    expect(calls.length).toBe(before);
    expect(counts.forbidden).toBe(METHODS.length * PER_CHANNEL_UNTRUSTED);
  });

  it(`answers ${PER_CHANNEL_REGISTERED} random calls per channel from the app page like the table does`, async () => {
    const mark = failures.length;
    for (const method of METHODS) {
      const handler = electron.handlers.get(INVOKE_CHANNELS[method])!;
      for (let i = 0; i < PER_CHANNEL_REGISTERED; i++) {
        counts.registeredCalls++;
        let reply: unknown;
        try {
          reply = await handler(trusted, ...randomArgs(rng, method));
        } catch (error) {
          counts.throws++;
          fail(`registered ${method} threw ${String(error).slice(0, 100)}`);
          continue;
        }
        if (checkReply(method, reply, 'registered')) counts.rejected++;
        else counts.accepted++;
      }
    }
    expect(since(mark)).toEqual([]);
    expect(counts.unvalidatedServiceCalls).toBe(0);
  });

  it('logs the channel and the outcome only: never an argument, never the password', () => {
    expect(lines.length).toBe(counts.untrustedCalls + counts.registeredCalls);
    for (const line of lines)
      expect(line).toMatch(
        /^ipc [a-z-]+:[a-z-]+: (rejected \((forbidden|invalid-request)\)|(ok|done|failed(?: \([a-z-]+\))?|rejected \([a-z-]+\)) in \d+ ms)$/,
      );
    expect(lines.join('\n')).not.toContain(CANARY);
  });

  it('still answers valid calls from the app page afterwards', async () => {
    const call = (method: InvokeMethod, ...args: unknown[]) =>
      electron.handlers.get(INVOKE_CHANNELS[method])!(trusted, ...args);
    expect(await call('getStatus')).toMatchObject({ ok: true });
    expect(await call('coprPin', ALICE, {})).toMatchObject({ ok: true, value: { host: 'copr.fedorainfracloud.org' } });
    expect(await call('openExternal', 'https://copr.fedorainfracloud.org/coprs/')).toEqual({
      ok: true,
      value: undefined,
    });
    counts.validCallsAfterwards += 3;
  });
});

describe('the real services behind the table (an empty DIR collection in a temporary directory)', () => {
  let dir: string;
  let table: HandlerTable;
  const opened: string[] = [];
  const rng = new Rng(SEED ^ 0x4ea1);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tt-ipc-fuzz-'));
    const home = join(dir, 'home');
    await mkdir(join(dir, 'cc'), { recursive: true });
    await mkdir(home, { recursive: true });
    // No DNS lookups for KDCs: nothing here may reach the network.
    await writeFile(join(dir, 'krb5.conf'), '[libdefaults]\n dns_lookup_kdc = false\n dns_lookup_realm = false\n');
    const env = {
      PATH: process.env['PATH'],
      HOME: home,
      XDG_CONFIG_HOME: join(dir, 'config'),
      KRB5CCNAME: `DIR:${join(dir, 'cc')}`,
      KRB5_CONFIG: join(dir, 'krb5.conf'),
      LC_ALL: 'C',
      TZ: 'UTC',
    };
    const { createAppServices } = await import('../../electron/main/app/services.js');
    const services = await createAppServices(env);
    table = createHandlers({ ...services, openExternal: async (url) => void opened.push(url), now: () => Date.now() });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const call = async (method: InvokeMethod, ...args: unknown[]) => {
    counts.realServiceCalls++;
    const mark = failures.length;
    const reply = await (table[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    expect(checkReply(method, reply, 'real'), `${method} was rejected`).toBe(false);
    expect(since(mark)).toEqual([]);
    return reply;
  };

  it('refuses random invalid payloads without running anything, then answers valid calls with typed results', async () => {
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const method = rng.pick(METHODS);
      const args = randomArgs(rng, method);
      // Only payloads the guards refuse: random valid ones could log in or reach Copr.
      if (guardArgs(method, args).ok) continue;
      const reply = await (table[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      expect(problemsOf(rejectionOf(method), reply)).toEqual([]);
      rejected++;
    }
    counts.realServiceCalls += rejected;
    expect(rejected).toBeGreaterThan(200);

    expect(await call('getStatus')).toMatchObject({ ok: true, value: { caches: [], primary: null } });
    expect(await call('getSettings')).toMatchObject({ warnBeforeMinutes: [30, 10, 5] });
    expect(await call('updateSettings', { warnBeforeMinutes: [15] })).toMatchObject({
      ok: true,
      value: { warnBeforeMinutes: [15] },
    });
    expect(await call('getActivity')).toEqual([]);
    expect(await call('switchPrimary', 'nobody@EXAMPLE.COM')).toMatchObject({
      ok: false,
      error: { kind: expect.any(String) },
    });
    expect(await call('destroy', 'nobody@EXAMPLE.COM')).toMatchObject({ ok: expect.any(Boolean) });
    expect(await call('renew', null)).toMatchObject({ ok: false, error: { kind: expect.any(String) } });
    expect(await call('coprOverview', {})).toMatchObject({ ok: true });
    expect(await call('coprClearSession', {})).toMatchObject({ ok: true, value: { removed: false } });
    expect(await call('openExternal', 'javascript:alert(1)')).toEqual({ ok: false, error: { kind: 'not-allowed' } });
    expect(await call('openExternal', 'https://copr.fedorainfracloud.org/api')).toEqual({ ok: true, value: undefined });
    expect(opened).toEqual(['https://copr.fedorainfracloud.org/api']);
    expect(await call('getStatus')).toMatchObject({ ok: true });
    counts.validCallsAfterwards += 12;
  });
});
