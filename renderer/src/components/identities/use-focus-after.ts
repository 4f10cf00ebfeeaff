/**
 * Where keyboard focus goes when an action on the identities removed the control it was on: Make
 * primary removes its own button, Destroy its whole card. Left alone, focus would fall to the page
 * body and a keyboard user would start again from the top of the window.
 *
 * Focus is moved only when it was lost: a button that is still there keeps it (Renew, a failed
 * action), and a user who went elsewhere meanwhile is not pulled back.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** Where to land: the same card's first action, or the card now at a position of the list. */
export type FocusAfter =
  { readonly kind: 'card-action'; readonly principal: string } | { readonly kind: 'card-at'; readonly index: number };

/** Focus is nowhere useful: on the body, or on an element no longer in the page. */
function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

function cardHeading(card: Element | undefined): HTMLElement | null {
  return card?.querySelector<HTMLElement>('h3') ?? null;
}

/** The element to focus in `view` for `after`: the wanted control, else the nearest card, else the way to log in. */
function landing(view: HTMLElement, after: FocusAfter): HTMLElement | null {
  const cards = [...view.querySelectorAll<HTMLElement>('article.identity')];
  if (after.kind === 'card-action') {
    const card = cards.find((c) => c.dataset['principal'] === after.principal);
    const action = card?.querySelector<HTMLElement>('.actions button');
    if (action ?? card) return action ?? cardHeading(card);
  }
  const index = after.kind === 'card-at' ? after.index : 0;
  return (
    cardHeading(cards[Math.min(index, cards.length - 1)]) ??
    view.querySelector<HTMLElement>('.empty button') ??
    view.querySelector<HTMLElement>('.progress-line')
  );
}

/**
 * `act(run, after)`: runs an action, and once its outcome is on screen puts focus where `after`
 * says if the action took it away.
 */
export function useFocusAfter(
  viewRef: RefObject<HTMLElement | null>,
): (run: () => Promise<boolean>, after: FocusAfter) => void {
  const [request, setRequest] = useState<{ readonly after: FocusAfter; readonly serial: number } | null>(null);
  const serial = useRef(0);
  useEffect(() => {
    const view = viewRef.current;
    if (!request || !view || !focusLost()) return;
    landing(view, request.after)?.focus();
  }, [request, viewRef]);
  return useCallback((run, after) => {
    void run().then(() => setRequest({ after, serial: ++serial.current }));
  }, []);
}
