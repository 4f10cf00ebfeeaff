/** Kerberos tickets: the status, the operation in progress and the last failure. */
import type { KrbChange, KrbFailure, KrbStatus } from '../../../shared/krb';
import type { Result } from '../../../shared/result';
import { t } from '../i18n';
import { call } from './call';
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
  set({ busy: { action, principal }, ticketFailure: null });
  const called = await call(run);
  set({ busy: null });
  if (!called.ok) {
    set({ ticketFailure: { action, principal, problem: { source: 'call', failure: called.failure } } });
    return false;
  }
  const result = called.value;
  if (!result.ok) {
    set({ ticketFailure: { action, principal, problem: { source: 'krb', failure: result.error } } });
    return false;
  }
  set({ status: 'status' in result.value ? result.value.status : result.value });
  get().pushToast('success', done(result.value));
  return true;
}

/** The tickets slice. */
export const createTicketsSlice: SliceCreator<TicketsSlice> = (api) => (set, get) => ({
  status: null,
  loading: false,
  busy: null,
  ticketFailure: null,

  async refreshStatus() {
    set({ loading: true });
    const called = await call(() => api.getStatus());
    set({ loading: false });
    if (!called.ok) {
      set({
        ticketFailure: { action: 'status', principal: null, problem: { source: 'call', failure: called.failure } },
      });
    } else if (!called.value.ok) {
      set({
        ticketFailure: { action: 'status', principal: null, problem: { source: 'krb', failure: called.value.error } },
      });
    } else {
      const failure = get().ticketFailure;
      set({ status: called.value.value, ...(failure?.action === 'status' ? { ticketFailure: null } : {}) });
    }
  },

  login(request) {
    // Only the principal is kept (for the progress line); the request object is not stored.
    return runTicketAction(
      set,
      get,
      'login',
      request.principal,
      () => api.login(request),
      (v) => t('done.login', 'principal' in v ? v.principal : request.principal),
    );
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

  clearTicketFailure() {
    set({ ticketFailure: null });
  },
});
