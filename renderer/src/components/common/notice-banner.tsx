/** Why the window opened as a normal one: no tray icon on this desktop, or the first run. */
import { t } from '../../i18n';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from './icon';

/** The banner under the tab bar, until dismissed. */
export function NoticeBanner() {
  const notice = useAppStore((s) => s.notice);
  const { dismissNotice } = useActions();
  if (!notice) return null;
  return (
    <div className="notice" role="note">
      <p>
        <Icon name="info" /> {notice === 'no-tray' ? t('notice.noTray') : t('notice.firstRun')}
      </p>
      <button type="button" className="link" onClick={dismissNotice}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
