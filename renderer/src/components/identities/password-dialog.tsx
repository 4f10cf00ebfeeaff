/**
 * The password change of one identity, in a modal dialog: current password, new password, the new
 * one again. The passwords live only in this component (lib/use-secret.ts) and are cleared after
 * every attempt; the repeat is checked here, since kpasswd only ever gets the new password twice
 * from us. Focus: the first field on open, the field to correct or the result after an attempt,
 * and back on the button that opened it on close.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { PasswordChangeFailure } from '../../../../shared/krb';
import { passwordServerText } from '../../../../shared/password-messages';
import { t } from '../../i18n';
import { type SecretField, useSecret } from '../../lib/use-secret';
import type { PasswordChangeReply } from '../../store';
import { useActions } from '../../store/store-context';
import { trapTab, useModal } from '../common/modal';
import { describeProblem } from '../common/problem-message';
import { TextField } from '../common/text-field';

type Field = 'current' | 'new' | 'repeat';
const FIELDS: readonly Field[] = ['current', 'new', 'repeat'];
const FIELD_LABEL = { current: 'password.current', new: 'password.new', repeat: 'password.repeat' } as const;

/** What the last attempt came to: a field to correct, or a result to read. */
type Answer =
  | { readonly kind: 'field'; readonly field: Field; readonly message: string; readonly serverText: string | null }
  | { readonly kind: 'changed'; readonly principal: string }
  | { readonly kind: 'failed'; readonly message: string; readonly serverText: string | null; readonly url?: string };

/** The field a failure is about, when the user can put it right there. */
function fieldOf(failure: PasswordChangeFailure): Field | null {
  switch (failure.kind) {
    case 'wrong-old-password':
    case 'wrong-password':
      return 'current';
    case 'password-too-short':
    case 'password-too-simple':
    case 'password-reused':
    case 'password-rejected':
      return 'new';
    case 'invalid-input':
      return failure.field === 'old-password' ? 'current' : failure.field === 'new-password' ? 'new' : null;
    default:
      return null;
  }
}

/** Main's answer as what the dialog shows. */
export function answerOf(reply: PasswordChangeReply): Answer {
  if (!reply.ok)
    return { kind: 'failed', message: describeProblem({ source: 'call', failure: reply.failure }), serverText: null };
  if (reply.value.ok) return { kind: 'changed', principal: reply.value.value.principal };
  const failure = reply.value.error;
  const message = t('failure.password', failure);
  const serverText = passwordServerText(failure);
  const field = fieldOf(failure);
  if (field) return { kind: 'field', field, message, serverText };
  return { kind: 'failed', message, serverText, ...(failure.kind === 'fedora-account' ? { url: failure.url } : {}) };
}

/** The mistakes the form can see before anything is sent. */
function formProblem(current: string, next: string, repeat: string): Answer | null {
  const problem = (field: Field, message: string): Answer => ({ kind: 'field', field, message, serverText: null });
  if (current === '') return problem('current', t('password.emptyCurrent'));
  if (next === '') return problem('new', t('password.emptyNew'));
  if (next !== repeat) return problem('repeat', t('password.mismatch'));
  return null;
}

/**
 * The form's state: the three secrets, the last answer, and where focus goes after each attempt.
 * Every attempt that reaches main clears all three fields first.
 */
function usePasswordForm(principal: string) {
  const { changePassword } = useActions();
  const fields: Record<Field, SecretField> = { current: useSecret(), new: useSecret(), repeat: useSecret() };
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const resultRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  // Bumped after every attempt, so focus moves even when the answer is the same as last time.
  const [attempts, setAttempts] = useState(0);

  useEffect(() => {
    if (answer?.kind === 'field') inputs.current[answer.field]?.focus();
    else if (answer) resultRef.current?.focus();
    else inputs.current.current?.focus();
  }, [answer, attempts]);

  function answered(next: Answer) {
    setAnswer(next);
    setAttempts((n) => n + 1);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local = formProblem(fields.current.value, fields.new.value, fields.repeat.value);
    if (local) {
      // Only the repeat is cleared for a mismatch: the other two were typed as meant.
      if (local.kind === 'field' && local.field === 'repeat') fields.repeat.clear();
      return answered(local);
    }
    const request = { principal, oldPassword: fields.current.value, newPassword: fields.new.value };
    for (const field of Object.values(fields)) field.clear();
    setBusy(true);
    const reply = await changePassword(request);
    setBusy(false);
    answered(answerOf(reply));
  }

  return { fields, inputs, resultRef, busy, answer, submit };
}

type PasswordForm = ReturnType<typeof usePasswordForm>;

/** The three password fields; the one the last answer is about carries its message (and the server's words). */
function PasswordFields({ form }: { readonly form: PasswordForm }) {
  const { fields, inputs, answer } = form;
  const about = (field: Field) => (answer?.kind === 'field' && answer.field === field ? answer : null);
  return FIELDS.map((field) => {
    const serverText = about(field)?.serverText;
    return (
      <TextField
        key={field}
        label={t(FIELD_LABEL[field])}
        type="password"
        autoComplete={field === 'current' ? 'current-password' : 'new-password'}
        value={fields[field].value}
        onValue={fields[field].set}
        error={about(field)?.message ?? null}
        hint={serverText ? t('password.serverSaid', serverText) : undefined}
        inputRef={(element) => {
          inputs.current[field] = element;
          fields[field].ref(element);
        }}
      />
    );
  });
}

/** The outcome no field can fix (or the success), focusable so that focus can be put on it. */
function PasswordResult({ form }: { readonly form: PasswordForm }) {
  const { openExternalUrl } = useActions();
  const { answer, resultRef } = form;
  if (!answer || answer.kind === 'field') return null;
  const changed = answer.kind === 'changed';
  return (
    <div ref={resultRef} tabIndex={-1} className="focus-target" role={changed ? 'status' : 'alert'}>
      <p>{changed ? t('password.changed', answer.principal) : answer.message}</p>
      {!changed && answer.serverText && <p>{t('password.serverSaid', answer.serverText)}</p>}
      {!changed && answer.url && (
        <button type="button" className="link" onClick={() => void openExternalUrl(answer.url!)}>
          {t('password.fedoraLink')}
        </button>
      )}
    </div>
  );
}

/** Render it only while open; unmounting closes it. */
export function PasswordDialog({ principal, onClose }: { readonly principal: string; readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useModal(ref);
  const form = usePasswordForm(principal);
  const changed = form.answer?.kind === 'changed';
  return (
    <dialog
      ref={ref}
      className="password-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        trapTab(ref.current, event);
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{t('password.title', principal)}</h2>
      {changed ? (
        <>
          <PasswordResult form={form} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t('password.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(event) => void form.submit(event)} noValidate>
          <p>{t('password.intro')}</p>
          <PasswordFields form={form} />
          <p role="status" className="busy-line">
            {form.busy ? t('password.busy') : ''}
          </p>
          <PasswordResult form={form} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t('password.cancel')}
            </button>
            <button type="submit" className="primary" aria-disabled={form.busy || undefined}>
              {t('password.submit')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
