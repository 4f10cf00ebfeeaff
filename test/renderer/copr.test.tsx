/** The Copr view: profile, config, both clients' methods, the check and its result, session, pin. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CoprView } from '../../renderer/src/components/copr/copr-view';
import type { CoprCheck } from '../../shared/copr';
import { fakeApi, failedCheck, goodCheck, overview, staleCheck } from './fake-api';
import { renderWithStore, settle } from './render';

const section = (name: string): HTMLElement => screen.getByRole('region', { name });

describe('CoprView', () => {
  it('shows the config and which method copr-cli and the Python API would each use, and why', async () => {
    const api = fakeApi();
    await renderWithStore(<CoprView />, api);
    await settle();
    expect(api.coprOverview).toHaveBeenCalledWith({ profile: 0 });
    const config = section('Configuration');
    expect(within(config).getByText('Config file: /home/alice/.config/copr')).toBeTruthy();
    expect(within(config).getByText('Copr address: https://copr.fedorainfracloud.org')).toBeTruthy();
    expect(within(config).getByText(/^The API token expires on .* \(in (19|20)d \d+h\)\.$/)).toBeTruthy();
    const methods = section('How each client logs in');
    expect(within(methods).getByText('copr-cli would use the API token')).toBeTruthy();
    expect(within(methods).getByText('copr-cli prefers the API token in the config over Kerberos.')).toBeTruthy();
    expect(within(methods).getByText('the Python API would use Kerberos (GSSAPI)')).toBeTruthy();
    expect(within(methods).getByText('The script turned gssapi on and there is no token.')).toBeTruthy();
    expect(
      within(methods).getByText(
        /For copr\.fedorainfracloud\.org, Kerberos would use alice@EXAMPLE\.COM \(it is the primary identity\)\./,
      ),
    ).toBeTruthy();
    expect(
      within(methods).getByText(/Copr expects a ticket for FEDORAPROJECT\.ORG, so this login would fail\./),
    ).toBeTruthy();
    expect(within(methods).getByText('Not set: copr-cli logs in with Kerberos, the Python API does not.')).toBeTruthy();
  });

  it('checks now and shows who Copr says you are, how, as whom and how long it took', async () => {
    const api = fakeApi();
    await renderWithStore(<CoprView />, api);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    expect(api.coprCheck).toHaveBeenCalledWith({ profile: 0, semantics: 'cli' });
    const check = section('Check with Copr');
    expect(within(check).getByText('Copr knows you as alice.')).toBeTruthy();
    expect(within(check).getByText('Method: Kerberos (GSSAPI)')).toBeTruthy();
    expect(within(check).getByText('Kerberos principal: alice@FEDORAPROJECT.ORG')).toBeTruthy();
    expect(within(check).getByText('Took 1.2 s')).toBeTruthy();
    expect(within(check).getByText('Session: new login')).toBeTruthy();
  });

  it('names the method apart from the outcome, and says how the session was got only when the check worked', async () => {
    const api = fakeApi({ coprCheck: async () => ({ ...failedCheck(), session: 'created' }) });
    await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    let check = section('Check with Copr');
    expect(within(check).getByText('Copr did not confirm who you are.')).toBeTruthy();
    expect(within(check).getByText('Method: Kerberos (GSSAPI)')).toBeTruthy();
    expect(check.textContent).not.toMatch(/Logged in/);
    expect(check.textContent).not.toMatch(/Session:/);

    api.coprCheck.mockImplementation(async () => {
      const value = { user: 'alice', principal: null, staleSession: false };
      return { ...goodCheck(), method: 'token', session: 'reused', ok: true, value };
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    check = section('Check with Copr');
    expect(within(check).getByText('Copr knows you as alice.')).toBeTruthy();
    expect(within(check).getByText('Method: API token')).toBeTruthy();
    expect(within(check).getByText('Session: saved session reused')).toBeTruthy();
    expect(check.textContent).not.toMatch(/Logged in/);
  });

  it('checks as the Python API when asked', async () => {
    const api = fakeApi();
    await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('radio', { name: 'the Python API' }));
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    expect(api.coprCheck).toHaveBeenCalledWith({ profile: 0, semantics: 'api' });
  });

  it('shows a failed check with its error and advice, and offers the ticket that works', async () => {
    const api = fakeApi({ coprCheck: async () => failedCheck() });
    await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    const check = section('Check with Copr');
    expect(within(check).getByText('Copr did not confirm who you are.')).toBeTruthy();
    // The plain sentence; GSSAPI's own words are folded away under "Technical details", after the advice.
    expect(within(check).getByText('Kerberos could not log in to Copr as alice@EXAMPLE.COM.')).toBeTruthy();
    const technical = check.querySelector('details.technical')!;
    expect(technical.hasAttribute('open')).toBe(false);
    expect(technical.querySelector('pre')!.textContent).toBe('Server not found in Kerberos database');
    expect(check.querySelector('.problem-text')!.textContent).not.toContain('Server not found');
    const order = [...check.querySelectorAll('.verdict, .problem-text, .remedies, details.technical')].map(
      (el) => el.className,
    );
    expect(order).toEqual(['verdict', 'problem-text', 'actions remedies', 'technical']);
    // The advice is the working ticket's sentence: said once, as a sentence, beside its buttons.
    const sentence =
      'Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host.';
    expect(within(check).getByText(sentence)).toBeTruthy();
    expect(check.textContent!.split('your ticket alice@FEDORAPROJECT.ORG works')).toHaveLength(2);
    expect(check.textContent).not.toContain('What to do:');
    // A check under a second is given in milliseconds, not as "0.4 s" rounded towards nothing.
    expect(within(check).getByText('Took 412 ms')).toBeTruthy();
    fireEvent.click(within(check).getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' }));
    await settle();
    expect(api.switchPrimary).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG');
    fireEvent.click(within(check).getByRole('button', { name: 'Pin alice@FEDORAPROJECT.ORG for Copr' }));
    await settle();
    expect(api.coprPin).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG', { profile: 0 });
  });

  it('an expired primary: its ticket expired, renew or log in first, the live ticket second; no "works" story', async () => {
    const shorty = 'shorty@FEDORAPROJECT.ORG';
    const expiredCheck: CoprCheck = {
      ...failedCheck(),
      ok: false,
      error: { kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG', detail: 'Ticket expired' },
      advice: {
        identity: { wouldUse: shorty, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
        workingPrincipal: 'alice@FEDORAPROJECT.ORG',
        remedies: [
          { kind: 'renew', principal: shorty },
          { kind: 'log-in', realm: 'FEDORAPROJECT.ORG' },
          { kind: 'switch', principal: 'alice@FEDORAPROJECT.ORG' },
        ],
        expired: { principal: shorty, expiredAt: null, renewable: true },
      },
    };
    const api = fakeApi({ coprCheck: async () => expiredCheck });
    await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    const check = section('Check with Copr');
    expect(
      within(check).getByText(
        `The ticket of ${shorty}, the identity Copr uses, has expired: renew it, or log in to FEDORAPROJECT.ORG again; or make alice@FEDORAPROJECT.ORG primary, whose FEDORAPROJECT.ORG ticket is still valid.`,
      ),
    ).toBeTruthy();
    expect(check.textContent).not.toContain('works');
    const buttons = within(check.querySelector('.remedies') as HTMLElement).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual([
      `Renew ${shorty}`,
      'Log in to FEDORAPROJECT.ORG…',
      'Make alice@FEDORAPROJECT.ORG primary',
    ]);
    fireEvent.click(buttons[0]!);
    await settle();
    expect(api.renew).toHaveBeenCalledWith(shorty);
  });

  it('says the remedies that are not buttons after "What to do:", from the catalogue', async () => {
    const api = fakeApi({ coprCheck: async () => staleCheck() });
    await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    const check = section('Check with Copr');
    expect(
      within(check).getByText('What to do: Clear the saved session to see what copr-cli will do once it expires.'),
    ).toBeTruthy();
    expect(check.textContent).toContain('no valid ticket backs it');
  });

  it('offers alternatives as one sentence', async () => {
    const rejected: CoprCheck = {
      ...failedCheck(),
      method: 'token',
      ok: false,
      error: { kind: 'token-rejected', serverMessage: 'Login invalid/expired.', tokenUrl: 'https://copr.example/api' },
      advice: {
        identity: null,
        workingPrincipal: null,
        remedies: [{ kind: 'renew-token' }, { kind: 'get-token', url: 'https://copr.example/api' }],
      },
    };
    await renderWithStore(<CoprView />, fakeApi({ coprCheck: async () => rejected }));
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    const check = section('Check with Copr');
    expect(within(check).getByText('Copr refused the API token: "Login invalid/expired."')).toBeTruthy();
    expect(
      within(check).getByText(
        'What to do: Get a new API token through your Kerberos login (Troubleshoot offers it) or get a new API token at https://copr.example/api.',
      ),
    ).toBeTruthy();
    expect(check.querySelector('.working')).toBeNull();
  });

  it('shows the saved session and clears it', async () => {
    const api = fakeApi();
    await renderWithStore(<CoprView />, api);
    await settle();
    const session = section('Saved login session');
    expect(within(session).getByText(/^Logged in as alice until /)).toBeTruthy();
    fireEvent.click(within(session).getByRole('button', { name: 'Clear session' }));
    await settle();
    expect(api.coprClearSession).toHaveBeenCalledWith({ profile: 0 });
  });

  it('pins a Fedora principal from the status, and unpins', async () => {
    const api = fakeApi({ coprOverview: async () => ({ ok: true, value: { ...overview(), pinned: null } }) });
    await renderWithStore(<CoprView />, api);
    await settle();
    const pin = section('Identity for this host');
    const choice = within(pin).getByRole('combobox', { name: 'Principal to pin' }) as HTMLSelectElement;
    expect([...choice.options].map((o) => o.value)).toEqual(['alice@FEDORAPROJECT.ORG']);
    fireEvent.click(within(pin).getByRole('button', { name: 'Pin' }));
    await settle();
    expect(api.coprPin).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG', { profile: 0 });

    api.coprOverview.mockImplementation(async () => ({
      ok: true,
      value: { ...overview(), pinned: 'alice@FEDORAPROJECT.ORG' },
    }));
    fireEvent.click(screen.getByRole('button', { name: 'Check now' })); // re-reads the overview afterwards
    await settle();
    expect(
      within(section('Identity for this host')).getByText(
        'alice@FEDORAPROJECT.ORG is pinned for copr.fedorainfracloud.org in ~/.k5identity.',
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unpin' }));
    await settle();
    expect(api.coprUnpin).toHaveBeenCalledWith({ profile: 0 });
  });

  it('switches gssapi on and off in the config', async () => {
    const api = fakeApi();
    await renderWithStore(<CoprView />, api);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Set gssapi = False' }));
    await settle();
    expect(api.coprSetGssapi).toHaveBeenCalledWith(false, { profile: 0 });
  });

  it('switches between the Copr profiles of the settings', async () => {
    const api = fakeApi();
    const { store } = await renderWithStore(<CoprView />, api);
    await settle();
    const profile = screen.getByRole('combobox', { name: 'Copr profile' }) as HTMLSelectElement;
    expect([...profile.options].map((o) => o.textContent)).toEqual(['Fedora Copr', 'Staging']);
    fireEvent.change(profile, { target: { value: '1' } });
    await settle();
    expect(api.updateSettings).toHaveBeenCalledWith({ activeCoprProfile: 1 });
    expect(api.coprOverview).toHaveBeenLastCalledWith({ profile: 1 });
    // The tray follows the choice: said beside the list and again once it is made, never silently.
    expect(screen.getByText('The tray checks the instance chosen here.')).toBeTruthy();
    expect(store.getState().toasts.at(-1)?.text).toBe(
      'Staging is now the Copr instance shown here and checked by the tray.',
    );
  });

  it('never claims the tray follows a choice that could not be saved', async () => {
    const api = fakeApi({
      updateSettings: async () => ({ ok: false, error: { kind: 'invalid', reason: 'settings.json is read-only' } }),
    });
    const { store } = await renderWithStore(<CoprView />, api);
    await settle();
    fireEvent.change(screen.getByRole('combobox', { name: 'Copr profile' }), { target: { value: '1' } });
    await settle();
    expect(api.coprOverview).toHaveBeenLastCalledWith({ profile: 1 });
    const said = store.getState().toasts.map((toast) => toast.text);
    expect(said).not.toContain('Staging is now the Copr instance shown here and checked by the tray.');
    expect(said.at(-1)).toBe(
      'Staging is shown here, but the choice could not be saved, so the tray still checks the instance it checked before.',
    );
  });

  it('says why the config cannot be read', async () => {
    const api = fakeApi({
      coprOverview: async () => ({
        ok: false,
        error: {
          kind: 'config-invalid',
          problem: { path: '/home/alice/.config/copr', line: 3, message: 'no section header' },
        },
      }),
    });
    await renderWithStore(<CoprView />, api);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain(
      'The Copr configuration /home/alice/.config/copr (line 3) cannot be read: no section header',
    );
  });

  it('puts Check now before the configuration, which is folded', async () => {
    await renderWithStore(<CoprView />, fakeApi());
    await settle();
    const check = screen.getByRole('button', { name: 'Check now' });
    const config = screen.getByText('Configuration and login methods');
    expect(check.compareDocumentPosition(config) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(config.closest('details')!.hasAttribute('open')).toBe(false);
  });

  it('after Check now, focus is on the result; after a fix from it, on Check now', async () => {
    const api = fakeApi({ coprCheck: async () => failedCheck() });
    await renderWithStore(<CoprView />, api);
    await settle();
    const checkNow = screen.getByRole('button', { name: 'Check now' });
    checkNow.focus();
    fireEvent.click(checkNow);
    await settle();
    expect(document.activeElement?.classList.contains('check-result')).toBe(true);
    const makePrimary = screen.getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' });
    makePrimary.focus();
    fireEvent.click(makePrimary);
    await settle();
    expect(document.activeElement).toBe(checkNow);
  });
});

describe('every remedy of a failed check is a button that does it', () => {
  const URL = 'https://copr.fedorainfracloud.org/api';
  const withRemedies = (remedies: CoprCheck['advice']['remedies']): CoprCheck => ({
    ...failedCheck(),
    advice: { identity: null, workingPrincipal: null, remedies },
  });
  async function checkWith(remedies: CoprCheck['advice']['remedies']) {
    const api = fakeApi({ coprCheck: async () => withRemedies(remedies) });
    const rendered = await renderWithStore(<CoprView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    return { api, store: rendered.store, check: section('Check with Copr') };
  }
  const click = async (check: HTMLElement, name: string) => {
    fireEvent.click(within(check).getByRole('button', { name }));
    await settle();
  };

  it('opens the web page to log in once, and the token page', async () => {
    const { api, check } = await checkWith([
      { kind: 'web-login', url: 'https://copr.fedorainfracloud.org/' },
      { kind: 'get-token', url: URL },
    ]);
    await click(check, 'Open Copr’s web page to log in once');
    expect(api.openExternal).toHaveBeenLastCalledWith('https://copr.fedorainfracloud.org/');
    await click(check, 'Open the API token page');
    expect(api.openExternal).toHaveBeenLastCalledWith(URL);
  });

  it('clears the session and checks again, turns Kerberos on, switches and pins', async () => {
    const { api, check } = await checkWith([
      { kind: 'clear-session' },
      { kind: 'gssapi-on', semantics: 'cli' },
      { kind: 'switch', principal: 'alice@FEDORAPROJECT.ORG' },
      { kind: 'pin', principal: 'alice@FEDORAPROJECT.ORG', host: 'copr.fedorainfracloud.org' },
    ]);
    await click(check, 'Clear the session and check again');
    expect(api.coprClearSession).toHaveBeenCalledOnce();
    expect(api.coprCheck).toHaveBeenCalledTimes(2);
    await click(section('Check with Copr'), 'Turn Kerberos on (gssapi = True)');
    expect(api.coprSetGssapi).toHaveBeenCalledWith(true, { profile: 0 });
    await click(section('Check with Copr'), 'Make alice@FEDORAPROJECT.ORG primary');
    expect(api.switchPrimary).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG');
    await click(section('Check with Copr'), 'Pin alice@FEDORAPROJECT.ORG for Copr');
    expect(api.coprPin).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG', { profile: 0 });
  });

  it('leads to the login form, and to Troubleshoot for a token got through Kerberos', async () => {
    const { store, check } = await checkWith([{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }, { kind: 'renew-token' }]);
    await click(check, 'Log in to FEDORAPROJECT.ORG…');
    expect(store.getState().view).toBe('login');
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'alice' });
    await click(check, 'Get a new token in Troubleshoot');
    expect(store.getState().view).toBe('troubleshoot');
  });
});
