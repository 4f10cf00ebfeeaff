/**
 * Text that came from a server or a file, made safe for where it goes. A terminal obeys escape
 * sequences (OSC 52 writes the clipboard, OSC 8 makes links, CSI clears the screen), and some
 * notification daemons read markup, so such text is never passed on as it is.
 */

/**
 * Characters a terminal may act on instead of showing: C0 controls (tab and line feed are kept
 * apart by the callers that allow them), DEL, C1 controls (8-bit CSI, OSC, …), the Unicode line
 * and paragraph separators, and the bidirectional overrides that make text read differently from
 * what it holds.
 */
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Untrusted strings longer than this are cut: one user name or error never fills a screen. */
export const UNTRUSTED_TEXT_LIMIT = 500;

/** `\u001b` for ESC: visible, unambiguous, and still valid inside a JSON string. */
const escapeCharacter = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Cuts `text` to `limit` code points, saying how much was left out. */
function bounded(text: string, limit: number): string {
  const points = Array.from(text);
  if (points.length <= limit) return text;
  return `${points.slice(0, limit).join('')}… (${points.length - limit} more characters)`;
}

/**
 * For a terminal: every control character and escape introducer shown escaped, so it is seen
 * and never obeyed. `keepNewlines` lets a multi-line text of our own keep its line breaks (and
 * tabs). Idempotent: what it returns holds no control character left to escape.
 */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(UNSAFE_CHARACTER, (ch) =>
    keepNewlines && (ch === '\n' || ch === '\t') ? ch : escapeCharacter(ch),
  );
}

/** One untrusted string for a terminal line: escaped and of bounded length. */
export function terminalSafe(text: string, limit = UNTRUSTED_TEXT_LIMIT): string {
  // Escaped first, so the limit bounds what is shown (an escape is six characters wide).
  return bounded(escapeControls(text), limit);
}

/**
 * For a desktop notification: plain text, no markup (some daemons read `<b>`, `<a href>` and
 * entities), no control characters, bounded. Angle brackets and ampersands become look-alikes that
 * no daemon parses, so the text still reads the same.
 */
export function plainText(text: string, limit = UNTRUSTED_TEXT_LIMIT): string {
  return bounded(text, limit)
    .replace(UNSAFE_CHARACTER, (ch) => (ch === '\n' ? '\n' : ' '))
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a')
    .replace(/&/g, '\uff06');
}

/** The first `shown` items, then "and N more": a million problems make one readable line. */
export function firstOf(items: readonly string[], shown: number): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
