/**
 * Each view keeps its own scroll position: leaving Identities scrolled halfway and opening
 * Activity shows Activity from its top, and coming back shows Identities where it was left.
 * (With one scrolling area for all views, the next view would open at the last one's position.)
 */
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';

/** Remembers `scroller`'s position per `view`, and restores it (else the top) when `view` changes. */
export function useScrollPerView<V>(scroller: RefObject<HTMLElement | null>, view: V): void {
  const positions = useRef(new Map<V, number>());
  const shown = useRef(view);

  // Before paint, so the new view never flashes at the old one's position.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || shown.current === view) return;
    shown.current = view;
    element.scrollTop = positions.current.get(view) ?? 0;
  }, [scroller, view]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    const record = () => positions.current.set(shown.current, element.scrollTop);
    element.addEventListener('scroll', record, { passive: true });
    return () => element.removeEventListener('scroll', record);
  }, [scroller]);
}
