/**
 * Changes made outside the app reach the open window: a `kswitch` and a `kdestroy` in a terminal
 * (the real tools, on the same collection) are seen by main's collection watch and pushed to the
 * page, which updates without a reload and without asking for the status itself.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PUSH_CHANNELS } from '../../shared/contract.js';
import { USERS } from '../support/realm/realm.js';
import { type App, card, collectionWith, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;

const e2e = useE2e();

/** A command typed in a terminal: the user's environment for this collection, nothing from the test process. */
const terminal = (app: App, file: string, args: string[]) =>
  execa(file, args, { env: app.env, extendEnv: false, timeout: 15_000 });

const isPrimary = (a: App, principal: string) =>
  card(a.page, principal).getByText('Primary', { exact: true }).isVisible();

describe('push events', () => {
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
    await expect.poll(() => isPrimary(app, alice.fedora), POLL).toBe(true);
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
    await card(page, alice.work).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await card(page, alice.fedora).isVisible()).toBe(true);
  });
});
