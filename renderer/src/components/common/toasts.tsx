/** Short outcome messages ("Renewed …"), announced politely and dismissed after a while or by hand. */
import { useEffect } from 'react';
import { t } from '../../i18n';
import type { Toast } from '../../store';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from './icon';

/** How long a toast stays (errors stay until dismissed). */
const TOAST_MS = 8_000;

function ToastItem({ toast, onDismiss }: { readonly toast: Toast; readonly onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone === 'error') return undefined;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  const icon = toast.tone === 'success' ? 'ok' : toast.tone === 'error' ? 'error' : 'info';
  return (
    <li className={`toast toast-${toast.tone}`}>
      <Icon name={icon} />
      <span>{toast.text}</span>
      <button
        type="button"
        className="link"
        onClick={() => onDismiss(toast.id)}
        aria-label={t('toast.dismiss', toast.text)}
      >
        {t('toast.close')}
      </button>
    </li>
  );
}

/** The toast list; the region exists from the start so screen readers announce what is added. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const { dismissToast: dismiss } = useActions();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label={t('toast.region')}>
      <ul>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </ul>
    </div>
  );
}
