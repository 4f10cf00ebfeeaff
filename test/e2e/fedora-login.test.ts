/**
 * A Fedora login with a one-time code, typed into the Log in view: the real armored flow (anonymous
 * PKINIT, then the password and code to the KDC's OTP responder). The secrets leave the form the
 * moment it is submitted, whether the login works or not.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { settingsPath } from '../../electron/main/settings/store.js';
import { USERS } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';
import { card, openTab, useE2e } from './harness.js';

const { otpuser } = USERS;

describe.each(SETUPS)('on $name', (setup) => {
  const e2e = useE2e(setup.options);

  describe('Log in: the Fedora flow with OTP', () => {
    it('a wrong code is refused in plain words, and the password fields are already empty', async () => {
      const app = await e2e.open();
      const { page } = app;
      await openTab(page, 'Log in');
      expect(await page.getByRole('radio', { name: 'Fedora account' }).isChecked()).toBe(true);
      await page.getByLabel('FAS username').fill('otpuser');
      await page.getByLabel('Password', { exact: true }).fill(otpuser.password);
      await page.getByLabel('One-time code (OTP)').fill('654321');
      await page.getByRole('button', { name: 'Get Fedora ticket' }).click();

      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toMatch(/not accepted/);
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      expect(await page.getByLabel('One-time code (OTP)').inputValue()).toBe('');
      expect(await page.getByLabel('FAS username').inputValue()).toBe('otpuser');
      expect(await page.getByRole('tab', { name: 'Log in', selected: true }).count()).toBe(1);
    });

    it('otpuser with password and code: the identity card appears; the form keeps no secret', async () => {
      const app = await e2e.open();
      const { page } = app;
      await openTab(page, 'Log in');
      await page.getByLabel('FAS username').fill('otpuser');
      await page.getByLabel('Password', { exact: true }).fill(otpuser.password);
      await page.getByLabel('One-time code (OTP)').fill('123456');
      await page.getByRole('button', { name: 'Get Fedora ticket' }).click();

      // Success leads back to Identities, with the new ticket's card (primary: the only one).
      await page.getByRole('tab', { name: 'Identities', selected: true }).waitFor({ timeout: 30_000 });
      const otpCard = card(page, otpuser.fedora);
      await otpCard.waitFor();
      expect(await otpCard.textContent()).toContain('FEDORAPROJECT.ORG');
      expect(await otpCard.textContent()).toContain('State: Valid');
      expect(await page.getByText(`Got a ticket for ${otpuser.fedora}.`).isVisible()).toBe(true);

      // Back on the form: the account name is remembered, the password and code are not.
      await openTab(page, 'Log in');
      // The name comes back from the saved settings, which the form reads as it opens.
      await expect.poll(() => page.getByLabel('FAS username').inputValue(), { timeout: 10_000 }).toBe('otpuser');
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      expect(await page.getByLabel('One-time code (OTP)').inputValue()).toBe('');
      // Nothing secret was written, and the page never held it after the submit.
      const settings = await readFile(settingsPath(app.env), 'utf8');
      expect(JSON.parse(settings)).toMatchObject({ fedoraUser: 'otpuser' });
      expect(settings).not.toContain(otpuser.password);
      const pageText = await page.evaluate(() => document.documentElement.outerHTML);
      expect(pageText).not.toContain(otpuser.password);
      expect(app.problems).toEqual([]);
    });
  });
});
