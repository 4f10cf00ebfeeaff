/**
 * The message catalogue in use and the `t()` helper every component calls for user-facing text.
 *
 * The catalogue is chosen once, before the app mounts (`setMessages`); components read it while
 * rendering, so switching it later takes effect on the next render of each view.
 */
import { type MessageKey, type Messages, en } from './messages.en';

export type { MessageKey, Messages } from './messages.en';

/** The arguments a message takes: none for a plain string, the function's parameters otherwise. */
export type MessageArgs<K extends MessageKey> = Messages[K] extends (...args: infer A) => string ? A : [];

/** The keys of plain strings (messages that take no arguments). */
export type TextKey = { [K in MessageKey]: Messages[K] extends string ? K : never }[MessageKey];

let current: Messages = en;

/** Replaces the catalogue (a translation, or a fake one in tests). */
export function setMessages(messages: Messages): void {
  current = messages;
}

/** The catalogue in use. */
export function getMessages(): Messages {
  return current;
}

/** The text of one message, with its arguments filled in. */
export function t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
  const entry: unknown = current[key];
  if (typeof entry === 'function') return (entry as (...a: readonly unknown[]) => string)(...args);
  return entry as string;
}
