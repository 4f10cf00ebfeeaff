/**
 * The Settings view against the real settings store: "Warn before expiry" and "Start at login"
 * changed in the window end up in `settings.json` where main keeps it (`$XDG_CONFIG_HOME/ticket-tray/`,
 * here under the test's HOME), one key per change, and refused warning times never leave the page.
 *
 * The autostart entry (`$XDG_CONFIG_HOME/autostart/ticket-tray.desktop`) is written by main.ts's
 * lifecycle wiring (`syncAutostart`), which the bridge does not reproduce: only the setting is
 * checked here; electron/main/settings/autostart.ts has its own tests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { settingsPath } from '../../electron/main/settings/store.js';
import { POLL, VIEWPORT, axeViolations, openTab, sidewaysScroll, useE2e } from './harness.js';

const e2e = useE2e();

it('changes "Warn before expiry" and "Start at login" in settings.json, from a gear tab that fits the window', async () => {
  const app = await e2e.open();
  const { page, bridge } = app;
  const file = settingsPath(app.env);
  const saved = async () => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

  // Six tabs in 380 px: nothing scrolls sideways, and the gear is reached with the keyboard (End).
  const tablist = page.getByRole('tablist', { name: 'Views' });
  expect(await tablist.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByRole('tab', { name: 'Identities', selected: true }).focus();
  await page.keyboard.press('End');
  await page.getByRole('tab', { name: 'Settings', selected: true }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
  await openTab(page, 'Identities');
  await openTab(page, 'Settings');

  // Warn before expiry: 30, 10 and 5 by default; a new list is saved as just that key, tidied.
  const warnings = page.getByRole('textbox', { name: 'Warn before expiry (minutes)' });
  expect(await warnings.inputValue()).toBe('30, 10, 5');
  await warnings.fill('15, 45');
  await warnings.press('Enter');
  await page.getByText('Saved: warnings come 45 and 15 minutes before a ticket expires.').waitFor();
  await expect.poll(async () => (await saved())['warnBeforeMinutes'], POLL).toEqual([45, 15]);
  expect(await page.getByText('Now: 45 and 15 minutes before a ticket expires.').isVisible()).toBe(true);
  expect(await warnings.inputValue()).toBe('45, 15');
  // Saving with Enter leaves the focus where the person typed.
  expect(await warnings.evaluate((el) => el === document.activeElement)).toBe(true);

  // Times main would refuse are explained at the field (an alert) and not sent.
  const updates = () => bridge.calls.filter((c) => c === 'updateSettings').length;
  const before = updates();
  await warnings.fill('45, 5000');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('alert').getByText('Enter numbers of minutes from 1 to 1440.').waitFor();
  expect(await warnings.getAttribute('aria-invalid')).toBe('true');
  expect(await warnings.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(updates()).toBe(before);
  expect((await saved())['warnBeforeMinutes']).toEqual([45, 15]);

  // With the error shown: nothing axe finds, and nothing scrolls sideways at 320 CSS px.
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 320, height: VIEWPORT.height });
  expect(await sidewaysScroll(page)).toBe('');
  await page.setViewportSize(VIEWPORT);
  await warnings.fill('45, 15');

  // Start at login: off by default; ticking it saves it.
  const startAtLogin = page.getByRole('checkbox', { name: 'Start Ticket Tray when I log in' });
  expect(await startAtLogin.isChecked()).toBe(false);
  await startAtLogin.check();
  await page.getByText('Saved: Ticket Tray starts when you log in.').waitFor();
  await expect.poll(async () => (await saved())['startAtLogin'], POLL).toBe(true);
  expect(await startAtLogin.isChecked()).toBe(true);
  expect(updates()).toBe(before + 1);
  // What main holds is what the file says, and the rest kept its defaults.
  expect(await saved()).toEqual({ ...bridge.services.settings.current() });
  expect(await saved()).toMatchObject({
    warnBeforeMinutes: [45, 15],
    startAtLogin: true,
    autoRenew: true,
    trayIcons: 'colour',
  });

  expect(app.problems).toEqual([]);
});

it('refuses a Copr instance whose config file does not exist, at the path field with focus there; axe-clean', async () => {
  const app = await e2e.open();
  const { page } = app;
  await openTab(page, 'Settings');
  const form = page.getByRole('form', { name: 'Add an instance' });
  const missing = join(app.home, '.config', 'copr-typo');
  await form.getByRole('textbox', { name: 'Name' }).fill('Typo');
  const path = form.getByRole('textbox', { name: 'Config file' });
  await path.fill(missing);
  await form.getByRole('button', { name: 'Add instance' }).press('Enter');
  const sentence = `The Copr config file ${missing} does not exist. Check the path, or create the file first.`;
  await form.getByText(sentence).waitFor();
  await expect.poll(() => path.evaluate((el) => el === document.activeElement), POLL).toBe(true);
  expect(await path.getAttribute('aria-invalid')).toBe('true');
  expect(await axeViolations(page)).toEqual([]);
  expect(app.bridge.services.settings.current().coprProfiles).toHaveLength(1);

  // The same path once the file is there is added.
  await writeFile(missing, '[copr-cli]\n');
  await form.getByRole('button', { name: 'Add instance' }).click();
  await page.getByText(`Config file: ${missing}`).waitFor();
  expect(app.bridge.services.settings.current().coprProfiles).toHaveLength(2);
  expect(app.problems).toEqual([]);
});
