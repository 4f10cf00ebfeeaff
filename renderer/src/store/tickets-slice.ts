/** Kerberos tickets: the status, the operation in progress and the last failure. */
import type { KrbChange, KrbFailure, KrbStatus } from '../../../shared/krb';
import type { Result } from '../../../shared/result';
import { t } from '../i18n';
import { call, krbReply, runAction } from './call';
import type { AppState, SliceCreator, TicketAction, TicketsSlice } from './types';

type Setter = (partial: Partial<AppState>) => void;

/**
 * Runs one Kerberos operation: marks it busy, stores the new status or the failure, and says what
 * happened in a toast. Returns whether it succeeded.
 */
async function runTicketAction(
  set: Setter,
  get: () => AppState,
  action: TicketAction,
  principal: string | null,
  run: () => Promise<Result<KrbChange | KrbStatus, KrbFailure>>,
  done: (value: KrbChange | KrbStatus) => string,
): Promise<boolean> {
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
  if (!outcome.ok) return false;
  set({ status: 'status' in outcome.value ? outcome.value.status : outcome.value });
  get().pushToast('success', done(outcome.value));
  return true;
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
      (v) => t('done.login', 'principal' in v ? v.principal : request.principal),
    );
    // Main remembers the Fedora account name of a Fedora login: read back what it saved.
    if (loggedIn && request.fedora) await get().loadSettings();
    return loggedIn;
  },

  switchPrimary(principal) {
    return runTicketAction(
      set,
      get,
      'switch',
      principal,
      () => api.switchPrimary(principal),
      () => t('done.switch', principal),
    );
  },

  async renew(principal) {
    const renewed = await runTicketAction(
      set,
      get,
      'renew',
      principal,
      () => api.renew(principal),
      (v) => t('done.renew', 'principal' in v ? v.principal : (principal ?? '')),
    );
    // A failed renewal returns no status, and what made it fail (the ticket expired, another
    // program changed the cache) changes no file main would push for: read the collection again.
    // The failure stays shown; if reading fails too, the failure of the renewal is the one kept.
    if (!renewed) {
      const reread = await call(() => api.getStatus());
      if (reread.ok && reread.value.ok) set({ status: reread.value.value });
    }
    return renewed;
  },

  destroy(principal) {
    return runTicketAction(
      set,
      get,
      'destroy',
      principal,
      () => api.destroy(principal),
      () => t('done.destroy', principal),
    );
  },

  destroyAll() {
    return runTicketAction(
      set,
      get,
      'destroy-all',
      null,
      () => api.destroyAll(),
      () => t('done.destroyAll'),
    );
  },

  clearTicketsFailure() {
    set({ ticketsFailure: null });
  },
});
