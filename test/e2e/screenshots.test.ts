/**
 * The README's screenshots: each main view and Settings, light and dark, at the window's size
 * (380×560), from the real services in the documented wrong-primary situation (Identities with its
 * banner, then again once fixed). Runs only with
 * UPDATE_SCREENSHOTS=1, so ordinary test runs never rewrite docs/screenshots/:
 *
 *   UPDATE_SCREENSHOTS=1 npx vitest run --project e2e test/e2e/screenshots.test.ts
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import {
  type App,
  type World,
  card,
  collectionOfMany,
  collectionWith,
  manyPrincipal,
  openApp,
  openTab,
  startWorld,
} from './harness.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const { alice } = USERS;

/** Closes the toasts, so that they do not cover the view. */
async function dismissToasts(page: Page): Promise<void> {
  const close = page.getByRole('status', { name: 'Notifications' }).getByRole('button');
  while ((await close.count()) > 0) await close.first().click();
}

/** `<view>-light.png` and `<view>-dark.png`, with `focus` (if given) scrolled into view. */
async function shoot(page: Page, view: string, focus?: Locator): Promise<void> {
  await dismissToasts(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // No caret or focus ring from the last click in the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // `focus` at the top of the view's scrolling area (below the tab bar), else the top of the view.
    const main = page.locator('main');
    const top = focus
      ? await focus.evaluate((el) => {
          const area = document.querySelector('main')!;
          return el.getBoundingClientRect().top - area.getBoundingClientRect().top + area.scrollTop;
        })
      : 0;
    await main.evaluate((area, y) => area.scrollTo(0, Math.max(0, y - 8)), top);
    await page.screenshot({ path: join(OUT, `${view}-${scheme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.runIf(process.env['UPDATE_SCREENSHOTS'] === '1')('screenshots (UPDATE_SCREENSHOTS=1)', () => {
  let world: World;
  let app: App;
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    world = await startWorld();
    const cc = await collectionWith(world.realm, [alice.fedora, alice.password], [alice.work, alice.password]);
    app = await openApp(world, { ccname: cc, settings: { autoRenew: false } });
  });
  afterAll(async () => {
    await app?.close();
    await world?.stop();
  });

  it('every main view, light and dark', async () => {
    const { page } = app;

    // Identities: two identities, the work one primary, and the banner that says so with its fixes.
    await card(page, alice.work).getByText('Primary', { exact: true }).waitFor();
    await card(page, alice.fedora).waitFor();
    await page.getByRole('region', { name: 'Copr uses the wrong Kerberos identity' }).waitFor({ timeout: 30_000 });
    await shoot(page, 'identities-banner');

    // Log in: the Fedora form, the account name typed.
    await openTab(page, 'Log in');
    await page.getByLabel('FAS username').fill('alice');
    await shoot(page, 'login');

    // Log in with its Options open: lifetime, renewable lifetime, forwardable.
    await page.getByText('Options', { exact: true }).click();
    await page.getByLabel('Lifetime', { exact: true }).fill('8h');
    await shoot(page, 'login-options', page.getByLabel('Lifetime', { exact: true }));

    // Troubleshoot: the wrong-primary finding.
    await openTab(page, 'Troubleshoot');
    const finding = page.getByRole('article', { name: 'Copr uses the wrong Kerberos identity' });
    await finding.waitFor({ timeout: 30_000 });
    await shoot(page, 'troubleshoot');

    // Copr after a check: first as things are (the wrong identity, with the advice and its two fixes) ...
    await openTab(page, 'Copr');
    await page.getByRole('button', { name: 'Check now' }).click();
    const failed = page.getByText('Copr did not confirm who you are.');
    await failed.waitFor({ timeout: 30_000 });
    await shoot(page, 'copr-wrong-primary', page.getByRole('heading', { name: 'Check with Copr' }));

    // ... then fixed from there, and checked again.
    await page.getByRole('button', { name: `Make ${alice.fedora} primary` }).click();
    await page.getByText(`${alice.fedora} is now the primary identity.`).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Copr knows you as alice.').waitFor({ timeout: 30_000 });
    await shoot(page, 'copr', page.getByRole('heading', { name: 'Check with Copr' }));

    // Identities once fixed: the Fedora identity primary, no banner.
    await openTab(page, 'Identities');
    await card(page, alice.fedora).getByText('Primary', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Copr uses the wrong Kerberos identity' }).waitFor({ state: 'detached' });
    await shoot(page, 'identities');

    // Change password for the work identity (kpasswd); the Fedora card links to Fedora Accounts.
    await page.getByRole('button', { name: `Change password…: ${alice.work}` }).click();
    await page.getByRole('dialog', { name: `Change the password of ${alice.work}` }).waitFor();
    await shoot(page, 'change-password');
    await page.keyboard.press('Escape');

    // Activity: the checks, the switch and what came before.
    await openTab(page, 'Activity');
    await page.getByRole('list', { name: 'Recent events, newest first' }).waitFor();
    await shoot(page, 'activity');

    // Settings: the gear at the end of the tab bar, the view from its top.
    await openTab(page, 'Settings');
    await page.getByRole('textbox', { name: 'Warn before expiry (minutes)' }).waitFor();
    await shoot(page, 'settings');

    expect(app.problems).toEqual([]);
  });

  it('the compact list of many identities, light and dark', async () => {
    const many = await openApp(world, {
      ccname: await collectionOfMany(world.realm, 25),
      settings: { autoRenew: false },
    });
    try {
      const { page } = many;
      await card(page, manyPrincipal(1)).waitFor();
      // From the filter down: as many rows as fit.
      await shoot(page, 'identities-many', page.locator('.identity-filter'));
      expect(many.problems).toEqual([]);
    } finally {
      await many.close();
    }
  });
});
