/**
 * Where keyboard focus goes after an action whose control went away or was disabled while main
 * worked: a button that is removed (Unpin once nothing is pinned) or disabled (Set gssapi = True
 * once it is set) drops focus to the page body, and a keyboard user starts again at the top.
 *
 * `land(run, target, from)` runs the action and, once its outcome is on screen, focuses `target()`
 * when focus was lost, or when it is still on `from` (the control that started it, for actions
 * whose result is the next thing to read, such as a check). A user who went elsewhere meanwhile is
 * not pulled back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Focus is nowhere useful: on the body, or on an element no longer in the page. */
export function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

interface Landing {
  readonly target: () => HTMLElement | null;
  readonly from: Element | null;
  readonly serial: number;
}

export type Land = (run: () => Promise<unknown>, target: () => HTMLElement | null, from?: Element | null) => void;

/** The `land` function of a view. */
export function useFocusLanding(): Land {
  const [landing, setLanding] = useState<Landing | null>(null);
  const serial = useRef(0);
  useEffect(() => {
    if (!landing) return;
    const active = document.activeElement;
    if (focusLost() || (landing.from !== null && active === landing.from)) landing.target()?.focus();
  }, [landing]);
  return useCallback((run, target, from = null) => {
    void run().then(() => setLanding({ target, from, serial: ++serial.current }));
  }, []);
}
