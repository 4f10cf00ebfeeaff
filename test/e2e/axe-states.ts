/**
 * The state the page shows now, as a person might leave it: what axe finds in light and dark, and
 * whether it scrolls sideways at 320 px. For states a view reaches only after an action (a login's
 * result, a failed Copr check with its fix buttons), which the every-view journey does not reach.
 */
import type { Page } from 'playwright-core';
import { VIEWPORT, axeViolations, sidewaysScroll } from './harness.js';

export async function stateProblems(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const violation of await axeViolations(page)) found.push(`${scheme}: ${violation}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: VIEWPORT.height });
  const sideways = await sidewaysScroll(page);
  if (sideways) found.push(`320 px: ${sideways}`);
  await page.setViewportSize(VIEWPORT);
  return found;
}
