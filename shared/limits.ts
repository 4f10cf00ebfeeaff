/**
 * Bounds that main enforces and the renderer checks before it sends anything, kept in one place so
 * that a field is explained in the form with the same numbers main would refuse it with.
 */

/** The ranges settings must keep to (the settings file and every `updateSettings` patch). */
export const SETTINGS_LIMITS = {
  /** Each warning before expiry: up to a day ahead, and at most `maxCount` of them (none turns them off). */
  warnBeforeMinutes: { min: 1, max: 1440, maxCount: 5 },
  /** How many Copr profiles the list may hold. */
  maxProfiles: 20,
  maxNameLength: 64,
  maxPathLength: 4096,
} as const;

/** Control characters (and the Unicode line separators), refused in profile names and paths. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/** How many activity events main keeps and the window lists, newest first. */
export const ACTIVITY_LIMIT = 200;

/**
 * The longest password main passes on. Far above any realm's policy, and far below what could
 * make a request or a child's stdin a burden.
 */
export const MAX_PASSWORD_LENGTH = 1024;
