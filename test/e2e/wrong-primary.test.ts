/**
 * The documented case (README, "The Copr check"): the work ticket was got after the Fedora one, so
 * GSSAPI offers alice@EXAMPLE.COM to Copr. Troubleshoot names it, one click fixes it, and Copr then
 * knows alice. Real KDC, real kswitch, real SPNEGO against the stand-in; only IPC is bridged.
 */
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/main/services.js';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../../shared/contract.js';
import { USERS } from '../support/realm.js';
import { card, collectionWith, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;
const FINDING = 'Copr uses the wrong Kerberos identity';

const e2e = useE2e();

describe('the wrong primary identity, in the browser', () => {
  it('window.ticketTray is exactly the contract, and the page runs under the CSP without errors', async () => {
    const app = await e2e.open();
    const keys = await app.page.evaluate(() => Object.keys((window as unknown as { ticketTray: object }).ticketTray).sort());
    expect(keys).toEqual([...Object.keys(INVOKE_CHANNELS), ...Object.keys(PUSH_CHANNELS)].sort());
    expect(Object.keys(app.bridge.handlers).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort());
    // The bridge builds the services as createAppServices does (which takes no CA): the same parts.
    expect(Object.keys(app.bridge.services).sort()).toEqual(Object.keys(await createAppServices(app.env)).sort());
    // An empty collection: the empty state, with its way to log in.
    await expect.poll(() => app.page.getByRole('heading', { name: 'No tickets' }).isVisible(), POLL).toBe(true);
    expect(app.problems).toEqual([]);

    // The CSP is in force: the page reaches its own origin only (localhost is another origin than 127.0.0.1).
    const elsewhere = new URL('bridge-client.js', app.bridge.url.replace('127.0.0.1', 'localhost')).href;
    expect(await app.page.evaluate(async (url) => fetch(url).then(() => 'fetched', () => 'blocked'), elsewhere)).toBe('blocked');
    expect(app.problems.join('\n')).toContain('Content Security Policy');
    // And /call answers only its own page, as main answers only its own window.
    const foreign = await fetch(new URL('call', app.bridge.url), { method: 'POST', body: JSON.stringify({ method: 'getStatus', args: [] }) });
    expect(await foreign.json()).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('Troubleshoot shows the wrong-primary finding; its fix makes the Fedora ticket primary; Copr then says OK as alice', async () => {
    const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
    const app = await e2e.open({ ccname: cc });
    const { page } = app;

    // Both identities are shown; the work one carries the primary marker.
    await expect.poll(() => card(page, alice.work).getByText('Primary', { exact: true }).isVisible(), POLL).toBe(true);
    expect(await card(page, alice.fedora).getByText('Primary', { exact: true }).count()).toBe(0);

    await openTab(page, 'Troubleshoot');
    const finding = page.getByRole('article', { name: FINDING });
    await finding.waitFor({ timeout: 30_000 });
    expect(await finding.textContent()).toContain(
      'Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host',
    );

    await finding.getByRole('button', { name: `Make ${alice.fedora} primary` }).click();
    // The doctor runs again after a fix: the finding is gone and the summary is fresh.
    await page.getByRole('article', { name: FINDING }).waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getByText(/^(No problems|\d+ findings?), checked/).isVisible(), POLL).toBe(true);
    expect(await page.getByRole('article', { name: FINDING }).count()).toBe(0);

    // The switch reached the Identities view by a push event (the fix ran in the doctor, not through switchPrimary).
    await openTab(page, 'Identities');
    await expect.poll(() => card(page, alice.fedora).getByText('Primary', { exact: true }).isVisible(), POLL).toBe(true);
    expect(await card(page, alice.work).getByText('Primary', { exact: true }).count()).toBe(0);

    await openTab(page, 'Copr');
    await page.getByRole('button', { name: 'Check now' }).click();
    const verdict = page.getByText('Copr knows you as alice.');
    await verdict.waitFor({ timeout: 30_000 });
    const panel = page.getByRole('tabpanel', { name: 'Copr' });
    // Whether this check logged in afresh or reused the session main's own automatic check saved
    // after the switch depends on timing; either way GSSAPI now picks the Fedora ticket.
    expect(await panel.textContent()).toContain(`Kerberos would use ${alice.fedora} (it is the primary identity)`);
    expect(await panel.textContent()).toMatch(/Answered with the saved login session\.|A fresh Kerberos login created a new session\./);
    expect(await page.getByText('Copr did not confirm who you are.').count()).toBe(0);

    // Activity has the fix and the check, as main logs them.
    await openTab(page, 'Activity');
    const list = page.getByRole('list', { name: 'Recent events, newest first' });
    await expect.poll(() => list.textContent(), POLL).toContain('Fix applied');
    expect(await list.textContent()).toContain('Copr check');
    expect(await list.textContent()).toContain('Primary switched');
    expect(app.problems).toEqual([]);
    expect(app.bridge.errors).toEqual([]);
  });
});
