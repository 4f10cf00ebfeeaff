/**
 * The Settings view: each control sends `updateSettings` with just its key, says what happened
 * (a toast in the polite live region, or the reason next to the control), and refuses what main
 * would refuse before sending it.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Toasts } from '../../renderer/src/components/common/toasts';
import { SettingsView } from '../../renderer/src/components/settings/settings-view';
import { createAppStore } from '../../renderer/src/store';
import type { AppApi } from '../../shared/contract';
import { ok } from '../../shared/result';
import type { Settings } from '../../shared/settings';
import { deferred, fakeApi, settings } from './fake-api';
import { renderApp, renderWithStore, settle } from './render';

const STAGING = { name: 'Staging', configPath: '/home/alice/.config/copr-stg' } as const;
const FEDORA = { name: 'Fedora Copr', configPath: null } as const;

/** getSettings/updateSettings over one Settings value that each accepted patch changes, as main's store does. */
function keptSettings(initial: Settings = settings()): Pick<AppApi, 'getSettings' | 'updateSettings'> {
  let current = initial;
  return {
    getSettings: async () => current,
    updateSettings: async (patch) => {
      current = { ...current, ...patch };
      return ok(current);
    },
  };
}

async function renderSettings(overrides: Partial<AppApi> = {}) {
  const api = fakeApi({ ...keptSettings(), ...overrides });
  const rendered = await renderWithStore(
    <>
      <SettingsView />
      <Toasts />
    </>,
    api,
  );
  return { api, ...rendered };
}

/** The polite live region the toasts are announced in. */
const announced = () => screen.getByRole('status', { name: 'Notifications' }).textContent ?? '';
const WARNINGS_LABEL = 'Warn before expiry (minutes)';
const warningsField = () => screen.getByRole('textbox', { name: WARNINGS_LABEL }) as HTMLInputElement;
const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

async function typeWarnings(value: string) {
  fireEvent.change(warningsField(), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await settle();
}

describe('SettingsView', () => {
  it('shows every setting with its current value', async () => {
    await renderSettings();
    expect(warningsField().value).toBe('30, 10, 5');
    expect(screen.getByText('Now: 30, 10, and 5 minutes before a ticket expires.')).toBeTruthy();
    expect(checkbox('Renew tickets automatically').checked).toBe(true);
    expect(checkbox('Start Ticket Tray when I log in').checked).toBe(false);
    const tray = screen.getByRole('group', { name: 'Tray icon' });
    expect((within(tray).getByRole('radio', { name: 'Colour' }) as HTMLInputElement).checked).toBe(true);
    expect((within(tray).getByRole('radio', { name: 'Monochrome' }) as HTMLInputElement).checked).toBe(false);
    const copr = screen.getByRole('region', { name: 'Copr instances' });
    const items = within(copr).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Fedora CoprConfig file: ~/.config/copr (default)'),
      expect.stringContaining('StagingConfig file: /home/alice/.config/copr-stg'),
    ]);
    expect(radio('Fedora Copr').checked).toBe(true);
    expect(radio('Staging').checked).toBe(false);
    // The config file describes its radio button.
    expect(radio('Staging').getAttribute('aria-describedby')).toBe(within(items[1]!).getByText(/^Config file:/).id);
  });

  it('saves "Warn before expiry" as just that key, tidied as main keeps it, and says so', async () => {
    const { api, store } = await renderSettings();
    await typeWarnings(' 5, 45,15 ,45');
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
    expect(api.updateSettings).toHaveBeenCalledWith({ warnBeforeMinutes: [45, 15, 5] });
    expect(store.getState().settings?.warnBeforeMinutes).toEqual([45, 15, 5]);
    expect(warningsField().value).toBe('45, 15, 5');
    expect(screen.getByText('Now: 45, 15, and 5 minutes before a ticket expires.')).toBeTruthy();
    expect(announced()).toContain('Saved: warnings come 45, 15, and 5 minutes before a ticket expires.');

    // One time alone, with spaces; Enter in the field saves too.
    fireEvent.change(warningsField(), { target: { value: '60' } });
    fireEvent.submit(warningsField().form!);
    await settle();
    expect(api.updateSettings).toHaveBeenLastCalledWith({ warnBeforeMinutes: [60] });
    expect(screen.getByText('Now: 60 minutes before a ticket expires.')).toBeTruthy();

    // An empty field turns the warnings off.
    await typeWarnings('  ');
    expect(api.updateSettings).toHaveBeenLastCalledWith({ warnBeforeMinutes: [] });
    expect(warningsField().value).toBe('');
    expect(screen.getByText('Now: no warning before a ticket expires.')).toBeTruthy();
    expect(announced()).toContain('Saved: no warning before a ticket expires.');
  });

  it('does not send times main would refuse, and says why at the field, announced', async () => {
    const { api } = await renderSettings();
    const cases: Array<[string, string]> = [
      ['30, 1441', 'Enter numbers of minutes from 1 to 1440.'],
      ['0', 'Enter numbers of minutes from 1 to 1440.'],
      ['30, -1', 'Enter numbers of minutes from 1 to 1440.'],
      ['2.5', 'Enter whole numbers of minutes, separated by commas, for example 30, 10, 5.'],
      ['half an hour', 'Enter whole numbers of minutes, separated by commas, for example 30, 10, 5.'],
      ['60, 50, 40, 30, 20, 10', 'Enter at most 5 warning times.'],
    ];
    for (const [typed, reason] of cases) {
      await typeWarnings(typed);
      const field = warningsField();
      expect(field.getAttribute('aria-invalid'), typed).toBe('true');
      expect(document.activeElement, typed).toBe(field);
      const error = screen.getByRole('alert');
      expect(error.textContent, typed).toBe(reason);
      expect(field.getAttribute('aria-describedby')?.split(' '), typed).toContain(error.id);
    }
    expect(api.updateSettings).not.toHaveBeenCalled();
    // Typing again clears the error.
    fireEvent.change(warningsField(), { target: { value: '60' } });
    expect(warningsField().getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what the polling does while the window is closed, next to the warnings', async () => {
    await renderSettings();
    const tickets = screen.getByRole('region', { name: 'Tickets' });
    expect(tickets.textContent).toContain(
      'While it is closed, Ticket Tray looks once a minute, and always just before each warning, renewal or expiry time, so warnings come on time',
    );
    expect(within(tickets).getByRole('textbox', { name: WARNINGS_LABEL })).toBeTruthy();
  });

  it('saves "Renew tickets automatically" and "Start at login" as they are ticked', async () => {
    const { api, store } = await renderSettings();
    fireEvent.click(checkbox('Renew tickets automatically'));
    await settle();
    expect(api.updateSettings).toHaveBeenLastCalledWith({ autoRenew: false });
    expect(checkbox('Renew tickets automatically').checked).toBe(false);
    expect(announced()).toContain('Saved: tickets are not renewed automatically.');

    fireEvent.click(checkbox('Start Ticket Tray when I log in'));
    await settle();
    expect(api.updateSettings).toHaveBeenLastCalledWith({ startAtLogin: true });
    expect(checkbox('Start Ticket Tray when I log in').checked).toBe(true);
    expect(store.getState().settings).toMatchObject({ autoRenew: false, startAtLogin: true });
    expect(announced()).toContain('Saved: Ticket Tray starts when you log in.');
    expect(api.updateSettings).toHaveBeenCalledTimes(2);
  });

  it('shows the choice while it is being saved, and the stored value again if it was not', async () => {
    const answer = deferred<Awaited<ReturnType<AppApi['updateSettings']>>>();
    const { api } = await renderSettings({ updateSettings: () => answer.promise });
    fireEvent.click(checkbox('Start Ticket Tray when I log in'));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ startAtLogin: true });
    expect(checkbox('Start Ticket Tray when I log in').checked).toBe(true);
    answer.resolve({ ok: false, error: { kind: 'invalid', reason: 'the disk is full' } });
    await settle();
    expect(checkbox('Start Ticket Tray when I log in').checked).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('The settings were not saved: the disk is full');
  });

  it('saves the tray icon style from its radio group', async () => {
    const { api } = await renderSettings();
    fireEvent.click(radio('Monochrome'));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ trayIcons: 'monochrome' });
    expect(radio('Monochrome').checked).toBe(true);
    expect(announced()).toContain('Saved: the tray icon is monochrome.');
  });

  it('shows main refusing a change next to its control, and keeps the old value', async () => {
    const { api, store } = await renderSettings({
      updateSettings: async () => ({
        ok: false,
        error: {
          kind: 'invalid',
          reason: '/home/alice/.config/ticket-tray/settings.json could not be written (EACCES)',
        },
      }),
    });
    fireEvent.click(checkbox('Start Ticket Tray when I log in'));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ startAtLogin: true });
    expect(checkbox('Start Ticket Tray when I log in').checked).toBe(false);
    expect(store.getState().settings?.startAtLogin).toBe(false);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'The settings were not saved: /home/alice/.config/ticket-tray/settings.json could not be written (EACCES)',
    );
    // Next to the control that failed, not elsewhere.
    expect(checkbox('Start Ticket Tray when I log in').closest('.field')?.contains(alert)).toBe(true);
    expect(announced()).toBe('');

    // A thrown call is a problem too, not an exception.
    api.updateSettings.mockImplementation(async () => {
      throw new Error('ipc gone');
    });
    fireEvent.click(radio('Monochrome'));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong inside Ticket Tray.');
    expect(radio('Colour').checked).toBe(true);
  });

  it('makes another Copr instance active', async () => {
    const { api, store } = await renderSettings();
    fireEvent.click(radio('Staging'));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ activeCoprProfile: 1 });
    expect(radio('Staging').checked).toBe(true);
    expect(store.getState().settings?.activeCoprProfile).toBe(1);
    expect(announced()).toContain('Staging is now the active Copr instance.');
  });

  it('removes a Copr instance only after confirmation', async () => {
    const { api } = await renderSettings();
    fireEvent.click(screen.getByRole('button', { name: 'Remove: Staging' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Remove the Copr instance Staging?' });
    expect(within(dialog).getByText('Ticket Tray forgets it; its config file stays as it is.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.updateSettings).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Remove: Staging' }));
    dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await settle();
    // The active profile (index 0) does not move: just the list is sent.
    expect(api.updateSettings).toHaveBeenCalledWith({ coprProfiles: [FEDORA] });
    expect(screen.queryByRole('radio', { name: 'Staging' })).toBeNull();
    expect(announced()).toContain('Removed the Copr instance Staging.');
    // The button used is gone; the focus stays in the section.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Copr instances' }));
  });

  it('keeps the active instance active when one before it is removed, and names the next one when it is removed itself', async () => {
    const three = {
      ...settings(),
      coprProfiles: [FEDORA, STAGING, { name: 'Private', configPath: '/srv/copr.conf' }],
      activeCoprProfile: 1,
    };
    const { api } = await renderSettings(keptSettings(three));
    fireEvent.click(screen.getByRole('button', { name: 'Remove: Fedora Copr' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove' }));
    await settle();
    // One change: the list and the active index that moves with it.
    expect(api.updateSettings).toHaveBeenLastCalledWith({
      coprProfiles: [STAGING, three.coprProfiles[2]],
      activeCoprProfile: 0,
    });
    expect(radio('Staging').checked).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Remove: Staging' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove the Copr instance Staging?' });
    expect(
      within(dialog).getByText(
        'Ticket Tray forgets it; its config file stays as it is. Private becomes the active instance.',
      ),
    ).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await settle();
    expect(api.updateSettings).toHaveBeenLastCalledWith({ coprProfiles: [three.coprProfiles[2]] });
    expect(radio('Private').checked).toBe(true);
  });

  it('cannot remove the last Copr instance', async () => {
    const { api, store } = await renderSettings(keptSettings({ ...settings(), coprProfiles: [FEDORA] }));
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.getByText('Ticket Tray needs one Copr instance, so the only one cannot be removed.')).toBeTruthy();
    expect(await store.getState().removeCoprProfile(0)).toBe(false);
    expect(api.updateSettings).not.toHaveBeenCalled();

    // Removing down to one takes the Remove buttons away.
    store.setState({ settings: settings() });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Remove: Fedora Copr' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove' }));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ coprProfiles: [STAGING] });
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
  });

  it('checks a new Copr instance as main does before adding it', async () => {
    const { api } = await renderSettings();
    const form = screen.getByRole('form', { name: 'Add an instance' });
    const name = within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement;
    const path = within(form).getByRole('textbox', { name: 'Config file' }) as HTMLInputElement;
    const add = async (n: string, p: string) => {
      fireEvent.change(name, { target: { value: n } });
      fireEvent.change(path, { target: { value: p } });
      fireEvent.click(within(form).getByRole('button', { name: 'Add instance' }));
      await settle();
    };
    const errorOf = (input: HTMLInputElement) =>
      input.getAttribute('aria-invalid') === 'true'
        ? document.getElementById(input.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent
        : null;

    await add('', '');
    expect(errorOf(name)).toBe('Enter a name of 1 to 64 printable characters.');
    expect(errorOf(path)).toBe('Enter an absolute path, starting with /.');
    expect(document.activeElement).toBe(name);
    await add('   ', '/srv/copr.conf');
    expect(errorOf(name)).toBe('Enter a name of 1 to 64 printable characters.');
    expect(errorOf(path)).toBeNull();
    await add('x'.repeat(65), '/srv/copr.conf');
    expect(errorOf(name)).toBe('Enter a name of 1 to 64 printable characters.');
    await add('Tab\there', '/srv/copr.conf');
    expect(errorOf(name)).toBe('Enter a name of 1 to 64 printable characters.');
    await add('staging', '/srv/copr.conf');
    expect(errorOf(name)).toBe('There is already an instance called staging.');
    await add('Private', 'copr-private');
    expect(errorOf(name)).toBeNull();
    expect(errorOf(path)).toBe('Enter an absolute path, starting with /.');
    expect(document.activeElement).toBe(path);
    await add('Private', '~/.config/copr-private');
    expect(errorOf(path)).toBe('Enter an absolute path, starting with /.');
    await add('Private', '/srv/copr\u0007.conf');
    expect(errorOf(path)).toBe('Enter an absolute path, starting with /.');
    expect(api.updateSettings).not.toHaveBeenCalled();

    // A good one (trimmed) is added at the end, as one change of the list.
    await add(' Private ', ' /home/alice/.config/copr-private ');
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
    expect(api.updateSettings).toHaveBeenCalledWith({
      coprProfiles: [FEDORA, STAGING, { name: 'Private', configPath: '/home/alice/.config/copr-private' }],
    });
    expect(name.value).toBe('');
    expect(path.value).toBe('');
    expect(radio('Private').checked).toBe(false);
    expect(screen.getByText('Config file: /home/alice/.config/copr-private')).toBeTruthy();
    expect(announced()).toContain('Added the Copr instance Private.');
  });

  it('shows main refusing a missing config file at the path field, with focus there, and keeps what was typed', async () => {
    const missing = '/home/alice/.config/copr-typo';
    const reason = `The Copr config file ${missing} does not exist. Check the path, or create the file first.`;
    const { api } = await renderSettings({
      updateSettings: async () => ({ ok: false, error: { kind: 'invalid', reason, configPath: missing } }),
    });
    const form = screen.getByRole('form', { name: 'Add an instance' });
    const name = within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement;
    const path = within(form).getByRole('textbox', { name: 'Config file' }) as HTMLInputElement;
    fireEvent.change(name, { target: { value: 'Typo' } });
    fireEvent.change(path, { target: { value: missing } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add instance' }));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledOnce();
    expect(path.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(path.getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(error?.textContent).toBe(reason);
    expect(document.activeElement).toBe(path);
    // Said once, at the field: not again under the list.
    expect(screen.getAllByText(reason)).toHaveLength(1);
    expect(path.value).toBe(missing);
    expect(screen.queryByText(`Config file: ${missing}`)).toBeNull();
    // Typing again clears it.
    fireEvent.change(path, { target: { value: '/home/alice/.config/copr' } });
    expect(path.getAttribute('aria-invalid')).toBeNull();
  });

  it('offers no add form once there are 20 instances', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ name: `Copr ${i}`, configPath: `/srv/copr-${i}.conf` }));
    const { api, store } = await renderSettings(keptSettings({ ...settings(), coprProfiles: twenty }));
    expect(screen.queryByRole('form', { name: 'Add an instance' })).toBeNull();
    expect(screen.getByText('Ticket Tray keeps at most 20 Copr instances: remove one to add another.')).toBeTruthy();
    expect(await store.getState().addCoprProfile({ name: 'One more', configPath: '/srv/x' })).toBe(false);
    expect(api.updateSettings).not.toHaveBeenCalled();
  });

  it('says when the settings could not be read, and reads them again on request', async () => {
    const api = fakeApi({
      getSettings: async () => {
        throw new Error('ipc gone');
      },
    });
    await renderWithStore(<SettingsView />, api);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong inside Ticket Tray.');
    expect(screen.queryByRole('textbox', { name: WARNINGS_LABEL })).toBeNull();
    api.getSettings.mockImplementation(async () => settings());
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await settle();
    expect(warningsField().value).toBe('30, 10, 5');
  });

  it('is reached from the gear at the end of the tab bar, and drops a failure from an earlier visit', async () => {
    const api = fakeApi({
      updateSettings: async () => ({
        ok: false,
        error: { kind: 'invalid', reason: 'fedoraUser must be a Fedora account name' },
      }),
    });
    const { store } = await renderApp(api);
    await store.getState().updateSettings({ fedoraUser: 'bad name' });
    expect(store.getState().settingsFailure?.keys).toEqual(['fedoraUser']);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    await settle();
    expect(store.getState().settingsFailure).toBeNull();
    const panel = screen.getByRole('tabpanel', { name: 'Settings' });
    expect(within(panel).getByRole('textbox', { name: WARNINGS_LABEL })).toBeTruthy();
    expect(within(panel).queryByRole('alert')).toBeNull();
  });
});

describe('settings slice', () => {
  it('saves one change at a time, each computed from the settings the one before left', async () => {
    const first = deferred<void>();
    const kept = keptSettings();
    const api = fakeApi({
      ...kept,
      updateSettings: async (patch) => {
        if ('startAtLogin' in patch) await first.promise;
        return kept.updateSettings(patch);
      },
    });
    const store = createAppStore(api);
    await store.getState().loadSettings();
    const login = store.getState().updateSettings({ startAtLogin: true });
    const added = store.getState().addCoprProfile({ name: 'Private', configPath: '/srv/copr.conf' });
    const removed = store.getState().removeCoprProfile(0);
    await settle();
    expect(store.getState().settingsBusy).toEqual(['startAtLogin']);
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
    first.resolve();
    expect(await Promise.all([login, added, removed])).toEqual([true, true, true]);
    expect(api.updateSettings.mock.calls.map(([patch]) => patch)).toEqual([
      { startAtLogin: true },
      { coprProfiles: [FEDORA, STAGING, { name: 'Private', configPath: '/srv/copr.conf' }] },
      { coprProfiles: [STAGING, { name: 'Private', configPath: '/srv/copr.conf' }] },
    ]);
    expect(store.getState().settingsBusy).toBeNull();
  });

  it('lets the Copr view follow the active instance when another is made active, and keeps it when only its index moved', async () => {
    const api = fakeApi(keptSettings());
    const store = createAppStore(api);
    await store.getState().init();
    await store.getState().checkCopr();
    expect(store.getState().lastCheck).not.toBeNull();
    await store.getState().setActiveCoprProfile(1);
    expect(store.getState()).toMatchObject({ coprProfile: null, lastCheck: null, overview: null });

    // Chosen in the Copr view (and saved as active), then a profile before it is removed: still the same one.
    await store.getState().addCoprProfile({ name: 'Private', configPath: '/srv/copr.conf' });
    await store.getState().selectCoprProfile(2);
    await store.getState().checkCopr();
    await store.getState().removeCoprProfile(0);
    expect(api.updateSettings).toHaveBeenLastCalledWith({
      coprProfiles: [STAGING, { name: 'Private', configPath: '/srv/copr.conf' }],
      activeCoprProfile: 1,
    });
    expect(store.getState().coprProfile).toBe(1);
    expect(store.getState().lastCheck).not.toBeNull();
  });
});
