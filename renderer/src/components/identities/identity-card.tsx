/**
 * One credential cache as a card: who, which realm, whether it is primary, its state in words, the
 * time left (words and a bar), how long it can be renewed, its flags, its tickets on request, and
 * the actions on it. With many identities it starts as a compact row (who, state, time left) that
 * opens into the rest.
 */
import { type ReactNode, useId, useState } from 'react';
import { type CacheInfo, type CacheState, FEDORA_ACCOUNTS_URL, FEDORA_REALM } from '../../../../shared/krb';
import { realmOf } from '../../../../shared/principal';
import { type TextKey, t } from '../../i18n';
import { lifetime, mainTicket, stateAt } from '../../lib/tickets';
import { ConfirmDialog } from '../common/confirm-dialog';
import { Icon, type IconName } from '../common/icon';
import { flagWords } from './flag-words';
import { PasswordDialog } from './password-dialog';
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
  /** A row that opens into the details (for long lists), rather than the whole card. */
  readonly compact?: boolean;
  /** The Copr host `~/.k5identity` pins this identity for, if any. */
  readonly pinnedFor?: string | null;
  readonly onMakePrimary: (principal: string) => void;
  readonly onRenew: (principal: string) => void;
  readonly onDestroy: (principal: string) => void;
  readonly onLogIn: (principal: string) => void;
  /** Opens a web page in the browser (Fedora Accounts, where a Fedora password is changed). */
  readonly onOpenExternal: (url: string) => void;
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

/**
 * A card's button. While another operation runs it is marked unavailable (aria-disabled) rather
 * than disabled: a disabled button loses keyboard focus, which would drop it to the page body in
 * the middle of the action the user just started.
 */
function CardAction({
  label,
  name,
  unavailable,
  danger = false,
  onPress,
}: {
  readonly label: string;
  readonly name: string;
  readonly unavailable: boolean;
  readonly danger?: boolean;
  readonly onPress: () => void;
}) {
  return (
    <button
      type="button"
      className={danger ? 'danger' : undefined}
      aria-disabled={unavailable || undefined}
      aria-label={name}
      onClick={() => {
        if (!unavailable) onPress();
      }}
    >
      {label}
    </button>
  );
}

/** The buttons of a cache with a principal: Make primary, Renew (or Log in again), Destroy. */
function CardActions({
  principal,
  showMakePrimary,
  renewable,
  disabled,
  on,
  onAskDestroy,
  onChangePassword,
}: {
  readonly principal: string;
  readonly showMakePrimary: boolean;
  readonly renewable: boolean;
  readonly disabled: boolean;
  readonly on: Pick<IdentityCardProps, 'onMakePrimary' | 'onRenew' | 'onLogIn' | 'onOpenExternal'>;
  readonly onAskDestroy: () => void;
  readonly onChangePassword: () => void;
}) {
  return (
    <div className="actions">
      {showMakePrimary && (
        <CardAction
          label={t('action.makePrimary')}
          name={t('action.makePrimaryFor', principal)}
          unavailable={disabled}
          onPress={() => on.onMakePrimary(principal)}
        />
      )}
      {/* One button that turns from Renew into Log in again (the same element, so focus stays on it). */}
      <CardAction
        label={renewable ? t('action.renew') : t('action.logInAgain')}
        name={renewable ? t('action.renewFor', principal) : t('action.logInAgainFor', principal)}
        unavailable={disabled}
        onPress={() => (renewable ? on.onRenew(principal) : on.onLogIn(principal))}
      />
      <CardAction
        label={t('action.destroy')}
        name={t('action.destroyFor', principal)}
        unavailable={disabled}
        danger
        onPress={onAskDestroy}
      />
      <PasswordAction principal={principal} onOpenExternal={on.onOpenExternal} onChangePassword={onChangePassword} />
    </div>
  );
}

/**
 * "Change password…" opens the dialog; a Fedora account has no kpasswd service, so there it is a
 * link to Fedora Accounts, opened in the browser through main's allow-list.
 */
function PasswordAction({
  principal,
  onOpenExternal,
  onChangePassword,
}: {
  readonly principal: string;
  readonly onOpenExternal: (url: string) => void;
  readonly onChangePassword: () => void;
}) {
  if (realmOf(principal) === FEDORA_REALM) {
    return (
      <a
        className="link"
        href={FEDORA_ACCOUNTS_URL}
        aria-label={t('action.changePasswordFedoraFor', principal)}
        onClick={(event) => {
          event.preventDefault();
          onOpenExternal(FEDORA_ACCOUNTS_URL);
        }}
      >
        {t('action.changePasswordFedora')}
      </a>
    );
  }
  return (
    <button type="button" aria-label={t('action.changePasswordFor', principal)} onClick={onChangePassword}>
      {t('action.changePassword')}
    </button>
  );
}

/** The ticket table behind its toggle, whose name says whose tickets they are. */
function TicketsToggle({ cache }: { readonly cache: CacheInfo }) {
  const ticketsId = useId();
  const [expanded, setExpanded] = useState(false);
  if (cache.tickets.length === 0) return null;
  const whose = cache.principal ?? t('identity.uninitialised');
  const n = cache.tickets.length;
  return (
    <>
      <button
        type="button"
        className="link"
        aria-expanded={expanded}
        aria-controls={ticketsId}
        aria-label={expanded ? t('identity.hideTicketsOf', n, whose) : t('identity.showTicketsOf', n, whose)}
        onClick={() => setExpanded(!expanded)}
      >
        {expanded ? t('identity.hideTickets', n) : t('identity.showTickets', n)}
      </button>
      {expanded && <TicketTable cache={cache} id={ticketsId} />}
    </>
  );
}

/** The time left in a few words, for a compact row: "8h 59m left", or nothing once it is over. */
function shortTimeLeft(cache: CacheInfo, now: number): string {
  const expires = cache.expires ?? mainTicket(cache)?.expires ?? null;
  const left = expires ? Date.parse(expires) - now : Number.NaN;
  return left > 0 ? t('identity.timeLeft', t('format.duration', left)) : '';
}

/** The state line: an icon and the state in words, named for screen readers. */
function StateLine({ current, extra }: { readonly current: CacheState; readonly extra?: string }) {
  const state = STATE[current];
  return (
    <p className={`state state-${current}`}>
      <Icon name={state.icon} /> <span className="visually-hidden">{t('identity.stateLabel')} </span>
      {t(state.word)}
      {extra ? (
        <span className="state-extra">
          {t('identity.summarySeparator')}
          {extra}
        </span>
      ) : null}
    </p>
  );
}

/** A compact row's toggle and, once opened, the details it controls. */
function Disclosure({ principal, children }: { readonly principal: string; readonly children: ReactNode }) {
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link details-toggle"
        aria-expanded={open}
        aria-controls={detailsId}
        aria-label={open ? t('identity.hideDetailsOf', principal) : t('identity.showDetailsOf', principal)}
        onClick={() => setOpen(!open)}
      >
        {open ? t('identity.hideDetails') : t('identity.showDetails')}
      </button>
      <div id={detailsId} className="details" hidden={!open}>
        {open && children}
      </div>
    </>
  );
}

/** The card of one cache. */
export function IdentityCard({
  cache,
  switchable,
  now,
  warnMs,
  disabled,
  compact = false,
  pinnedFor = null,
  ...on
}: IdentityCardProps) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const { principal } = cache;
  // The state now, not when the snapshot was taken: a ticket expires without any file changing.
  const current = stateAt(cache, now, warnMs);
  // An expired ticket can still be renewed until its renew-until time (MIT's KDC allows it).
  const renewable = cache.renewUntil !== null && Date.parse(cache.renewUntil) > now;
  const flags = mainTicket(cache)?.flags ?? [];
  const name = principal ?? t('identity.uninitialised');

  const details = (
    <>
      {compact ? null : <StateLine current={current} />}
      <TimeLeft cache={cache} now={now} warnMs={warnMs} />
      {cache.state !== 'empty' && <p>{renewLine(cache, now)}</p>}
      {flags.length > 0 && <p>{t('identity.flags', flagWords(flags))}</p>}
      <TicketsToggle cache={cache} />
      {principal && (
        <CardActions
          principal={principal}
          showMakePrimary={switchable && !cache.primary}
          renewable={renewable}
          disabled={disabled}
          on={on}
          onAskDestroy={() => setConfirming(true)}
          onChangePassword={() => setChangingPassword(true)}
        />
      )}
    </>
  );

  return (
    <article
      className={`identity state-${current}${cache.primary ? ' is-primary' : ''}${compact ? ' compact' : ''}`}
      aria-labelledby={headingId}
      data-principal={principal ?? undefined}
    >
      <header>
        {/* Focusable by script only: where focus lands when the card it was on goes away. */}
        <h3 id={headingId} tabIndex={-1}>
          {name}
        </h3>
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
        {pinnedFor && <span className="pin-marker">{t('identity.pinnedFor', pinnedFor)}</span>}
      </header>
      {compact ? (
        <>
          <StateLine current={current} extra={shortTimeLeft(cache, now)} />
          <Disclosure principal={name}>{details}</Disclosure>
        </>
      ) : (
        details
      )}
      {changingPassword && principal && (
        <PasswordDialog principal={principal} onClose={() => setChangingPassword(false)} />
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
