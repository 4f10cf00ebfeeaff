/** The Troubleshoot view: findings with their fixes, Run again, Copy report. */
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TroubleshootView } from '../../renderer/src/components/troubleshoot/troubleshoot-view';
import type { DoctorReport } from '../../shared/doctor';
import { FIX_MESSAGE, fakeApi, report, settings } from './fake-api';
import { renderApp, renderWithStore, settle } from './render';

/** The doctor's no-ticket finding with its login-fedora fix, as main words it (`<fas-username>` when it knows no name). */
function reportWithLoginFix(who: string): DoctorReport {
  return {
    checkedAt: new Date().toISOString(),
    findings: [
      {
        id: 'no-ticket',
        severity: 'error',
        title: 'You have no Fedora ticket',
        detail: 'Copr needs a FEDORAPROJECT.ORG ticket.',
        evidence: [],
        fixes: [
          {
            id: 'login-fedora',
            label: 'Log in with your Fedora account',
            command: ['ticket-tray', 'login', who, '--fedora'],
            needsPassword: true,
          },
        ],
      },
    ],
  };
}

const finding = (title: string): HTMLElement => screen.getByRole('article', { name: title });

function setClipboard(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, 'clipboard', { value: writeText ? { writeText } : undefined, configurable: true });
}

afterEach(() => setClipboard(undefined));

describe('TroubleshootView', () => {
  it('runs the doctor on opening and shows each finding with severity in words, detail and evidence', async () => {
    const api = fakeApi();
    await renderWithStore(<TroubleshootView />, api);
    await settle();
    expect(api.doctor).toHaveBeenCalledOnce();
    const wrong = finding('Copr will use your EXAMPLE.COM ticket');
    expect(within(wrong).getByText('Problem')).toBeTruthy();
    expect(
      within(wrong).getByText('The primary identity is alice@EXAMPLE.COM, but Copr needs a FEDORAPROJECT.ORG ticket.'),
    ).toBeTruthy();
    expect(within(wrong).getByText('What was seen (2 facts)')).toBeTruthy();
    expect(within(wrong).getByText('primary: alice@EXAMPLE.COM')).toBeTruthy();
    expect(within(wrong).getByText('ticket-tray switch alice@FEDORAPROJECT.ORG')).toBeTruthy();
    expect(within(finding('Your Fedora ticket expires in 20 minutes')).getByText('Warning')).toBeTruthy();
    expect(screen.getByText(/^2 problems, checked /)).toBeTruthy();
  });

  it('applies a fix, shows its outcome and looks again', async () => {
    const api = fakeApi();
    await renderWithStore(<TroubleshootView />, api);
    await settle();
    fireEvent.click(
      within(finding('Copr will use your EXAMPLE.COM ticket')).getByRole('button', {
        name: 'Make alice@FEDORAPROJECT.ORG primary',
      }),
    );
    await settle();
    expect(api.applyFix).toHaveBeenCalledExactlyOnceWith('switch-primary');
    expect(api.doctor).toHaveBeenCalledTimes(2);
    expect(
      within(finding('Copr will use your EXAMPLE.COM ticket')).getByText('alice@FEDORAPROJECT.ORG is now primary.'),
    ).toBeTruthy();
  });

  it('sends a fix that needs a password to the login form, prefilled', async () => {
    const api = fakeApi();
    const { store } = await renderWithStore(<TroubleshootView />, api);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Get a new Fedora ticket…' }));
    expect(api.applyFix).not.toHaveBeenCalled();
    expect(store.getState().view).toBe('login');
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'bob' });
  });

  it("pre-fills the Fedora form with the user the doctor's login-fedora fix names", async () => {
    const api = fakeApi({ doctor: async () => reportWithLoginFix('bob') });
    const { store } = await renderWithStore(<TroubleshootView />, api);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Log in with your Fedora account…' }));
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'bob' });
  });

  it('pre-fills the saved Fedora name, not the <fas-username> placeholder, when the doctor knew no user', async () => {
    const api = fakeApi({ doctor: async () => reportWithLoginFix('<fas-username>') });
    const { store } = await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Troubleshoot' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Log in with your Fedora account…' }));
    await settle();
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'alice' });
    expect((screen.getByLabelText('FAS username') as HTMLInputElement).value).toBe('alice');
  });

  it('leaves the name empty for the placeholder when no Fedora name is saved either', async () => {
    const api = fakeApi({
      doctor: async () => reportWithLoginFix('<fas-username>'),
      getSettings: async () => ({ ...settings(), fedoraUser: null }),
    });
    const { store } = await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Troubleshoot' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Log in with your Fedora account…' }));
    await settle();
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: '' });
    expect((screen.getByLabelText('FAS username') as HTMLInputElement).value).toBe('');
  });

  it('runs again on request', async () => {
    const api = fakeApi({ doctor: async () => ({ findings: [], checkedAt: new Date().toISOString() }) });
    await renderWithStore(<TroubleshootView />, api);
    await settle();
    expect(screen.getByText('No problems found: your tickets and Copr setup look right.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run again' }));
    await settle();
    expect(api.doctor).toHaveBeenCalledTimes(2);
  });

  it('copies the report to the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    setClipboard(writeText);
    const api = fakeApi();
    await renderWithStore(<TroubleshootView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await settle();
    expect(writeText).toHaveBeenCalledWith('Ticket Tray report\nwrong-primary: Copr will use your EXAMPLE.COM ticket');
    expect(screen.getByText('The report is on the clipboard.')).toBeTruthy();
  });

  it('shows the report to copy by hand where the clipboard is refused', async () => {
    setClipboard(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    await renderWithStore(<TroubleshootView />, fakeApi());
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await settle();
    expect(screen.getByText(/The clipboard is not available\./)).toBeTruthy();
    const report = screen.getByRole('textbox', { name: 'Report' }) as HTMLTextAreaElement;
    expect(report.value).toContain('wrong-primary');
    expect(report.readOnly).toBe(true);
  });

  it('falls back the same way where there is no clipboard API', async () => {
    setClipboard(undefined);
    await renderWithStore(<TroubleshootView />, fakeApi());
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await settle();
    expect((screen.getByRole('textbox', { name: 'Report' }) as HTMLTextAreaElement).value).toContain(
      'Ticket Tray report',
    );
    // Focus is on the report, selected, so Ctrl+C copies it at once.
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Report' }));
  });

  it('keeps focus on Copy report and Run again while they work', async () => {
    setClipboard(async () => {});
    await renderWithStore(<TroubleshootView />, fakeApi());
    await settle();
    for (const name of ['Copy report', 'Run again']) {
      const button = screen.getByRole('button', { name });
      button.focus();
      fireEvent.click(button);
      expect(document.activeElement, name).toBe(button);
      await settle();
      expect(document.activeElement, name).toBe(button);
    }
  });

  it('says what a fix changed, and where its finding went away, focus lands on that sentence', async () => {
    const fixedReport = { ...report(), findings: report().findings.slice(1) };
    const api = fakeApi();
    const { store } = await renderWithStore(<TroubleshootView />, api);
    await settle();
    api.doctor.mockImplementation(async () => fixedReport);
    const button = screen.getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' });
    button.focus();
    fireEvent.click(button);
    await settle();
    expect(store.getState().toasts.at(-1)?.text).toBe(FIX_MESSAGE);
    const fixed = screen.getByText(`Fixed: Copr will use your EXAMPLE.COM ticket. ${FIX_MESSAGE}`);
    expect(document.activeElement).toBe(fixed);
    expect(screen.getByText(/^1 problem, checked /)).toBeTruthy();
  });

  it('a fix that came back without words is named by its label, never a bare "applied"', async () => {
    const fixedReport = { ...report(), findings: report().findings.slice(1) };
    const api = fakeApi({ applyFix: async (fixId: string) => ({ fixId, ok: true, message: ' ' }) });
    const { store } = await renderWithStore(<TroubleshootView />, api);
    await settle();
    api.doctor.mockImplementation(async () => fixedReport);
    fireEvent.click(screen.getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' }));
    await settle();
    expect(store.getState().toasts.at(-1)?.text).toBe('Done: Make alice@FEDORAPROJECT.ORG primary.');
    expect(
      screen.getByText('Fixed: Copr will use your EXAMPLE.COM ticket. Done: Make alice@FEDORAPROJECT.ORG primary.'),
    ).toBeTruthy();
    expect(document.body.textContent).not.toContain('The fix was applied');
  });

  it('folds notes (information, such as what Python scripts would do) under the problems', async () => {
    const note = {
      id: 'api-gssapi-off',
      severity: 'info',
      title: 'Python scripts using the Copr API will not use Kerberos',
      detail: 'Kerberos is opt-in in the Python API.',
      evidence: [],
      fixes: [],
    } as const;
    const api = fakeApi({ doctor: async () => ({ checkedAt: new Date().toISOString(), findings: [note] }) });
    await renderWithStore(<TroubleshootView />, api);
    await settle();
    expect(screen.getByText('No problems found: your tickets and Copr setup look right.')).toBeTruthy();
    expect(screen.getByText(/^No problems, checked /)).toBeTruthy();
    const notes = screen.getByText('1 note that may not concern you').closest('details')!;
    expect(notes.hasAttribute('open')).toBe(false);
    expect(within(notes).getByRole('article', { name: note.title })).toBeTruthy();
  });
});

describe('the Python-scripts note', () => {
  it('is shown only when main found it relevant: no note, no fold, no word of Python', async () => {
    await renderWithStore(<TroubleshootView />, fakeApi());
    await settle();
    expect(screen.getByText(/^2 problems, checked /)).toBeTruthy();
    expect(screen.queryByText(/notes? that may not concern you/)).toBeNull();
    expect(document.body.textContent).not.toContain('Python');
  });
});

describe('a renewed Copr token the config could not take', () => {
  const CONFIG = '/home/alice/.config/copr';
  const NEW_TOKEN = 'newtokencanaryunsavedzzzz';
  const tokenRejected = (): DoctorReport => ({
    checkedAt: new Date().toISOString(),
    findings: [
      {
        id: 'token-rejected',
        severity: 'error',
        title: 'Copr refused your API token',
        detail: 'The token in the config is no longer valid.',
        evidence: [],
        fixes: [
          {
            id: 'renew-token',
            label: 'Get a new API token through your Kerberos login',
            command: ['ticket-tray', 'copr', 'renew-token'],
          },
        ],
      },
    ],
  });
  const unsavedOutcome = async (fixId: string) => ({
    fixId,
    ok: false,
    message: `Copr issued a new API token for alice, but it could not be written into ${CONFIG}: it changed meanwhile.`,
    unsavedToken: { path: CONFIG, login: 'alicelogin', token: NEW_TOKEN, expires: '2031-01-01' },
  });
  const applyRenewToken = async (findingShown = true) => {
    const api = fakeApi({
      doctor: vi
        .fn()
        .mockResolvedValueOnce(tokenRejected())
        .mockResolvedValue(findingShown ? tokenRejected() : { findings: [], checkedAt: new Date().toISOString() }),
      applyFix: unsavedOutcome,
    });
    const rendered = await renderWithStore(<TroubleshootView />, api);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Get a new API token through your Kerberos login' }));
    await settle();
    return rendered;
  };

  it('is shown in its finding, read-only, with the lines to paste and where they go', async () => {
    await applyRenewToken();
    const shown = within(finding('Copr refused your API token'));
    const lines = shown.getByRole('textbox', { name: 'New Copr API token lines' }) as HTMLTextAreaElement;
    expect(lines.readOnly).toBe(true);
    expect(lines.value.split('\n')).toEqual([
      'login = alicelogin',
      `token = ${NEW_TOKEN}`,
      '# expiration date: 2031-01-01',
    ]);
    expect(shown.getByText(new RegExp(`the \\[copr-cli\\] section of ${CONFIG}, replacing`))).toBeTruthy();
  });

  it('stays on screen when the finding is gone after the doctor looked again, and never reaches a toast', async () => {
    const { store } = await applyRenewToken(false);
    expect(screen.queryByRole('article', { name: 'Copr refused your API token' })).toBeNull();
    const lines = screen.getByRole('textbox', { name: 'New Copr API token lines' }) as HTMLTextAreaElement;
    expect(lines.value).toContain(`token = ${NEW_TOKEN}`);
    expect(JSON.stringify(store.getState().toasts)).not.toContain(NEW_TOKEN);
  });
});
