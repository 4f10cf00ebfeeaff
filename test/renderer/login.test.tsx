/** The Log in view: validation before any call, the Fedora flow, secrets that never linger. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoginView } from '../../renderer/src/components/login/login-view';
import { ok } from '../../shared/result';
import { deferred, fakeApi, settings, twoIdentities } from './fake-api';
import { renderWithStore, settle } from './render';

const CANARY = 'canary-Pa55-73e1';
const OTP = '918273';

const input = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: /^Get (Fedora )?ticket$/ }));

describe('LoginView', () => {
  it('starts on the Fedora form with the saved account name and an OTP field that may stay blank', async () => {
    await renderWithStore(<LoginView />, fakeApi());
    expect((screen.getByRole('radio', { name: 'Fedora account' }) as HTMLInputElement).checked).toBe(true);
    expect(input('FAS username').value).toBe('alice');
    expect(input('Password').type).toBe('password');
    expect(input('One-time code (OTP)').getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('Leave blank if not enrolled in two-factor authentication.')).toBeTruthy();
  });

  it('refuses an invalid principal with the reason, without calling login', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'alice@');
    type('Password', CANARY);
    submit();
    await settle();
    expect(screen.getByText('That is not a valid Kerberos name: The realm after "@" is missing.')).toBeTruthy();
    expect(input('Principal').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('Principal'));
    expect(api.login).not.toHaveBeenCalled();
  });

  it('refuses a principal that would be read as an option', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    type('FAS username', '-alice');
    type('Password', CANARY);
    submit();
    await settle();
    expect(screen.getByText(/A principal cannot start with "-"\./)).toBeTruthy();
    expect(api.login).not.toHaveBeenCalled();
  });

  it('logs in to Fedora with password and OTP, then forgets both', async () => {
    const pending = deferred<Awaited<ReturnType<typeof api.login>>>();
    const api = fakeApi({ login: () => pending.promise });
    const { store } = await renderWithStore(<LoginView />, api);
    type('FAS username', 'alice');
    type('Password', CANARY);
    type('One-time code (OTP)', OTP);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledExactlyOnceWith({
      principal: 'alice@FEDORAPROJECT.ORG',
      password: CANARY,
      otp: OTP,
      fedora: true,
    });
    // Cleared the moment the login started, before kinit has answered.
    expect(input('Password').value).toBe('');
    expect(input('One-time code (OTP)').value).toBe('');
    expect(screen.getByRole('progressbar', { name: 'Logging in' })).toBeTruthy();
    expect(screen.getByText('Getting a ticket for alice@FEDORAPROJECT.ORG…')).toBeTruthy();
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
    expect(JSON.stringify(store.getState())).not.toContain(OTP);

    pending.resolve(ok({ principal: 'alice@FEDORAPROJECT.ORG', status: twoIdentities() }));
    await settle();
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
    expect(JSON.stringify(store.getState())).not.toContain(OTP);
    expect(store.getState().view).toBe('identities');
    expect(store.getState().toasts.at(-1)?.text).toBe('Got a ticket for alice@FEDORAPROJECT.ORG.');
  });

  it('shows the Fedora account name main remembered at the login, without saving it a second time', async () => {
    // Main saves the account name of a successful Fedora login; the window reads it back.
    let remembered = 'alice';
    const api = fakeApi({
      login: async (request) => {
        remembered = 'bob';
        return ok({ principal: request.principal, status: twoIdentities() });
      },
      getSettings: async () => ({ ...settings(), fedoraUser: remembered }),
    });
    const { store } = await renderWithStore(<LoginView />, api);
    type('FAS username', 'bob');
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({
      principal: 'bob@FEDORAPROJECT.ORG',
      password: CANARY,
      otp: '',
      fedora: true,
    });
    expect(api.updateSettings).not.toHaveBeenCalled();
    expect(store.getState().settings?.fedoraUser).toBe('bob');
  });

  it('logs in to another realm without the Fedora flow', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    expect(screen.queryByLabelText('One-time code (OTP)')).toBeNull();
    type('Principal', ' alice@EXAMPLE.COM ');
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({ principal: 'alice@EXAMPLE.COM', password: CANARY });
    expect(api.updateSettings).not.toHaveBeenCalled();
  });

  it('asks for the password instead of sending an empty one', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    submit();
    await settle();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(api.login).not.toHaveBeenCalled();
  });

  it('shows a failure as a plain sentence with the next step, the fields empty', async () => {
    const failure = {
      kind: 'otp-needs-armor',
      principal: 'alice@FEDORAPROJECT.ORG',
      detail: 'kinit: Pre-authentication failed: Invalid argument',
    } as const;
    const api = fakeApi({ login: async () => ({ ok: false, error: failure }) });
    const { store } = await renderWithStore(<LoginView />, api);
    store.getState().setView('login');
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'alice@FEDORAPROJECT.ORG');
    type('Password', CANARY);
    submit();
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'The account alice@FEDORAPROJECT.ORG uses two-factor authentication, which needs the Fedora login flow (anonymous PKINIT armor) and the krb5-pkinit package.',
    );
    expect(input('Password').value).toBe('');
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
    expect(store.getState().view).toBe('login');
    fireEvent.click(within(alert).getByRole('button', { name: 'Use the Fedora login' }));
    await settle();
    expect((screen.getByRole('radio', { name: 'Fedora account' }) as HTMLInputElement).checked).toBe(true);
    expect(input('FAS username').value).toBe('alice');
  });

  it('empties the secret inputs when it goes away', async () => {
    const { unmount } = await renderWithStore(<LoginView />, fakeApi());
    type('Password', CANARY);
    type('One-time code (OTP)', OTP);
    const password = input('Password');
    const otp = input('One-time code (OTP)');
    unmount();
    expect(password.value).toBe('');
    expect(otp.value).toBe('');
  });

  it('starts from a prefill sent by another view', async () => {
    const api = fakeApi();
    const { store } = await renderWithStore(<LoginView />, api);
    store.getState().openLogin({ mode: 'other', principal: 'alice@EXAMPLE.COM' });
    await settle();
    expect((screen.getByRole('radio', { name: 'Other realm' }) as HTMLInputElement).checked).toBe(true);
    expect(input('Principal').value).toBe('alice@EXAMPLE.COM');
  });
});
