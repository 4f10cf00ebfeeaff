/**
 * Form-local state for a password or one-time code (docs/decisions.md, "Secrets"): it lives only
 * in the component, is cleared on submit by the caller, and on unmount the inputs are emptied too,
 * so a detached DOM node kept alive elsewhere holds nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** A secret field's value, its setter, `clear()`, and the ref to put on its `<input>`. */
export interface SecretField {
  readonly value: string;
  readonly set: (value: string) => void;
  readonly clear: () => void;
  readonly ref: (element: HTMLInputElement | null) => void;
}

/** One secret field. */
export function useSecret(): SecretField {
  const [value, setValue] = useState('');
  const elements = useRef(new Set<HTMLInputElement>());
  const ref = useCallback((element: HTMLInputElement | null) => {
    if (element) elements.current.add(element);
  }, []);
  const clear = useCallback(() => {
    setValue('');
    for (const element of elements.current) element.value = '';
  }, []);
  useEffect(() => {
    const inputs = elements.current;
    return () => {
      for (const element of inputs) element.value = '';
      inputs.clear();
    };
  }, []);
  return { value, set: setValue, clear, ref };
}
