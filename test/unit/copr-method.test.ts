import { describe, expect, it } from 'vitest';
import { parseCoprConfigWithToken } from '../../electron/services/copr/config.js';
import {
  CLI_NO_METHOD_MESSAGE,
  chooseMethod,
  methodError,
  rawCredentials,
  type AuthFields,
} from '../../electron/services/copr/method.js';
import type { CoprMethod, CoprSemantics } from '../../shared/copr.js';

// python-copr: auth_from_config (python/copr/v3/auth/__init__.py) tests `token` first, then
// `gssapi`; copr-cli's Commands.__init__ turns an unset gssapi into True first.

const TOKEN = 'canarytokenzzqwxvbnmlkjhgfdsapo';
const fields = (hasToken: boolean, gssapi: boolean | null, login: string | null = null): AuthFields => ({
  hasToken,
  gssapi,
  login,
});

describe('chooseMethod', () => {
  it.each<[boolean, boolean | null, CoprMethod, CoprMethod]>([
    [true, true, 'token', 'token'],
    [true, false, 'token', 'token'],
    [true, null, 'token', 'token'],
    [false, true, 'gssapi', 'gssapi'],
    [false, false, 'none', 'none'],
    [false, null, 'gssapi', 'none'],
  ])('token=%s gssapi=%s: copr-cli uses %s, the Python API %s', (hasToken, gssapi, cli, api) => {
    expect(chooseMethod(fields(hasToken, gssapi), 'cli')).toMatchObject({ semantics: 'cli', method: cli });
    expect(chooseMethod(fields(hasToken, gssapi), 'api')).toMatchObject({ semantics: 'api', method: api });
  });

  it('explains every copr-cli branch', () => {
    expect(chooseMethod(fields(true, false), 'cli').reason).toBe(
      'An API token is configured, and copr-cli always prefers it over Kerberos.',
    );
    expect(chooseMethod(fields(false, true), 'cli').reason).toBe(
      'No API token is configured and the config says `gssapi = True`, so copr-cli logs in with Kerberos (GSSAPI).',
    );
    expect(chooseMethod(fields(false, null), 'cli').reason).toBe(
      'No API token is configured, so copr-cli logs in with Kerberos (GSSAPI), which it turns on by default (the config has no `gssapi` line).',
    );
    expect(chooseMethod(fields(false, false), 'cli').reason).toBe(
      'No API token is configured and the config turns Kerberos off with `gssapi = False`, so copr-cli has no way to log in.',
    );
  });

  it('explains every Python API branch', () => {
    expect(chooseMethod(fields(true, null), 'api').reason).toBe(
      'An API token is configured, and the Python API always prefers it over Kerberos.',
    );
    expect(chooseMethod(fields(false, true), 'api').reason).toBe(
      'No API token is configured and the config says `gssapi = True`, so the Python API logs in with Kerberos (GSSAPI).',
    );
    expect(chooseMethod(fields(false, null), 'api').reason).toBe(
      'No API token is configured, and the Python API leaves Kerberos off unless the config says `gssapi = True`.',
    );
    expect(chooseMethod(fields(false, false), 'api').reason).toBe(
      'No API token is configured and the config turns Kerberos off with `gssapi = False`, so the Python API has no way to log in.',
    );
  });
});

describe('methodError', () => {
  it('is null whenever a method is left', () => {
    for (const semantics of ['cli', 'api'] as const) {
      expect(methodError(fields(true, false), semantics)).toBeNull();
      expect(methodError(fields(false, true), semantics)).toBeNull();
    }
    expect(methodError(fields(false, null), 'cli')).toBeNull();
  });

  it("gives copr-cli's message, trailing space included", () => {
    expect(methodError(fields(false, false), 'cli')).toBe(
      'This operation tries to detect your username, but it is not possible to find it in configuration, and GSSAPI is disabled ',
    );
    expect(CLI_NO_METHOD_MESSAGE.endsWith('disabled ')).toBe(true);
  });

  it("gives auth_from_config's message, printing an unset value as python does (None)", () => {
    expect(methodError(fields(false, null), 'api')).toBe('GSSAPI disabled and login:token is invalid (None:None)');
    expect(methodError(fields(false, false, 'Y57wcg==##fkfax'), 'api')).toBe(
      'GSSAPI disabled and login:token is invalid (Y57wcg==##fkfax:None)',
    );
  });

  it("repeats python-copr's text with empty values shown empty and absent ones as None", () => {
    const config = (lines: string) => `[copr-cli]\ncopr_url = https://copr.example.org\n${lines}`;
    const message = (lines: string) => {
      const parsed = parseCoprConfigWithToken(config(lines), '/x');
      if (!parsed.ok) throw new Error(parsed.error.message);
      return methodError(parsed.value.summary, 'api', rawCredentials(config(lines)));
    };
    expect(message('login = aliceapi\ntoken =\n')).toBe('GSSAPI disabled and login:token is invalid (aliceapi:)');
    expect(message('login =\ntoken =\n')).toBe('GSSAPI disabled and login:token is invalid (:)');
    expect(message('login = aliceapi\n')).toBe('GSSAPI disabled and login:token is invalid (aliceapi:None)');
    expect(message('')).toBe('GSSAPI disabled and login:token is invalid (None:None)');
    expect(rawCredentials(null)).toEqual({ login: null, token: null });
  });

  it('never puts the token in a reason or an error', () => {
    const configs = ['True', 'False', null].map((gssapi) => {
      const text = `[copr-cli]\ncopr_url = https://copr.example.org\nlogin = abc\ntoken = ${TOKEN}\n${gssapi ? `gssapi = ${gssapi}\n` : ''}`;
      const parsed = parseCoprConfigWithToken(text, '/x');
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value.summary;
    });
    for (const summary of configs) {
      for (const semantics of ['cli', 'api'] satisfies CoprSemantics[]) {
        expect(JSON.stringify(chooseMethod(summary, semantics))).not.toContain(TOKEN);
        expect(String(methodError(summary, semantics))).not.toContain(TOKEN);
        expect(methodError({ ...summary, hasToken: false }, semantics) ?? '').not.toContain(TOKEN);
      }
    }
  });
});
