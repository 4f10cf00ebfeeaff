/**
 * The Log in view's Options against the real KDC, in Chromium: a login with a lifetime, a renewable
 * lifetime and "not forwardable" gets exactly that (the card, read from the snapshot after the
 * login, says so), focus lands on the new card, the name is remembered with its options for the
 * next form, and a KDC that grants less says so in words. The open Options pass axe in light and
 * dark, fit 320 px and 200 % zoom, and refuse a bad duration at the field itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import { VIEWPORT, axeViolations, card, focused, openTab, POLL, sidewaysScroll, useE2e } from './harness.js';

const { carol } = USERS;
const e2e = useE2e();

/** The narrow sizes: WCAG's 320 CSS px, and the window at 200 % zoom (its viewport in CSS pixels). */
const NARROW = [
  { name: '320 px', width: 320, height: 560 },
  { name: '200 % zoom', width: VIEWPORT.width / 2, height: VIEWPORT.height / 2 },
] as const;

const optionsSection = (page: Page) => page.locator('details.login-options');
const optionsSummary = (page: Page) => optionsSection(page).locator('summary');

/** The "Other realm" form with carol's name and password typed, Options not touched. */
async function fillCarol(page: Page): Promise<void> {
  await openTab(page, 'Log in');
  await page.getByRole('radio', { name: 'Other realm' }).check();
  await page.getByLabel('Principal').fill(carol.work);
  await page.getByLabel('Password', { exact: true }).fill(carol.password);
}

/** Opens the Options disclosure, by keyboard as a user without a mouse would. */
async function openOptions(page: Page): Promise<void> {
  if (await optionsSection(page).evaluate((d) => (d as HTMLDetailsElement).open)) return;
  await optionsSummary(page).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Lifetime', { exact: true }).waitFor();
}

/** Waits for a toast with these words. */
const toast = (page: Page, text: string) =>
  page.getByRole('status', { name: 'Notifications' }).getByText(text).waitFor({ timeout: 30_000 });

/** The names the account field offers (its datalist), as the browser sees them. */
const offeredNames = (page: Page) =>
  page
    .getByLabel('Principal')
    .evaluate((input) => Array.from((input as HTMLInputElement).list?.options ?? [], (o) => o.value));

const hasFocus = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement);

describe('Log in with Options', () => {
  it('gets the lifetime, renewal and flags asked for; focus on the new card; the name comes back with its options', async () => {
    const app = await e2e.open({ settings: { autoRenew: false } });
    const { page } = app;
    await fillCarol(page);
    await openOptions(page);
    await page.getByLabel('Lifetime', { exact: true }).fill('2h');
    await page.getByLabel('Renewable lifetime').fill('3d');
    await page.getByLabel('Forwardable').selectOption('no');
    await page.getByLabel('Password', { exact: true }).press('Enter');

    // As after any login: Identities, with focus on the new card (the form that had it is gone).
    await card(page, carol.work).waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page), POLL).toBe(carol.work);
    // Granted in full: the toast says nothing more than the login.
    await toast(page, `Got a ticket for ${carol.work}.`);
    // krb5.conf alone would give 10 hours, 7 days and a forwardable ticket: the card shows the options took effect.
    const text = (await card(page, carol.work).textContent()) ?? '';
    expect(text).toMatch(/(?<!\d)(1h 5\dm|2h 0m) left, until /);
    expect(text).toMatch(/Renewable until .+ \((2d 23h|3d 0h) left\)/);
    expect(text).toMatch(/Flags: [a-z ,-]*renewable/);
    expect(text).not.toContain('forwardable');

    // The next form (after a restart of the window) offers the name, and choosing it brings its options back.
    await page.reload();
    await page.getByRole('tab', { name: 'Identities', selected: true }).waitFor();
    await openTab(page, 'Log in');
    await page.getByRole('radio', { name: 'Other realm' }).check();
    await expect.poll(() => offeredNames(page), POLL).toEqual([carol.work]);
    expect(await optionsSection(page).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.getByLabel('Principal').fill(carol.work);
    await expect.poll(() => page.getByLabel('Lifetime', { exact: true }).inputValue(), POLL).toBe('2h');
    expect(await page.getByLabel('Renewable lifetime').inputValue()).toBe('3d');
    expect(await page.getByLabel('Forwardable').inputValue()).toBe('no');
    expect(await page.getByRole('button', { name: `Forget ${carol.work}` }).isVisible()).toBe(true);

    // More than the realm allows (10 hours): the ticket is capped, and the toast says so in words.
    await page.getByLabel('Lifetime', { exact: true }).fill('1d');
    await page.getByLabel('Password', { exact: true }).fill(carol.password);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await toast(page, `Got a ticket for ${carol.work}. The KDC granted 10 hours, less than the 1 day asked.`);
    await expect.poll(() => focused(page), POLL).toBe(carol.work);
    expect(await card(page, carol.work).textContent()).toMatch(/(?<!\d)(9h 5\dm|10h 0m) left, until /);
    expect(app.problems).toEqual([]);
    expect(app.bridge.errors).toEqual([]);
  });

  it('open Options: axe finds nothing in light and dark, nothing scrolls sideways when narrow, the summary shows focus', async () => {
    // Remembered, so that the Forget button shows too (and the name fills the options, opening them).
    const rememberedLogins = [{ principal: carol.work, options: { lifetime: '2h' } }];
    const app = await e2e.open({ settings: { autoRenew: false, rememberedLogins } });
    const { page } = app;
    await fillCarol(page);
    await page.getByRole('button', { name: `Forget ${carol.work}` }).waitFor();
    await openOptions(page);

    // Keyboard focus on the summary is visible (a ring, not the browser's nothing-at-all).
    await optionsSummary(page).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await optionsSummary(page).evaluate((s) => getComputedStyle(s).outlineStyle)).toBe('solid');

    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const violation of await axeViolations(page)) found.push(`${scheme}: ${violation}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    for (const size of NARROW) {
      await page.setViewportSize(size);
      const sideways = await sidewaysScroll(page);
      if (sideways) found.push(`${size.name}: ${sideways}`);
    }
    await page.setViewportSize(VIEWPORT);
    expect(found).toEqual([]);

    // In forced colours the Options frame is drawn in the text's colour, like every other border there.
    await page.emulateMedia({ forcedColors: 'active' });
    const frame = await optionsSection(page).evaluate((d) => getComputedStyle(d).borderTopStyle);
    expect(frame).toBe('solid');
    await page.emulateMedia({ forcedColors: 'none' });
    expect(app.problems).toEqual([]);
  });

  it('refuses a bad duration at the field, as it is typed and again on submit, with focus there', async () => {
    const app = await e2e.open({ settings: { autoRenew: false } });
    const { page } = app;
    await fillCarol(page);
    await openOptions(page);
    await page.getByLabel('Lifetime', { exact: true }).fill('1 week');
    const said = 'Lifetime: "1 week" is not a duration. Write a duration such as 10h';
    await page.getByText(said).waitFor();
    expect(await page.getByLabel('Lifetime', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Password', { exact: true }).press('Enter');
    await expect.poll(() => hasFocus(page, 'Lifetime'), POLL).toBe(true);
    // Read out with the field: the error is part of its description.
    const description = await page.getByLabel('Lifetime', { exact: true }).evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toContain(said);
    expect(app.bridge.calls).not.toContain('login');
    expect(await page.getByRole('tab', { name: 'Log in', selected: true }).count()).toBe(1);
    expect(app.problems).toEqual([]);
  });
});
