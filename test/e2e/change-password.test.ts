/**
 * Changing a password from an identity card, by keyboard, against a real kadmind: focus at each
 * step (the first field on open, the field to correct after a refusal, the result after success,
 * the opener after close), axe on the open dialog, and a login with the new password afterwards.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import { POLL, axeViolations, card, collectionWith, focused, useE2e } from './harness.js';

const { dave, alice } = USERS;
const e2e = useE2e({ kadmind: true });
const NEW_PASSWORD = 'Dave-New-pw-42';

/** The label of the focused field, or what `focused` says for anything else. */
const focusedField = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active instanceof HTMLInputElement ? (active.labels?.[0]?.textContent ?? '') : null;
  });

async function typeInto(page: Page, current: string, next: string, repeat: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Current password').fill(current);
  await dialog.getByLabel('New password', { exact: true }).fill(next);
  await dialog.getByLabel('New password again').fill(repeat);
  await dialog.getByLabel('New password again').press('Enter');
}

describe('changing a password through the window', () => {
  it('refuses a too short password in the server’s words, then changes it; focus and axe at each step', async () => {
    const { realm } = e2e.world();
    const cc = await collectionWith(realm, [alice.fedora, alice.password], [dave.work, dave.password]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await card(page, dave.work).waitFor();
    // A Fedora account gets the link to Fedora Accounts instead.
    await card(page, alice.fedora)
      .getByRole('link', { name: `Change password at Fedora Accounts: ${alice.fedora}` })
      .waitFor();

    const opener = page.getByRole('button', { name: `Change password…: ${dave.work}` });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Change the password of ${dave.work}` });
    await dialog.waitFor();
    expect(await focusedField(page)).toBe('Current password');
    expect(await axeViolations(page)).toEqual([]);

    await typeInto(page, dave.password, 'Ab-1', 'Ab-1');
    await dialog
      .getByText(/^The new password is too short: the server asks for at least 12 characters\.$/)
      .waitFor({ timeout: 30_000 });
    await dialog.getByText(/^The password server said: New password is too short\./).waitFor();
    await expect.poll(() => focusedField(page), POLL).toBe('New password');
    for (const label of ['Current password', 'New password again'])
      expect(await dialog.getByLabel(label).inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);

    await typeInto(page, dave.password, NEW_PASSWORD, NEW_PASSWORD);
    await dialog.getByText(/was changed, and logging in with it works/).waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page), POLL).toMatch(/^The password of dave@EXAMPLE.COM was changed/);
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe(`Change password…: ${dave.work}`);

    await realm.kinit(realm.newCollection(), dave.work, NEW_PASSWORD);
    expect(app.bridge.calls.filter((c) => c === 'changePassword')).toHaveLength(2);
  });
});
