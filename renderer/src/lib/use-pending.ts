/**
 * A control's value while its change is being saved: a checkbox or radio button shows what was
 * chosen at once (instead of flicking back until main answers), and the stored value again once
 * the last change has been answered, saved or not.
 */
import { useRef, useState } from 'react';

/** The value to show, and `run(value, save)`, which shows `value` until `save()` settles. */
export function usePending<T>(stored: T): readonly [T, (value: T, save: () => Promise<unknown>) => Promise<void>] {
  const [pending, setPending] = useState<{ readonly value: T } | null>(null);
  const latest = useRef(0);
  async function run(value: T, save: () => Promise<unknown>): Promise<void> {
    const mine = ++latest.current;
    setPending({ value });
    try {
      await save();
    } finally {
      // An earlier change answered after a later one was made: keep showing the later one.
      if (latest.current === mine) setPending(null);
    }
  }
  return [pending ? pending.value : stored, run] as const;
}
