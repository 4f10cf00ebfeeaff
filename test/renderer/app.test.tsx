/** The whole window: tabs, views, the activity list, push events and toasts. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, noTickets } from './fake-api';
import { renderApp, settle } from './render';

describe('App', () => {
  it('offers the five views and Settings as tabs, one panel shown at a time', async () => {
    await renderApp(fakeApi());
    const tabs = within(screen.getByRole('tablist', { name: 'Views' })).getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual([
      'Identities',
      'Log in',
      'Copr',
      'Troubleshoot',
      'Activity',
      'Settings',
    ]);
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
      'false',
      'false',
      'false',
      'false',
    ]);
    // Settings is a gear: its name is there for screen readers (and as a tooltip), not as visible text.
    const settings = screen.getByRole('tab', { name: 'Settings' });
    expect(settings.querySelector('.icon-settings')?.getAttribute('aria-hidden')).toBe('true');
    expect(settings.querySelector('.visually-hidden')?.textContent).toBe('Settings');
    expect(settings.getAttribute('title')).toBe('Settings');
    expect(screen.getByRole('tabpanel', { name: 'Identities' })).toBeTruthy();
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1); // the others are hidden
    fireEvent.click(screen.getByRole('tab', { name: 'Log in' }));
    expect(within(screen.getByRole('tabpanel', { name: 'Log in' })).getByLabelText('FAS username')).toBeTruthy();
    fireEvent.click(settings);
    expect(
      within(screen.getByRole('tabpanel', { name: 'Settings' })).getByRole('heading', { name: 'Settings', level: 2 }),
    ).toBeTruthy();
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    await renderApp(fakeApi());
    const first = screen.getByRole('tab', { name: 'Identities' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Log in' }));
    expect(screen.getByRole('tab', { name: 'Log in' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tab', { name: 'Log in' }).tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.getByRole('tabpanel', { name: 'Settings' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Activity' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(first);
  });

  it('lists recent events newest first with their time, kind and message, and adds pushed ones', async () => {
    const api = fakeApi();
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Activity' }));
    const list = screen.getByRole('list', { name: 'Recent events, newest first' });
    let items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.message')?.textContent)).toEqual([
      'alice@EXAMPLE.COM became primary.',
      'Got a ticket for alice@FEDORAPROJECT.ORG.',
    ]);
    expect(within(items[0]!).getByText('Primary switched')).toBeTruthy();
    expect(items[0]!.querySelector('time')?.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    act(() =>
      api.emitActivity({
        at: new Date().toISOString(),
        kind: 'renew-failed',
        principal: 'alice@EXAMPLE.COM',
        message: 'Renewing alice@EXAMPLE.COM failed.',
      }),
    );
    items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]!).getByText('Renewal failed')).toBeTruthy();
  });

  it('shows a pushed status at once, and stops listening when closed', async () => {
    const api = fakeApi();
    const { unmount } = await renderApp(api);
    expect(screen.getByRole('article', { name: 'alice@EXAMPLE.COM' })).toBeTruthy();
    act(() => api.emitStatus(noTickets()));
    expect(screen.getByRole('heading', { name: 'No tickets' })).toBeTruthy();
    unmount();
    expect(api.listenerCount()).toBe(0);
  });

  it('announces what an action did in a toast that can be closed', async () => {
    await renderApp(fakeApi());
    fireEvent.click(screen.getByRole('button', { name: 'Renew: alice@EXAMPLE.COM' }));
    await settle();
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    expect(within(toasts).getByText('Renewed the ticket of alice@EXAMPLE.COM.')).toBeTruthy();
    fireEvent.click(within(toasts).getByRole('button', { name: 'Close: Renewed the ticket of alice@EXAMPLE.COM.' }));
    expect(within(toasts).queryByText('Renewed the ticket of alice@EXAMPLE.COM.')).toBeNull();
  });

  it('shows "Nothing has happened yet." without events', async () => {
    await renderApp(fakeApi({ getActivity: async () => [] }));
    fireEvent.click(screen.getByRole('tab', { name: 'Activity' }));
    expect(screen.getByText('Nothing has happened yet.')).toBeTruthy();
  });
});

describe('the page address main loads', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('explains a window opened because the desktop has no tray', async () => {
    window.history.replaceState(null, '', '/?notice=no-tray');
    const { store } = await renderApp(fakeApi());
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('Your desktop shows no tray icon');
    fireEvent.click(within(note).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('note')).toBeNull();
    expect(store.getState().notice).toBeNull();
  });

  it('opens the view a tray action names, at start and on a later hash change', async () => {
    window.history.replaceState(null, '', '/#/login-fedora');
    const { store } = await renderApp(fakeApi());
    expect(store.getState().view).toBe('login');
    expect((screen.getByLabelText('FAS username') as HTMLInputElement).value).toBe('alice');
    window.location.hash = '#/troubleshoot';
    await settle();
    expect(store.getState().view).toBe('troubleshoot');
    // The tab's name also counts the problems the doctor found ("Troubleshoot, 2 problems").
    expect(screen.getByRole('tab', { name: /^Troubleshoot/ }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('a fix that is a page to visit', () => {
  it('opens the page main names', async () => {
    const api = fakeApi({
      applyFix: async (fixId) => ({
        fixId,
        ok: true,
        message: 'Open the token page.',
        url: 'https://copr.fedorainfracloud.org/api',
      }),
    });
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Troubleshoot' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' }));
    await settle();
    expect(api.openExternal).toHaveBeenCalledWith('https://copr.fedorainfracloud.org/api');
    fireEvent.click(screen.getByRole('button', { name: 'Open https://copr.fedorainfracloud.org/api again' }));
    await settle();
    expect(api.openExternal).toHaveBeenCalledTimes(2);
  });
});
