/**
 * The principals the Log in form offers, each with the options its last successful login asked
 * for. Kept newest first and bounded, so the settings file and the list in the form stay short.
 */
import type { RememberedLogin } from './settings.js';
import type { TicketOptions } from './ticket-options.js';

/** How many principals are remembered; the oldest is forgotten first. */
export const REMEMBERED_LOGINS_LIMIT = 20;

/** The list with `principal` first, remembered with `options`, and no other entry for it. */
export function rememberLogin(
  list: readonly RememberedLogin[],
  principal: string,
  options: TicketOptions,
): RememberedLogin[] {
  return [{ principal, options }, ...forgetLogin(list, principal)].slice(0, REMEMBERED_LOGINS_LIMIT);
}

/** The list without `principal`. */
export function forgetLogin(list: readonly RememberedLogin[], principal: string): RememberedLogin[] {
  return list.filter((entry) => entry.principal !== principal);
}

/** What is remembered for `principal`, if anything. */
export function rememberedFor(list: readonly RememberedLogin[], principal: string): RememberedLogin | undefined {
  return list.find((entry) => entry.principal === principal);
}
