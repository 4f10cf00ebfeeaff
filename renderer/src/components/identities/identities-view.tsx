/**
 * The Identities view: the collection, a card per cache (compact rows with a filter when there are
 * many), and the empty state that leads to logging in. Focus never falls to the page body after an
 * action: see use-focus-after.ts.
 */
import { useId, useRef, useState } from 'react';
import { FEDORA_REALM, type CacheInfo, type KrbStatus } from '../../../../shared/krb';
import { DEFAULT_SETTINGS, earliestWarningMinutes, type Settings } from '../../../../shared/settings';
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
import { TextField } from '../common/text-field';
import { CollectionLine } from './collection-line';
import { IdentityBanner } from './identity-banner';
import { IdentityCard } from './identity-card';
import { COMPACT_ABOVE, displayOrder, matching } from './identity-order';
import { type FocusAfter, useFocusAfter } from './use-focus-after';

/** How long before expiry a ticket counts as expiring: from the settings' earliest warning on. */
export function warningWindowMs(settings: Settings | null): number {
  return earliestWarningMinutes(settings ?? DEFAULT_SETTINGS) * 60_000;
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

/** The filter over a long list, with how many identities it shows (announced as it changes). */
function IdentityFilter({
  query,
  onQuery,
  shown,
  total,
}: {
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly shown: number;
  readonly total: number;
}) {
  return (
    <div className="identity-filter">
      <TextField
        label={t('identities.filter')}
        hint={t('identities.filterHint')}
        type="search"
        value={query}
        onValue={onQuery}
        autoComplete="off"
        spellCheck={false}
      />
      <p className="hint" role="status">
        {shown === 0 ? t('identities.filterNone', query.trim()) : t('identities.filterCount', shown, total)}
      </p>
    </div>
  );
}

/** What the list needs besides the caches: the clock, the warning window and the actions. */
interface CardListProps {
  readonly caches: readonly CacheInfo[];
  readonly status: KrbStatus;
  readonly now: number;
  readonly warnMs: number;
  readonly busy: boolean;
  readonly compact: boolean;
  readonly act: (run: () => Promise<boolean>, after: FocusAfter) => void;
}

function CardList({ caches, status, now, warnMs, busy, compact, act }: CardListProps) {
  const { switchPrimary, renew, destroy, openLogin, openExternalUrl } = useActions();
  const copr = useAppStore((s) => s.diagnosis?.copr ?? null);
  return (
    <ul className={compact ? 'cards compact' : 'cards'} aria-label={t('identities.listLabel')}>
      {caches.map((cache, index) => (
        <li key={cache.cache}>
          <IdentityCard
            cache={cache}
            switchable={status.collection.switchable}
            now={now}
            warnMs={warnMs}
            disabled={busy}
            compact={compact}
            pinnedFor={copr && cache.principal !== null && copr.pinned === cache.principal ? copr.host : null}
            onMakePrimary={(p) => act(() => switchPrimary(p), { kind: 'card-action', principal: p })}
            onRenew={(p) => act(() => renew(p), { kind: 'card-action', principal: p })}
            onDestroy={(p) => act(() => destroy(p), { kind: 'card-at', index })}
            onLogIn={(p) => openLogin(prefillForPrincipal(p))}
            onOpenExternal={(url) => void openExternalUrl(url)}
          />
        </li>
      ))}
    </ul>
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
  // The realm Copr's login needs, once the Copr overview has been read; Fedora's until then.
  const coprRealm = useAppStore((s) => s.diagnosis?.copr?.realm ?? s.overview?.identity?.realm ?? FEDORA_REALM);
  const { destroyAll, refreshStatus } = useActions();
  const ticked = useNow((n) => tickInterval(status?.caches ?? [], n, warnMs));
  // A snapshot newer than the last tick is the better "now" (it may already say expired).
  const now = Math.max(ticked, (status && Date.parse(status.takenAt)) || 0);
  const [confirmAll, setConfirmAll] = useState(false);
  const [query, setQuery] = useState('');
  const viewRef = useRef<HTMLDivElement>(null);
  const progressId = useId();
  const act = useFocusAfter(viewRef);
  const shownFailure = failure && failure.action !== 'login' ? failure : null;
  const caches = status ? displayOrder(status.caches, coprRealm) : [];
  const compact = caches.length > COMPACT_ABOVE;
  const shown = compact ? matching(caches, query) : caches;

  return (
    <div ref={viewRef} className="identities">
      {/* Always in the page, empty or not, so that screen readers announce what it starts saying. */}
      <p id={progressId} className="progress-line" role="status" aria-live="polite" tabIndex={-1}>
        {busyText({ ticketsBusy, statusBusy, status })}
      </p>
      {shownFailure && (
        <ProblemMessage problem={shownFailure.problem}>
          <NextSteps problem={shownFailure.problem} principal={shownFailure.principal} />
        </ProblemMessage>
      )}
      <IdentityBanner />
      {status && <CollectionLine status={status} />}
      {status && status.caches.length === 0 && <EmptyState />}
      {compact && <IdentityFilter query={query} onQuery={setQuery} shown={shown.length} total={caches.length} />}
      {status && shown.length > 0 && (
        <CardList caches={shown} status={status} now={now} warnMs={warnMs} busy={busy} compact={compact} act={act} />
      )}
      <div className="actions view-actions">
        <button
          type="button"
          aria-disabled={statusBusy || undefined}
          onClick={() => {
            if (!statusBusy) void refreshStatus();
          }}
        >
          {t('action.refresh')}
        </button>
        {status && status.caches.length > 1 && (
          <button
            type="button"
            className="danger"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) setConfirmAll(true);
            }}
          >
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
            act(destroyAll, { kind: 'card-at', index: 0 });
          }}
        />
      )}
    </div>
  );
}
