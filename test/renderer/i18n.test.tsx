/**
 * Every user-facing string comes from the message catalogue: the English one is complete and has
 * no empty entries, and with a pseudo-translated catalogue every text and label on every view is
 * either translated or data (principals, paths, words main sent).
 */
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Messages, getMessages, setMessages, t } from '../../renderer/src/i18n';
import { en } from '../../renderer/src/i18n/messages.en';
import type { AppStore } from '../../renderer/src/store';
import {
  FIX_MESSAGE,
  activity,
  cache,
  failedCheck,
  fakeApi,
  noTickets,
  overview,
  report,
  settings,
  staleCheck,
  twoIdentities,
} from './fake-api';
import { renderApp, settle } from './render';

afterEach(() => setMessages(en));

/** Why main refused a settings change (its words, shown as they are). */
const SETTINGS_REFUSED = 'startAtLogin must be true or false';
const KDC_DOWN = {
  kind: 'kdc-unreachable',
  realm: 'EXAMPLE.COM',
  detail: 'kinit: Cannot contact any KDC for realm',
} as const;
/** A check that worked from the saved session, with advice of its own (no working-ticket block). */
const REUSED_CHECK = staleCheck();
/** A FILE cache whose ticket expired after its snapshot said valid: the card says so from the catalogue. */
const FILE_EXPIRED = {
  ...noTickets('FILE'),
  primary: 'alice@FEDORAPROJECT.ORG',
  caches: [
    { ...cache('alice@FEDORAPROJECT.ORG', true), state: 'valid', expires: new Date(Date.now() - 5_000).toISOString() },
  ],
} as const;

/** Arguments that make sense for the messages that cannot take a plain string. */
const SAMPLE_ARGS: Partial<Record<keyof Messages, readonly unknown[]>> = {
  'format.dateTime': ['2026-11-28T13:39:51.000Z'],
  'format.date': ['2026-12-01'],
  'format.duration': [3_600_000],
  'format.seconds': [1234],
  'format.list': [['a', 'b']],
  'failure.krb': [{ kind: 'clock-skew', detail: 'x' }],
  'failure.copr': [{ kind: 'config-missing', path: '/x' }],
  'failure.password': [{ kind: 'password-reused', serverText: 'x' }],
  'copr.workingAlternative': [{ wouldUse: 'a@B', why: 'primary', realm: 'C' }, 'a@C'],
  'copr.remedy': [{ kind: 'clear-session' }],
  'copr.check.advice': [['clear the session']],
  'copr.check.outdated': ['primary'],
  'nav.problemCount': [2],
  'settings.warnings.current': [[30, 10, 5]],
  'settings.saved.warnBeforeMinutes': [[30, 10, 5]],
  'nav.problems': [2],
  'done.renewCapped': ['a@B', '2026-11-28T13:39:51.000Z'],
  'copr.expiredIdentity': [{ principal: 'a@B', expiredAt: null, renewable: true }, 'B', 'c@B'],
  'login.moved': [
    {
      from: 'a@C',
      to: 'a@B',
      moved: true,
      keepPrimary: 'not-asked',
      coprRealm: 'C',
      leftCoprRealm: true,
      fixes: [],
    },
  ],
};

describe('the English catalogue', () => {
  it('has a non-empty text for every key', () => {
    const entries = Object.entries(en);
    expect(entries.length).toBeGreaterThan(200);
    for (const [key, value] of entries) {
      const text =
        typeof value === 'function'
          ? (value as (...a: unknown[]) => string)(...(SAMPLE_ARGS[key as keyof Messages] ?? ['X', 'Y', 'Z']))
          : value;
      expect(typeof text, key).toBe('string');
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/undefined|NaN|\[object /);
    }
  });

  it('is what t() reads by default', () => {
    expect(getMessages()).toBe(en);
    expect(t('nav.copr')).toBe('Copr');
    expect(t('identity.timeLeft', '9h 58m')).toBe('9h 58m left');
  });
});

/** Wraps every message in «…», so text that bypassed the catalogue stands out. */
function pseudo(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [
      key,
      typeof value === 'function'
        ? (...args: unknown[]) => `«${(value as (...a: unknown[]) => string)(...args)}»`
        : `«${value}»`,
    ]),
  ) as unknown as Messages;
}

/** Every string in the fixtures: data the views may show as is. */
function dataStrings(): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([
    twoIdentities(),
    overview(),
    failedCheck(),
    REUSED_CHECK,
    FILE_EXPIRED,
    report(),
    activity(),
    settings(),
    KDC_DOWN,
    FIX_MESSAGE,
    SETTINGS_REFUSED,
    'ipc gone',
  ]);
  for (const finding of report().findings) for (const fix of finding.fixes) found.add(fix.command.join(' '));
  return found;
}

/** Text nodes and labelling attributes that are neither from the catalogue nor data. */
function strays(data: Set<string>): string[] {
  const fromCatalogue = (text: string) => text.startsWith('«') && text.endsWith('»');
  const bad: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    if (text && !fromCatalogue(text) && !data.has(text)) bad.push(`text: ${text}`);
  }
  for (const element of document.body.querySelectorAll('*')) {
    for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = element.getAttribute(attribute);
      if (value && !fromCatalogue(value) && !data.has(value)) bad.push(`${attribute}: ${value}`);
    }
  }
  return bad;
}

describe('a translated catalogue', () => {
  it('changes the labels it covers', async () => {
    setMessages({ ...en, 'nav.identities': 'Identitäten', 'action.makePrimary': 'Zur primären machen' });
    await renderApp(fakeApi());
    expect(screen.getByRole('tab', { name: 'Identitäten' })).toBeTruthy();
    expect(screen.getAllByText('Zur primären machen')).toHaveLength(1);
  });

  it('covers every text and label on every view', async () => {
    setMessages(pseudo(en));
    const data = dataStrings();
    const api = fakeApi({
      coprCheck: async () => failedCheck(),
      renew: async () => ({ ok: false, error: KDC_DOWN }),
    });
    const { store } = await renderApp(api);
    const visit = async (tab: string, act?: (store: AppStore) => Promise<void> | void) => {
      fireEvent.click(screen.getByRole('tab', { name: `«${tab}»` }));
      await settle();
      await act?.(store);
      await settle();
      expect(strays(data), tab).toEqual([]);
    };

    await visit('Identities', () => {
      for (const toggle of screen.getAllByRole('button', { name: /tickets/ })) fireEvent.click(toggle);
      fireEvent.click(screen.getByRole('button', { name: '«Renew: alice@EXAMPLE.COM»' }));
    });
    await visit('Identities', () => {
      fireEvent.click(screen.getByRole('button', { name: '«Destroy: alice@EXAMPLE.COM»' }));
    });
    fireEvent.click(screen.getByRole('button', { name: '«Cancel»' }));
    await visit('Log in', () => {
      fireEvent.click(screen.getByRole('button', { name: '«Get Fedora ticket»' }));
    });
    await visit('Log in', () => {
      fireEvent.click(screen.getByRole('radio', { name: '«Other realm»' }));
    });
    await visit('Copr', () => {
      fireEvent.click(screen.getByRole('button', { name: '«Check now»' }));
    });
    await visit('Copr', () => {
      api.coprCheck.mockImplementation(async () => REUSED_CHECK);
      fireEvent.click(screen.getByRole('button', { name: '«Check now»' }));
    });
    await visit('Troubleshoot', () => {
      fireEvent.click(screen.getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' }));
    });
    await visit('Settings', () => {
      // Refused warning times, at their field; a saved change, as a toast.
      fireEvent.change(screen.getByRole('textbox', { name: '«Warn before expiry (minutes)»' }), {
        target: { value: 'soon' },
      });
      fireEvent.click(screen.getByRole('button', { name: '«Save»' }));
      fireEvent.click(screen.getByRole('radio', { name: '«Monochrome»' }));
    });
    await visit('Settings', () => {
      // The add form's errors, and main refusing a change.
      fireEvent.change(screen.getByRole('textbox', { name: '«Config file»' }), { target: { value: 'relative' } });
      fireEvent.click(screen.getByRole('button', { name: '«Add instance»' }));
      api.updateSettings.mockImplementationOnce(async () => ({
        ok: false,
        error: { kind: 'invalid', reason: SETTINGS_REFUSED },
      }));
      fireEvent.click(screen.getByRole('checkbox', { name: '«Start Ticket Tray when I log in»' }));
    });
    await visit('Settings', () => {
      fireEvent.click(screen.getByRole('button', { name: '«Remove: Fedora Copr»' }));
    });
    expect(screen.getByRole('alertdialog', { name: '«Remove the Copr instance Fedora Copr?»' }).textContent).toContain(
      'Staging becomes the active instance.»',
    );
    fireEvent.click(screen.getByRole('button', { name: '«Cancel»' }));
    await visit('Settings', () => {
      fireEvent.click(screen.getByRole('button', { name: '«Remove: Staging»' }));
    });
    fireEvent.click(screen.getByRole('button', { name: '«Cancel»' }));
    const full = Array.from({ length: 20 }, () => settings().coprProfiles[1]!);
    store.setState({ settings: { ...settings(), coprProfiles: full } });
    await visit('Settings');
    store.setState({ settings: { ...settings(), coprProfiles: [settings().coprProfiles[0]!] } });
    await visit('Settings');
    store.setState({ settings: null });
    await visit('Settings');
    store.setState({
      settings: null,
      settingsLoadFailure: { source: 'call', failure: { kind: 'exception', message: 'ipc gone' } },
    });
    await visit('Settings');
    store.setState({ settings: settings(), settingsLoadFailure: null });
    await visit('Activity');
    store.setState({ events: [] });
    await visit('Activity');
    store.setState({ status: { ...twoIdentities(), caches: [] }, notice: 'no-tray' });
    await visit('Identities');
    store.setState({ status: FILE_EXPIRED });
    await visit('Identities');
    expect(screen.getByText('«Expired»')).toBeTruthy();
  }, 30_000); // renders every view in every state: seconds of jsdom work, more on a busy machine
});
