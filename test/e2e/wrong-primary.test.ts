/**
 * The documented case (README, "The Copr check"): the work ticket was got after the Fedora one, so
 * GSSAPI offers alice@EXAMPLE.COM to Copr. Troubleshoot names it, one click fixes it, and Copr then
 * knows alice. Real KDC, real kswitch, real SPNEGO against the stand-in; only IPC is bridged.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/main/app/services.js';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../../shared/contract.js';
import { USERS } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';
import { card, collectionWith, focused, openTab, POLL, useE2e } from './harness.js';

const { alice } = USERS;
const FINDING = 'Copr uses the wrong Kerberos identity';

/**
 * Text that runs past the window or past its own box: the text lines (range rectangles) of every
 * element in the panel shown, compared with the element's box and the window's width.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
    const out: string[] = [];
    if (!panel) return ['no panel'];
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const box = node.parentElement?.closest('p, li, pre, h3, h4, button, summary, label') ?? node.parentElement;
      if (!box || !node.textContent?.trim() || node.parentElement?.closest('.visually-hidden, option')) continue;
      // Folded away (a closed <details>, but for its summary): not laid out, so not on screen.
      const details = node.parentElement?.closest('details');
      if (details && !details.open && !node.parentElement?.closest('summary')) continue;
      const limit = Math.min(box.getBoundingClientRect().right, document.documentElement.clientWidth) + 0.5;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width > 0 && rect.right > limit)
          out.push(`${node.textContent.trim().slice(0, 80)} (${Math.round(rect.right)} > ${Math.round(limit)})`);
      }
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    return out;
  });
}

describe.each(SETUPS)('on $name', (setup) => {
  const e2e = useE2e(setup.options);

  describe('the wrong primary identity, in the browser', () => {
    it('window.ticketTray is exactly the contract, and the page runs under the CSP without errors', async () => {
      const app = await e2e.open();
      const keys = await app.page.evaluate(() =>
        Object.keys((window as unknown as { ticketTray: object }).ticketTray).sort(),
      );
      expect(keys).toEqual([...Object.keys(INVOKE_CHANNELS), ...Object.keys(PUSH_CHANNELS)].sort());
      expect(Object.keys(app.bridge.handlers).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort());
      // The bridge builds the services as createAppServices does (which takes no CA): the same parts.
      expect(Object.keys(app.bridge.services).sort()).toEqual(Object.keys(await createAppServices(app.env)).sort());
      // An empty collection: the empty state, with its way to log in.
      await expect.poll(() => app.page.getByRole('heading', { name: 'No tickets' }).isVisible(), POLL).toBe(true);
      expect(app.problems).toEqual([]);

      // The CSP is in force: the page reaches its own origin only (localhost is another origin than 127.0.0.1).
      const elsewhere = new URL('bridge-client.js', app.bridge.url.replace('127.0.0.1', 'localhost')).href;
      expect(
        await app.page.evaluate(
          async (url) =>
            fetch(url).then(
              () => 'fetched',
              () => 'blocked',
            ),
          elsewhere,
        ),
      ).toBe('blocked');
      expect(app.problems.join('\n')).toContain('Content Security Policy');
      // And /call answers only its own page, as main answers only its own window.
      const foreign = await fetch(new URL('call', app.bridge.url), {
        method: 'POST',
        body: JSON.stringify({ method: 'getStatus', args: [] }),
      });
      expect(await foreign.json()).toEqual({ ok: false, error: { kind: 'forbidden' } });
    });

    it("Check now as things are: the method apart from the failure, the advice once as a sentence, and the error's long words inside the window", async () => {
      const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
      const app = await e2e.open({ ccname: cc, settings: { autoRenew: false } });
      const { page } = app;
      await openTab(page, 'Copr');
      await page.getByRole('button', { name: 'Check now' }).click();
      await page.getByText('Copr did not confirm who you are.').waitFor({ timeout: 30_000 });
      const result = page.locator('.check-result');
      const text = (await result.textContent()) ?? '';

      // The method tried, and separately what came of it; no "logged in", no session for a failed check.
      expect(text).toContain('Method: Kerberos (GSSAPI)');
      expect(text).not.toContain('Logged in with');
      expect(text).not.toContain('Session:');
      // Main's advice is the working ticket's sentence: once, with its full stop, beside its buttons.
      const sentence = `Copr would use ${alice.work} (primary); your ticket ${alice.fedora} works: make it primary, or pin it for this host.`;
      expect(text.split(`your ticket ${alice.fedora} works`)).toHaveLength(2);
      expect(text).toContain(sentence);
      expect(text).not.toContain('What to do:');
      expect(await result.getByRole('button', { name: `Make ${alice.fedora} primary` }).isVisible()).toBe(true);

      // GSSAPI's error names the cross-realm service it could not find, one long word: folded away
      // under the advice, and once unfolded it wraps.
      expect(text).toMatch(/krbtgt\/\S+@EXAMPLE\.COM/);
      expect(await result.locator('.problem-text').textContent()).not.toMatch(/krbtgt/);
      await result.getByText('Technical details').click();
      expect(await overflowing(page)).toEqual([]);
      expect(app.problems).toEqual([]);
    });

    it('Troubleshoot shows the wrong-primary finding; its fix makes the Fedora ticket primary; Copr then says OK as alice', async () => {
      const cc = await collectionWith(e2e.world().realm, [alice.fedora, alice.password], [alice.work, alice.password]);
      const app = await e2e.open({ ccname: cc });
      const { page } = app;

      // Both identities are shown; the work one carries the primary marker.
      await expect
        .poll(() => card(page, alice.work).getByText('Primary', { exact: true }).isVisible(), POLL)
        .toBe(true);
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
      await expect.poll(() => page.getByText(/^(No problems|\d+ problems?), checked/).isVisible(), POLL).toBe(true);
      expect(await page.getByRole('article', { name: FINDING }).count()).toBe(0);
      // Where the finding was, the view says what the fix changed, and focus is on that sentence.
      await expect
        .poll(() => focused(page), POLL)
        .toBe(`Fixed: ${FINDING}. ${alice.fedora} is now the primary identity.`);
      // Copy report by keyboard: focus stays on it, or goes to the report to copy by hand.
      await page.getByRole('button', { name: 'Copy report' }).press('Enter');
      await page
        .getByText(/The report is on the clipboard|The clipboard is not available/)
        .waitFor({ timeout: 30_000 });
      expect(['Copy report', 'Report']).toContain(await focused(page));

      // The switch reached the Identities view by a push event (the fix ran in the doctor, not through switchPrimary).
      await openTab(page, 'Identities');
      await expect
        .poll(() => card(page, alice.fedora).getByText('Primary', { exact: true }).isVisible(), POLL)
        .toBe(true);
      expect(await card(page, alice.work).getByText('Primary', { exact: true }).count()).toBe(0);

      await openTab(page, 'Copr');
      await page.getByRole('button', { name: 'Check now' }).click();
      const verdict = page.getByText('Copr knows you as alice.');
      await verdict.waitFor({ timeout: 30_000 });
      const panel = page.getByRole('tabpanel', { name: 'Copr' });
      // Whether this check logged in afresh or reused the session main's own automatic check saved
      // after the switch depends on timing; either way GSSAPI now picks the Fedora ticket.
      expect(await panel.textContent()).toContain(`Kerberos would use ${alice.fedora} (it is the primary identity)`);
      expect(await panel.textContent()).toMatch(/Session: saved session reused|Session: new login/);
      expect(await panel.textContent()).toContain('Method: Kerberos (GSSAPI)');
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
});
