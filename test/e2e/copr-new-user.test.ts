/**
 * A Fedora account Copr has never seen (it was never used on Copr's web page): Kerberos works, the
 * stand-in answers like copr-frontend ("…doesn't exist in the Copr build system…"), and the app
 * says what to do in both Copr and Troubleshoot.
 */
import { describe, expect, it } from 'vitest';
import { stateProblems } from './axe-states.js';
import { collectionWith, focused, openTab, POLL, useE2e } from './harness.js';

const NEWBIE = 'newbie@FEDORAPROJECT.ORG';
const FINDING = 'Copr has never seen your account';

const e2e = useE2e();

describe('a new Copr user', () => {
  it('Check now explains that Copr has never seen the account; Troubleshoot names it and opens the web page', async () => {
    const cc = await collectionWith(e2e.world().realm, [NEWBIE, 'newbiepw']);
    const app = await e2e.open({ ccname: cc });
    const { page } = app;

    await openTab(page, 'Copr');
    await page.getByRole('button', { name: 'Check now' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Copr did not confirm who you are.').waitFor({ timeout: 30_000 });
    // Focus moved from Check now to the result, which a screen reader then reads.
    await expect.poll(() => focused(page), POLL).toMatch(/^Copr did not confirm who you are\./);
    const panel = page.getByRole('tabpanel', { name: 'Copr' });
    const text = await panel.textContent();
    expect(text).toContain('Kerberos works, but Copr has never seen this account.');
    expect(text).toContain(`Log in once through the web page (${e2e.world().copr.url}, "log in"), then try again.`);
    expect(text).not.toContain('Copr knows you as');
    expect(await stateProblems(page)).toEqual([]);
    // The fix is a button beside the advice: it opens Copr's page in the browser.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Open Copr’s web page to log in once');
    await page.keyboard.press('Enter');
    await expect.poll(() => app.bridge.opened.length, POLL).toBe(1);
    expect(await focused(page)).toBe('Open Copr’s web page to log in once');

    await openTab(page, 'Troubleshoot');
    const finding = page.getByRole('article', { name: FINDING });
    await finding.waitFor({ timeout: 30_000 });
    expect(await finding.textContent()).toContain('Problem');
    expect(await finding.textContent()).toContain('has never seen this account');
    await finding.getByRole('button', { name: 'Open Copr to log in once through the web page' }).click();
    // Main opened Copr's page in the browser (the allowlist let the configured Copr host through).
    await expect.poll(() => app.bridge.opened.length, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(app.bridge.opened[0]).toMatch(new RegExp(`^${e2e.world().copr.url.replace(/[.]/g, '\\.')}`));
    expect(app.problems).toEqual([]);
  });
});
