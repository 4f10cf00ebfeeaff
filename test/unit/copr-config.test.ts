import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiUrl,
  applyEdits,
  checkInsecureUrl,
  defaultCoprConfigPath,
  loadCoprConfig,
  parseCoprConfig,
  parseCoprConfigWithToken,
  setConfigValue,
  setExpirationComment,
  validateEdits,
} from '../../electron/services/copr/config.js';
import { DEFAULT_COPR_URL, type CoprConfigSummary } from '../../shared/copr.js';

// Expected values were checked against CPython 3.11's configparser.ConfigParser() reading the same
// text (python-copr's config_from_file calls it with the defaults).

const PATH = '/home/alice/.config/copr';
const TOKEN = 'xqzvkwrmbtfhjdlpcnsgyaoeiuxqzv';

/** The snippet Copr shows on /api/ (frontend template api.html). */
const SNIPPET = `[copr-cli]
login = Y57wcg==##fkfaxbkjhuoiebfafadl
username = alice
token = ${TOKEN}
copr_url = https://copr.fedorainfracloud.org
# expiration date: 2026-03-01
`;

function summaryOf(text: string): CoprConfigSummary {
  const parsed = parseCoprConfig(text, PATH);
  if (!parsed.ok) throw new Error(`unexpected problem: ${parsed.error.message}`);
  return parsed.value;
}

function problemOf(text: string) {
  const parsed = parseCoprConfig(text, PATH);
  if (parsed.ok) throw new Error('expected a problem');
  return parsed.error;
}

const withUrl = (body: string) => `[copr-cli]\ncopr_url = https://copr.example.org\n${body}`;

describe('parseCoprConfig: what python-copr reads', () => {
  it('reads the snippet Copr hands out, without the token', () => {
    const summary = summaryOf(SNIPPET);
    expect(summary).toEqual({
      path: PATH,
      exists: true,
      coprUrl: 'https://copr.fedorainfracloud.org',
      netloc: 'copr.fedorainfracloud.org',
      host: 'copr.fedorainfracloud.org',
      username: 'alice',
      login: 'Y57wcg==##fkfaxbkjhuoiebfafadl',
      hasToken: true,
      tokenExpires: '2026-03-01',
      gssapi: null,
      encrypted: true,
    });
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
  });

  it('hands the token out separately for the HTTP client', () => {
    const parsed = parseCoprConfigWithToken(SNIPPET, PATH);
    expect(parsed.ok && parsed.value.token).toBe(TOKEN);
  });

  it('reports an empty file like one without the section', () => {
    expect(problemOf('')).toMatchObject({ line: null });
  });

  it('reports a missing [copr-cli] section (python-copr: KeyError) without a line', () => {
    const problem = problemOf('[other]\ncopr_url = https://x.example\n');
    expect(problem).toMatchObject({ path: PATH, line: null });
    expect(problem.message).toContain('no [copr-cli] section');
  });

  it('points at a section that only looks like [copr-cli]: names are case-sensitive', () => {
    const problem = problemOf('# mine\n[Copr-CLI]\ncopr_url = https://x.example\n');
    expect(problem.line).toBeNull();
    expect(problem.message).toContain('Line 2');
    expect(summaryOf('[copr-cli]\ncopr_url = https://a.example\n[copr-cli ]\ntoken = t\n').hasToken).toBe(false);
  });

  it('reports `gssapi = maybe` (python-copr: ValueError) at its line', () => {
    const problem = problemOf(withUrl('\ngssapi = maybe\n'));
    expect(problem.line).toBe(4);
    expect(problem.message).toContain('`gssapi = maybe` on line 4 is not a boolean; use True or False');
  });

  it('reports an empty or bad `encrypted` too', () => {
    expect(problemOf(withUrl('encrypted =\n')).line).toBe(3);
    expect(problemOf(withUrl('encrypted = nope\n')).message).toContain('`encrypted = nope`');
  });

  it('reports a section without copr_url (python-copr: None.startswith) at the section header', () => {
    const problem = problemOf('\n[copr-cli]\nusername = alice\n');
    expect(problem.line).toBe(2);
    expect(problem.message).toContain('has no `copr_url`');
  });

  it('reports a copr_url that is empty, not a URL, or continued by an indented line', () => {
    expect(problemOf('[copr-cli]\ncopr_url =\n').message).toContain('is empty');
    expect(problemOf('[copr-cli]\ncopr_url = copr.fedorainfracloud.org\n').message).toContain(
      'not an http:// or https:// URL',
    );
    const continued = problemOf('[copr-cli]\ncopr_url = https://copr.example.org\n  token = abc\n');
    expect(continued).toMatchObject({ line: 2 });
    expect(continued.message).toContain('continues on the next line');
  });

  it('returns an http:// URL; checkInsecureUrl refuses it while encrypted is on (default or True)', () => {
    for (const extra of ['', 'encrypted = True\n', 'encrypted = yes\n']) {
      const summary = summaryOf(`[copr-cli]\ncopr_url = http://copr.example.org\n${extra}`);
      expect(summary.encrypted).toBe(true);
      expect(checkInsecureUrl(summary)).toEqual({ kind: 'insecure-url', coprUrl: 'http://copr.example.org' });
    }
  });

  it('accepts http:// with `encrypted = False`', () => {
    const summary = summaryOf('[copr-cli]\ncopr_url = http://copr.example.org\nencrypted = False\n');
    expect(summary.encrypted).toBe(false);
    expect(checkInsecureUrl(summary)).toBeNull();
  });

  it('refuses HTTP:// in capitals too (stricter than python-copr, which checks the lower-case prefix)', () => {
    expect(checkInsecureUrl(summaryOf('[copr-cli]\ncopr_url = HTTP://copr.example.org\n'))?.kind).toBe('insecure-url');
    expect(checkInsecureUrl(summaryOf(SNIPPET))).toBeNull();
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['true', true],
    ['on', true],
    ['YES', true],
    ['True', true],
    ['ON', true],
    ['tRuE', true],
    ['0', false],
    ['no', false],
    ['false', false],
    ['off', false],
    ['NO', false],
    ['False', false],
    ['OFF', false],
    ['fAlSe', false],
  ])('reads gssapi = %s as getboolean does', (word, value) => {
    expect(summaryOf(withUrl(`gssapi = ${word}\n`)).gssapi).toBe(value);
    expect(summaryOf(withUrl(`encrypted = ${word}\n`)).encrypted).toBe(value);
  });

  it('leaves gssapi null when absent and encrypted true by default', () => {
    expect(summaryOf(withUrl(''))).toMatchObject({
      gssapi: null,
      encrypted: true,
      hasToken: false,
      username: null,
      login: null,
    });
  });

  it('counts an empty token as no token (python-copr tests truthiness)', () => {
    const parsed = parseCoprConfigWithToken(withUrl('login = abc\ntoken =\n'), PATH);
    expect(parsed.ok && parsed.value.summary.hasToken).toBe(false);
    expect(parsed.ok && parsed.value.token).toBeNull();
  });

  it('joins indented continuation lines into the value, skipping comment lines', () => {
    expect(summaryOf(withUrl('username = alice\n  smith\n  # not part of it\n\tjr\n')).username).toBe(
      'alice\nsmith\njr',
    );
    expect(summaryOf(withUrl('username = alice\n\n  smith\n\n\n')).username).toBe('alice\n\nsmith');
  });

  it('keeps inline # and ; in values (configparser has no inline comments by default)', () => {
    const summary = summaryOf(withUrl('login = abc # my login\nusername = bob ; me\n'));
    expect(summary.login).toBe('abc # my login');
    expect(summary.username).toBe('bob ; me');
  });

  it('reports a duplicate option (DuplicateOptionError), keys compared case-insensitively', () => {
    expect(problemOf(withUrl('token = a\ntoken = b\n'))).toMatchObject({ line: 4 });
    const problem = problemOf('\n\n[copr-cli]\ncopr_url = https://a.example\nCOPR_URL = https://b.example\n');
    expect(problem.line).toBe(5);
    expect(problem.message).toContain('DuplicateOptionError');
  });

  it('reports a duplicate section (DuplicateSectionError)', () => {
    const problem = problemOf(withUrl('[copr-cli]\n'));
    expect(problem.line).toBe(3);
    expect(problem.message).toContain('DuplicateSectionError');
  });

  it('reports a key before any section (MissingSectionHeaderError), with a hint for a BOM', () => {
    const problem = problemOf('copr_url = https://x.example\n[copr-cli]\n');
    expect(problem.line).toBe(1);
    expect(problem.message).toContain('MissingSectionHeaderError');
    expect(problemOf(`\ufeff${SNIPPET}`).message).toContain('byte-order mark');
  });

  it('reports lines that are not key = value (ParsingError) at the first one, never quoting them', () => {
    const problem = problemOf(withUrl(`${TOKEN}\n= orphan\n`));
    expect(problem.line).toBe(3);
    expect(problem.message).toContain('Line 4 has the same problem');
    expect(problem.message).not.toContain(TOKEN);
  });

  it('reads keys case-insensitively and accepts `key: value`', () => {
    const summary = summaryOf(
      '[copr-cli]\nCOPR_URL: https://copr.example.org\nUserName:alice\nToken : abc\nlogin:=x\n',
    );
    expect(summary).toMatchObject({
      coprUrl: 'https://copr.example.org',
      username: 'alice',
      hasToken: true,
      login: '=x',
    });
  });

  it('inherits [DEFAULT] keys and ignores other sections', () => {
    const summary = summaryOf(
      '[DEFAULT]\ncopr_url = https://d.example\n[other]\ntoken = t\n[copr-cli]\nusername = a\n',
    );
    expect(summary).toMatchObject({ coprUrl: 'https://d.example', hasToken: false });
  });

  it('interpolates %% and %(key)s, and reports a lone % without showing the value', () => {
    expect(summaryOf(withUrl('username = 100%%\nlogin = %(username)s!\n'))).toMatchObject({
      username: '100%',
      login: '100%!',
    });
    const secret = 'abc%def';
    const problem = problemOf(withUrl(`token = ${secret}\n`));
    expect(problem.line).toBe(3);
    expect(problem.message).toContain('InterpolationSyntaxError');
    expect(problem.message).not.toContain(secret);
    expect(problemOf(withUrl('login = %(nothing)s\n')).message).toContain('InterpolationMissingOptionError');
    expect(problemOf(withUrl('login = %(login)s\n')).message).toContain('InterpolationDepthError');
  });

  it('splits lines the way Python reads text files: LF, CRLF and a lone CR', () => {
    expect(summaryOf('[copr-cli]\r\ncopr_url = https://a.example\r\nusername = x\rlogin = y\n')).toMatchObject({
      coprUrl: 'https://a.example',
      username: 'x',
      login: 'y',
    });
  });

  it('finds the expiration comment anywhere, ignoring one that is not a date', () => {
    expect(
      summaryOf(`# expiration date: 2025-13-01\n${withUrl('')}[x]\n  # Expiration Date:   2027-01-31\n`).tokenExpires,
    ).toBe('2027-01-31');
    expect(summaryOf(withUrl('login = x # expiration date: 2027-01-31\n')).tokenExpires).toBeNull();
  });

  it.each([
    ['https://copr.fedorainfracloud.org', 'copr.fedorainfracloud.org', 'copr.fedorainfracloud.org'],
    ['https://copr.example.org:8443/', 'copr.example.org:8443', 'copr.example.org'],
    ['https://Copr.Example.ORG/copr', 'Copr.Example.ORG', 'copr.example.org'],
    ['https://[::1]:8443', '[::1]:8443', '::1'],
  ])('takes netloc and host from %s', (url, netloc, host) => {
    expect(summaryOf(`[copr-cli]\ncopr_url = ${url}\n`)).toMatchObject({ coprUrl: url, netloc, host });
  });

  it.each([
    ['user information', 'https://alice:hunter2secret@copr.example.org', 'user name or password'],
    ['a backslash before @', 'http://127.0.0.1:8080\\@copr.example.org:8080', 'backslash'],
    ['percent-encoding in the host', 'https://copr%%2eexample.org', 'percent-encoding'],
    ['an encoded @', 'https://127.0.0.1%%40copr.example.org', 'percent-encoding'],
    ['a tab', 'https://copr.example.org\t/x', 'white space'],
    ['a numeric host WHATWG would rewrite', 'https://2130706433', 'dotted IPv4'],
    ['an empty port', 'https://copr.example.org:/', 'valid host name and port'],
    ['a query', 'https://copr.example.org/?x=1', 'query'],
  ])('refuses a copr_url with %s, without repeating it', (_what, url, words) => {
    const problem = problemOf(`[copr-cli]\ncopr_url = ${url}\n`);
    expect(problem.line).toBe(2);
    expect(problem.message).toContain(words);
    expect(problem.message).not.toContain(url);
    expect(problem.message).not.toContain('hunter2secret');
  });

  it('joins API paths with exactly one slash and keeps copr_url as written', () => {
    expect(apiUrl({ coprUrl: 'https://copr.example.org/' }, 'api_3/auth-check')).toBe(
      'https://copr.example.org/api_3/auth-check',
    );
    expect(apiUrl({ coprUrl: 'https://copr.example.org' }, '/api_3/')).toBe('https://copr.example.org/api_3/');
    expect(apiUrl({ coprUrl: 'https://h.example/copr//' }, 'api_3')).toBe('https://h.example/copr/api_3');
    expect(summaryOf('[copr-cli]\ncopr_url = https://copr.example.org/\n').coprUrl).toBe('https://copr.example.org/');
  });
});

describe('loadCoprConfig and the default path', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tt-copr-unit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands HOME like os.path.expanduser', () => {
    expect(defaultCoprConfigPath({ HOME: '/home/alice' })).toBe('/home/alice/.config/copr');
    expect(defaultCoprConfigPath({ HOME: '/home/alice/' })).toBe('/home/alice/.config/copr');
    expect(defaultCoprConfigPath({ HOME: '/' })).toBe('/.config/copr');
  });

  it('uses the defaults when the default file is missing', async () => {
    const loaded = await loadCoprConfig(join(dir, 'copr'), false);
    expect(loaded).toEqual({
      ok: true,
      value: {
        summary: {
          path: join(dir, 'copr'),
          exists: false,
          coprUrl: DEFAULT_COPR_URL,
          netloc: 'copr.fedorainfracloud.org',
          host: 'copr.fedorainfracloud.org',
          username: null,
          login: null,
          hasToken: false,
          tokenExpires: null,
          gssapi: null,
          encrypted: true,
        },
        version: 'absent',
        text: null,
        token: null,
      },
    });
  });

  it('fails for an explicitly chosen file that is missing ("File {path} is missing.")', async () => {
    expect(await loadCoprConfig(join(dir, 'nope'), true)).toEqual({
      ok: false,
      error: { kind: 'config-missing', path: join(dir, 'nope') },
    });
  });

  it('reports a directory where the file should be, instead of silently using defaults', async () => {
    await mkdir(join(dir, 'copr'));
    const loaded = await loadCoprConfig(join(dir, 'copr'), false);
    expect(!loaded.ok && loaded.error.kind).toBe('config-invalid');
  });

  it('loads a file with its token kept out of the summary, and refuses http:// unless asked', async () => {
    await writeFile(join(dir, 'copr'), SNIPPET);
    const loaded = await loadCoprConfig(join(dir, 'copr'), false);
    expect(loaded.ok && loaded.value.token).toBe(TOKEN);
    expect(loaded.ok && JSON.stringify(loaded.value.summary)).not.toContain(TOKEN);
    await writeFile(join(dir, 'http'), '[copr-cli]\ncopr_url = http://copr.example.org\n');
    expect(await loadCoprConfig(join(dir, 'http'), true)).toEqual({
      ok: false,
      error: { kind: 'insecure-url', coprUrl: 'http://copr.example.org' },
    });
    expect((await loadCoprConfig(join(dir, 'http'), true, { allowInsecure: true })).ok).toBe(true);
  });

  it('reports problems as config-invalid with the file and line', async () => {
    await writeFile(join(dir, 'copr'), withUrl('gssapi = maybe\n'));
    const loaded = await loadCoprConfig(join(dir, 'copr'), false);
    expect(!loaded.ok && loaded.error).toMatchObject({
      kind: 'config-invalid',
      problem: { path: join(dir, 'copr'), line: 3 },
    });
  });
});

describe('setConfigValue: one key changes, every other byte stays', () => {
  const OTHERS =
    '# my settings\n[DEFAULT]\nfoo = 1\n\n[copr-cli]\nCopr_URL: https://old.example\n  # keep me\nusername=alice\n\n; next profile\n[staging]\ncopr_url = https://staging.example\n';

  it('rewrites the first key line in place, keeping the key spelling and separator', () => {
    expect(setConfigValue(OTHERS, 'copr_url', 'https://new.example')).toBe(
      OTHERS.replace('Copr_URL: https://old.example', 'Copr_URL: https://new.example'),
    );
    expect(setConfigValue(OTHERS, 'USERNAME', 'bob')).toBe(OTHERS.replace('username=alice', 'username=bob'));
    expect(setConfigValue('[copr-cli]\ncopr_url = https://a.example\ntoken =\n', 'token', 'abc')).toBe(
      '[copr-cli]\ncopr_url = https://a.example\ntoken = abc\n',
    );
  });

  it('adds an absent key after the last key of the section, before blank lines and the next section', () => {
    const next = setConfigValue(OTHERS, 'gssapi', 'True');
    expect(next).toBe(OTHERS.replace('username=alice\n', 'username=alice\ngssapi=True\n'));
    expect(summaryOf(next).gssapi).toBe(true);
  });

  it('removes a key line and its continuation lines for null', () => {
    const text = '[copr-cli]\ncopr_url = https://a.example\ntoken = abc\n  def\n# after\nusername = x\n';
    expect(setConfigValue(text, 'token', null)).toBe(
      '[copr-cli]\ncopr_url = https://a.example\n# after\nusername = x\n',
    );
    expect(setConfigValue(text, 'token', 'new')).toBe(
      '[copr-cli]\ncopr_url = https://a.example\ntoken = new\n# after\nusername = x\n',
    );
    expect(setConfigValue(text, 'login', null)).toBe(text);
  });

  it('keeps CRLF line endings and uses them for added lines', () => {
    const crlf = '[copr-cli]\r\ncopr_url = https://a.example\r\n\r\n[other]\r\nx = 1\r\n';
    expect(setConfigValue(crlf, 'gssapi', 'False')).toBe(
      '[copr-cli]\r\ncopr_url = https://a.example\r\ngssapi = False\r\n\r\n[other]\r\nx = 1\r\n',
    );
  });

  it('keeps a missing final newline missing', () => {
    expect(setConfigValue('[copr-cli]\ncopr_url = https://a.example', 'login', 'x')).toBe(
      '[copr-cli]\ncopr_url = https://a.example\nlogin = x',
    );
    expect(setConfigValue('[copr-cli]\ncopr_url = https://a.example\nlogin = x', 'login', null)).toBe(
      '[copr-cli]\ncopr_url = https://a.example',
    );
  });

  it('adds the section when it is missing, and escapes % for configparser', () => {
    expect(setConfigValue('[other]\nx = 1\n', 'copr_url', 'https://a.example/%7E')).toBe(
      '[other]\nx = 1\n\n[copr-cli]\ncopr_url = https://a.example/%%7E\n',
    );
    expect(summaryOf(setConfigValue('[other]\nx = 1\n', 'copr_url', 'https://a.example/%7E')).coprUrl).toBe(
      'https://a.example/%7E',
    );
  });

  it('refuses multi-line values (a programming error)', () => {
    expect(() => setConfigValue(SNIPPET, 'login', 'a\nb')).toThrow();
  });
});

describe('setExpirationComment', () => {
  it('rewrites an existing comment in place', () => {
    expect(setExpirationComment(SNIPPET, '2026-09-30')).toBe(SNIPPET.replace('2026-03-01', '2026-09-30'));
    const crlf = SNIPPET.replace(/\n/g, '\r\n');
    expect(setExpirationComment(crlf, '2026-09-30')).toBe(crlf.replace('2026-03-01', '2026-09-30'));
  });

  it('adds one after the token line (and its continuation) when there is none', () => {
    const text = '[copr-cli]\ntoken = abc\n  def\ncopr_url = https://a.example\n';
    expect(setExpirationComment(text, '2026-09-30')).toBe(
      '[copr-cli]\ntoken = abc\n  def\n# expiration date: 2026-09-30\ncopr_url = https://a.example\n',
    );
    expect(setExpirationComment('[copr-cli]\ncopr_url = https://a.example\n\n[x]\n', '2026-09-30')).toBe(
      '[copr-cli]\ncopr_url = https://a.example\n# expiration date: 2026-09-30\n\n[x]\n',
    );
  });
});

describe('validateEdits and applyEdits', () => {
  it.each([
    [{ coprUrl: 'ftp://copr.example.org' }, 'copr_url'],
    [{ coprUrl: 'https://copr.example.org\nx' }, 'copr_url'],
    [{ coprUrl: 'https://copr .example.org' }, 'copr_url'],
    [{ coprUrl: 'https://user:pw@copr.example.org' }, 'user name or password'],
    [{ login: 'has space' }, 'API login'],
    [{ token: 'abc\tdef' }, 'API token'],
    [{ token: 'abc', removeToken: true }, 'set and remove'],
    [{ tokenExpires: '2026-02-30' }, 'YYYY-MM-DD'],
  ])('refuses %j', (edits, words) => {
    expect(validateEdits(edits)).toContain(words);
  });

  it('never repeats a rejected token', () => {
    expect(validateEdits({ token: `${TOKEN} x` })).not.toContain(TOKEN);
  });

  it('writes gssapi the python way and drops the expiration comment with the token', () => {
    expect(applyEdits(SNIPPET, { gssapi: true })).toBe(SNIPPET.replace('# expiration', 'gssapi = True\n# expiration'));
    expect(applyEdits(SNIPPET, { removeToken: true })).toBe(
      SNIPPET.replace(`token = ${TOKEN}\n`, '').replace('# expiration date: 2026-03-01\n', ''),
    );
  });
});
