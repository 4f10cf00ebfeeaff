/** The Log in view: validation before any call, the Fedora flow, secrets that never linger. */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoginView } from '../../renderer/src/components/login/login-view';
import { defaultMakePrimary } from '../../renderer/src/components/login/primary-choice';
import type { KrbStatus, PrimaryMove } from '../../shared/krb';
import { ok } from '../../shared/result';
import { cache, deferred, fakeApi, noTickets, settings, twoIdentities } from './fake-api';
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

const FEDORA = 'alice@FEDORAPROJECT.ORG';
const WORK = 'alice@EXAMPLE.COM';

/** The Fedora identity primary and valid, the work one beside it. */
function fedoraPrimary(): KrbStatus {
  const status = twoIdentities();
  return {
    ...status,
    primary: FEDORA,
    caches: [cache(FEDORA, true, 9 * 3_600_000, 1), cache(WORK, false, 9 * 3_600_000, 0)],
  };
}

const makePrimaryBox = () => screen.getByRole('checkbox', { name: 'Make it the primary identity' }) as HTMLInputElement;

describe('the "Make it the primary identity" choice', () => {
  it('defaults to keeping a working primary unless the new identity is in the realm Copr needs', () => {
    const fedora = fedoraPrimary();
    expect(defaultMakePrimary(fedora, 'bob@EXAMPLE.COM', 'FEDORAPROJECT.ORG')).toBe(false);
    expect(defaultMakePrimary(fedora, 'bob@FEDORAPROJECT.ORG', 'FEDORAPROJECT.ORG')).toBe(true);
    // Another Copr instance whose host lives in EXAMPLE.COM: there, the work identity is Copr's.
    expect(defaultMakePrimary(fedora, 'bob@EXAMPLE.COM', 'EXAMPLE.COM')).toBe(true);
    // The primary itself stays primary either way.
    expect(defaultMakePrimary(fedora, FEDORA, 'EXAMPLE.COM')).toBe(true);
    // A name not yet valid is not known to be Copr's.
    expect(defaultMakePrimary(fedora, null, 'FEDORAPROJECT.ORG')).toBe(false);
    // No working primary: nothing to keep.
    const expired = { ...fedora, caches: [cache(FEDORA, true, -60_000, 1), cache(WORK, false, 9 * 3_600_000, 0)] };
    expect(defaultMakePrimary(expired, 'bob@EXAMPLE.COM', 'FEDORAPROJECT.ORG')).toBe(true);
    expect(
      defaultMakePrimary(
        { ...fedora, primary: null, caches: fedora.caches.map((c) => ({ ...c, primary: false })) },
        'bob@EXAMPLE.COM',
        'FEDORAPROJECT.ORG',
      ),
    ).toBe(true);
  });

  it('a work login while Fedora is primary: unchecked by default, and the login keeps the primary', async () => {
    const api = fakeApi({}, fedoraPrimary());
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'bob@EXAMPLE.COM');
    expect(makePrimaryBox().checked).toBe(false);
    expect(screen.getByText(`${FEDORA} stays the primary identity; the new ticket is kept beside it.`)).toBeTruthy();
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({ principal: 'bob@EXAMPLE.COM', password: CANARY, keepPrimary: true });
  });

  it('checked by the user, the login leaves the new identity primary, with a word about Copr', async () => {
    const api = fakeApi({}, fedoraPrimary());
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'bob@EXAMPLE.COM');
    fireEvent.click(makePrimaryBox());
    expect(makePrimaryBox().checked).toBe(true);
    expect(screen.getByText(/Copr needs an identity in FEDORAPROJECT\.ORG/)).toBeTruthy();
    // Typing on does not undo the user's choice.
    type('Principal', 'bob@EXAMPLE.COM ');
    expect(makePrimaryBox().checked).toBe(true);
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({ principal: 'bob@EXAMPLE.COM', password: CANARY });
  });

  it('a Fedora login while the work identity is primary: checked by default', async () => {
    const api = fakeApi();
    await renderWithStore(<LoginView />, api);
    expect(makePrimaryBox().checked).toBe(true);
    type('Password', CANARY);
    submit();
    await settle();
    expect(api.login).toHaveBeenCalledWith({ principal: FEDORA, password: CANARY, otp: '', fedora: true });
  });

  it('is not offered with no identity to keep, nor for a cache that holds only one', async () => {
    await renderWithStore(<LoginView />, fakeApi({}, noTickets()));
    expect(screen.queryByRole('checkbox', { name: 'Make it the primary identity' })).toBeNull();
    cleanup();
    const file = {
      ...fedoraPrimary(),
      collection: { name: 'FILE:/tmp/krb5cc_1000', type: 'FILE', switchable: false },
    } as const;
    await renderWithStore(<LoginView />, fakeApi({}, file));
    expect(screen.queryByRole('checkbox', { name: 'Make it the primary identity' })).toBeNull();
  });

  it('after a login that took the primary from Copr: says so, offers both fixes, and focus is on the result', async () => {
    const move: PrimaryMove = {
      from: FEDORA,
      to: 'bob@EXAMPLE.COM',
      moved: true,
      keepPrimary: 'not-asked',
      coprRealm: 'FEDORAPROJECT.ORG',
      leftCoprRealm: true,
      fixes: [
        { kind: 'switch', principal: FEDORA },
        { kind: 'pin-copr', principal: FEDORA },
      ],
    };
    const api = fakeApi(
      { login: async (r) => ok({ principal: r.principal, status: fedoraPrimary(), primaryMove: move }) },
      fedoraPrimary(),
    );
    const { store } = await renderWithStore(<LoginView />, api);
    store.getState().setView('login');
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', 'bob@EXAMPLE.COM');
    fireEvent.click(makePrimaryBox());
    type('Password', CANARY);
    submit();
    await settle();
    expect(store.getState().view).toBe('login');
    const said =
      'bob@EXAMPLE.COM is now the primary identity instead of alice@FEDORAPROJECT.ORG. Copr needs an identity in FEDORAPROJECT.ORG, so it will not know you until this is fixed.';
    expect(screen.getByText(said)).toBeTruthy();
    expect(document.activeElement?.textContent).toContain(said);
    fireEvent.click(screen.getByRole('button', { name: `Make ${FEDORA} primary again` }));
    await settle();
    expect(api.switchPrimary).toHaveBeenCalledWith(FEDORA);
    expect(screen.getByText(`${FEDORA} is the primary identity again.`)).toBeTruthy();
    expect(document.activeElement?.textContent).toContain(`${FEDORA} is the primary identity again.`);
    expect(screen.getByRole('button', { name: 'Get ticket' })).toBeTruthy();
  });

  it('offers the pin as the other fix', async () => {
    const move: PrimaryMove = {
      from: FEDORA,
      to: WORK,
      moved: true,
      keepPrimary: 'not-asked',
      coprRealm: 'FEDORAPROJECT.ORG',
      leftCoprRealm: true,
      fixes: [
        { kind: 'switch', principal: FEDORA },
        { kind: 'pin-copr', principal: FEDORA },
      ],
    };
    const api = fakeApi(
      { login: async (r) => ok({ principal: r.principal, status: fedoraPrimary(), primaryMove: move }) },
      fedoraPrimary(),
    );
    await renderWithStore(<LoginView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'Other realm' }));
    type('Principal', WORK);
    type('Password', CANARY);
    submit();
    await settle();
    fireEvent.click(screen.getByRole('button', { name: `Pin ${FEDORA} for Copr` }));
    await settle();
    expect(api.coprPin).toHaveBeenCalledWith(FEDORA, expect.anything());
    expect(screen.getByText(`Copr now uses ${FEDORA}, whatever the primary identity is.`)).toBeTruthy();
  });

  it('after a failed login, focus is on the failure, not the page body', async () => {
    const failure = { kind: 'wrong-password', principal: FEDORA, detail: 'kinit: Password incorrect' } as const;
    const api = fakeApi({ login: async () => ({ ok: false, error: failure }) });
    await renderWithStore(<LoginView />, api);
    type('Password', CANARY);
    submit();
    await settle();
    expect(document.activeElement?.textContent).toContain('was not accepted');
  });

  it('opened from another view’s button, focus starts in the first empty field', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await renderWithStore(<LoginView />, fakeApi());
    // The saved Fedora account name fills the first field, so the password is the first empty one.
    await settle();
    expect(document.activeElement).toBe(input('Password'));
  });
});
