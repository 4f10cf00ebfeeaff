/**
 * An accessible confirmation: a modal alert dialog that takes focus (on Cancel, the safe choice),
 * closes on Escape, keeps Tab inside, and gives focus back to where it was.
 */
import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { t } from '../../i18n';
import { trapTab, useModal } from './modal';

/** What the dialog asks, and what happens on each answer. */
export interface ConfirmDialogProps {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Render it only while asking; unmounting closes it. */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useModal(ref);
  // After useModal's effect, so the dialog is open when Cancel, the safe choice, takes focus.
  useEffect(() => cancelRef.current?.focus(), []);

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else {
      trapTab(ref.current, event);
    }
  }

  return (
    <dialog
      ref={ref}
      className="confirm"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <p id={bodyId}>{body}</p>
      <div className="actions">
        <button type="button" ref={cancelRef} onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
