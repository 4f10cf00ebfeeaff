import { describe, expect, it } from 'vitest';
import { coprTargetFor, type CoprPort, type DoctorPort } from '../../../electron/main/app/ports.js';
import { createHandlers, type HandlerServices } from '../../../electron/main/ipc/handlers.js';
import { mergeSettings, validateSettingsPatch } from '../../../electron/main/settings/rules.js';
import { createActivityLog } from '../../../electron/main/tickets/activity-log.js';
import { INVOKE_CHANNELS } from '../../../shared/contract.js';
import type { CoprConfigSummary } from '../../../shared/copr.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import { ALICE, T0, WORK, cache, coprCheck, settings as makeSettings, status } from './builders.js';

const summary = (host: string): CoprConfigSummary => ({
  path: '/home/alice/.config/copr',
  exists: true,
  coprUrl: `https://${host}`,
  netloc: host,
  host: host.split(':')[0]!,
  username: null,
  login: null,
  hasToken: false,
  tokenExpires: null,
  gssapi: null,
  encrypted: true,
});

/** Services that record what they were asked; `calls` lists "service.method(args)". */
function fakes(over: { settings?: Partial<Settings>; doctor?: DoctorPort; coprHost?: string } = {}) {
  const calls: string[] = [];
  const seen: { statuses: KrbStatus[]; checks: number } = { statuses: [], checks: 0 };
  const snapshot = status([cache(ALICE, { primary: true }), cache(WORK)]);
  const rec = (name: string, args: unknown[]) =>
    calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
  const krb: HandlerServices['krb'] = {
    getStatus: async () => (rec('krb.getStatus', []), ok(snapshot)),
    login: async (r) => (
      rec('krb.login', [r.principal]),
      r.password === 'right'
        ? ok({ principal: r.principal, status: snapshot })
        : err({ kind: 'wrong-password', principal: r.principal, detail: 'Password incorrect' })
    ),
    switchPrimary: async (p) => (rec('krb.switchPrimary', [p]), ok({ principal: p, status: snapshot })),
    renew: async (p) => (rec('krb.renew', [p]), err({ kind: 'not-renewable', detail: 'x' })),
    destroy: async (p) => (rec('krb.destroy', [p]), ok(snapshot)),
    destroyAll: async () => (rec('krb.destroyAll', []), ok(snapshot)),
    changePassword: async (r) => (
      rec('krb.changePassword', [r.principal]),
      r.oldPassword === 'right'
        ? ok({
            principal: r.principal,
            confirmedBy: 'new-password-login' as const,
            changedAt: '2026-01-01T00:00:00.000Z',
          })
        : err({ kind: 'wrong-old-password', principal: r.principal, detail: 'Preauthentication failed' })
    ),
  };
  const result = <T>(name: string, args: unknown[], value: T): Promise<Result<T, never>> => (
    rec(name, args),
    Promise.resolve(ok(value))
  );
  const copr: CoprPort = {
    check: async (t) => (rec('copr.check', [t]), coprCheck({ ok: true })),
    overview: async (t) => (rec('copr.overview', [t]), err({ kind: 'config-missing', path: '/x' })),
    clearSession: (t) =>
      result('copr.clearSession', [t], { path: '/s', removed: true, extra: 1 } as {
        path: string;
        removed: boolean;
      }),
    pin: (p, t) =>
      result('copr.pin', [p, t], { host: 'h', changed: true, principal: p, path: '/k' } as {
        host: string;
        changed: boolean;
      }),
    unpin: (t) => result('copr.unpin', [t], { host: 'h', changed: false }),
    setGssapi: (on, t) => result('copr.setGssapi', [on, t], summary('copr.fedorainfracloud.org')),
    load: async (t) => (rec('copr.load', [t]), ok({ summary: summary(over.coprHost ?? 'copr.fedorainfracloud.org') })),
  };
  let current = makeSettings(over.settings);
  const store: HandlerServices['settings'] = {
    get: async () => current,
    update: async (patch) => {
      const checked = validateSettingsPatch(patch);
      const merged = checked.ok ? mergeSettings(current, checked.value) : checked;
      if (!merged.ok) return err({ kind: 'invalid' as const, reason: merged.error });
      current = merged.value;
      return ok(current);
    },
  };
  const activity = createActivityLog();
  const opened: string[] = [];
  const services: HandlerServices = {
    krb,
    copr,
    settings: store,
    activity,
    ...(over.doctor ? { doctor: over.doctor } : {}),
    openExternal: async (url) => void opened.push(url),
    events: { statusChanged: (s) => void seen.statuses.push(s), coprChecked: () => void seen.checks++ },
    now: () => T0,
  };
  return { handlers: createHandlers(services), calls, opened, activity, seen, current: () => current };
}

describe('the handler table', () => {
  it('has exactly the invoke methods of the contract', () => {
    expect(Object.keys(fakes().handlers).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort());
  });

  it('refuses ill-typed arguments before any service runs', async () => {
    const { handlers, calls } = fakes();
    for (const [method, args] of [
      ['switchPrimary', [42]],
      ['login', [{ principal: 'a', password: 'b', shell: '/bin/sh' }]],
      ['destroy', []],
      ['getStatus', ['x']],
      ['coprPin', ['-c', {}]],
    ] as const) {
      const reply = await (handlers[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      expect(reply, method).toMatchObject({
        ok: false,
        error: { kind: 'invalid-request', channel: INVOKE_CHANNELS[method] },
      });
    }
    expect(calls).toEqual([]);
  });

  it('passes checked arguments to the Kerberos service, and its snapshot on to main', async () => {
    const { handlers, calls, seen } = fakes();
    expect(await handlers.switchPrimary(ALICE)).toMatchObject({ ok: true, value: { principal: ALICE } });
    expect(await handlers.renew(null)).toMatchObject({ ok: false, error: { kind: 'not-renewable' } });
    await handlers.destroy(WORK);
    expect(calls).toEqual([`krb.switchPrimary("${ALICE}")`, 'krb.renew()', `krb.destroy("${WORK}")`]);
    expect(seen.statuses).toHaveLength(2);
  });

  it('logs a failed renewal in the activity', async () => {
    const { handlers, activity } = fakes();
    await handlers.renew(ALICE);
    expect(activity.list()).toMatchObject([{ kind: 'renew-failed', principal: ALICE }]);
  });

  it('remembers the Fedora account name after a Fedora login, never the password', async () => {
    const { handlers, current } = fakes();
    expect(await handlers.login({ principal: 'alice', password: 'wrong', fedora: true })).toMatchObject({
      ok: false,
      error: { kind: 'wrong-password' },
    });
    expect(current().fedoraUser).toBeNull();
    await handlers.login({ principal: ALICE, password: 'right', fedora: true });
    expect(current().fedoraUser).toBe('alice');
    expect(JSON.stringify(current())).not.toContain('right');
  });

  it('answers a Fedora password change with Fedora Accounts, without running the service', async () => {
    const { handlers, calls } = fakes();
    const reply = await handlers.changePassword({ principal: ALICE, oldPassword: 'right', newPassword: 'new-one' });
    expect(reply).toEqual({
      ok: false,
      error: { kind: 'fedora-account', principal: ALICE, url: 'https://accounts.fedoraproject.org/' },
    });
    expect(calls).toEqual([]);
  });

  it('refuses password changes whose passwords are not bounded strings', async () => {
    const { handlers, calls } = fakes();
    for (const request of [
      { principal: WORK, oldPassword: 1, newPassword: 'b' },
      { principal: WORK, oldPassword: 'a', newPassword: 'b'.repeat(1025) },
      { principal: WORK, oldPassword: 'a', newPassword: 'b', repeat: 'b' },
      { principal: 'not a principal', oldPassword: 'a', newPassword: 'b' },
    ]) {
      const reply = await (handlers.changePassword as (...a: unknown[]) => Promise<unknown>)(request);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-request', channel: 'krb:change-password' } });
    }
    expect(calls).toEqual([]);
  });

  it('logs a changed password by principal only, and a failed one not at all', async () => {
    const { handlers, activity } = fakes();
    await handlers.changePassword({ principal: WORK, oldPassword: 'wrong', newPassword: 'secret-new-1' });
    expect(activity.list()).toEqual([]);
    const reply = await handlers.changePassword({ principal: WORK, oldPassword: 'right', newPassword: 'secret-new-2' });
    expect(reply).toMatchObject({ ok: true, value: { principal: WORK } });
    expect(activity.list()).toMatchObject([{ kind: 'password-changed', principal: WORK }]);
    expect(JSON.stringify(activity.list())).not.toMatch(/right|secret-new/);
  });

  it("maps a Copr profile index to that profile's config, defaulting to the active one", async () => {
    const profiles = [
      { name: 'Fedora', configPath: null },
      { name: 'Staging', configPath: '/home/a/.config/copr-stg' },
    ];
    const { handlers, calls, seen } = fakes({ settings: { coprProfiles: profiles, activeCoprProfile: 1 } });
    await handlers.coprOverview({});
    await handlers.coprOverview({ profile: 0 });
    await handlers.coprCheck({ semantics: 'api' });
    await handlers.coprCheck({ profile: 0 });
    expect(calls).toEqual([
      'copr.overview({"configPath":"/home/a/.config/copr-stg"})',
      'copr.overview({})',
      'copr.check({"configPath":"/home/a/.config/copr-stg","semantics":"api"})',
      'copr.check({})',
    ]);
    expect(seen.checks).toBe(1); // the tray shows the active profile's check only
    expect(coprTargetFor(makeSettings({ coprProfiles: profiles, activeCoprProfile: 0 }), 7)).toEqual({});
  });

  it("answers the Copr edits with exactly the contract's fields", async () => {
    const { handlers } = fakes();
    expect(await handlers.coprClearSession({})).toEqual({ ok: true, value: { path: '/s', removed: true } });
    expect(await handlers.coprPin(ALICE, {})).toEqual({ ok: true, value: { host: 'h', changed: true } });
    expect(await handlers.coprSetGssapi(true, {})).toMatchObject({
      ok: true,
      value: { host: 'copr.fedorainfracloud.org' },
    });
  });

  it('logs a Copr check in the activity', async () => {
    const { handlers, activity } = fakes();
    await handlers.coprCheck({});
    expect(activity.list()).toMatchObject([{ kind: 'copr-check', message: 'Copr check: you are alice.' }]);
  });

  it('without a troubleshooter: no findings, and fixes that say it is not available', async () => {
    const { handlers } = fakes();
    expect(await handlers.doctor()).toEqual({ findings: [], checkedAt: new Date(T0).toISOString() });
    expect(await handlers.applyFix('kswitch')).toEqual({
      fixId: 'kswitch',
      ok: false,
      message: 'The troubleshooter is not available.',
    });
    expect(await handlers.doctorReport()).toBe('The troubleshooter is not available.');
  });

  it('with a troubleshooter: passes through, and logs an applied fix', async () => {
    const doctor: DoctorPort = {
      run: async () => ({ findings: [], checkedAt: 'now' }),
      applyFix: async (fixId) => ({ fixId, ok: true, message: 'alice@FEDORAPROJECT.ORG is now primary' }),
      report: async () => 'report',
    };
    const { handlers, activity, seen } = fakes({ doctor });
    expect(await handlers.applyFix('kswitch')).toMatchObject({ ok: true });
    expect(await handlers.doctorReport()).toBe('report');
    expect(activity.list()).toMatchObject([{ kind: 'fix-applied' }]);
    // The fix may have moved the primary: the snapshot after it goes to the window and the tray at once.
    expect(seen.statuses).toHaveLength(1);
  });

  it('opens the page of a fix that is a web page, only if the allowlist agrees', async () => {
    const page = (url: string): DoctorPort => ({
      run: async () => ({ findings: [], checkedAt: 'now' }),
      applyFix: async (fixId) => ({ fixId, ok: true, message: 'Open it', url }),
      report: async () => '',
    });
    const good = fakes({ doctor: page('https://copr.fedorainfracloud.org/api') });
    await good.handlers.applyFix('open-token-page');
    expect(good.opened).toEqual(['https://copr.fedorainfracloud.org/api']);
    const evil = fakes({ doctor: page('https://copr.fedorainfracloud.org.evil.com/api') });
    expect(await evil.handlers.applyFix('open-token-page')).toMatchObject({ ok: true });
    expect(evil.opened).toEqual([]);
  });

  it('validates settings patches and applies the cross-key rule', async () => {
    const { handlers } = fakes();
    expect(await handlers.updateSettings({ warnBeforeMinutes: [10] })).toMatchObject({
      ok: true,
      value: { warnBeforeMinutes: [10] },
    });
    expect(await handlers.updateSettings({ activeCoprProfile: 3 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    });
    expect(await handlers.updateSettings({ warnBeforeMinutes: [-5] })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
    expect(await handlers.getSettings()).toMatchObject({ warnBeforeMinutes: [10] });
  });

  it('opens only allowed https URLs, normalised', async () => {
    const { handlers, opened } = fakes({ coprHost: 'copr.example.org:8443' });
    expect(await handlers.openExternal('https://copr.fedorainfracloud.org/coprs/')).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await handlers.openExternal('https://copr.example.org:8443/api')).toEqual({ ok: true, value: undefined });
    expect(await handlers.openExternal('https://accounts.fedoraproject.org/')).toEqual({ ok: true, value: undefined });
    for (const url of [
      'https://copr.fedorainfracloud.org.evil.com/',
      'http://copr.fedorainfracloud.org/',
      'https://user:pw@copr.fedorainfracloud.org/',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(await handlers.openExternal(url), url).toEqual({ ok: false, error: { kind: 'not-allowed' } });
    }
    expect(opened).toEqual([
      'https://copr.fedorainfracloud.org/coprs/',
      'https://copr.example.org:8443/api',
      'https://accounts.fedoraproject.org/',
    ]);
  });

  it('lists the activity', async () => {
    const { handlers, activity } = fakes();
    activity.add({ at: 'now', kind: 'switched', principal: ALICE, message: 'm' });
    expect(await handlers.getActivity()).toHaveLength(1);
  });
});
