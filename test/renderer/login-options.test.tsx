/** The Log in view's options: remembered principals offered, their options filled, bad durations refused inline. */
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoginView } from '../../renderer/src/components/login/login-view';
import { ok } from '../../shared/result';
import type { Settings } from '../../shared/settings';
import { fakeApi, settings, twoIdentities } from './fake-api';
import { renderWithStore, settle } from './render';

const CANARY = 'canary-Pa55-73e1';
const input = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: /^Get (Fedora )?ticket$/ }));

const remembering = (): Settings => ({
  ...settings(),
  rememberedLogins: [
    { principal: 'carol@EXAMPLE.COM', options: { lifetime: '1d', renewableLifetime: '7d', forwardable: false } },
    { principal: 'alice@FEDORAPROJECT.ORG', options: {} },
  ],
});

describe('LoginView options', () => {
  it('offers the remembered principals by name, and fills the options of the one chosen', async () => {
    const api = fakeApi({ getSettings: async () => remembering() });
    const { container } = await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    const listId = input('Principal').getAttribute('list');
    const offered = [...container.querySelectorAll(`datalist[id="${listId}"] option`)].map((o) =>
      o.getAttribute('value'),
    );
    expect(offered).toEqual(['carol@EXAMPLE.COM', 'alice@FEDORAPROJECT.ORG']);
    expect(container.querySelector('details.login-options')?.hasAttribute('open')).toBe(false);
    type('Principal', 'carol@EXAMPLE.COM');
    await settle();
    expect(container.querySelector('details.login-options')?.hasAttribute('open')).toBe(true);
    expect(input('Lifetime').value).toBe('1d');
    expect(input('Renewable lifetime').value).toBe('7d');
    expect((screen.getByLabelText('Forwardable') as HTMLSelectElement).value).toBe('no');
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({
      principal: 'carol@EXAMPLE.COM',
      password: CANARY,
      // The Fedora identity is primary: a work login keeps it there by default.
      keepPrimary: true,
      options: { lifetime: '1d', renewableLifetime: '7d', forwardable: false },
    });
  });

  it('offers only Fedora account names in the Fedora form', async () => {
    const { container } = await renderWithStore(<LoginView />, fakeApi({ getSettings: async () => remembering() }));
    const listId = input('FAS username').getAttribute('list');
    const offered = [...container.querySelectorAll(`datalist[id="${listId}"] option`)].map((o) =>
      o.getAttribute('value'),
    );
    expect(offered).toEqual(['alice']);
  });

  it('refuses an invalid duration inline as it is typed, and does not log in with it', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByText('Options'));
    type('Lifetime', '1 week');
    expect(input('Lifetime').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Lifetime: "1 week" is not a duration\. Write a duration such as 10h/)).toBeTruthy();
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(input('Lifetime'));
  });

  it('says in the toast when the KDC granted less than asked', async () => {
    const granted = {
      asked: { lifetime: '1d' },
      lifetimeSeconds: 36_000,
      renewableSeconds: null,
      forwardable: true,
      shortfalls: [{ kind: 'lifetime' as const, askedSeconds: 86_400, grantedSeconds: 36_000 }],
    };
    const api = fakeApi({ login: async (r) => ok({ principal: r.principal, status: twoIdentities(), granted }) });
    const { store } = await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByText('Options'));
    type('Lifetime', '1d');
    type('Password', CANARY);
    submit();
    await settle();
    expect(store.getState().toasts.at(-1)?.text).toBe(
      'Got a ticket for alice@FEDORAPROJECT.ORG. The KDC granted 10 hours, less than the 1 day asked.',
    );
  });

  it('forgets a remembered principal', async () => {
    const api = fakeApi({ getSettings: async () => remembering() });
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'carol@EXAMPLE.COM');
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Forget carol@EXAMPLE.COM' }));
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({
      rememberedLogins: [{ principal: 'alice@FEDORAPROJECT.ORG', options: {} }],
    });
  });
});
