/**
 * Every view, as a person sees it all day: axe-core finds nothing wrong, in light and dark, with
 * one identity and with 25; nothing scrolls sideways at 320 CSS px or at 200 % zoom (the 380 px
 * window zoomed to 200 % is 190 CSS px wide and 280 tall: zoom is emulated by the viewport in CSS
 * pixels); the tab bar keeps every tab in view; each view keeps its own scroll position.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import {
  VIEW_TABS,
  VIEWPORT,
  axeViolations,
  card,
  collectionOfMany,
  collectionWith,
  manyPrincipal,
  openTab,
  sidewaysScroll,
  useE2e,
  viewSettled,
} from './harness.js';

const { alice } = USERS;
const e2e = useE2e();
const MANY = 25;

/** The narrow sizes: WCAG's 320 CSS px, and the window at 200 % zoom. */
const NARROW = [
  { name: '320 px', width: 320, height: 560 },
  { name: '200 % zoom', width: VIEWPORT.width / 2, height: VIEWPORT.height / 2 },
] as const;

/** For every view: what axe finds in light and dark, and where the page scrolls sideways when narrow. */
async function checkEveryView(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const tab of VIEW_TABS) {
    await page.setViewportSize(VIEWPORT);
    await openTab(page, tab);
    await viewSettled(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const violation of await axeViolations(page)) found.push(`${tab}, ${scheme}: ${violation}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    for (const size of NARROW) {
      await page.setViewportSize(size);
      const sideways = await sidewaysScroll(page);
      if (sideways) found.push(`${tab}, ${size.name}: ${sideways}`);
      // Every tab is in view, whole (the bar wraps rather than hiding some past its edge).
      const cut = await page.getByRole('tab').evaluateAll((tabs) =>
        tabs
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < 0 || r.right > document.documentElement.clientWidth + 0.5;
          })
          .map((t) => t.textContent),
      );
      if (cut.length > 0) found.push(`${tab}, ${size.name}: tabs cut off: ${cut.join(', ')}`);
    }
  }
  await page.setViewportSize(VIEWPORT);
  return found;
}

describe('every view, light and dark, wide and narrow', () => {
  it('with one identity: no axe violation, no sideways scrolling, every tab in view', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    // As on the first run: the welcome notice above the view.
    await page.goto(new URL('?notice=first-run', app.bridge.url).href);
    await card(page, alice.fedora).waitFor();
    await page.getByRole('note').waitFor();
    // Times as the browser's locale writes them (en-GB here: day first, a 24-hour clock), not a fixed `en`.
    expect(await card(page, alice.fedora).textContent()).toMatch(
      /left, until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}(?! ?[AP]M)/,
    );
    expect(await checkEveryView(page)).toEqual([]);

    // In forced colours the chosen tab is framed (the accent underline's colour is replaced).
    await page.emulateMedia({ forcedColors: 'active' });
    const outline = (selected: boolean) =>
      page
        .getByRole('tab', { selected })
        .first()
        .evaluate((tab) => getComputedStyle(tab).outlineStyle);
    expect(await outline(true)).toBe('solid');
    expect(await outline(false)).toBe('none');
    await page.emulateMedia({ forcedColors: 'none' });

    // The Destroy dialog, light and dark (its red button carries white words).
    await openTab(page, 'Identities');
    await page.getByRole('button', { name: `Destroy: ${alice.fedora}` }).click();
    await page.getByRole('alertdialog').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), scheme).toEqual([]);
    }
    await page.keyboard.press('Escape');
    expect(app.problems).toEqual([]);
  });

  it(`with ${MANY} identities: the same, and each view keeps its own scroll position`, async () => {
    const cc = await collectionOfMany(e2e.world().realm, MANY);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await card(page, manyPrincipal(1)).waitFor();
    expect(await page.getByRole('article').count()).toBe(MANY);
    // The compact list: the primary (the last login) first, a filter above.
    expect(await page.getByRole('article').first().getAttribute('data-principal')).toBe(manyPrincipal(MANY));
    await page.getByRole('searchbox', { name: 'Filter identities' }).waitFor();

    const main = page.locator('main');
    await main.evaluate((el) => el.scrollTo(0, 600));
    await expect.poll(() => main.evaluate((el) => el.scrollTop)).toBe(600);
    await openTab(page, 'Activity');
    expect(await main.evaluate((el) => el.scrollTop)).toBe(0);
    await openTab(page, 'Identities');
    expect(await main.evaluate((el) => el.scrollTop)).toBe(600);

    expect(await checkEveryView(page)).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
