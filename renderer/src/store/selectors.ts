/**
 * Named reads of the store, in one place, so that every view means the same by "busy" and finds a
 * failure the same way. Each returns an atom or a stable reference (see `useAppStore`).
 */
import type { Finding, FindingId, LocalChange } from '../../../shared/doctor';
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

/** Findings that are problems (errors and warnings), for the Troubleshoot tab's badge. */
export const selectProblemCount = (s: AppState): number =>
  s.report?.findings.filter((f) => f.severity !== 'info').length ?? 0;

/** The findings that say the identity Copr would get is not the one it needs, or has no live ticket. */
const IDENTITY_FINDINGS: ReadonlySet<FindingId> = new Set([
  'wrong-primary',
  'session-hides-identity-problem',
  'ticket-expired',
  'no-ticket',
]);

/** The first such finding, for the Identities banner; null when Copr gets the identity it needs. */
export const selectIdentityProblem = (s: AppState): Finding | null =>
  s.report?.findings.find((f) => IDENTITY_FINDINGS.has(f.id)) ?? null;

/** What changed since the last Copr check began (it is outdated then), or null while it still holds. */
export const selectCheckOutdated = (s: AppState): LocalChange | null => {
  const change = s.diagnosis?.change;
  if (!s.lastCheck || !change || s.lastCheckChange === null) return null;
  return change.serial > s.lastCheckChange ? change.kind : null;
};
