/**
 * An expired primary of the realm Copr needs, beside a live Fedora ticket: Identities, Troubleshoot
 * and Copr tell one story (the ticket expired: log in again, or switch to the live one), none of
 * them calls it a wrong identity, and after the fix focus is on the next thing to do. Real KDC
 * (shorty's tickets last 3 s and cannot be renewed past that), real SPNEGO against the stand-in.
 */
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm/realm.js';
import { collectionWith, focused, openTab, POLL, sleep, useE2e } from './harness.js';

const { alice, shorty } = USERS;
const e2e = useE2e();
const TITLE = 'The ticket Copr uses has expired';
const STORY = `The ticket of ${shorty.fedora}, the identity Copr uses, has expired and can no longer be renewed: log in to FEDORAPROJECT.ORG again; or make ${alice.fedora} primary, whose FEDORAPROJECT.ORG ticket is still valid.`;

describe('an expired primary identity', () => {
  it('Identities, Troubleshoot and Copr say the same; the switch from Copr lands focus on Check now', async () => {
    const cc = await collectionWith(
      e2e.world().realm,
      [alice.fedora, alice.password],
      [shorty.fedora, shorty.password],
    );
    await sleep(shorty.lifetimeSeconds * 1000 + 1500);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;

    const banner = page.getByRole('region', { name: TITLE });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain(STORY);

    await openTab(page, 'Troubleshoot');
    const finding = page.getByRole('article', { name: TITLE });
    await finding.waitFor({ timeout: 30_000 });
    expect(await finding.textContent()).toContain(STORY);
    expect(await page.getByRole('article', { name: 'Copr uses the wrong Kerberos identity' }).count()).toBe(0);

    await openTab(page, 'Copr');
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Copr did not confirm who you are.').waitFor({ timeout: 30_000 });
    const result = page.locator('.check-result');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain(STORY);
    expect(text).not.toContain('works: make it primary');
    const remedies = await result.locator('.remedies button').allTextContents();
    expect(remedies).toEqual(['Log in to FEDORAPROJECT.ORG…', `Make ${alice.fedora} primary`]);

    await result.getByRole('button', { name: `Make ${alice.fedora} primary` }).press('Enter');
    await expect.poll(() => focused(page), POLL).toBe('Check now');
    await page.keyboard.press('Enter');
    await page.getByText('Copr knows you as alice.').waitFor({ timeout: 30_000 });

    await openTab(page, 'Troubleshoot');
    await page.getByRole('button', { name: 'Run again' }).click();
    await page.getByRole('article', { name: TITLE }).waitFor({ state: 'detached', timeout: 30_000 });
    expect(app.problems).toEqual([]);
  });
});
