/**
 * The views as tabs (WAI-ARIA tabs pattern): one tab in the Tab order, arrow keys, Home and End move
 * between them and show the view at once.
 */
import { type KeyboardEvent, useRef } from 'react';
import { t } from '../i18n';
import type { View } from '../store';

/** The views in tab order, with their catalogue keys. */
export const VIEWS = [
  { view: 'identities', label: 'nav.identities' },
  { view: 'login', label: 'nav.login' },
  { view: 'copr', label: 'nav.copr' },
  { view: 'troubleshoot', label: 'nav.troubleshoot' },
  { view: 'activity', label: 'nav.activity' },
] as const satisfies readonly { view: View; label: string }[];

/** The id of a view's tab, for `aria-labelledby` on its panel. */
export const tabId = (view: View): string => `tab-${view}`;
/** The id of a view's panel, for `aria-controls` on its tab. */
export const panelId = (view: View): string => `panel-${view}`;

/** The tab bar at the top of the window. */
export function TabBar({ current, onSelect }: { readonly current: View; readonly onSelect: (view: View) => void }) {
  const refs = useRef(new Map<View, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = VIEWS.findIndex((v) => v.view === current);
    const last = VIEWS.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (target === null) return;
    event.preventDefault();
    const next = VIEWS[target]!.view;
    onSelect(next);
    refs.current.get(next)?.focus();
  }

  return (
    <div className="tab-bar" role="tablist" aria-label={t('nav.label')} onKeyDown={onKeyDown}>
      {VIEWS.map(({ view, label }) => (
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
        >
          {t(label)}
        </button>
      ))}
    </div>
  );
}
