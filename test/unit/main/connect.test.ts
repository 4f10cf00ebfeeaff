import { describe, expect, it } from 'vitest';
import { connectApp, type AppEffects } from '../../../electron/main/app/connect.js';
import { unavailableCopr, type AppServices } from '../../../electron/main/app/services.js';
import type { SettingsStore } from '../../../electron/main/settings/store.js';
import { createActivityLog } from '../../../electron/main/tickets/activity-log.js';
import { PUSH_CHANNELS } from '../../../shared/contract.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { ok } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import { ALICE, T0, WORK, cache, settings as makeSettings, status } from './builders.js';

/** A settings store in memory that tells its subscribers, as the real one does. */
function memorySettings(initial: Settings, problems: string[] = []): SettingsStore {
  let current = initial;
  const listeners = new Set<(now: Settings, before: Settings) => void>();
  return {
    path: '/nowhere/settings.json',
    firstRun: false,
    current: () => current,
    get: async () => current,
    update: async (patch) => {
      const before = current;
      current = { ...current, ...(patch as Partial<Settings>) };
      for (const listener of listeners) listener(current, before);
      return ok(current);
    },
    problems: () => problems,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  };
}

/** Services over fakes, and effects that record what the wiring asked of the desktop. */
function harness(o: { settings?: Partial<Settings>; problems?: string[] } = {}) {
  const first = status([cache(ALICE, { primary: true }), cache(WORK)]);
  const switched = status([cache(ALICE), cache(WORK, { primary: true })]);
  const watch = {
    onStatus: null as ((s: KrbStatus) => void) | null,
    closed: false,
    looksNow: 0,
    pace: null as { nextCheckAt(last: number): number | null } | null,
  };
  const services: AppServices = {
    krb: {
      getStatus: async () => ok(first),
      login: async () => ok({ principal: ALICE, status: first }),
      switchPrimary: async (p) => ok({ principal: p, status: switched }),
      renew: async () => ok({ principal: ALICE, status: first }),
      destroy: async () => ok(first),
      destroyAll: async () => ok(first),
      changePassword: async (r) => ok({ principal: r.principal, confirmedBy: 'new-password-login', changedAt: '' }),
    },
    copr: unavailableCopr('not in this test'),
    doctor: undefined,
    coprProblem: 'the Copr component could not be loaded',
    settings: memorySettings(makeSettings(o.settings), o.problems),
    activity: createActivityLog(),
    systemRenews: true,
    noteLogin: () => undefined,
    diagnose: undefined,
    watchLocalFiles: () => ({ rearm: () => undefined, close: () => undefined }),
    watchCollection: async (onStatus) => {
      watch.onStatus = onStatus;
      return {
        mode: 'poll',
        intervalMs: 0,
        close: () => void (watch.closed = true),
        setPace: (pace) => void (watch.pace = pace),
        checkNow: () => void watch.looksNow++,
      };
    },
  };
  const seen = { notices: [] as string[], pushed: [] as string[], autostart: [] as boolean[], trays: 0 };
  const effects: AppEffects = {
    showNotice: (n) => void seen.notices.push(n.body),
    renderTray: () => void seen.trays++,
    showWindow: () => undefined,
    send: (channel) => void seen.pushed.push(channel),
    openExternal: async () => undefined,
    setAutostart: (enabled) => void seen.autostart.push(enabled),
    quit: () => undefined,
    now: () => T0,
  };
  return { services, effects, seen, watch, first, switched };
}

describe('connectApp', () => {
  it('on start: reports the problems, rewrites autostart when on, and feeds the first snapshot once', async () => {
    const h = harness({ settings: { startAtLogin: true }, problems: ['it is not valid JSON'] });
    const app = connectApp(h.services, h.effects);
    expect(h.seen).toMatchObject({ notices: [], pushed: [], autostart: [] });
    await app.start();
    expect(h.seen.notices).toEqual(['it is not valid JSON', 'the Copr component could not be loaded']);
    expect(h.seen.autostart).toEqual([true]);
    expect(h.seen.pushed).toEqual([PUSH_CHANNELS.onStatusChanged]);
    expect(h.seen.trays).toBeGreaterThan(0);
    // The watch reporting the same state again changes nothing.
    h.watch.onStatus?.(h.first);
    expect(h.seen.pushed).toEqual([PUSH_CHANNELS.onStatusChanged]);
    app.stop();
    expect(h.watch.closed).toBe(true);
  });

  it("passes an action's snapshot to the window and the tray at once, and the watch's echo of it is dropped", async () => {
    const h = harness();
    const app = connectApp(h.services, h.effects);
    await app.start();
    expect(await app.handlers.switchPrimary(WORK)).toMatchObject({ ok: true });
    const statusPushes = () => h.seen.pushed.filter((c) => c === PUSH_CHANNELS.onStatusChanged);
    expect(statusPushes()).toHaveLength(2);
    expect(app.controller.model().tooltip).toContain(WORK);
    h.watch.onStatus?.(h.switched);
    expect(statusPushes()).toHaveLength(2);
    app.stop();
  });

  it('pushes activity events, and follows the autostart setting until stopped', async () => {
    const h = harness();
    const app = connectApp(h.services, h.effects);
    await app.start();
    expect(h.seen.autostart).toEqual([]);
    await h.services.settings.update({ startAtLogin: true });
    await h.services.settings.update({ warnBeforeMinutes: [10] });
    h.services.activity.add({ at: new Date(T0).toISOString(), kind: 'switched', principal: WORK, message: 'x' });
    expect(h.seen.autostart).toEqual([true]);
    expect(h.seen.pushed).toContain(PUSH_CHANNELS.onActivity);
    app.stop();
    await h.services.settings.update({ startAtLogin: false });
    expect(h.seen.autostart).toEqual([true]);
  });

  it('paces the watch by who is looking: a window shown before start counts, and a wake looks at once', async () => {
    const h = harness();
    const app = connectApp(h.services, h.effects);
    app.desktop.windowVisibility(true);
    await app.start();
    // Shown: the next look comes within the shown interval; hidden: only after the slow one.
    const shownNext = h.watch.pace?.nextCheckAt(T0);
    app.desktop.windowVisibility(false);
    const hiddenNext = h.watch.pace?.nextCheckAt(T0);
    expect(shownNext).not.toBeNull();
    expect(hiddenNext).not.toBeNull();
    expect(hiddenNext!).toBeGreaterThan(shownNext!);
    const before = h.watch.looksNow;
    app.desktop.wake('tray-opened');
    expect(h.watch.looksNow).toBe(before + 1);
    app.stop();
  });
});
