import type { KeyboardEvent } from 'react';

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
