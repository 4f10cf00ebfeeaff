/**
 * A collection with many identities (a dozen here; some contributors hold dozens): the Identities
 * view lays out and paints only the cards near the window (`content-visibility: auto`), so a long
 * list costs little, while every card stays in the page for search, screen readers and scrolling,
 * and what the window shows is the same as with every card laid out.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { card, useE2e } from './harness.js';

const e2e = useE2e();
const COUNT = 12;
const PASSWORD = 'manypw';
const principal = (i: number) => `many${String(i).padStart(2, '0')}@EXAMPLE.COM`;

/** For each card in order: whether its contents are rendered (false: skipped, not laid out or painted). */
const rendered = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('article.identity'), (a) =>
      (a.querySelector('.state') as HTMLElement).checkVisibility({ contentVisibilityAuto: true }),
    ),
  );

/** Lays every card out as before the change (through the CSSOM: the CSP allows no inline style sheet), or stops doing so. */
const layOutAll = (page: Page, on: boolean) =>
  page.evaluate((all) => {
    for (const a of Array.from(document.querySelectorAll<HTMLElement>('article.identity'))) {
      if (all) a.style.setProperty('content-visibility', 'visible');
      else a.style.removeProperty('content-visibility');
    }
  }, on);

/**
 * How many pixels of `a` and `b` (screenshots of the same size) differ by more than a fifth of the
 * colour range once both are blurred by 2 px (decoded and compared in a blank page of the browser).
 * A card with contained painting is placed at whole pixels, so its text may sit up to a pixel away
 * from where it was, with other anti-aliasing: blurred, that stays under a tenth; a changed colour,
 * a moved or missing line, or a clipped outline does not.
 */
async function unlike(context: BrowserContext, a: Buffer, b: Buffer): Promise<number> {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(
      async ([srcA, srcB]) => {
        const pixels = async (src: string) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
          ctx.filter = 'blur(2px)';
          ctx.drawImage(image, 0, 0);
          return ctx.getImageData(0, 0, image.width, image.height);
        };
        const [pa, pb] = await Promise.all([pixels(srcA!), pixels(srcB!)]);
        if (pa.width !== pb.width || pa.height !== pb.height) return Number.POSITIVE_INFINITY;
        let count = 0;
        for (let i = 0; i < pa.data.length; i += 4) {
          const d = Math.max(...[0, 1, 2].map((k) => Math.abs(pa.data[i + k]! - pb.data[i + k]!)));
          if (d > 255 / 5) count++;
        }
        return count;
      },
      [`data:image/png;base64,${a.toString('base64')}`, `data:image/png;base64,${b.toString('base64')}`],
    );
  } finally {
    await blank.close();
  }
}

describe('many identities', () => {
  it('only the cards near the window are laid out and painted; the window looks the same; scrolling shows the others', async () => {
    const { realm } = e2e.world();
    const cc = realm.newCollection('DIR');
    for (let i = 1; i <= COUNT; i++) {
      await realm.kadmin('EXAMPLE.COM', `addprinc -pw ${PASSWORD} ${principal(i).split('@')[0]}`);
      await realm.kinit(cc, principal(i), PASSWORD);
    }
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await card(page, principal(COUNT)).waitFor();
    // Every card is in the page, and named for screen readers, laid out or not.
    expect(await page.getByRole('article').count()).toBe(COUNT);

    const first = await rendered(page);
    expect(first[0]).toBe(true);
    expect(first.at(-1)).toBe(false);
    expect(first.filter((r) => !r).length).toBeGreaterThanOrEqual(COUNT / 2);

    // What the window shows is what it showed with every card laid out (but for where the text of
    // a card falls within a pixel: see unlike()).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const skipping = await page.screenshot({ animations: 'disabled', caret: 'hide' });
    await layOutAll(page, true);
    expect((await rendered(page)).every(Boolean)).toBe(true);
    const allLaidOut = await page.screenshot({ animations: 'disabled', caret: 'hide' });
    expect(await unlike(app.context, skipping, allLaidOut)).toBe(0);
    await layOutAll(page, false);

    // Scrolled to, the last card is laid out, whole, and works.
    const last = page.getByRole('article').last();
    const who = (await last.getByRole('heading').textContent()) ?? '';
    expect(who).toMatch(/^many\d\d@EXAMPLE\.COM$/);
    await last.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await rendered(page)).at(-1)).toBe(true);
    expect(await last.textContent()).toContain('State: Valid');
    await last.getByRole('button', { name: `Destroy: ${who}` }).click();
    await page
      .getByRole('alertdialog', { name: `Destroy the tickets of ${who}?` })
      .getByRole('button', { name: 'Cancel' })
      .click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
