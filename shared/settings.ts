/** The desktop app's settings, kept as JSON under the XDG config directory. */
import type { TicketOptions } from './ticket-options.js';

export interface CoprProfile {
  /** Shown in the UI, e.g. "Fedora" or "Staging". */
  readonly name: string;
  /** A Copr config file; null means python-copr's default, `~/.config/copr`. */
  readonly configPath: string | null;
}

export interface Settings {
  /** Renew renewable tickets before they expire (off where sssd-kcm already renews them). */
  readonly autoRenew: boolean;
  /** Start at login (an XDG autostart entry). */
  readonly startAtLogin: boolean;
  /** The Fedora account name last used, to fill in the login form. Not a secret. */
  readonly fedoraUser: string | null;
  readonly coprProfiles: readonly CoprProfile[];
  /** Index into coprProfiles. */
  readonly activeCoprProfile: number;
  /** The tray icon in colour, or monochrome (a light glyph on dark panels, a dark one on light panels). */
  readonly trayIcons: 'colour' | 'monochrome';
  /**
   * The principals logged in as, newest first, each with the options its last login asked for:
   * the Log in form offers them. Names and options only; a password is never remembered.
   */
  readonly rememberedLogins: readonly RememberedLogin[];
  /**
   * How many minutes before a ticket expires to warn, one notification each: distinct, largest
   * first, empty for no warnings. Replaced the single `notifyBeforeMinutes` of earlier versions.
   */
  readonly warnBeforeMinutes: readonly number[];
}

/** A principal a login succeeded for, and the options it asked for. */
export interface RememberedLogin {
  readonly principal: string;
  readonly options: TicketOptions;
}

export const DEFAULT_SETTINGS: Settings = {
  autoRenew: true,
  startAtLogin: false,
  fedoraUser: null,
  coprProfiles: [{ name: 'Fedora Copr', configPath: null }],
  activeCoprProfile: 0,
  trayIcons: 'colour',
  rememberedLogins: [],
  warnBeforeMinutes: [30, 10, 5],
};

/**
 * The earliest warning, in minutes before expiry (0 when there is none): from then on a ticket
 * counts as expiring in the tray and the window.
 */
export function earliestWarningMinutes(settings: Pick<Settings, 'warnBeforeMinutes'>): number {
  return Math.max(0, ...settings.warnBeforeMinutes);
}
