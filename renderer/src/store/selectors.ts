/**
 * Named reads of the store, in one place, so that every view means the same by "busy" and finds a
 * failure the same way. Each returns an atom or a stable reference (see `useAppStore`).
 */
import type { AppState } from './types';

/**
 * Something that changes tickets, the Copr config or the troubleshooter's findings is running:
 * other such actions wait for it (their buttons are disabled). Reading the status or the settings
 * does not count.
 */
export const selectBusy = (s: AppState): boolean =>
  s.ticketsBusy !== null || s.coprBusy !== null || s.doctorBusy || s.fixBusy !== null;

/** The Kerberos operation running now, for its progress line. */
export const selectTicketsBusy = (s: AppState) => s.ticketsBusy;

/** The last Kerberos failure when it came from the given action. */
export const selectTicketsFailureOf = (action: NonNullable<AppState['ticketsFailure']>['action']) => (s: AppState) =>
  s.ticketsFailure?.action === action ? s.ticketsFailure : null;

/** The Fedora account name main remembered from the last Fedora login. */
export const selectSavedFedoraUser = (s: AppState): string | null => s.settings?.fedoraUser ?? null;
