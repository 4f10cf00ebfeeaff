import { describe, expect, it } from 'vitest';
import {
  chromiumAllows,
  firefoxAllows,
  howToEnable,
  parseFirefoxPref,
} from '../../electron/services/browser/service.js';

// Expected results follow the browsers' own code: Gecko's netwerk/protocol/http/HttpAuthUtils.cpp
// (MatchesBaseURI and its gtest TestHttpAuthUtils.cpp) and Chromium's
// net/base/scheme_host_port_matcher_rule.cc with ProxyBypassRules::ParseFromString.

const COPR = 'copr.fedorainfracloud.org';
const PREF = 'network.negotiate-auth.trusted-uris';

describe('firefoxAllows', () => {
  it.each([
    ['.fedorainfracloud.org', true],
    ['fedorainfracloud.org', true],
    ['copr.fedorainfracloud.org', true],
    ['COPR.FedoraInfraCloud.ORG', true],
    ['https://copr.fedorainfracloud.org', true],
    ['https://.fedorainfracloud.org', true],
    ['https://', true],
    ['copr.fedorainfracloud.org:443', true],
    ['https://copr.fedorainfracloud.org:443', true],
    ['.org', true],
  ])('%j trusts Copr', (value, expected) => {
    expect(firefoxAllows(value, COPR)).toBe(expected);
  });

  it.each([
    ['fedorainfracloud.org.evil.com', 'a look-alike that only starts with the domain'],
    ['infracloud.org', 'a suffix that does not start at a label boundary'],
    ['evilfedorainfracloud.org', 'a longer name'],
    ['http://copr.fedorainfracloud.org', 'another scheme'],
    ['http://', 'every http site, but Copr is https'],
    ['HTTPS://copr.fedorainfracloud.org', 'an upper-case scheme (Gecko compares it exactly)'],
    ['copr.fedorainfracloud.org:8443', 'another port'],
    ['https://copr.fedorainfracloud.org/', 'a trailing slash, which Gecko keeps in the host'],
    ['copr.fedorainfracloud.org/api_3', 'a path'],
    [':443', 'a port with no host (Gecko reads the colon as part of the host)'],
    ['', 'an empty value'],
    [' , ,, ', 'only separators'],
  ])('%j does not trust Copr: %s', (value) => {
    expect(firefoxAllows(value, COPR)).toBe(false);
  });

  it('skips whitespace before an entry and reads every entry of the list', () => {
    expect(firefoxAllows('example.com, .fedorainfracloud.org', COPR)).toBe(true);
    expect(firefoxAllows('example.com,\t  fedorainfracloud.org', COPR)).toBe(true);
    expect(firefoxAllows('  .fedorainfracloud.org', COPR)).toBe(true);
    expect(firefoxAllows('example.com,,.fedorainfracloud.org,', COPR)).toBe(true);
  });

  it('keeps whitespace after an entry, as Firefox does, so "a , b" disables a', () => {
    expect(firefoxAllows('.fedorainfracloud.org , example.com', COPR)).toBe(false);
    expect(firefoxAllows('.fedorainfracloud.org ', COPR)).toBe(false);
    expect(firefoxAllows('example.com ,.fedorainfracloud.org', COPR)).toBe(true);
  });

  it('treats a leading dot as "subdomains only", as in Gecko\'s own test', () => {
    expect(firefoxAllows('.fedorainfracloud.org', 'fedorainfracloud.org')).toBe(false);
    expect(firefoxAllows('fedorainfracloud.org', 'fedorainfracloud.org')).toBe(true);
    expect(firefoxAllows('bar.com', 'foobar.com')).toBe(false);
  });

  it('accepts the host as a URL, using its scheme and port', () => {
    expect(firefoxAllows('https://', `https://${COPR}/api_3/`)).toBe(true);
    expect(firefoxAllows('https://', `http://${COPR}`)).toBe(false);
    expect(firefoxAllows('copr.fedorainfracloud.org:8443', `https://${COPR}:8443`)).toBe(true);
    expect(firefoxAllows('.fedorainfracloud.org', ` ${COPR.toUpperCase()} `)).toBe(true);
  });
});

describe('chromiumAllows', () => {
  it.each([
    ['*.fedorainfracloud.org', true],
    ['*fedorainfracloud.org', true],
    ['.fedorainfracloud.org', true],
    ['copr.fedorainfracloud.org', true],
    ['*.FEDORAINFRACLOUD.ORG', true],
    ['*', true],
    ['copr.fedorainfracloud.o?g', true],
    ['https://*.fedorainfracloud.org', true],
    ['HTTPS://*.fedorainfracloud.org', true],
    ['*.fedorainfracloud.org:443', true],
    ['https://*.fedorainfracloud.org:443', true],
  ])('%j allows Copr', (value, expected) => {
    expect(chromiumAllows(value, COPR)).toBe(expected);
  });

  it.each([
    ['fedorainfracloud.org', 'a bare domain matches only itself'],
    ['fedorainfracloud.org.evil.com', 'a look-alike'],
    ['*.fedorainfracloud.org.evil.com', 'a wildcard look-alike'],
    ['*.evil.com', 'another domain'],
    ['http://*.fedorainfracloud.org', 'another scheme'],
    ['*.fedorainfracloud.org:8443', 'another port'],
    ['*.fedorainfracloud.org:https', 'a port that is not a number (Chromium drops the rule)'],
    ['*.fedorainfracloud.org/', 'a slash, read as a broken CIDR block'],
    ['10.0.0.0/8', 'an IP block'],
    ['<local>', 'a special rule'],
    ['', 'an empty value'],
    [' ,;, ', 'only separators'],
  ])('%j does not allow Copr: %s', (value) => {
    expect(chromiumAllows(value, COPR)).toBe(false);
  });

  it('splits on commas and semicolons and trims whitespace around entries', () => {
    expect(chromiumAllows('*.example.com, *.fedorainfracloud.org', COPR)).toBe(true);
    expect(chromiumAllows('*.example.com;*.fedorainfracloud.org ', COPR)).toBe(true);
    expect(chromiumAllows(' *.fedorainfracloud.org ,example.com', COPR)).toBe(true);
  });

  it('matches the whole host name, so "*fedorainfracloud.org" also lets a longer name in (as Chromium does)', () => {
    expect(chromiumAllows('*fedorainfracloud.org', 'evilfedorainfracloud.org')).toBe(true);
    expect(chromiumAllows('*.fedorainfracloud.org', 'evilfedorainfracloud.org')).toBe(false);
    expect(chromiumAllows('*.fedorainfracloud.org', 'fedorainfracloud.org')).toBe(false);
  });

  it('accepts the host as a URL', () => {
    expect(chromiumAllows('https://*.fedorainfracloud.org', `https://${COPR}/coprs/`)).toBe(true);
    expect(chromiumAllows('https://*.fedorainfracloud.org', `http://${COPR}/`)).toBe(false);
  });
});

describe('parseFirefoxPref', () => {
  it('returns the last user_pref for the name', () => {
    const text = [
      `user_pref("${PREF}", "example.com");`,
      'user_pref("other.pref", "x");',
      `user_pref("${PREF}", ".fedorainfracloud.org");`,
    ].join('\n');
    expect(parseFirefoxPref(text, PREF)).toBe('.fedorainfracloud.org');
  });

  it('returns null when the pref is not set, or the text is empty', () => {
    expect(parseFirefoxPref('user_pref("network.negotiate-auth.delegation-uris", "x");', PREF)).toBeNull();
    expect(parseFirefoxPref('', PREF)).toBeNull();
  });

  it('decodes escaped quotes and backslashes', () => {
    expect(parseFirefoxPref(`user_pref("${PREF}", "a\\"b\\\\c");`, PREF)).toBe('a"b\\c');
    expect(parseFirefoxPref(`user_pref("${PREF}", 'it\\'s');`, PREF)).toBe("it's");
    expect(parseFirefoxPref(`user_pref("${PREF}", "\\x2efedorainfracloud\\u002eorg");`, PREF)).toBe(
      '.fedorainfracloud.org',
    );
  });

  it('does not take a pref name or call that is only inside another string', () => {
    const text = [
      `user_pref("${PREF}", "example.com");`,
      `user_pref("browser.note", "user_pref(\\"${PREF}\\", \\"https://\\");");`,
    ].join('\n');
    expect(parseFirefoxPref(text, PREF)).toBe('example.com');
  });

  it('ignores commented-out lines, but not "//" inside a value', () => {
    const text = [
      `user_pref("${PREF}", "https://copr.fedorainfracloud.org"); // set by hand`,
      `// user_pref("${PREF}", "commented");`,
      `/* user_pref("${PREF}", "block comment");`,
      `   still comment */`,
      `# user_pref("${PREF}", "hash comment");`,
    ].join('\n');
    expect(parseFirefoxPref(text, PREF)).toBe('https://copr.fedorainfracloud.org');
  });

  it('accepts spacing and line breaks inside the call, and a name spelled with escapes', () => {
    expect(parseFirefoxPref(`user_pref (\n  "${PREF}" ,\n  ".fedorainfracloud.org"\n) ;`, PREF)).toBe(
      '.fedorainfracloud.org',
    );
    expect(parseFirefoxPref(`user_pref("network.negotiate-auth.trusted\\x2duris", "x");`, PREF)).toBe('x');
  });

  it('ignores pref() lines, other names, other types and a name in another case', () => {
    const text = [
      `user_pref("${PREF}", "kept");`,
      `pref("${PREF}", "default file syntax");`,
      `user_pref("${PREF.toUpperCase()}", "other case");`,
      `user_pref("${PREF}", true);`,
      `user_pref("${PREF}x", "longer name");`,
      `xuser_pref("${PREF}", "not the function");`,
    ].join('\n');
    expect(parseFirefoxPref(text, PREF)).toBe('kept');
  });

  it('survives an unterminated string or comment', () => {
    expect(parseFirefoxPref(`user_pref("${PREF}", "ok");\nuser_pref("${PREF}", "broken`, PREF)).toBe('ok');
    expect(parseFirefoxPref(`user_pref("${PREF}", "ok");\n/* user_pref("${PREF}", "x");`, PREF)).toBe('ok');
  });
});

describe('howToEnable', () => {
  it('tells Firefox users to add the domain in about:config', () => {
    const text = howToEnable('firefox', 'fedorainfracloud.org');
    expect(text).toContain('about:config');
    expect(text).toContain(PREF);
    expect(text).toContain('".fedorainfracloud.org"');
    // The entry it asks for must work.
    expect(firefoxAllows('.fedorainfracloud.org', COPR)).toBe(true);
  });

  it('gives Chromium a root-owned policy file whose JSON is valid and allows Copr', () => {
    const text = howToEnable('chromium', 'fedorainfracloud.org');
    expect(text).toContain('/etc/chromium/policies/managed/ticket-tray.json');
    expect(text).toMatch(/root|sudo/);
    const json = /'(\{.*\})'/.exec(text)?.[1];
    expect(json).toBeDefined();
    const policy = JSON.parse(json as string) as { AuthServerAllowlist: string };
    expect(policy).toEqual({ AuthServerAllowlist: '*.fedorainfracloud.org' });
    expect(chromiumAllows(policy.AuthServerAllowlist, COPR)).toBe(true);
  });

  it('gives Chrome its own policy directory', () => {
    const text = howToEnable('chrome', 'fedorainfracloud.org');
    expect(text).toContain('/etc/opt/chrome/policies/managed/ticket-tray.json');
    expect(text).toContain('{"AuthServerAllowlist":"*.fedorainfracloud.org"}');
    expect(text).not.toContain('/etc/chromium/');
  });

  it.each(['.fedorainfracloud.org', '*.fedorainfracloud.org', ' FedoraInfraCloud.org '])(
    'normalises the domain %j',
    (domain) => {
      expect(howToEnable('firefox', domain)).toContain('".fedorainfracloud.org"');
      expect(howToEnable('chrome', domain)).toContain('"*.fedorainfracloud.org"');
      expect(howToEnable('chrome', domain)).not.toContain('*.*.');
    },
  );
});
