/**
 * Renewing from an identity card: an expiring ticket renews; an expired one cannot (MIT's
 * `kinit -R` answers "Ticket expired"), and the card and the failure say so in plain words.
 * Automatic renewal is off in these tests, so that only the clicks renew.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { USERS } from '../support/realm.js';
import { card, collectionWith, openTab, POLL, sleep, useE2e } from './harness.js';

const { alice, shorty } = USERS;
const EXPIRED_SENTENCE = 'The ticket has already expired, so it cannot be renewed. Log in again with your password.';
/** The ticket's lifetime, and a margin for the KDC's and klist's whole seconds. */
const SHORTY_WAIT_MS = shorty.lifetimeSeconds * 1000 + 1500;

const e2e = useE2e();

describe('Renew', () => {
  it('an expiring ticket (20 minutes left) says so, and Renew renews it', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password, ['-l', '20m']]);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    const aliceCard = card(page, alice.fedora);
    await aliceCard.waitFor();
    expect(await aliceCard.textContent()).toContain('State: Expiring soon');
    expect(await aliceCard.textContent()).toMatch(/1\dm left, until/);

    await aliceCard.getByRole('button', { name: `Renew: ${alice.fedora}` }).click();
    await page.getByText(`Renewed the ticket of ${alice.fedora}.`).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').count()).toBe(0);

    // Main logged it as a renewal (same renew-until, later expiry), and pushed it to the page.
    await openTab(page, 'Activity');
    const list = page.getByRole('list', { name: 'Recent events, newest first' });
    await expect.poll(() => list.textContent(), POLL).toContain(`Renewed the ticket for ${alice.fedora}, now valid until`);
    expect(app.problems).toEqual([]);
  });

  it('an expired ticket shows as expired, and offers a new login instead of Renew', async () => {
    const cc = await collectionWith(e2e.world().realm, [shorty.fedora, shorty.password]);
    await sleep(SHORTY_WAIT_MS);
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    const shortyCard = card(page, shorty.fedora);
    await shortyCard.waitFor();
    expect(await shortyCard.textContent()).toContain('State: Expired');
    expect(await shortyCard.textContent()).toMatch(/Expired \d+s ago/);
    expect(await shortyCard.getByRole('button', { name: `Renew: ${shorty.fedora}` }).count()).toBe(0);

    await shortyCard.getByRole('button', { name: `Log in again: ${shorty.fedora}` }).click();
    await page.getByRole('tab', { name: 'Log in', selected: true }).waitFor();
    expect(await page.getByLabel('FAS username').inputValue()).toBe('shorty');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  });

  it('Renew on a ticket that expired while the window was open reports, in plain words, that only a new login helps', async () => {
    const cc = e2e.world().realm.newCollection('DIR');
    const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
    const { page } = app;
    await page.getByRole('heading', { name: 'No tickets' }).waitFor();
    // A kinit in a terminal: the card appears by a push event, live and renewable.
    await execa('kinit', [shorty.fedora], { env: app.env, input: `${shorty.password}\n`, extendEnv: false });
    const shortyCard = card(page, shorty.fedora);
    await shortyCard.waitFor({ timeout: 10_000 });
    const renew = shortyCard.getByRole('button', { name: `Renew: ${shorty.fedora}` });
    expect(await renew.isVisible()).toBe(true);

    await sleep(SHORTY_WAIT_MS);
    await renew.click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain(EXPIRED_SENTENCE);
    // The way on: log in again (the failure's next step).
    expect(await alert.getByRole('button', { name: 'Log in again' }).isVisible()).toBe(true);
    expect(await page.getByText(`Renewed the ticket of ${shorty.fedora}.`).count()).toBe(0);

    // Main logged the failed renewal with the same sentence.
    await openTab(page, 'Activity');
    const list = page.getByRole('list', { name: 'Recent events, newest first' });
    await expect.poll(() => list.textContent(), POLL).toContain('Renewal failed');
    expect(await list.textContent()).toContain('has already expired');
  });
});
