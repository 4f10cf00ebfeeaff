/**
 * Where focus goes as the Log in view opens and after a login. A login leads to Identities, which
 * replaces this view (and the button that had focus): without help, focus would fall to the page
 * body and a keyboard user would start again at the top of the window.
 */

/** How many frames to wait for the Identities view to show the new card. */
const FRAMES = 30;

/** Focus is nowhere useful: on the body, or on an element no longer in the page. */
const focusLost = (): boolean => {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
};

/**
 * Focuses the heading of `principal`'s card once the Identities view shows it, unless the user has
 * put focus somewhere meanwhile.
 */
export function focusIdentityCard(principal: string): void {
  let frames = 0;
  const attempt = () => {
    if (!focusLost()) return;
    const card = [...document.querySelectorAll<HTMLElement>('article.identity')].find(
      (c) => c.dataset['principal'] === principal,
    );
    const heading = card?.querySelector<HTMLElement>('h3');
    if (heading) return heading.focus();
    if (++frames < FRAMES) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/**
 * Focuses the form's first empty text field as the view opens from another view's button (which
 * is gone, so focus was lost). Opened from the tab bar, focus stays on the tab: arrowing through
 * the tabs must not be pulled into a form.
 */
export function focusFirstEmpty(form: HTMLFormElement): void {
  if (!focusLost()) return;
  const fields = [
    ...form.querySelectorAll<HTMLInputElement>('input[type="text"], input:not([type]), input[type="password"]'),
  ];
  (fields.find((f) => f.value === '') ?? fields[0])?.focus();
}
