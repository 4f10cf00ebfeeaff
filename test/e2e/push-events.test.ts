/**
 * Changes made outside the app reach the open window: a `kswitch` and a `kdestroy` in a terminal
 * (the real tools, on the same collection) are seen by main's collection watch and pushed to the
 * page, which updates without a reload and without asking for the status itself. On every setup:
 * a DIR collection is watched through its files, a KCM one is polled while the window is shown.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { SHOWN_POLL_MS } from '../../electron/main/app/poll-policy.js';
import { PUSH_CHANNELS } from '../../shared/contract.js';
import { USERS } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';
import { type App, card, collectionWith, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;
/** A terminal's change may wait a whole poll interval (KCM) before main looks, then as long as any page update. */
const SEEN_FROM_TERMINAL = { timeout: SHOWN_POLL_MS + POLL.timeout } as const;

/** A command typed in a terminal: the user's environment for this collection, nothing from the test process. */
const terminal = (app: App, file: string, args: string[]) =>
  execa(file, args, { env: app.env, extendEnv: false, timeout: 15_000 });

const isPrimary = (a: App, principal: string) =>
  card(a.page, principal).getByText('Primary', { exact: true }).isVisible();

describe.each(SETUPS)('push events on $name', (setup) => {
  const e2e = useE2e(setup.options);

  it('kswitch in a terminal moves the primary marker, without a reload', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
    const app = await e2e.open({ ccname: cc });
    const { page, bridge } = app;
    await expect.poll(() => isPrimary(app, alice.work), POLL).toBe(true);
    expect(await isPrimary(app, alice.fedora)).toBe(false);

    // Anything a reload would lose.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const statusCalls = bridge.calls.filter((m) => m === 'getStatus').length;
    const pushes = bridge.pushed.filter((e) => e.channel === PUSH_CHANNELS.onStatusChanged).length;

    await terminal(app, 'kswitch', ['-p', alice.fedora]);
    await expect.poll(() => isPrimary(app, alice.fedora), SEEN_FROM_TERMINAL).toBe(true);
    expect(await isPrimary(app, alice.work)).toBe(false);

    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(bridge.calls.filter((m) => m === 'getStatus').length).toBe(statusCalls);
    expect(bridge.pushed.filter((e) => e.channel === PUSH_CHANNELS.onStatusChanged).length).toBeGreaterThan(pushes);

    // The activity event was pushed too.
    await openTab(page, 'Activity');
    const list = page.getByRole('list', { name: 'Recent events, newest first' });
    await expect.poll(() => list.textContent(), POLL).toContain('Primary switched');
    expect(await list.textContent()).toContain(alice.fedora);
    expect(app.problems).toEqual([]);
  });

  it('kdestroy in a terminal removes the card', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
    const app = await e2e.open({ ccname: cc });
    const { page } = app;
    await card(page, alice.work).waitFor();
    await terminal(app, 'kdestroy', ['-p', alice.work]);
    await card(page, alice.work).waitFor({ state: 'detached', ...SEEN_FROM_TERMINAL });
    expect(await card(page, alice.fedora).isVisible()).toBe(true);
  });
});
