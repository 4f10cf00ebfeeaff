/** The toasts: repeats merged with a count, errors in the assertive region, both regions always present. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Toasts } from '../../renderer/src/components/common/toasts';
import { fakeApi } from './fake-api';
import { renderWithStore } from './render';

describe('Toasts', () => {
  it('keeps both live regions in the page while empty', async () => {
    await renderWithStore(<Toasts />, fakeApi());
    expect(screen.getByRole('status', { name: 'Notifications' }).getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('log', { name: 'Problems' }).getAttribute('aria-live')).toBe('assertive');
  });

  it('shows the same message once with how many times it came, and closes all copies at once', async () => {
    const { store } = await renderWithStore(<Toasts />, fakeApi());
    act(() => {
      store.getState().pushToast('success', 'Renewed the ticket of alice@EXAMPLE.COM.');
      store.getState().pushToast('success', 'Renewed the ticket of alice@EXAMPLE.COM.');
    });
    const polite = screen.getByRole('status', { name: 'Notifications' });
    expect(within(polite).getAllByRole('listitem')).toHaveLength(1);
    expect(within(polite).getByText('(2 times)')).toBeTruthy();
    fireEvent.click(within(polite).getByRole('button', { name: 'Close: Renewed the ticket of alice@EXAMPLE.COM.' }));
    expect(store.getState().toasts).toEqual([]);
  });

  it('puts errors in the assertive region, the rest in the polite one', async () => {
    const { store } = await renderWithStore(<Toasts />, fakeApi());
    act(() => {
      store.getState().pushToast('error', 'The fix could not be applied.');
      store.getState().pushToast('info', 'Copied.');
    });
    expect(
      within(screen.getByRole('log', { name: 'Problems' })).getByText('The fix could not be applied.'),
    ).toBeTruthy();
    expect(within(screen.getByRole('status', { name: 'Notifications' })).getByText('Copied.')).toBeTruthy();
    expect(within(screen.getByRole('status', { name: 'Notifications' })).queryByText(/fix/)).toBeNull();
  });
});
