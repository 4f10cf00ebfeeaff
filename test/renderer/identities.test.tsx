/** The Identities view: a card per cache, its actions, the confirmation and the empty state. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentitiesView } from '../../renderer/src/components/identities/identities-view';
import type { CacheInfo, CacheState, KrbStatus } from '../../shared/krb';
import { ok } from '../../shared/result';
import { cache, deferred, fakeApi, noTickets, settings, twoIdentities } from './fake-api';
import { renderWithStore, settle } from './render';

const card = (principal: string): HTMLElement => screen.getByRole('article', { name: principal });

describe('IdentitiesView', () => {
  it('shows each identity with its realm, primary marker, state, time and flags in words', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi());
    const work = card('alice@EXAMPLE.COM');
    const fedora = card('alice@FEDORAPROJECT.ORG');
    expect(within(work).getByText('EXAMPLE.COM')).toBeTruthy();
    expect(within(fedora).getByText('FEDORAPROJECT.ORG')).toBeTruthy();
    expect(within(work).getByText('Primary')).toBeTruthy();
    expect(within(fedora).queryByText('Primary')).toBeNull();
    expect(within(work).getByText('Valid')).toBeTruthy();
    expect(within(fedora).getByText('Expiring soon')).toBeTruthy();
    expect(within(work).getByText(/^8h 59m left, until|^9h 0m left, until/)).toBeTruthy();
    expect(within(work).getByText(/^Renewable until .* \(6d 23h left\)$/)).toBeTruthy();
    expect(within(work).getByText('Flags: forwardable, renewable, initial, and pre-authenticated')).toBeTruthy();
    expect(within(work).getByRole('meter', { name: 'Time left' })).toBeTruthy();
    expect(screen.getByText('Collection: DIR:/run/user/1000/krb5cc (DIR)')).toBeTruthy();
    expect(screen.getByText(/^It can hold several identities; /)).toBeTruthy();
  });

  it('opens the ticket table with service, times, flags and encryption types', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi());
    const fedora = card('alice@FEDORAPROJECT.ORG');
    // Its name says whose tickets they are, after the words it shows.
    const toggle = within(fedora).getByRole('button', { name: 'Show the 2 tickets of alice@FEDORAPROJECT.ORG' });
    expect(toggle.textContent).toBe('Show the 2 tickets');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = within(fedora).getByRole('table', { name: 'Tickets of alice@FEDORAPROJECT.ORG' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Service', 'Starts', 'Expires', 'Renew until', 'Flags', 'Encryption']);
    expect(within(table).getByRole('rowheader', { name: 'krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG' })).toBeTruthy();
    expect(
      within(table).getByText('session aes128-cts-hmac-sha256-128, ticket aes256-cts-hmac-sha384-192'),
    ).toBeTruthy();
    expect(within(table).getByText('not renewable')).toBeTruthy();
  });

  it('makes another identity primary with its principal', async () => {
    const api = fakeApi();
    const { store } = await renderWithStore(<IdentitiesView />, api);
    expect(within(card('alice@EXAMPLE.COM')).queryByRole('button', { name: /Make primary/ })).toBeNull();
    fireEvent.click(
      within(card('alice@FEDORAPROJECT.ORG')).getByRole('button', { name: 'Make primary: alice@FEDORAPROJECT.ORG' }),
    );
    await settle();
    expect(api.switchPrimary).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG');
    expect(store.getState().toasts.at(-1)?.text).toBe('alice@FEDORAPROJECT.ORG is now the primary identity.');
  });

  it('shows the operation in progress and holds the other actions meanwhile, keeping focus on the button', async () => {
    const pending = deferred<Awaited<ReturnType<typeof api.renew>>>();
    const api = fakeApi({ renew: () => pending.promise });
    await renderWithStore(<IdentitiesView />, api);
    const renew = screen.getByRole('button', { name: 'Renew: alice@EXAMPLE.COM' });
    renew.focus();
    fireEvent.click(renew);
    expect(screen.getAllByRole('status')[0]!.textContent).toBe('Renewing the ticket of alice@EXAMPLE.COM…');
    const makePrimary = screen.getByRole('button', { name: 'Make primary: alice@FEDORAPROJECT.ORG' });
    // Unavailable, not disabled: a disabled button would drop the focus of the one just pressed.
    expect(makePrimary.getAttribute('aria-disabled')).toBe('true');
    expect(renew.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(makePrimary);
    expect(api.switchPrimary).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(renew);
    pending.resolve(ok({ principal: 'alice@EXAMPLE.COM', status: twoIdentities() }));
    await settle();
    expect(makePrimary.getAttribute('aria-disabled')).toBeNull();
    expect(document.activeElement).toBe(renew);
  });

  it('destroys only after confirmation in a dialog, which Cancel and Escape dismiss', async () => {
    const api = fakeApi();
    await renderWithStore(<IdentitiesView />, api);
    const destroy = screen.getByRole('button', { name: 'Destroy: alice@FEDORAPROJECT.ORG' });
    destroy.focus(); // as a real click or Enter would
    fireEvent.click(destroy);
    let dialog = screen.getByRole('alertdialog', { name: 'Destroy the tickets of alice@FEDORAPROJECT.ORG?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.destroy).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(destroy);

    fireEvent.click(destroy);
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.destroy).not.toHaveBeenCalled();

    fireEvent.click(destroy);
    dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Destroy' }));
    await settle();
    expect(api.destroy).toHaveBeenCalledExactlyOnceWith('alice@FEDORAPROJECT.ORG');
  });

  it('keeps Tab inside the confirmation dialog', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi());
    fireEvent.click(screen.getByRole('button', { name: 'Destroy: alice@EXAMPLE.COM' }));
    const dialog = screen.getByRole('alertdialog');
    const [cancel, confirm] = within(dialog).getAllByRole('button');
    confirm!.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('says in plain words why an action failed, with the next step', async () => {
    const api = fakeApi({
      renew: async () => ({
        ok: false,
        error: { kind: 'ticket-expired', detail: 'kinit: Ticket expired while renewing credentials' },
      }),
    });
    const { store } = await renderWithStore(<IdentitiesView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Renew: alice@EXAMPLE.COM' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByText(
        /The ticket has already expired, so it cannot be renewed\. Log in again with your password\./,
      ),
    ).toBeTruthy();
    expect(within(alert).getByText('kinit: Ticket expired while renewing credentials')).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Log in again' }));
    expect(store.getState().view).toBe('login');
    expect(store.getState().loginPrefill).toEqual({ mode: 'other', principal: 'alice@EXAMPLE.COM' });
  });

  it('still says something for a failure kind this renderer does not know', async () => {
    const api = fakeApi({ renew: async () => ({ ok: false, error: { kind: 'brand-new-kind' } as never }) });
    await renderWithStore(<IdentitiesView />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Renew: alice@EXAMPLE.COM' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The operation failed (brand-new-kind).');
  });

  it('says an empty collection can hold several identities, not that it holds them', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi({}, noTickets()));
    expect(
      screen.getByText(
        'It can hold several identities; the primary one is what Kerberos uses for hosts it cannot match to a realm.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/holds several/)).toBeNull();
  });

  it('shows "No tickets" with the ways to log in', async () => {
    const { store } = await renderWithStore(<IdentitiesView />, fakeApi({}, noTickets()));
    expect(screen.getByRole('heading', { name: 'No tickets' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Get Fedora ticket…' }));
    expect(store.getState().view).toBe('login');
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'alice' });
    store.getState().setView('identities');
    fireEvent.click(screen.getByRole('button', { name: 'Get ticket for another realm…' }));
    expect(store.getState().loginPrefill).toEqual({ mode: 'other', principal: '' });
  });

  it('explains that a FILE cache holds one identity and offers no switching', async () => {
    const status = {
      ...noTickets('FILE'),
      primary: 'alice@FEDORAPROJECT.ORG',
      caches: [cache('alice@FEDORAPROJECT.ORG', true)],
    };
    const api = fakeApi({}, status);
    await renderWithStore(<IdentitiesView />, api);
    expect(screen.getByText('It holds one identity: a ticket for another realm replaces it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Make primary/ })).toBeNull();
  });
});

/** A snapshot holding one cache that expires `leftMs` after now, with the state main gave it then. */
function expiringIn(principal: string, leftMs: number, reported: CacheState, renewLeftMs?: number): KrbStatus {
  const base = cache(principal, true);
  const expires = new Date(Date.now() + leftMs).toISOString();
  const c: CacheInfo = {
    ...base,
    state: reported,
    expires,
    ...(renewLeftMs === undefined ? {} : { renewUntil: new Date(Date.now() + renewLeftMs).toISOString() }),
    tickets: base.tickets.map((ticket) => ({ ...ticket, expires })),
  };
  return { ...noTickets(), primary: principal, caches: [c], takenAt: new Date().toISOString() };
}

/** Lets `ms` of (fake) time pass, with the re-renders its timers cause. */
const pass = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

describe('the state on a card follows the clock, not only the snapshot', () => {
  // Fake timers that still move with real time, so that promises and settle() work as usual.
  const fakeClock = () => vi.useFakeTimers({ shouldAdvanceTime: true });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a ticket Expired when its time passes, and offers Log in again once it cannot be renewed', async () => {
    fakeClock();
    const principal = 'alice@FEDORAPROJECT.ORG';
    // The last snapshot: 3 s left, so "Expiring soon", renewable for 3.5 s; no new snapshot comes.
    const api = fakeApi({}, expiringIn(principal, 3_000, 'expiring', 3_500));
    const { store } = await renderWithStore(<IdentitiesView />, api);
    expect(within(card(principal)).getByText('Expiring soon')).toBeTruthy();
    expect(within(card(principal)).getByRole('button', { name: `Renew: ${principal}` })).toBeTruthy();

    await pass(4_000);
    const shown = card(principal);
    expect(within(shown).getByText('Expired')).toBeTruthy();
    expect(within(shown).queryByText('Expiring soon')).toBeNull();
    expect(within(shown).getByText(/^Expired \ds ago, on /)).toBeTruthy();
    expect(shown.className).toContain('state-expired');
    expect(within(shown).queryByRole('button', { name: `Renew: ${principal}` })).toBeNull();
    fireEvent.click(within(shown).getByRole('button', { name: `Log in again: ${principal}` }));
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'alice' });
    expect(api.getStatus).toHaveBeenCalledOnce(); // the clock did it, not a new snapshot
  });

  it('keeps Renew on an expired ticket while its renew-until lies ahead (the KDC renews it)', async () => {
    fakeClock();
    const principal = 'alice@FEDORAPROJECT.ORG';
    await renderWithStore(<IdentitiesView />, fakeApi({}, expiringIn(principal, 3_000, 'expiring', 3_600_000)));
    await pass(4_000);
    const shown = card(principal);
    expect(within(shown).getByText('Expired')).toBeTruthy();
    expect(within(shown).getByRole('button', { name: `Renew: ${principal}` })).toBeTruthy();
    expect(within(shown).queryByRole('button', { name: `Log in again: ${principal}` })).toBeNull();
  });

  it('counts the last minute down every second', async () => {
    fakeClock();
    await renderWithStore(<IdentitiesView />, fakeApi({}, expiringIn('alice@EXAMPLE.COM', 50_000, 'expiring')));
    const secondsLeft = () =>
      Number(
        /^(\d+)s left, until/.exec(within(card('alice@EXAMPLE.COM')).getByText(/s left, until/).textContent ?? '')?.[1],
      );
    const before = secondsLeft();
    expect(before).toBeGreaterThanOrEqual(48);
    await pass(5_000);
    // Every second, not every 30 s: five seconds later, about five seconds less.
    expect(before - secondsLeft()).toBeGreaterThanOrEqual(4);
    expect(before - secondsLeft()).toBeLessThanOrEqual(6);
  });

  it('turns Valid into Expiring soon when the warning window of the settings starts', async () => {
    fakeClock();
    // The earliest warning an hour ahead; the snapshot (taken when 61 min were left) said valid.
    const api = fakeApi(
      { getSettings: async () => ({ ...settings(), warnBeforeMinutes: [60, 10] }) },
      expiringIn('alice@EXAMPLE.COM', 61 * 60_000 - 30_000, 'valid'),
    );
    await renderWithStore(<IdentitiesView />, api);
    expect(within(card('alice@EXAMPLE.COM')).getByText('Valid')).toBeTruthy();
    await pass(31_000);
    expect(within(card('alice@EXAMPLE.COM')).getByText('Expiring soon')).toBeTruthy();
  });

  it('keeps an empty cache as reported', async () => {
    const empty: CacheInfo = {
      cache: 'DIR::/run/user/1000/krb5cc/tktX',
      principal: null,
      realm: null,
      primary: true,
      state: 'empty',
      expires: null,
      renewUntil: null,
      tickets: [],
    };
    await renderWithStore(<IdentitiesView />, fakeApi({}, { ...noTickets(), caches: [empty] }));
    expect(
      within(screen.getByRole('article', { name: 'Empty cache (left behind by a failed login)' })).getByText(
        'No ticket',
      ),
    ).toBeTruthy();
  });
});
