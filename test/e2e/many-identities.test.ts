/**
 * A collection with many identities (a dozen here; some contributors hold dozens): more than a
 * handful are shown as compact rows, primary first, with a filter; a row opens into the whole
 * card, whose actions work, and Make primary moves only that row (to the top) with focus on it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { card, collectionOfMany, focused, manyPrincipal, POLL, useE2e } from './harness.js';

const e2e = useE2e();
const COUNT = 12;

const order = (page: Page) =>
  page.getByRole('article').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-principal')));

describe('many identities', () => {
  it('compact rows in a stable order, a filter, rows that open into the card, and Make primary from one', async () => {
    const cc = await collectionOfMany(e2e.world().realm, COUNT);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await card(page, manyPrincipal(1)).waitFor();
    // Every row is in the page, named for screen readers; the primary (the last login) first, then by name.
    const names = Array.from({ length: COUNT - 1 }, (_, i) => manyPrincipal(i + 1));
    expect(await order(page)).toEqual([manyPrincipal(COUNT), ...names]);
    expect(await card(page, manyPrincipal(3)).textContent()).toMatch(/State: Valid, \d+h \d+m left/);

    // The filter narrows the list and says how far.
    const filter = page.getByRole('searchbox', { name: 'Filter identities' });
    await filter.fill('many0');
    await expect.poll(() => page.getByRole('article').count(), POLL).toBe(9);
    expect(await page.getByText(`9 of ${COUNT} identities shown.`).isVisible()).toBe(true);
    await filter.fill('');

    // The last row, scrolled to and opened, is the whole card; its Destroy asks first.
    const last = card(page, manyPrincipal(COUNT - 1));
    await last.scrollIntoViewIfNeeded();
    await last.getByRole('button', { name: `Details of ${manyPrincipal(COUNT - 1)}` }).click();
    await last.getByRole('meter', { name: 'Time left' }).waitFor();
    await last.getByRole('button', { name: `Destroy: ${manyPrincipal(COUNT - 1)}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    // Make primary from the open row: it alone moves to the top, open, with focus on its Renew.
    await last.getByRole('button', { name: `Make primary: ${manyPrincipal(COUNT - 1)}` }).press('Enter');
    await expect.poll(() => focused(page), POLL).toBe(`Renew: ${manyPrincipal(COUNT - 1)}`);
    const rest = names.filter((n) => n !== manyPrincipal(COUNT - 1));
    expect(await order(page)).toEqual([manyPrincipal(COUNT - 1), ...rest, manyPrincipal(COUNT)]);
    expect(app.problems).toEqual([]);
  });
});
