/**
 * One credential cache as a card: who, which realm, whether it is primary, its state in words, the
 * time left (words and a bar), how long it can be renewed, its flags, its tickets on request, and
 * the actions on it.
 */
import { useId, useState } from 'react';
import type { CacheInfo, CacheState } from '../../../../shared/krb';
import { type TextKey, t } from '../../i18n';
import { lifetime, mainTicket, stateAt } from '../../lib/tickets';
import { ConfirmDialog } from '../common/confirm-dialog';
import { Icon, type IconName } from '../common/icon';
import { flagWords } from './flag-words';
import { TicketTable } from './ticket-table';

const STATE: Readonly<Record<CacheState, { readonly word: TextKey; readonly icon: IconName }>> = {
  valid: { word: 'state.valid', icon: 'ok' },
  expiring: { word: 'state.expiring', icon: 'warning' },
  expired: { word: 'state.expired', icon: 'error' },
  empty: { word: 'state.empty', icon: 'empty' },
};

/** One cache and what the card's buttons do with it. */
export interface IdentityCardProps {
  readonly cache: CacheInfo;
  /** Whether the collection has a primary to switch (not for FILE). */
  readonly switchable: boolean;
  readonly now: number;
  /** Left of a ticket's life below which it counts as expiring (the settings' warning window). */
  readonly warnMs: number;
  /** Another operation is running: the actions wait. */
  readonly disabled: boolean;
  readonly onMakePrimary: (principal: string) => void;
  readonly onRenew: (principal: string) => void;
  readonly onDestroy: (principal: string) => void;
  readonly onLogIn: (principal: string) => void;
}

function TimeLeft({
  cache,
  now,
  warnMs,
}: {
  readonly cache: CacheInfo;
  readonly now: number;
  readonly warnMs: number;
}) {
  const life = lifetime(cache, now);
  const expires = cache.expires ?? mainTicket(cache)?.expires ?? null;
  if (!life || !expires || cache.state === 'empty') return null;
  const left = Date.parse(expires) - now;
  const low = Math.min(warnMs, life.total);
  return (
    <div className="time-left">
      <p>
        {left > 0
          ? t('identity.timeLeftLine', t('format.duration', left), t('format.dateTime', expires))
          : t('identity.expiredLine', t('format.duration', -left), t('format.dateTime', expires))}
      </p>
      <meter
        min={0}
        max={life.total || 1}
        value={life.left}
        low={low}
        high={Math.min(2 * low, life.total)}
        optimum={life.total}
        aria-label={t('identity.timeLeftLabel')}
      >
        {t('identity.timeLeft', t('format.duration', life.left))}
      </meter>
    </div>
  );
}

function renewLine(cache: CacheInfo, now: number): string {
  if (!cache.renewUntil) return t('identity.notRenewable');
  const left = Date.parse(cache.renewUntil) - now;
  if (left <= 0) return t('identity.renewOver', t('format.dateTime', cache.renewUntil));
  return t('identity.renewUntil', t('format.dateTime', cache.renewUntil), t('format.duration', left));
}

/** The card of one cache. */
export function IdentityCard({ cache, switchable, now, warnMs, disabled, ...on }: IdentityCardProps) {
  const headingId = useId();
  const ticketsId = useId();
  const [expanded, setExpanded] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { principal } = cache;
  // The state now, not when the snapshot was taken: a ticket expires without any file changing.
  const current = stateAt(cache, now, warnMs);
  const state = STATE[current];
  const renewable = cache.renewUntil !== null && Date.parse(cache.renewUntil) > now && current !== 'expired';
  const flags = mainTicket(cache)?.flags ?? [];

  return (
    <article className={`identity state-${current}${cache.primary ? ' is-primary' : ''}`} aria-labelledby={headingId}>
      <header>
        <h3 id={headingId}>{principal ?? t('identity.uninitialised')}</h3>
        {cache.realm && (
          <span className="badge">
            <span className="visually-hidden">{t('identity.realmLabel')} </span>
            {cache.realm}
          </span>
        )}
        {cache.primary && (
          <span className="primary-marker">
            <Icon name="primary" /> {t('identity.primary')}
          </span>
        )}
      </header>
      <p className={`state state-${current}`}>
        <Icon name={state.icon} /> <span className="visually-hidden">{t('identity.stateLabel')} </span>
        {t(state.word)}
      </p>
      <TimeLeft cache={cache} now={now} warnMs={warnMs} />
      {cache.state !== 'empty' && <p>{renewLine(cache, now)}</p>}
      {flags.length > 0 && <p>{t('identity.flags', flagWords(flags))}</p>}
      {cache.tickets.length > 0 && (
        <button
          type="button"
          className="link"
          aria-expanded={expanded}
          aria-controls={ticketsId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('identity.hideTickets', cache.tickets.length) : t('identity.showTickets', cache.tickets.length)}
        </button>
      )}
      {expanded && <TicketTable cache={cache} id={ticketsId} />}
      {principal && (
        <div className="actions">
          {switchable && !cache.primary && (
            <button
              type="button"
              disabled={disabled}
              aria-label={t('action.makePrimaryFor', principal)}
              onClick={() => on.onMakePrimary(principal)}
            >
              {t('action.makePrimary')}
            </button>
          )}
          {renewable ? (
            <button
              type="button"
              disabled={disabled}
              aria-label={t('action.renewFor', principal)}
              onClick={() => on.onRenew(principal)}
            >
              {t('action.renew')}
            </button>
          ) : (
            <button
              type="button"
              disabled={disabled}
              aria-label={t('action.logInAgainFor', principal)}
              onClick={() => on.onLogIn(principal)}
            >
              {t('action.logInAgain')}
            </button>
          )}
          <button
            type="button"
            className="danger"
            disabled={disabled}
            aria-label={t('action.destroyFor', principal)}
            onClick={() => setConfirming(true)}
          >
            {t('action.destroy')}
          </button>
        </div>
      )}
      {confirming && principal && (
        <ConfirmDialog
          title={t('confirm.destroy.title', principal)}
          body={t('confirm.destroy.body')}
          confirmLabel={t('confirm.destroy.confirm')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            on.onDestroy(principal);
          }}
        />
      )}
    </article>
  );
}
