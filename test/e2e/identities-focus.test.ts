/**
 * The Identities view by keyboard only, against the real KDC: after Renew, Make primary and
 * Destroy (cancelled and confirmed) focus is on something useful, never the page body, and the
 * toasts that report each outcome sit below the view instead of over it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import { card, collectionWith, focused, POLL, useE2e } from './harness.js';

const { alice } = USERS;
const e2e = useE2e();

/** Waits for a toast with these words (they come once main has answered and the page has re-rendered). */
const toast = (page: Page, text: string) =>
  page.getByRole('status', { name: 'Notifications' }).getByText(text).waitFor({ timeout: 30_000 });

/** Whether the toasts' strip and the view's scrolling area overlap (they must not). */
const toastsCoverView = (page: Page) =>
  page.evaluate(() => {
    const view = document.querySelector('main')!.getBoundingClientRect();
    const toasts = document.querySelector('.toasts')!.getBoundingClientRect();
    return toasts.height > 0 && toasts.top < view.bottom - 0.5;
  });

describe('focus after each action on the identities', () => {
  it('Renew keeps it, Make primary moves it to the card’s next action, Destroy to the card in its place', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await card(page, alice.work).getByText('Primary', { exact: true }).waitFor();

    // Renew, by keyboard: focus stays on the button (it is held, not disabled, while main works).
    await page.getByRole('button', { name: `Renew: ${alice.work}` }).focus();
    await page.keyboard.press('Enter');
    await toast(page, `Renewed the ticket of ${alice.work}.`);
    expect(await focused(page)).toBe(`Renew: ${alice.work}`);
    expect(await toastsCoverView(page)).toBe(false);

    // Make primary: its button goes away; focus follows the card (now first) to its Renew.
    await page.getByRole('button', { name: `Make primary: ${alice.fedora}` }).focus();
    await page.keyboard.press('Enter');
    await toast(page, `${alice.fedora} is now the primary identity.`);
    await expect.poll(() => focused(page), POLL).toBe(`Renew: ${alice.fedora}`);
    const order = await page
      .getByRole('article')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-principal')));
    expect(order).toEqual([alice.fedora, alice.work]);

    // Destroy, cancelled with Escape: back on the Destroy button.
    await page.getByRole('button', { name: `Destroy: ${alice.work}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: `Destroy the tickets of ${alice.work}?` });
    await dialog.waitFor();
    expect(await focused(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe(`Destroy: ${alice.work}`);

    // Destroy, confirmed: the card goes; focus lands on the one that took its place (the last one here).
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Destroy');
    await page.keyboard.press('Enter');
    await toast(page, `Destroyed the tickets of ${alice.work}.`);
    await card(page, alice.work).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page), POLL).toBe(alice.fedora);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H3');

    // The last one: focus lands on the way to log in again.
    await page.getByRole('button', { name: `Destroy: ${alice.fedora}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Destroy' }).press('Enter');
    await page.getByRole('heading', { name: 'No tickets' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page), POLL).toBe('Get Fedora ticket…');
    expect(await toastsCoverView(page)).toBe(false);
    expect(app.problems).toEqual([]);
  });
});
