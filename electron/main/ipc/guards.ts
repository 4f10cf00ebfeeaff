/**
 * The renderer is the untrusted side (Electron security checklist item 17): every invoke's
 * arguments are checked here before any service sees them. One guard per channel of the contract;
 * each returns the typed arguments or a `CallRejection`, and never throws, whatever arrives.
 * Reasons name the argument and the rule, never the value (it may be a password).
 */
import type { AppApi, CallRejection, CoprTargetRequest, InvokeMethod } from '../../../shared/contract.js';
import { INVOKE_CHANNELS } from '../../../shared/contract.js';
import type { CoprSemantics } from '../../../shared/copr.js';
import {
  FEDORA_ACCOUNTS_URL,
  FEDORA_REALM,
  type LoginRequest,
  type PasswordChangeFailure,
  type PasswordChangeRequest,
} from '../../../shared/krb.js';
import { SETTINGS_LIMITS } from '../../../shared/limits.js';
import { realmOf, validatePrincipal } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { type TicketOptions, validateTicketOptions } from '../../../shared/ticket-options.js';
import { isPlainObject, validateSettingsPatch } from '../settings/rules.js';
import { MAX_URL_LENGTH, isAllowedNavigation } from '../window/security.js';

/** Lengths no honest caller comes near; longer values are refused before they reach a tool. */
export const GUARD_LIMITS = {
  password: 1024,
  otp: 64,
  fixId: 128,
  url: MAX_URL_LENGTH,
} as const;

/** The parameters of an invoke method, as the contract types them. */
export type InvokeArgs<K extends InvokeMethod> = Parameters<AppApi[K]>;
/** Checks the raw arguments of one channel. */
export type Guard<K extends InvokeMethod> = (args: readonly unknown[]) => Result<InvokeArgs<K>, CallRejection>;

type Check<T> = (value: unknown) => Result<T, string>;
/** A tuple of checks, one per parameter (a homomorphic mapped type keeps the tuple's length). */
type Checks<T extends readonly unknown[]> = { readonly [I in keyof T]: Check<T[I]> };

const string =
  (max: number): Check<string> =>
  (v) =>
    typeof v !== 'string' ? err('must be a string') : v.length > max ? err(`must be at most ${max} characters`) : ok(v);

const principal: Check<string> = (v) => (typeof v === 'string' ? validatePrincipal(v) : err('must be a string'));

const principalOrNull: Check<string | null> = (v) => (v === null || v === undefined ? ok(null) : principal(v));

const bool: Check<boolean> = (v) => (typeof v === 'boolean' ? ok(v) : err('must be true or false'));

/** A plain object with no keys but the listed ones (a JSON `__proto__` key is refused like any other). */
function keysOnly(v: unknown, allowed: readonly string[]): Result<Record<string, unknown>, string> {
  if (!isPlainObject(v)) return err('must be an object');
  return Object.keys(v).every((k) => allowed.includes(k)) ? ok(v) : err(`may only have ${allowed.join(', ')}`);
}

/** Longest duration text accepted; the grammar needs far less. */
const MAX_DURATION_LENGTH = 32;

const duration = (v: unknown): Result<string | undefined, string> =>
  v === undefined ? ok(undefined) : string(MAX_DURATION_LENGTH)(v);

/** Lifetime, renewable lifetime and forwardable, by the rules the window checks them with as they are typed. */
const ticketOptions: Check<TicketOptions> = (v) => {
  const obj = keysOnly(v, ['lifetime', 'renewableLifetime', 'forwardable']);
  if (!obj.ok) return obj;
  const { lifetime, renewableLifetime, forwardable } = obj.value;
  const [life, renew] = [duration(lifetime), duration(renewableLifetime)];
  if (!life.ok) return err(`lifetime ${life.error}`);
  if (!renew.ok) return err(`renewableLifetime ${renew.error}`);
  if (forwardable !== undefined && typeof forwardable !== 'boolean') return err('forwardable must be true or false');
  const checked = validateTicketOptions({
    ...(life.value === undefined ? {} : { lifetime: life.value }),
    ...(renew.value === undefined ? {} : { renewableLifetime: renew.value }),
    ...(forwardable === undefined ? {} : { forwardable }),
  });
  // The value is the user's own typing, not a secret, but the rule is enough to name.
  return checked.ok ? checked : err(`${checked.error.field} must be a duration such as 10h, 1d or 1h30m`);
};

const loginRequest: Check<LoginRequest> = (v) => {
  const obj = keysOnly(v, ['principal', 'password', 'otp', 'fedora', 'keepPrimary', 'options']);
  if (!obj.ok) return obj;
  const { principal: p, password, otp, fedora, keepPrimary, options } = obj.value;
  const who = principal(p);
  if (!who.ok) return err(`principal ${who.error}`);
  const pw = string(GUARD_LIMITS.password)(password);
  if (!pw.ok) return err(`password ${pw.error}`);
  const code = otp === undefined ? ok(undefined) : string(GUARD_LIMITS.otp)(otp);
  if (!code.ok) return err(`otp ${code.error}`);
  if (fedora !== undefined && typeof fedora !== 'boolean') return err('fedora must be true or false');
  if (keepPrimary !== undefined && typeof keepPrimary !== 'boolean') return err('keepPrimary must be true or false');
  const asked = options === undefined ? ok(undefined) : ticketOptions(options);
  if (!asked.ok) return err(`options: ${asked.error}`);
  return ok({
    principal: who.value,
    password: pw.value,
    ...(code.value === undefined ? {} : { otp: code.value }),
    ...(fedora === undefined ? {} : { fedora }),
    ...(keepPrimary === undefined ? {} : { keepPrimary }),
    ...(asked.value === undefined ? {} : { options: asked.value }),
  });
};

/** Both passwords are bounded strings; whether they are acceptable is the service's and the server's to say. */
const passwordChangeRequest: Check<PasswordChangeRequest> = (v) => {
  const obj = keysOnly(v, ['principal', 'oldPassword', 'newPassword']);
  if (!obj.ok) return obj;
  const who = principal(obj.value['principal']);
  if (!who.ok) return err(`principal ${who.error}`);
  const oldPassword = string(GUARD_LIMITS.password)(obj.value['oldPassword']);
  if (!oldPassword.ok) return err(`oldPassword ${oldPassword.error}`);
  const newPassword = string(GUARD_LIMITS.password)(obj.value['newPassword']);
  if (!newPassword.ok) return err(`newPassword ${newPassword.error}`);
  return ok({ principal: who.value, oldPassword: oldPassword.value, newPassword: newPassword.value });
};

/**
 * A well-formed request for a Fedora account is no bug, so it gets an answer rather than a
 * rejection: the place where Fedora passwords are changed. Null for every other realm.
 */
export function fedoraPasswordRefusal(request: PasswordChangeRequest): PasswordChangeFailure | null {
  return realmOf(request.principal) === FEDORA_REALM
    ? { kind: 'fedora-account', principal: request.principal, url: FEDORA_ACCOUNTS_URL }
    : null;
}

const profileIndex = (v: unknown): Result<number | undefined, string> =>
  v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < SETTINGS_LIMITS.maxProfiles)
    ? ok(v as number | undefined)
    : err('profile must be a non-negative whole number');

const target: Check<CoprTargetRequest> = (v) => {
  if (v === undefined) return ok({});
  const obj = keysOnly(v, ['profile']);
  if (!obj.ok) return obj;
  const profile = profileIndex(obj.value['profile']);
  return profile.ok ? ok(profile.value === undefined ? {} : { profile: profile.value }) : profile;
};

const checkTarget: Check<CoprTargetRequest & { readonly semantics?: CoprSemantics }> = (v) => {
  if (v === undefined) return ok({});
  const obj = keysOnly(v, ['profile', 'semantics']);
  if (!obj.ok) return obj;
  const { profile, semantics } = obj.value;
  const index = profileIndex(profile);
  if (!index.ok) return index;
  if (semantics !== undefined && semantics !== 'cli' && semantics !== 'api')
    return err('semantics must be "cli" or "api"');
  return ok({
    ...(index.value === undefined ? {} : { profile: index.value }),
    ...(semantics === undefined ? {} : { semantics }),
  });
};

const fixId: Check<string> = (v) =>
  typeof v === 'string' && /^[\x21-\x7e]{1,128}$/.test(v) ? ok(v) : err('must be a fix id');

/** One check per parameter; surplus arguments are refused (TypeScript lets them through, IPC would too). */
function guard<K extends InvokeMethod>(method: K, checks: Checks<InvokeArgs<K>>): Guard<K> {
  const list = checks as unknown as ReadonlyArray<Check<unknown>>;
  return (args) => {
    if (args.length > list.length) return err(rejection(method, `expects at most ${list.length} argument(s)`));
    const out: unknown[] = [];
    for (const [i, check] of list.entries()) {
      const checked = check(args[i]);
      if (!checked.ok) return err(rejection(method, `argument ${i + 1}: ${checked.error}`));
      out.push(checked.value);
    }
    return ok(out as unknown as InvokeArgs<K>);
  };
}

const rejection = (method: InvokeMethod, reason: string): CallRejection => ({
  kind: 'invalid-request',
  channel: INVOKE_CHANNELS[method],
  reason,
});

/** The guard of every invoke channel; the mapped type makes a missing channel a compile error. */
export const GUARDS: { readonly [K in InvokeMethod]: Guard<K> } = {
  getStatus: guard('getStatus', []),
  login: guard('login', [loginRequest]),
  switchPrimary: guard('switchPrimary', [principal]),
  renew: guard('renew', [principalOrNull]),
  destroy: guard('destroy', [principal]),
  destroyAll: guard('destroyAll', []),
  changePassword: guard('changePassword', [passwordChangeRequest]),
  coprOverview: guard('coprOverview', [target]),
  coprCheck: guard('coprCheck', [checkTarget]),
  coprClearSession: guard('coprClearSession', [target]),
  coprPin: guard('coprPin', [principal, target]),
  coprUnpin: guard('coprUnpin', [target]),
  coprSetGssapi: guard('coprSetGssapi', [bool, target]),
  doctor: guard('doctor', []),
  applyFix: guard('applyFix', [fixId]),
  doctorReport: guard('doctorReport', []),
  getDiagnosis: guard('getDiagnosis', []),
  getSettings: guard('getSettings', []),
  updateSettings: guard('updateSettings', [validateSettingsPatch]),
  getActivity: guard('getActivity', []),
  openExternal: guard('openExternal', [string(GUARD_LIMITS.url)]),
};

/** Checks `args` for `method`; whatever they are (even a hostile object whose getters throw), the answer is a Result. */
export function guardArgs<K extends InvokeMethod>(
  method: K,
  args: readonly unknown[],
): Result<InvokeArgs<K>, CallRejection> {
  try {
    const g = GUARDS[method] as Guard<K> | undefined;
    return g ? g(Array.isArray(args) ? args : []) : err(rejection(method, 'unknown method'));
  } catch {
    return err(rejection(method, 'the arguments could not be read'));
  }
}

/**
 * Whether an IPC message comes from the app's own page: a webContents main created (its id is in
 * `trustedIds`, removed again when it is destroyed), and a top-level frame showing the app's page
 * (`senderUrl` is null for sub-frames, or when the frame is gone). Anything else is forbidden.
 */
export function isTrustedSender(
  senderUrl: string | null | undefined,
  trustedIds: ReadonlySet<number>,
  senderId: number,
  appPage: string | null,
): boolean {
  if (!trustedIds.has(senderId) || typeof senderUrl !== 'string' || appPage === null) return false;
  return isAllowedNavigation(senderUrl, appPage);
}
