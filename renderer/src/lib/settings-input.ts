/**
 * What the Settings view checks before it sends anything: the bounds main applies to an
 * `updateSettings` patch (shared/limits.ts, read by both sides), so that a mistake is explained at
 * the field instead of coming back refused.
 */
import { CONTROL_CHARACTERS as CONTROL, SETTINGS_LIMITS } from '../../../shared/limits';
import type { CoprProfile } from '../../../shared/settings';

/** Why the minutes typed are not acceptable. */
export type MinutesError = 'empty' | 'not-whole' | 'out-of-range';

/** The minutes typed in the "Warn before" field, or why they cannot be sent. */
export function parseMinutes(
  text: string,
): { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: MinutesError } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty' };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return { ok: false, error: 'not-whole' };
  const value = Number(trimmed);
  if (!Number.isInteger(value)) return { ok: false, error: 'not-whole' };
  const { min, max } = SETTINGS_LIMITS.notifyBeforeMinutes;
  if (value < min || value > max) return { ok: false, error: 'out-of-range' };
  return { ok: true, value: value === 0 ? 0 : value }; // never -0
}

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
