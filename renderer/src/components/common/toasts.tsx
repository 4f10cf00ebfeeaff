/**
 * Short outcome messages ("Renewed …"), dismissed after a while or by hand. Errors are announced
 * at once (assertive) and stay until dismissed; the rest politely. The same message twice shows
 * once, with a count, rather than as a stack of copies. Both regions are always in the page, so
 * that screen readers announce what is added to them. The window keeps a strip for them below the
 * view (styles.css), so they never cover what they are about.
 */
import { useCallback, useEffect, useRef } from 'react';
import { t } from '../../i18n';
import type { Toast } from '../../store';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from './icon';

/** How long a toast stays (errors stay until dismissed). */
const TOAST_MS = 8_000;

/** Toasts with the same tone and words, shown as one. */
interface ToastGroup {
  readonly tone: Toast['tone'];
  readonly text: string;
  readonly ids: readonly number[];
}

/** Groups identical toasts, in the order of their latest copy. */
export function mergeToasts(toasts: readonly Toast[]): ToastGroup[] {
  const groups = new Map<string, ToastGroup>();
  for (const toast of toasts) {
    const key = `${toast.tone}\n${toast.text}`;
    const ids = [...(groups.get(key)?.ids ?? []), toast.id];
    groups.delete(key);
    groups.set(key, { tone: toast.tone, text: toast.text, ids });
  }
  return [...groups.values()];
}

function ToastItem({
  group,
  onDismiss,
}: {
  readonly group: ToastGroup;
  readonly onDismiss: (ids: readonly number[]) => void;
}) {
  const { tone, ids } = group;
  const latest = ids[ids.length - 1];
  // The timer follows the latest copy (a repeat starts the time again), not every re-render.
  const dismissAll = useRef(() => onDismiss(ids));
  useEffect(() => {
    dismissAll.current = () => onDismiss(ids);
  });
  useEffect(() => {
    if (tone === 'error') return undefined;
    const timer = setTimeout(() => dismissAll.current(), TOAST_MS);
    return () => clearTimeout(timer);
  }, [latest, tone]);
  const icon = tone === 'success' ? 'ok' : tone === 'error' ? 'error' : 'info';
  return (
    <li className={`toast toast-${tone}`}>
      <Icon name={icon} />
      <span className="toast-text">{group.text}</span>
      {ids.length > 1 && <span className="toast-count">{t('toast.count', ids.length)}</span>}
      <button type="button" className="link" onClick={() => onDismiss(ids)} aria-label={t('toast.dismiss', group.text)}>
        {t('toast.close')}
      </button>
    </li>
  );
}

/** The toasts: the error region first (read at once), then the others. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const { dismissToast } = useActions();
  const groups = mergeToasts(toasts);
  const dismiss = useCallback(
    (ids: readonly number[]) => {
      for (const id of ids) dismissToast(id);
    },
    [dismissToast],
  );
  const list = (errors: boolean) =>
    groups
      .filter((group) => (group.tone === 'error') === errors)
      .map((group) => <ToastItem key={`${group.tone}:${group.text}`} group={group} onDismiss={dismiss} />);
  return (
    <aside className="toasts" aria-label={t('toast.landmark')}>
      {/*
        Errors are read out at once (assertive, as role=alert would be). The region is a named log
        rather than an alert so that it can stay in the page while empty without every "is there
        an alert?" query of the views finding it.
      */}
      <div role="log" aria-live="assertive" aria-label={t('toast.errorRegion')}>
        <ul>{list(true)}</ul>
      </div>
      <div role="status" aria-live="polite" aria-label={t('toast.region')}>
        <ul>{list(false)}</ul>
      </div>
    </aside>
  );
}
