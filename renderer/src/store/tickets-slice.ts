/** Kerberos tickets: the status, the operation in progress and the last failure. */
import type { KrbChange, KrbFailure, KrbStatus } from '../../../shared/krb';
import { describePrimaryMove } from '../../../shared/krb-messages';
import type { Result } from '../../../shared/result';
import { describeGrantShortfalls } from '../../../shared/ticket-grant';
import { t } from '../i18n';
import { call, krbReply, runAction } from './call';
import type { AppState, SliceCreator, TicketAction, TicketsSlice } from './types';

type Setter = (partial: Partial<AppState>) => void;

/**
 * Runs one Kerberos operation: marks it busy, stores the new status or the failure, and says what
 * happened in a toast. Returns what main answered, or null when it failed.
 */
async function runTicketAction<V extends KrbChange | KrbStatus>(
  set: Setter,
  get: () => AppState,
  action: TicketAction,
  principal: string | null,
  run: () => Promise<Result<V, KrbFailure>>,
  done: (value: V) => string,
): Promise<V | null> {
  const outcome = await runAction(
    set,
    {
      busy: { ticketsBusy: { action, principal }, ticketsFailure: null },
      idle: { ticketsBusy: null },
      failed: (problem) => ({ ticketsFailure: { action, principal, problem } }),
    },
    run,
    krbReply,
  );
  if (!outcome.ok) return null;
  set({ status: 'status' in outcome.value ? outcome.value.status : outcome.value });
  get().pushToast('success', done(outcome.value));
  return outcome.value;
}

/** Whether a Kerberos operation succeeded. */
const succeeded = async (running: Promise<unknown>): Promise<boolean> => (await running) !== null;

/**
 * "Renewed …", or, when the new expiry is the renewable limit itself, until when: the KDC never
 * renews past that limit, so a ticket near it gains less time than its usual lifetime (the card
 * may still show minutes left) and the user should know a password login is coming.
 */
function renewedText(change: KrbChange): string {
  const renewed =
    change.status.caches.find((c) => c.cache === change.cache) ??
    change.status.caches.find((c) => c.principal === change.principal);
  const expires = renewed?.expires ? Date.parse(renewed.expires) : NaN;
  const limit = renewed?.renewUntil ? Date.parse(renewed.renewUntil) : NaN;
  // klist prints whole seconds and the KDC may round: within a minute of the limit is at it.
  const capped = expires >= limit - 60_000;
  return capped && renewed?.expires
    ? t('done.renewCapped', change.principal, renewed.expires)
    : t('done.renew', change.principal);
}

/**
 * "Got a ticket for …", what the KDC granted short of what was asked, and what the login did to
 * the primary identity when that is worth saying.
 */
function loggedInText(change: KrbChange): string {
  const moved = change.primaryMove ? describePrimaryMove(change.primaryMove) : null;
  const short = describeGrantShortfalls(change.granted);
  const said = [short, moved].filter((x): x is string => x !== null).join(' ');
  if (said === '') return t('done.login', change.principal);
  return moved && !short ? t('done.loginMoved', change.principal, moved) : t('done.loginShort', change.principal, said);
}

/** The tickets slice. */
export const createTicketsSlice: SliceCreator<TicketsSlice> = (api) => (set, get) => ({
  status: null,
  statusBusy: false,
  ticketsBusy: null,
  ticketsFailure: null,

  async refreshStatus() {
    const outcome = await runAction(
      set,
      {
        busy: { statusBusy: true },
        idle: { statusBusy: false },
        failed: (problem) => ({ ticketsFailure: { action: 'status', principal: null, problem } }),
      },
      () => api.getStatus(),
      krbReply,
    );
    if (!outcome.ok) return;
    const failure = get().ticketsFailure;
    set({ status: outcome.value, ...(failure?.action === 'status' ? { ticketsFailure: null } : {}) });
  },

  async login(request) {
    // Only the principal is kept (for the progress line); the request object is not stored.
    const loggedIn = await runTicketAction(
      set,
      get,
      'login',
      request.principal,
      () => api.login(request),
      loggedInText,
    );
    // Main remembers the principal and its options (and the Fedora account name): read back what it saved.
    if (loggedIn) await get().loadSettings();
    return loggedIn;
  },

  switchPrimary(principal) {
    const done = () => t('done.switch', principal);
    return succeeded(runTicketAction(set, get, 'switch', principal, () => api.switchPrimary(principal), done));
  },

  async renew(principal) {
    const renewed = await runTicketAction(set, get, 'renew', principal, () => api.renew(principal), renewedText);
    // A failed renewal returns no status, and what made it fail (the ticket expired, another
    // program changed the cache) changes no file main would push for: read the collection again.
    // The failure stays shown; if reading fails too, the failure of the renewal is the one kept.
    if (!renewed) {
      const reread = await call(() => api.getStatus());
      if (reread.ok && reread.value.ok) set({ status: reread.value.value });
    }
    return renewed !== null;
  },

  destroy(principal) {
    const done = () => t('done.destroy', principal);
    return succeeded(runTicketAction(set, get, 'destroy', principal, () => api.destroy(principal), done));
  },

  destroyAll() {
    const done = () => t('done.destroyAll');
    return succeeded(runTicketAction(set, get, 'destroy-all', null, () => api.destroyAll(), done));
  },

  changePassword(request) {
    return call(() => api.changePassword(request));
  },

  clearTicketsFailure() {
    set({ ticketsFailure: null });
  },
});
