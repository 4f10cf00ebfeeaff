/**
 * Every date and time the window shows, in one format: the user's own locale (a 24-hour clock for
 * someone in Britain, 12-hour in the US), never a fixed one. The words around them are the
 * catalogue's; only the way a moment is written follows the system.
 */

/**
 * `undefined` asks for the runtime's default locale: in Electron and Chromium, the language the
 * system is set to. Exported so that a test can compare with what the runtime itself would write.
 */
export const SYSTEM_LOCALE: string | undefined = undefined;

const dateTime = new Intl.DateTimeFormat(SYSTEM_LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
// A Copr token's expiry is a calendar date with no zone: read and written in UTC so it never shifts a day.
const dateOnly = new Intl.DateTimeFormat(SYSTEM_LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });

/** A moment (ISO 8601), such as when a ticket expires or an event happened. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** A calendar date (`YYYY-MM-DD`). */
export function formatDate(isoDate: string): string {
  return dateOnly.format(new Date(isoDate));
}
