/** The Identities view: the collection, a card per cache, and the empty state that leads to logging in. */
import { useState } from 'react';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings';
import { t } from '../../i18n';
import { prefillForPrincipal } from '../../lib/login-prefill';
import { tickInterval } from '../../lib/tickets';
import { useNow } from '../../lib/use-now';
import type { AppState } from '../../store';
import { selectBusy, selectTicketsBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { ConfirmDialog } from '../common/confirm-dialog';
import { NextSteps } from '../common/next-steps';
import { ProblemMessage } from '../common/problem-message';
import { CollectionLine } from './collection-line';
import { IdentityCard } from './identity-card';

/** How long before expiry a ticket counts as expiring: the settings' warning window. */
export function warningWindowMs(settings: Settings | null): number {
  return Math.max(0, settings?.notifyBeforeMinutes ?? DEFAULT_SETTINGS.notifyBeforeMinutes) * 60_000;
}

/** The progress line for the operation running now, or ''. */
export function busyText(state: Pick<AppState, 'ticketsBusy' | 'statusBusy' | 'status'>): string {
  const busy = state.ticketsBusy;
  if (busy) {
    const who = busy.principal ?? '';
    switch (busy.action) {
      case 'login':
        return t('busy.login', who);
      case 'switch':
        return t('busy.switch', who);
      case 'renew':
        return busy.principal ? t('busy.renew', who) : t('busy.renewPrimary');
      case 'destroy':
        return t('busy.destroy', who);
      case 'destroy-all':
        return t('busy.destroyAll');
    }
  }
  return state.statusBusy && !state.status ? t('busy.loading') : '';
}

function EmptyState() {
  const { openLogin } = useActions();
  const fedoraUser = useAppStore((s) => s.settings?.fedoraUser ?? '');
  return (
    <div className="empty">
      <h3>{t('identities.empty.title')}</h3>
      <p>{t('identities.empty.body')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => openLogin({ mode: 'fedora', user: fedoraUser })}>
          {t('identities.getFedora')}
        </button>
        <button type="button" onClick={() => openLogin({ mode: 'other', principal: '' })}>
          {t('identities.getOther')}
        </button>
      </div>
    </div>
  );
}

/** The Identities view. */
export function IdentitiesView() {
  const status = useAppStore((s) => s.status);
  const ticketsBusy = useAppStore(selectTicketsBusy);
  const busy = useAppStore(selectBusy);
  const statusBusy = useAppStore((s) => s.statusBusy);
  const failure = useAppStore((s) => s.ticketsFailure);
  const warnMs = useAppStore((s) => warningWindowMs(s.settings));
  const { switchPrimary, renew, destroy, destroyAll, refreshStatus, openLogin } = useActions();
  const ticked = useNow((n) => tickInterval(status?.caches ?? [], n, warnMs));
  // A snapshot newer than the last tick is the better "now" (it may already say expired).
  const now = Math.max(ticked, (status && Date.parse(status.takenAt)) || 0);
  const [confirmAll, setConfirmAll] = useState(false);
  const shownFailure = failure && failure.action !== 'login' ? failure : null;

  return (
    <>
      <p className="progress-line" role="status" aria-live="polite">
        {busyText({ ticketsBusy, statusBusy, status })}
      </p>
      {shownFailure && (
        <ProblemMessage problem={shownFailure.problem}>
          <NextSteps problem={shownFailure.problem} principal={shownFailure.principal} />
        </ProblemMessage>
      )}
      {status && <CollectionLine status={status} />}
      {status && status.caches.length === 0 && <EmptyState />}
      {status && status.caches.length > 0 && (
        <ul className="cards">
          {status.caches.map((cache) => (
            <li key={cache.cache}>
              <IdentityCard
                cache={cache}
                switchable={status.collection.switchable}
                now={now}
                warnMs={warnMs}
                disabled={busy}
                onMakePrimary={(p) => void switchPrimary(p)}
                onRenew={(p) => void renew(p)}
                onDestroy={(p) => void destroy(p)}
                onLogIn={(p) => openLogin(prefillForPrincipal(p))}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="actions view-actions">
        <button type="button" onClick={() => void refreshStatus()} disabled={statusBusy}>
          {t('action.refresh')}
        </button>
        {status && status.caches.length > 1 && (
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirmAll(true)}>
            {t('action.destroyAll')}
          </button>
        )}
      </div>
      {confirmAll && (
        <ConfirmDialog
          title={t('confirm.destroyAll.title')}
          body={t('confirm.destroyAll.body')}
          confirmLabel={t('confirm.destroyAll.confirm')}
          onCancel={() => setConfirmAll(false)}
          onConfirm={() => {
            setConfirmAll(false);
            void destroyAll();
          }}
        />
      )}
    </>
  );
}
