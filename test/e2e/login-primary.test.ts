/**
 * What a login from the window does to the primary identity, against the real KDC and the Copr
 * stand-in: a work login after the Fedora one leaves Fedora primary by default, so Copr still knows
 * the user; made primary on purpose, the Log in view says what that did to Copr and fixes it in one
 * click. Focus is followed after every action, by keyboard.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';
import { stateProblems } from './axe-states.js';
import { card, focused, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;

const makePrimaryBox = (page: Page) => page.getByRole('checkbox', { name: 'Make it the primary identity' });

/** The Fedora login, typed into the form; ends on Identities with the new card. */
async function fedoraLogin(page: Page): Promise<void> {
  await openTab(page, 'Log in');
  await page.getByLabel('FAS username').fill('alice');
  await page.getByLabel('Password', { exact: true }).fill(alice.password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await card(page, alice.fedora).waitFor({ timeout: 30_000 });
}

/** The work login's fields filled in, on the "Other realm" side of the form. */
async function fillWorkLogin(page: Page): Promise<void> {
  await openTab(page, 'Log in');
  await page.getByRole('radio', { name: 'Other realm' }).check();
  await page.getByLabel('Principal').fill(alice.work);
  await page.getByLabel('Password', { exact: true }).fill(alice.password);
}

const isPrimary = (page: Page, principal: string) =>
  card(page, principal).getByText('Primary', { exact: true }).isVisible();

describe.each(SETUPS)('on $name', (setup) => {
  const e2e = useE2e(setup.options);

  it('a Fedora login, then a work login with the default choice: Fedora stays primary and Copr still knows alice', async () => {
    const app = await e2e.open({ settings: { autoRenew: false } });
    const { page } = app;

    // The first identity: nothing to keep, so no choice is offered; focus lands on the new card.
    await openTab(page, 'Log in');
    expect(await makePrimaryBox(page).count()).toBe(0);
    await fedoraLogin(page);
    await expect.poll(() => focused(page), POLL).toBe(alice.fedora);

    // The work login: the choice defaults to keeping the working Fedora primary.
    await fillWorkLogin(page);
    expect(await makePrimaryBox(page).isChecked()).toBe(false);
    expect(await page.getByText(`${alice.fedora} stays the primary identity`).isVisible()).toBe(true);
    expect(await stateProblems(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await card(page, alice.work).waitFor({ timeout: 30_000 });
    await page
      .getByText(`Got a ticket for ${alice.work}. ${alice.fedora} is still the primary identity.`)
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page), POLL).toBe(alice.work);
    expect(await isPrimary(page, alice.fedora)).toBe(true);
    expect(await isPrimary(page, alice.work)).toBe(false);

    // Copr, asked afresh: GSSAPI still offers the Fedora ticket.
    await openTab(page, 'Copr');
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Copr knows you as alice.').waitFor({ timeout: 30_000 });
    expect(await page.getByText('Copr did not confirm who you are.').count()).toBe(0);
    expect(app.problems).toEqual([]);
    expect(app.bridge.errors).toEqual([]);
  });

  it('made primary on purpose: the Log in view says Copr lost its identity, and one click gives it back', async () => {
    const app = await e2e.open({ settings: { autoRenew: false } });
    const { page } = app;
    await fedoraLogin(page);

    await fillWorkLogin(page);
    await makePrimaryBox(page).check();
    await page.getByLabel('Password', { exact: true }).press('Enter');
    const said = `${alice.work} is now the primary identity instead of ${alice.fedora}. Copr needs an identity in FEDORAPROJECT.ORG, so it will not know you until this is fixed.`;
    const panel = page.getByRole('tabpanel', { name: 'Log in' });
    await panel.getByText(said).waitFor({ timeout: 30_000 });
    // Still on Log in, focus on the result (the submit button it was on was disabled meanwhile).
    expect(await page.getByRole('tab', { name: 'Log in', selected: true }).count()).toBe(1);
    expect(await focused(page)).toContain(said);
    expect(await stateProblems(page)).toEqual([]);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Make ${alice.fedora} primary again`);
    await page.keyboard.press('Enter');
    await panel.getByText(`${alice.fedora} is the primary identity again.`).waitFor({ timeout: 30_000 });
    expect(await focused(page)).toContain(`${alice.fedora} is the primary identity again.`);

    await openTab(page, 'Identities');
    await expect.poll(() => isPrimary(page, alice.fedora), POLL).toBe(true);
    expect(await isPrimary(page, alice.work)).toBe(false);
    expect(app.problems).toEqual([]);
  });
});
