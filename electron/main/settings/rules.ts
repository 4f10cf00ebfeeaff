/**
 * What a valid setting is. One set of rules for the two untrusted sources of settings: the JSON
 * file (which anyone can edit) and the renderer's `updateSettings` patch.
 */
import { CONTROL_CHARACTERS as CONTROL, SETTINGS_LIMITS } from '../../../shared/limits.js';
import { validatePrincipal } from '../../../shared/principal.js';
import { REMEMBERED_LOGINS_LIMIT } from '../../../shared/remembered-logins.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { DEFAULT_SETTINGS, type CoprProfile, type RememberedLogin, type Settings } from '../../../shared/settings.js';
import { type TicketOptions, validateTicketOptions } from '../../../shared/ticket-options.js';

const KEYS = Object.keys(DEFAULT_SETTINGS) as ReadonlyArray<keyof Settings>;

/** A JSON-like object: not an array, a class instance or null (structured clone and JSON give only these). */
export const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(x));

type Checker<T> = (value: unknown) => Result<T, string>;

const bool: Checker<boolean> = (v) => (typeof v === 'boolean' ? ok(v) : err('must be true or false'));

/** A list of warning times: whole minutes in range, at most a few; repeats dropped, largest first. */
const warnings: Checker<readonly number[]> = (v) => {
  const { min, max, maxCount } = SETTINGS_LIMITS.warnBeforeMinutes;
  const shape = `must be a list of at most ${maxCount} whole numbers of minutes from ${min} to ${max}`;
  if (!Array.isArray(v)) return err(shape);
  if (!v.every((m) => Number.isInteger(m) && (m as number) >= min && (m as number) <= max)) return err(shape);
  const distinct = [...new Set(v as number[])].sort((a, b) => b - a);
  return distinct.length <= maxCount ? ok(distinct) : err(shape);
};

/** A Fedora account name: letters, digits, `.`, `_`, `-`; never a realm or whitespace. */
const fedoraUser: Checker<string | null> = (v) => {
  if (v === null) return ok(null);
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)
    ? ok(v)
    : err('must be a Fedora account name (letters, digits, ".", "_", "-") or null');
};

const profile: Checker<CoprProfile> = (v) => {
  if (!isPlainObject(v)) return err('each Copr profile must be an object');
  if (Object.keys(v).some((k) => k !== 'name' && k !== 'configPath'))
    return err('a Copr profile has only "name" and "configPath"');
  const { name, configPath } = v;
  if (
    typeof name !== 'string' ||
    name.trim() === '' ||
    name.length > SETTINGS_LIMITS.maxNameLength ||
    CONTROL.test(name)
  ) {
    return err(`a Copr profile name must be 1 to ${SETTINGS_LIMITS.maxNameLength} printable characters`);
  }
  if (configPath === null || configPath === undefined) return ok({ name, configPath: null });
  if (
    typeof configPath !== 'string' ||
    !configPath.startsWith('/') ||
    configPath.length > SETTINGS_LIMITS.maxPathLength ||
    CONTROL.test(configPath)
  ) {
    return err('a Copr config path must be an absolute path or null');
  }
  return ok({ name, configPath });
};

const profiles: Checker<readonly CoprProfile[]> = (v) => {
  if (!Array.isArray(v) || v.length === 0 || v.length > SETTINGS_LIMITS.maxProfiles) {
    return err(`must be a list of 1 to ${SETTINGS_LIMITS.maxProfiles} Copr profiles`);
  }
  const out: CoprProfile[] = [];
  for (const p of v) {
    const checked = profile(p);
    if (!checked.ok) return checked;
    out.push(checked.value);
  }
  return ok(out);
};

const index: Checker<number> = (v) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) < SETTINGS_LIMITS.maxProfiles
    ? ok(v as number)
    : err('must be the index of a Copr profile');

const trayIcons: Checker<Settings['trayIcons']> = (v) =>
  v === 'colour' || v === 'monochrome' ? ok(v) : err('must be "colour" or "monochrome"');

const ticketOptions: Checker<TicketOptions> = (v) => {
  if (!isPlainObject(v)) return err('options must be an object');
  const { lifetime, renewableLifetime, forwardable } = v;
  const known = Object.keys(v).every((k) => ['lifetime', 'renewableLifetime', 'forwardable'].includes(k));
  const durationsAreText = [lifetime, renewableLifetime].every((d) => d === undefined || typeof d === 'string');
  if (!known || !durationsAreText || (forwardable !== undefined && typeof forwardable !== 'boolean'))
    return err('options have only "lifetime", "renewableLifetime" (text) and "forwardable" (true or false)');
  const checked = validateTicketOptions(v as TicketOptions);
  return checked.ok ? checked : err(checked.error.reason);
};

const rememberedLogin: Checker<RememberedLogin> = (v) => {
  if (!isPlainObject(v) || Object.keys(v).some((k) => k !== 'principal' && k !== 'options'))
    return err('each remembered login has only "principal" and "options"');
  const who = typeof v['principal'] === 'string' ? validatePrincipal(v['principal']) : err('must be text');
  if (!who.ok) return err(`a remembered principal is not valid: ${who.error}`);
  const options = ticketOptions(v['options'] ?? {});
  return options.ok ? ok({ principal: who.value, options: options.value }) : options;
};

/**
 * Every entry must be valid; a longer list than the limit (a file edited by hand) keeps its newest
 * entries, and a principal listed twice keeps its first (newest) entry.
 */
const rememberedLogins: Checker<readonly RememberedLogin[]> = (v) => {
  if (!Array.isArray(v)) return err('must be a list of remembered logins');
  const out: RememberedLogin[] = [];
  for (const entry of v) {
    const checked = rememberedLogin(entry);
    if (!checked.ok) return checked;
    if (!out.some((e) => e.principal === checked.value.principal)) out.push(checked.value);
  }
  return ok(out.slice(0, REMEMBERED_LOGINS_LIMIT));
};

const CHECKERS: { readonly [K in keyof Settings]: Checker<Settings[K]> } = {
  autoRenew: bool,
  startAtLogin: bool,
  fedoraUser,
  coprProfiles: profiles,
  activeCoprProfile: index,
  trayIcons,
  rememberedLogins,
  warnBeforeMinutes: warnings,
};

/** Checks one setting's value. */
export function checkSetting<K extends keyof Settings>(key: K, value: unknown): Result<Settings[K], string> {
  return CHECKERS[key](value);
}

/** A patch from the renderer: only known keys, each with a valid value, and at least one key. */
export function validateSettingsPatch(patch: unknown): Result<Partial<Settings>, string> {
  if (!isPlainObject(patch)) return err('settings must be an object');
  const keys = Object.keys(patch);
  const unknown = keys.find((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown !== undefined) return err(`unknown setting "${unknown.slice(0, 40)}"`);
  const out: Record<string, unknown> = {};
  for (const key of keys as Array<keyof Settings>) {
    const checked = checkSetting(key, patch[key]);
    if (!checked.ok) return err(`${key} ${checked.error}`);
    out[key] = checked.value;
  }
  return ok(out as Partial<Settings>);
}

/** Applies a checked patch, then the rule that spans keys: the active profile must exist. */
export function mergeSettings(base: Settings, patch: Partial<Settings>): Result<Settings, string> {
  const merged: Settings = { ...base, ...patch };
  if (merged.activeCoprProfile >= merged.coprProfiles.length)
    return err('activeCoprProfile must be the index of a Copr profile');
  return ok(merged);
}

/**
 * Settings read from the file: every valid value is kept, every invalid one falls back to its
 * default and is reported, unknown keys are ignored (a newer version may have written them).
 */
export function settingsFromJson(data: unknown): { readonly settings: Settings; readonly problems: readonly string[] } {
  if (!isPlainObject(data)) return { settings: DEFAULT_SETTINGS, problems: ['the file does not hold a JSON object'] };
  const problems: string[] = [];
  const picked: Record<string, unknown> = {};
  for (const key of KEYS) {
    if (!(key in data)) continue;
    const checked = checkSetting(key, data[key]);
    if (checked.ok) picked[key] = checked.value;
    else problems.push(`${key} ${checked.error}`);
  }
  if (!('warnBeforeMinutes' in data) && 'notifyBeforeMinutes' in data) {
    const migrated = warningsFromSingleLead(data['notifyBeforeMinutes']);
    if (migrated.ok) picked['warnBeforeMinutes'] = migrated.value;
    else problems.push(`notifyBeforeMinutes ${migrated.error}`);
  }
  const merged = mergeSettings(DEFAULT_SETTINGS, picked as Partial<Settings>);
  if (merged.ok) return { settings: merged.value, problems };
  // Only the active profile can be out of range here; the first profile always exists.
  return {
    settings: { ...DEFAULT_SETTINGS, ...(picked as Partial<Settings>), activeCoprProfile: 0 },
    problems: [...problems, merged.error],
  };
}

/**
 * Earlier versions kept one warning (`notifyBeforeMinutes`, 0 for none). Its value stays the first
 * warning, followed by the default warnings that come after it, so someone who chose 45 minutes is
 * still warned at 45 and gains the later reminders; someone who chose none still gets none.
 */
export function warningsFromSingleLead(lead: unknown): Result<readonly number[], string> {
  const { max } = SETTINGS_LIMITS.warnBeforeMinutes;
  if (!Number.isInteger(lead) || (lead as number) < 0 || (lead as number) > max)
    return err(`must be a whole number from 0 to ${max}`);
  if (lead === 0) return ok([]);
  return ok([lead as number, ...DEFAULT_SETTINGS.warnBeforeMinutes.filter((m) => m < (lead as number))]);
}
