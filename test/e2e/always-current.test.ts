/**
 * One truth about who you are, kept current without a click: a work-realm login in a terminal
 * makes the work identity primary, and the Identities banner, the Troubleshoot badge and the tray
 * say so at once; one click on the banner's fix makes the Fedora identity primary again, and all
 * three clear. Real KDC, real kinit and kswitch, real SPNEGO against the Copr stand-in.
 */
import { execa } from 'execa';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PUSH_CHANNELS } from '../../shared/contract.js';
import { USERS } from '../support/realm/realm.js';
import { type App, card, collectionWith, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;
const FINDING = 'Copr uses the wrong Kerberos identity';
/** Long enough for main's own Copr check after a switch, which settles the tray. */
const SLOW = { timeout: 30_000 } as const;

const e2e = useE2e();

/** A command typed in a terminal: the user's environment for this collection, nothing from the test process. */
const terminal = (app: App, file: string, args: string[]) =>
  execa(file, args, { env: app.env, extendEnv: false, timeout: 15_000 });

const banner = (page: Page) => page.getByRole('region', { name: FINDING });
/** How many problems the Troubleshoot tab's accessible name counts (0 without a badge). */
const badgeCount = (page: Page) =>
  page.evaluate(() => {
    const tab = document.getElementById('tab-troubleshoot');
    const hidden = tab?.querySelector('.visually-hidden')?.textContent ?? '';
    return Number(/(\d+) problems?/.exec(hidden)?.[1] ?? 0);
  });
const isPrimary = (page: Page, principal: string) =>
  card(page, principal).getByText('Primary', { exact: true }).isVisible();

describe('always current', () => {
  it('a work login in a terminal: banner, badge and tray without a click; one click on the banner fixes all three', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page, bridge } = app;
    await expect.poll(() => isPrimary(page, alice.fedora), POLL).toBe(true);
    await expect.poll(() => bridge.tray()?.state, SLOW).toBe('ok');
    expect(await banner(page).count()).toBe(0);
    const before = await badgeCount(page);

    // The documented trap: a work login in a terminal takes the primary.
    await e2e.world().realm.kinit(cc, alice.work, alice.password);
    await banner(page).waitFor(SLOW);
    expect(await isPrimary(page, alice.work)).toBe(true);
    await expect.poll(() => badgeCount(page), POLL).toBe(before + 1);
    // The count is part of the tab's accessible name.
    const named = new RegExp(`^Troubleshoot\\s*, ${before + 1} problems?$`);
    expect(await page.getByRole('tab', { name: named }).count()).toBe(1);
    await expect.poll(() => bridge.tray()?.state, POLL).toBe('problem');
    expect(bridge.tray()?.icon).toBe('tray-problem');
    expect(bridge.tray()?.tooltip).toContain(`but Copr would use ${alice.work}`);
    // Nobody ran the doctor: main did, after the change, and pushed it.
    expect(bridge.calls).not.toContain('doctor');
    expect(bridge.pushed.some((e) => e.channel === PUSH_CHANNELS.onDiagnosis)).toBe(true);

    await banner(page)
      .getByRole('button', { name: `Make ${alice.fedora} primary` })
      .click();
    await banner(page).waitFor({ state: 'detached', ...SLOW });
    await expect.poll(() => isPrimary(page, alice.fedora), POLL).toBe(true);
    await expect.poll(() => badgeCount(page), POLL).toBe(before);
    await expect.poll(() => bridge.tray()?.state, SLOW).toBe('ok');
    expect(bridge.tray()?.tooltip).not.toContain('but Copr would use');
    expect(app.problems).toEqual([]);
    expect(bridge.errors).toEqual([]);
  });

  it("a kswitch in a terminal updates Troubleshoot's finding without running it again", async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.work, alice.password], [alice.fedora, alice.password]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page, bridge } = app;
    await openTab(page, 'Troubleshoot');
    await expect.poll(() => page.getByText(/^(No problems|\d+ findings?), checked/).isVisible(), SLOW).toBe(true);
    expect(await page.getByRole('article', { name: FINDING }).count()).toBe(0);
    const doctorRuns = bridge.calls.filter((m) => m === 'doctor').length;

    await terminal(app, 'kswitch', ['-p', alice.work]);
    const finding = page.getByRole('article', { name: FINDING });
    await finding.waitFor(SLOW);
    expect(await finding.textContent()).toContain(`your ticket ${alice.fedora} works`);

    await terminal(app, 'kswitch', ['-p', alice.fedora]);
    await finding.waitFor({ state: 'detached', ...SLOW });
    expect(bridge.calls.filter((m) => m === 'doctor').length).toBe(doctorRuns);
    expect(app.problems).toEqual([]);
  });
});
