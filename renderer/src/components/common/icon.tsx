/**
 * A decorative icon, hidden from screen readers: the words next to it carry the meaning, so state
 * is never shown by colour or shape alone. The glyph comes from the stylesheet (no inline styles
 * under the CSP, no text that would escape the message catalogue).
 */
export type IconName = 'ok' | 'warning' | 'error' | 'info' | 'primary' | 'empty' | 'busy' | 'settings';

/** `<Icon name="ok" />` */
export function Icon({ name }: { readonly name: IconName }) {
  return <span className={`icon icon-${name}`} aria-hidden="true" />;
}
