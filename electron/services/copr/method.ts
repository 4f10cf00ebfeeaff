/**
 * Which login a Copr client would use for a config, and why. copr-cli and the Python API differ in
 * one place only: an absent `gssapi` key means on for copr-cli (`Commands.__init__` sets it to
 * True) and off for `Client.create_from_config_file` (python/copr/v3/auth/__init__.py,
 * `auth_from_config`). Both try the token first, whatever the Kerberos state.
 */
import type { CoprConfigSummary, CoprSemantics, MethodChoice } from '../../../shared/copr.js';
import { COPR_SECTION } from './config-parse.js';
import { getInterpolated, scanIni } from './ini.js';

/** The parts of a config the choice depends on. */
export type AuthFields = Pick<CoprConfigSummary, 'hasToken' | 'gssapi' | 'login'>;

const CLI_REASONS = {
  token: 'An API token is configured, and copr-cli always prefers it over Kerberos.',
  gssapiSet:
    'No API token is configured and the config says `gssapi = True`, so copr-cli logs in with Kerberos (GSSAPI).',
  gssapiDefault:
    'No API token is configured, so copr-cli logs in with Kerberos (GSSAPI), which it turns on by default (the config has no `gssapi` line).',
  none: 'No API token is configured and the config turns Kerberos off with `gssapi = False`, so copr-cli has no way to log in.',
} as const;

const API_REASONS = {
  token: 'An API token is configured, and the Python API always prefers it over Kerberos.',
  gssapiSet:
    'No API token is configured and the config says `gssapi = True`, so the Python API logs in with Kerberos (GSSAPI).',
  gssapiUnset:
    'No API token is configured, and the Python API leaves Kerberos off unless the config says `gssapi = True`.',
  gssapiOff:
    'No API token is configured and the config turns Kerberos off with `gssapi = False`, so the Python API has no way to log in.',
} as const;

/** The method copr-cli (`cli`) or a Python API script (`api`) would use, with the reason in words. */
export function chooseMethod(summary: AuthFields, semantics: CoprSemantics): MethodChoice {
  if (semantics === 'cli') {
    if (summary.hasToken) return { semantics, method: 'token', reason: CLI_REASONS.token };
    if (summary.gssapi === true) return { semantics, method: 'gssapi', reason: CLI_REASONS.gssapiSet };
    if (summary.gssapi === null) return { semantics, method: 'gssapi', reason: CLI_REASONS.gssapiDefault };
    return { semantics, method: 'none', reason: CLI_REASONS.none };
  }
  if (summary.hasToken) return { semantics, method: 'token', reason: API_REASONS.token };
  if (summary.gssapi === true) return { semantics, method: 'gssapi', reason: API_REASONS.gssapiSet };
  return {
    semantics,
    method: 'none',
    reason: summary.gssapi === null ? API_REASONS.gssapiUnset : API_REASONS.gssapiOff,
  };
}

/** copr-cli's CoprConfigException when it has neither a username nor GSSAPI (the trailing space is in the original). */
export const CLI_NO_METHOD_MESSAGE =
  'This operation tries to detect your username, but it is not possible to find it in configuration, and GSSAPI is disabled ';

/**
 * `login` and `token` as written in the config, for python-copr's error text: null when the key is
 * absent, '' when it is there without a value. The summary cannot tell these apart, and python
 * prints them differently (`None` and nothing).
 */
export interface RawCredentials {
  readonly login: string | null;
  readonly token: string | null;
}

/** The raw `login` and `token` of a config's text; both absent for a missing file or unreadable values. */
export function rawCredentials(text: string | null): RawCredentials {
  if (text === null) return { login: null, token: null };
  const scan = scanIni(text);
  const value = (key: string) => {
    const got = getInterpolated(scan, COPR_SECTION, key);
    return got.ok ? got.value : null;
  };
  return { login: value('login'), token: value('token') };
}

/**
 * The error python-copr raises when no method is left, or null when there is one. For the API it
 * is `auth_from_config`'s text, which formats the config's values as python does: an absent key as
 * `None`, an empty value as nothing (`(aliceapi:)`). The token is printed as python-copr prints
 * it, which is safe: this message only exists when the token is absent or empty.
 */
export function methodError(
  summary: AuthFields,
  semantics: CoprSemantics,
  raw: RawCredentials = { login: summary.login, token: null },
): string | null {
  if (chooseMethod(summary, semantics).method !== 'none') return null;
  if (semantics === 'cli') return CLI_NO_METHOD_MESSAGE;
  const shown = (value: string | null) => value ?? 'None';
  // Only an empty token is ever shown; anything longer would be a token, and never leaves this function.
  const token = raw.token === null ? null : raw.token === '' ? '' : 'None';
  return `GSSAPI disabled and login:token is invalid (${shown(raw.login)}:${shown(token)})`;
}
