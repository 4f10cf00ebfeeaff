/** The Activity view: what happened to the tickets and checks, newest first. */
import type { ActivityKind } from '../../../../shared/contract';
import { type TextKey, t } from '../../i18n';
import { useAppStore } from '../../store/store-context';
import { Icon, type IconName } from '../common/icon';

type KindLook = { readonly word: TextKey; readonly icon: IconName };

/** For kinds added to the contract after this view was written. */
const OTHER: KindLook = { word: 'activity.kind.other', icon: 'info' };

const KIND: Readonly<Record<ActivityKind, KindLook>> = {
  obtained: { word: 'activity.kind.obtained', icon: 'ok' },
  renewed: { word: 'activity.kind.renewed', icon: 'ok' },
  'renew-failed': { word: 'activity.kind.renewFailed', icon: 'error' },
  expiring: { word: 'activity.kind.expiring', icon: 'warning' },
  expired: { word: 'activity.kind.expired', icon: 'error' },
  switched: { word: 'activity.kind.switched', icon: 'primary' },
  destroyed: { word: 'activity.kind.destroyed', icon: 'empty' },
  'copr-check': { word: 'activity.kind.coprCheck', icon: 'info' },
  'fix-applied': { word: 'activity.kind.fixApplied', icon: 'ok' },
  'password-changed': { word: 'activity.kind.passwordChanged', icon: 'ok' },
};

/** The Activity view. */
export function ActivityView() {
  const events = useAppStore((s) => s.events);
  if (events.length === 0) return <p className="empty">{t('activity.empty')}</p>;
  return (
    <ol className="activity" aria-label={t('activity.listLabel')}>
      {events.map((event, i) => {
        const kind: KindLook = KIND[event.kind] ?? OTHER;
        return (
          <li key={`${event.at}-${i}`}>
            <time dateTime={event.at}>{t('format.dateTime', event.at)}</time>
            <span className="kind">
              <Icon name={kind.icon} /> {t(kind.word)}
            </span>
            <span className="message">{event.message}</span>
          </li>
        );
      })}
    </ol>
  );
}
