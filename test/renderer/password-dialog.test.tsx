/** The password change: the card's action, the dialog's checks, focus at each step, and no password kept. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IdentitiesView } from '../../renderer/src/components/identities/identities-view';
import type { PasswordChangeFailure } from '../../shared/krb';
import { err, ok } from '../../shared/result';
import { deferred, fakeApi } from './fake-api';
import { renderWithStore, settle } from './render';

const WORK = 'alice@EXAMPLE.COM';
const FEDORA = 'alice@FEDORAPROJECT.ORG';
const card = (principal: string): HTMLElement => screen.getByRole('article', { name: principal });
const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

async function openDialog(api = fakeApi()) {
  const rendered = await renderWithStore(<IdentitiesView />, api);
  const opener = within(card(WORK)).getByRole('button', { name: `Change password…: ${WORK}` });
  opener.focus();
  fireEvent.click(opener);
  const dialog = screen.getByRole('dialog', { name: `Change the password of ${WORK}` });
  return { ...rendered, api, opener, dialog };
}

function type(current: string, next: string, repeat: string) {
  fireEvent.change(field('Current password'), { target: { value: current } });
  fireEvent.change(field('New password'), { target: { value: next } });
  fireEvent.change(field('New password again'), { target: { value: repeat } });
}

async function submit(dialog: HTMLElement) {
  await act(async () => {
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
  });
  await settle();
}

const values = () =>
  [field('Current password'), field('New password'), field('New password again')].map((f) => f.value);

describe('changing a password from an identity card', () => {
  it('opens with focus on the current password, and gives focus back to the opener on close', async () => {
    const { dialog, opener } = await openDialog();
    expect(document.activeElement).toBe(field('Current password'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('checks the repeat in the form: nothing is sent, the repeat is cleared and focused', async () => {
    const { dialog, api } = await openDialog();
    type('Old-pw-1', 'New-pw-12345', 'New-pw-99999');
    await submit(dialog);
    expect(api.changePassword).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(field('New password again'));
    expect(field('New password again').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('The two new passwords differ. Type the new password again.')).toBeTruthy();
    expect(field('New password again').value).toBe('');
  });

  it('sends both passwords once, clears every field, and focuses the result on success', async () => {
    const { dialog, api, store } = await openDialog();
    type('Old-pw-1', 'New-pw-12345', 'New-pw-12345');
    await submit(dialog);
    expect(api.changePassword).toHaveBeenCalledWith({
      principal: WORK,
      oldPassword: 'Old-pw-1',
      newPassword: 'New-pw-12345',
    });
    const result = within(dialog).getByRole('status', { name: '' });
    expect(result.textContent).toMatch(/^The password of alice@EXAMPLE.COM was changed/);
    expect(document.activeElement).toBe(result);
    expect(JSON.stringify(store.getState())).not.toMatch(/Old-pw-1|New-pw-12345/);
    expect(document.body.innerHTML).not.toMatch(/Old-pw-1|New-pw-12345/);
  });

  it.each<[string, PasswordChangeFailure, string]>([
    ['a wrong current password', { kind: 'wrong-old-password', principal: WORK, detail: 'x' }, 'Current password'],
    [
      'a too short new password',
      { kind: 'password-too-short', minLength: 12, serverText: 'New password is too short.' },
      'New password',
    ],
  ])('after %s: every field cleared, focus on the field to correct', async (_what, failure, label) => {
    const { dialog } = await openDialog(fakeApi({ changePassword: async () => err(failure) }));
    type('Old-pw-1', 'Short-1', 'Short-1');
    await submit(dialog);
    expect(values()).toEqual(['', '', '']);
    expect(document.activeElement).toBe(field(label));
    expect(field(label).getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the server's own words under the sentence", async () => {
    const serverText = 'New password is too short. Please choose a password which is at least 12 characters long.';
    const { dialog } = await openDialog(
      fakeApi({ changePassword: async () => err({ kind: 'password-too-short', minLength: 12, serverText }) }),
    );
    type('Old-pw-1', 'Short-1', 'Short-1');
    await submit(dialog);
    expect(
      within(dialog).getByText('The new password is too short: the server asks for at least 12 characters.'),
    ).toBeTruthy();
    expect(within(dialog).getByText(`The password server said: ${serverText}`)).toBeTruthy();
  });

  it('focuses a failure that no field can fix', async () => {
    const { dialog } = await openDialog(
      fakeApi({
        changePassword: async () => err({ kind: 'password-server-unreachable', realm: 'EXAMPLE.COM', detail: 'x' }),
      }),
    );
    type('Old-pw-1', 'New-pw-12345', 'New-pw-12345');
    await submit(dialog);
    const alert = within(dialog).getByRole('alert');
    expect(alert.textContent).toMatch(/password-change service of EXAMPLE.COM cannot be reached/);
    expect(document.activeElement).toBe(alert);
  });

  it('ignores a second submit while the first runs', async () => {
    const pending = deferred<Awaited<ReturnType<ReturnType<typeof fakeApi>['changePassword']>>>();
    const { dialog, api } = await openDialog(fakeApi({ changePassword: () => pending.promise }));
    type('Old-pw-1', 'New-pw-12345', 'New-pw-12345');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    type('Old-pw-1', 'New-pw-12345', 'New-pw-12345');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(api.changePassword).toHaveBeenCalledTimes(1);
    expect(within(dialog).getByText('Changing the password…')).toBeTruthy();
    await act(async () => pending.resolve(ok({ principal: WORK, confirmedBy: 'new-password-login', changedAt: '' })));
    await settle();
  });

  it('offers a Fedora account a link to Fedora Accounts instead, opened through main', async () => {
    const api = fakeApi();
    await renderWithStore(<IdentitiesView />, api);
    const fedora = card(FEDORA);
    expect(within(fedora).queryByRole('button', { name: /Change password…/ })).toBeNull();
    const link = within(fedora).getByRole('link', { name: `Change password at Fedora Accounts: ${FEDORA}` });
    expect(link.textContent).toBe('Change password at Fedora Accounts');
    await act(async () => {
      fireEvent.click(link);
    });
    expect(api.openExternal).toHaveBeenCalledWith('https://accounts.fedoraproject.org/');
  });
});
