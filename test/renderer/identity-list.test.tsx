/**
 * The list of identities as it grows: its order (primary, then the realm Copr needs, then by
 * realm and name), the compact rows and the filter of a long list, and where keyboard focus goes
 * after an action removes the control it was on.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IdentitiesView } from '../../renderer/src/components/identities/identities-view';
import type { KrbStatus } from '../../shared/krb';
import { ok } from '../../shared/result';
import { cache, fakeApi, noTickets, overview } from './fake-api';
import { renderWithStore, settle } from './render';

/** A collection of these principals, in klist's order, the one marked `*` primary. */
function collection(...names: string[]): KrbStatus {
  const caches = names.map((name, i) => cache(name.replace('*', ''), name.startsWith('*'), undefined, i));
  return { ...noTickets(), primary: caches.find((c) => c.primary)?.principal ?? null, caches };
}

/** The same collection with `principal` primary, as main reports it after kswitch. */
function withPrimary(status: KrbStatus, principal: string): KrbStatus {
  return {
    ...status,
    primary: principal,
    caches: status.caches.map((c) => ({ ...c, primary: c.principal === principal })),
  };
}

/** The same collection without `principal`'s cache. */
function without(status: KrbStatus, principal: string): KrbStatus {
  return { ...status, caches: status.caches.filter((c) => c.principal !== principal) };
}

const shownOrder = () => screen.getAllByRole('article').map((a) => a.getAttribute('data-principal'));

const FEW = ['bob@EXAMPLE.COM', 'alice@OTHER.ORG', '*zed@EXAMPLE.COM', 'alice@FEDORAPROJECT.ORG', 'amy@EXAMPLE.COM'];

describe('the order of the identities', () => {
  it('is primary, then the realm Copr needs, then by realm and name, whatever order klist gave', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi({}, collection(...FEW)));
    expect(shownOrder()).toEqual([
      'zed@EXAMPLE.COM',
      'alice@FEDORAPROJECT.ORG',
      'amy@EXAMPLE.COM',
      'bob@EXAMPLE.COM',
      'alice@OTHER.ORG',
    ]);
  });

  it("follows the realm the Copr overview names when Copr's host maps elsewhere", async () => {
    const copr = { ...overview(), identity: { wouldUse: null, why: 'host-realm' as const, realm: 'OTHER.ORG' } };
    const { store } = await renderWithStore(
      <IdentitiesView />,
      fakeApi({ coprOverview: async () => ok(copr) }, collection(...FEW)),
    );
    await store.getState().loadOverview();
    await settle();
    expect(shownOrder().slice(0, 2)).toEqual(['zed@EXAMPLE.COM', 'alice@OTHER.ORG']);
  });

  it('after Make primary moves only the new primary to the top, and focus goes with it to its next action', async () => {
    const before = collection(...FEW);
    const after = withPrimary(before, 'bob@EXAMPLE.COM');
    const api = fakeApi({ switchPrimary: async (principal) => ok({ principal, status: after }) }, before);
    await renderWithStore(<IdentitiesView />, api);
    const makePrimary = screen.getByRole('button', { name: 'Make primary: bob@EXAMPLE.COM' });
    makePrimary.focus();
    fireEvent.click(makePrimary);
    await settle();
    expect(shownOrder()).toEqual([
      'bob@EXAMPLE.COM',
      'alice@FEDORAPROJECT.ORG',
      'amy@EXAMPLE.COM',
      'zed@EXAMPLE.COM',
      'alice@OTHER.ORG',
    ]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Renew: bob@EXAMPLE.COM' }));
  });
});

describe('focus after Destroy', () => {
  it('lands on the identity that took the destroyed one’s place', async () => {
    const before = collection(...FEW);
    const api = fakeApi({ destroy: async () => ok(without(before, 'amy@EXAMPLE.COM')) }, before);
    await renderWithStore(<IdentitiesView />, api);
    const destroy = screen.getByRole('button', { name: 'Destroy: amy@EXAMPLE.COM' });
    destroy.focus();
    fireEvent.click(destroy);
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Destroy' }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'bob@EXAMPLE.COM' }));
  });

  it('lands on the way to log in when the last identity goes', async () => {
    const before = collection('*alice@FEDORAPROJECT.ORG');
    const api = fakeApi({ destroy: async () => ok(noTickets()) }, before);
    await renderWithStore(<IdentitiesView />, api);
    const destroy = screen.getByRole('button', { name: 'Destroy: alice@FEDORAPROJECT.ORG' });
    destroy.focus();
    fireEvent.click(destroy);
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Destroy' }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Get Fedora ticket…' }));
  });
});

describe('a long list', () => {
  const MANY = [
    ...Array.from({ length: 8 }, (_, i) => `user${i}@EXAMPLE.COM`),
    '*work@CORP.TEST',
    'alice@FEDORAPROJECT.ORG',
  ];

  it('shows compact rows that open into the details, and a filter with how many it shows', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi({}, collection(...MANY)));
    expect(shownOrder().slice(0, 3)).toEqual(['work@CORP.TEST', 'alice@FEDORAPROJECT.ORG', 'user0@EXAMPLE.COM']);
    const row = screen.getByRole('article', { name: 'user3@EXAMPLE.COM' });
    expect(within(row).getByText('Valid')).toBeTruthy();
    expect(within(row).getByText(/left$/)).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /^Renew/ })).toBeNull();
    const toggle = within(row).getByRole('button', { name: 'Details of user3@EXAMPLE.COM' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(row).getByRole('button', { name: 'Renew: user3@EXAMPLE.COM' })).toBeTruthy();
    expect(within(row).getByRole('meter', { name: 'Time left' })).toBeTruthy();

    const filter = screen.getByRole('searchbox', { name: 'Filter identities' });
    expect(screen.getByText('All 10 identities shown.')).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'fedoraproject' } });
    expect(shownOrder()).toEqual(['alice@FEDORAPROJECT.ORG']);
    expect(screen.getByText('1 of 10 identities shown.')).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'nobody' } });
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByText('No identity matches “nobody”.')).toBeTruthy();
  });

  it('has no filter and full cards for a handful', async () => {
    await renderWithStore(<IdentitiesView />, fakeApi({}, collection(...FEW)));
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Renew: bob@EXAMPLE.COM' })).toBeTruthy();
  });
});
