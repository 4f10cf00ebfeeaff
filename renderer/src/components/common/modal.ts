/** What the modal dialogs share: opening as a modal, giving focus back, keeping Tab inside. */
import { type KeyboardEvent, type RefObject, useEffect } from 'react';

/**
 * Opens the dialog as a modal when it mounts (Chromium makes the rest of the page inert; where
 * showModal is missing, as in jsdom, it opens plainly), and gives focus back to what had it when
 * the dialog unmounts.
 */
export function useModal(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [ref]);
}

/**
 * Keeps Tab inside a modal dialog by wrapping from its last control to its first and back (jsdom
 * and older engines have no inert page behind a modal). Call it from the dialog's onKeyDown.
 */
export function trapTab(dialog: HTMLElement | null, event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = [...(dialog?.querySelectorAll<HTMLElement>('input, select, button, a[href]') ?? [])];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}
