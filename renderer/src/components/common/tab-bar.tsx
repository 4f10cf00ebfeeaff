/**
 * The views as tabs (WAI-ARIA tabs pattern): one tab in the Tab order, arrow keys, Home and End move
 * between them and show the view at once. The five main views fill the window's width, so Settings
 * is a compact last tab: a gear, its name hidden from view but not from screen readers (and shown
 * as a tooltip).
 */
import { type KeyboardEvent, useRef } from 'react';
import { type TextKey, t } from '../../i18n';
import type { View } from '../../store';
import { selectProblemCount } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';
import { Icon, type IconName } from './icon';

/** The views in tab order, with their catalogue keys; a view with an icon shows only the icon. */
export const VIEWS = [
  { view: 'identities', label: 'nav.identities' },
  { view: 'login', label: 'nav.login' },
  { view: 'copr', label: 'nav.copr' },
  { view: 'troubleshoot', label: 'nav.troubleshoot' },
  { view: 'activity', label: 'nav.activity' },
  { view: 'settings', label: 'nav.settings', icon: 'settings' },
] as const satisfies readonly { view: View; label: TextKey; icon?: IconName }[];

/** One view's entry in {@link VIEWS}. */
type ViewEntry = (typeof VIEWS)[number];
const iconOf = (entry: ViewEntry): IconName | null => ('icon' in entry ? entry.icon : null);

/** The id of a view's tab, for `aria-labelledby` on its panel. */
export const tabId = (view: View): string => `tab-${view}`;
/** The id of a view's panel, for `aria-controls` on its tab. */
export const panelId = (view: View): string => `panel-${view}`;

/** The number of problems the diagnosis found, on the Troubleshoot tab; its words are part of the tab's name. */
function ProblemBadge() {
  const count = useAppStore(selectProblemCount);
  if (count === 0) return null;
  return (
    <>
      <span className="tab-badge" aria-hidden="true">
        {t('nav.problemCount', count)}
      </span>
      <span className="visually-hidden">{t('nav.problems', count)}</span>
    </>
  );
}

/** The tab bar at the top of the window. */
export function TabBar({ current, onSelect }: { readonly current: View; readonly onSelect: (view: View) => void }) {
  const refs = useRef(new Map<View, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = VIEWS.findIndex((v) => v.view === current);
    const last = VIEWS.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    const next = VIEWS[target]!.view;
    onSelect(next);
    refs.current.get(next)?.focus();
  }

  return (
    <div className="tab-bar" role="tablist" aria-label={t('nav.label')} onKeyDown={onKeyDown}>
      {VIEWS.map((entry) => {
        const { view, label } = entry;
        const icon = iconOf(entry);
        return (
          <button
            key={view}
            ref={(el) => {
              if (el) refs.current.set(view, el);
              else refs.current.delete(view);
            }}
            type="button"
            role="tab"
            id={tabId(view)}
            aria-selected={view === current}
            aria-controls={panelId(view)}
            tabIndex={view === current ? 0 : -1}
            onClick={() => onSelect(view)}
            {...(icon ? { className: 'icon-tab', title: t(label) } : {})}
          >
            {icon ? (
              <>
                <Icon name={icon} />
                <span className="visually-hidden">{t(label)}</span>
              </>
            ) : (
              <>
                {t(label)}
                {view === 'troubleshoot' && <ProblemBadge />}
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}
