/** A labelled input with an optional hint and error, wired for screen readers. */
import { type InputHTMLAttributes, type Ref, useId } from 'react';

/** An `<input>`'s own attributes, plus its label, hint and error. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly hint?: string | undefined;
  /** The error about this field, if any: marks it invalid and reads it with the label. */
  readonly error?: string | null | undefined;
  readonly inputRef?: Ref<HTMLInputElement> | undefined;
}

/** `<TextField label="Password" type="password" value={…} onValue={…} />` */
export function TextField({ label, value, onValue, hint, error, inputRef, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
