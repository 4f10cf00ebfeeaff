/**
 * What the Settings view checks before it sends anything: the bounds main applies to an
 * `updateSettings` patch (shared/limits.ts, read by both sides), so that a mistake is explained at
 * the field instead of coming back refused.
 */
import { CONTROL_CHARACTERS as CONTROL, SETTINGS_LIMITS } from '../../../shared/limits';
import type { CoprProfile } from '../../../shared/settings';

/** Why the warning times typed are not acceptable. */
export type WarningsError = 'not-whole' | 'out-of-range' | 'too-many';

/**
 * The warning times typed in the "Warn before expiry" field (`30, 10, 5`: commas or spaces between
 * them), as main keeps them: repeats dropped, largest first. An empty field means no warnings.
 */
export function parseWarnings(
  text: string,
): { readonly ok: true; readonly value: readonly number[] } | { readonly ok: false; readonly error: WarningsError } {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  const { min, max, maxCount } = SETTINGS_LIMITS.warnBeforeMinutes;
  if (!parts.every((part) => /^\d+$/.test(part))) {
    // "-5" is a number out of range, not a typing mistake; "2.5" and "ten" are.
    return { ok: false, error: parts.every((p) => /^-\d+$|^\d+$/.test(p)) ? 'out-of-range' : 'not-whole' };
  }
  const values = parts.map(Number);
  if (values.some((value) => value < min || value > max)) return { ok: false, error: 'out-of-range' };
  const distinct = [...new Set(values)].sort((a, b) => b - a);
  if (distinct.length > maxCount) return { ok: false, error: 'too-many' };
  return { ok: true, value: distinct };
}

/** "30, 10, 5": how a list of warning times is shown in the field. */
export const warningsText = (minutes: readonly number[]): string => minutes.join(', ');

/** Why a new Copr profile cannot be added, by field. */
export interface ProfileErrors {
  readonly name?: 'invalid' | 'duplicate';
  readonly path?: 'invalid';
}

/**
 * A new profile from the form (name and path trimmed), or what is wrong with each field. The name
 * must be printable and within `SETTINGS_LIMITS.maxNameLength` and not name another profile already; the path must be
 * absolute, as main requires.
 */
export function checkNewProfile(
  name: string,
  path: string,
  existing: readonly CoprProfile[],
): { readonly ok: true; readonly value: CoprProfile } | { readonly ok: false; readonly errors: ProfileErrors } {
  const n = name.trim();
  const p = path.trim();
  const errors: { name?: ProfileErrors['name']; path?: ProfileErrors['path'] } = {};
  if (n === '' || n.length > SETTINGS_LIMITS.maxNameLength || CONTROL.test(n)) errors.name = 'invalid';
  else if (existing.some((profile) => profile.name.trim().toLowerCase() === n.toLowerCase())) errors.name = 'duplicate';
  if (!p.startsWith('/') || p.length > SETTINGS_LIMITS.maxPathLength || CONTROL.test(p)) errors.path = 'invalid';
  if (errors.name || errors.path) return { ok: false, errors };
  return { ok: true, value: { name: n, configPath: p } };
}
