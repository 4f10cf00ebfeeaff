/**
 * Hardening (issue 7, item 2): the other parsers of files the user (or the system) owns, fuzzed
 * like klist and the Copr config: krb5.conf (`parseKrb5Conf` and the lookups over it), the
 * `~/.k5identity` pin reader (`pinnedPrincipal`, `fnmatch`), python-copr's session cache
 * (`parseSession`) and Firefox's prefs (`parseFirefoxPref`). Each must return a well-formed answer
 * for any text, never throw, and take time proportional to the text. The time bounds are safety
 * ceilings against pathological blow-up, not speed claims (test/support/fuzz/fuzz.ts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFirefoxPref } from '../../electron/services/browser/service.js';
import { parseSession } from '../../electron/services/copr/session-cache.js';
import { fnmatch, pinnedPrincipal } from '../../electron/services/kerberos/k5identity.js';
import {
  type Krb5ConfFile,
  krb5ConfigFromFiles,
  parseKrb5Conf,
  realmForHost,
} from '../../electron/services/kerberos/krb5-conf.js';
import { validatePrincipal } from '../../shared/principal.js';
import {
  type FuzzReport,
  type LinearityResult,
  type Pump,
  type Rng,
  checkLinearity,
  fuzz,
  linearitySummary,
  mutate,
  pumped,
  randomText,
  runBounded,
  suiteSeed,
} from '../support/fuzz/fuzz.js';
import { array, either, nullable, num, obj, oneOf, problemsOf, str, type Shape } from '../support/fuzz/shape.js';
import { recordCounts } from './counts.js';

const SUITE = 'config-parsers';
const CASES = 3000;
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
const textOf = (path: string) => readFileSync(path, 'utf8');

const reports: Record<string, FuzzReport> = {};
const pumps: Record<string, LinearityResult[]> = {};
const crafted: Record<string, number> = {};

afterAll(() => {
  const total = Object.values(reports).reduce((n, r) => n + r.cases, 0);
  const parsers: Record<string, number> = {};
  for (const [name, r] of Object.entries(reports)) {
    parsers[`${name}: cases`] = r.cases;
    parsers[`${name}: exceptions`] = r.exceptions;
    parsers[`${name}: malformed`] = r.malformed;
    parsers[`${name}: over time`] = r.overTime;
    parsers[`${name}: skipped after over time`] = r.skipped;
    parsers[`${name}: seed`] = r.seed;
  }
  const allPumps = Object.values(pumps).flat();
  recordCounts(SUITE, {
    target: 'parseKrb5Conf, pinnedPrincipal/fnmatch, parseSession, parseFirefoxPref',
    fuzzSeedEnv: process.env['FUZZ_SEED'] ?? null,
    'inputs tried': total,
    exceptions: Object.values(reports).reduce((n, r) => n + r.exceptions, 0),
    malformed: Object.values(reports).reduce((n, r) => n + r.malformed, 0),
    overTime: Object.values(reports).reduce((n, r) => n + r.overTime, 0),
    ...linearitySummary(allPumps),
    craftedInputs: Object.values(crafted).reduce((a, b) => a + b, 0),
    perParser: parsers,
  });
});

function linearity(group: string, list: readonly Pump[], run: (text: string) => unknown) {
  it.each(list.map((p) => [p.name, p] as const))('stays linear: %s', (_name, pump) => {
    const result = checkLinearity(pump, run);
    (pumps[group] ??= []).push(result);
    expect(result.problem).toBeNull();
  });
}

function generator(tokens: readonly string[], seeds: readonly string[], randomShare = 0.15) {
  return (rng: Rng) => {
    if (rng.chance(randomShare)) return { input: randomText(rng, tokens), origin: ['random'] };
    const m = mutate(rng, rng.pick(seeds), { tokens, donors: seeds });
    return { input: m.text, origin: ['seed', ...m.ops] };
  };
}

// ---------------------------------------------------------------------------------------------
// krb5.conf

const KRB5_SEEDS = filesUnder(join(fixtures, 'krb5-conf')).map(textOf);
const KRB5_TOKENS = [
  '[libdefaults]',
  '[realms]',
  '[domain_realm]',
  '[',
  ']',
  ']*',
  '{',
  '}',
  '}*',
  ' = ',
  '=',
  ' = {',
  '\n',
  '\t',
  '"',
  '\\',
  '\\n',
  '\\"',
  '#',
  ';',
  'include ',
  'includedir ',
  'module ',
  '/etc/krb5.conf.d/',
  'default_realm',
  'kdc',
  'FEDORAPROJECT.ORG',
  '.fedoraproject.org',
  'default_ccache_name',
  'KEYRING:persistent:%{uid}',
  '*',
  '\r',
];
const krb5Lines = (text: string) => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.length;
};
const krb5Shape = (lines: number): Shape => {
  const line = num({ int: true, min: 1, max: Math.max(1, lines) });
  return obj({
    source: oneOf('fuzz.conf'),
    items: array(
      either(
        obj({ kind: oneOf('relation'), section: str(), path: array(str()), tag: str(), value: str(), line }),
        obj({ kind: oneOf('subsection'), section: str(), path: array(str()), line }),
        obj({ kind: oneOf('include', 'includedir'), target: str({ nonEmpty: true }), line }),
      ),
    ),
    problems: array(obj({ line, text: str(), reason: str({ nonEmpty: true }) })),
  });
};

function checkKrb5(parsed: Krb5ConfFile, text: string): string[] {
  const problems = problemsOf(krb5Shape(krb5Lines(text)), parsed);
  if (problems.length) return problems;
  // The lookups the app makes over a parsed file must not throw either.
  try {
    const conf = krb5ConfigFromFiles([parsed]);
    conf.realms();
    conf.domainRealmEntries();
    conf.libdefault('default_ccache_name');
    conf.realmValues('FEDORAPROJECT.ORG', 'kdc');
    const realm = realmForHost(conf, 'copr.fedorainfracloud.org');
    if (realm !== null && typeof realm !== 'string') problems.push('realmForHost returned a non-string');
  } catch (error) {
    problems.push(`a lookup threw ${String(error).slice(0, 100)}`);
  }
  return problems;
}

describe('parseKrb5Conf', () => {
  it(`survives ${CASES} random and mutated krb5.conf files`, () => {
    const report = fuzz({
      name: 'krb5.conf',
      seed: suiteSeed(`${SUITE}/krb5.conf`),
      cases: CASES,
      size: (t: string) => t.length,
      run: (t: string) => parseKrb5Conf(t, 'fuzz.conf'),
      check: checkKrb5,
      generate: generator(KRB5_TOKENS, KRB5_SEEDS),
    });
    reports['krb5.conf'] = report;
    expect(report.failures).toEqual([]);
  });

  linearity(
    'krb5.conf',
    [
      {
        name: 'the Fedora snippet, repeated',
        build: pumped('', KRB5_SEEDS.find((t) => t.includes('FEDORAPROJECT.ORG = {')) ?? '[realms]\n', ''),
      },
      { name: 'many relations', build: pumped('[libdefaults]\n', '\tdefault_realm = FEDORAPROJECT.ORG\n', '') },
      { name: 'a value with a long run of spaces inside', build: pumped('[libdefaults]\n x = a', ' ', 'b\n') },
      {
        name: 'a value with a long run of carriage returns inside',
        build: pumped('[libdefaults]\n x = a', '\r', 'b\n'),
      },
      { name: 'subsections nested deeper and deeper', build: pumped('[realms]\n', 'a = {\n', '') },
      { name: 'many subsections, each closed', build: pumped('[realms]\n', ' R = {\n  kdc = k\n }\n', '') },
      { name: 'many closing braces', build: pumped('[realms]\n', '}\n', '') },
      { name: 'a quoted value with many escapes', build: pumped('[libdefaults]\n x = "', '\\n\\t\\"', '"\n') },
      { name: 'a long section header', build: pumped('[', 'libdefaults', ']\n') },
      { name: 'many include lines', build: pumped('', 'include /etc/krb5.conf.d/x\n', '') },
    ],
    (t) => parseKrb5Conf(t, 'fuzz.conf'),
  );
});

// ---------------------------------------------------------------------------------------------
// ~/.k5identity

const K5_SEEDS = [
  '# rules for GSSAPI\nalice@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\nalice@EXAMPLE.COM realm=EXAMPLE.COM\n',
  'bob@FEDORAPROJECT.ORG service=HTTP host=*.fedorainfracloud.org\ncarol@FEDORAPROJECT.ORG host=copr.[a-z]*.org\ndave@EXAMPLE.COM\n',
  'alice@EXAMPLE.COM host=*.example.com realm=EXAMPLE.COM\r\nalice@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\r\n',
  'erin@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org service=HTTP realm=*\n# trailing comment\n',
];
const K5_TOKENS = [
  'host=',
  'realm=',
  'service=',
  'HTTP',
  '*',
  '?',
  '[',
  ']',
  '[!',
  '[^',
  '\\',
  '-',
  'a-z',
  ' ',
  '\t',
  '\n',
  '#',
  '@',
  'FEDORAPROJECT.ORG',
  'copr.fedorainfracloud.org',
  '.org',
];
const HOSTS = ['copr.fedorainfracloud.org', 'COPR.FedoraInfraCloud.ORG', 'copr.example.org', '', 'a'.repeat(40), 'x.y'];
const REALMS = ['', 'FEDORAPROJECT.ORG', 'EXAMPLE.COM'];

interface PinInput {
  readonly text: string;
  readonly host: string;
  readonly realm: string;
}

function checkPin(principal: string | null, input: PinInput): string[] {
  if (principal === null) return [];
  if (typeof principal !== 'string') return [`returned ${typeof principal}`];
  const problems: string[] = [];
  if (!validatePrincipal(principal).ok)
    problems.push(`returned an invalid principal ${JSON.stringify(principal.slice(0, 40))}`);
  if (!input.text.split(/[ \t\r\n]+/).includes(principal))
    problems.push('returned a principal that is not a field of the file');
  return problems;
}

describe('pinnedPrincipal and fnmatch (~/.k5identity)', () => {
  it(`survive ${CASES} random and mutated files, hosts and realms`, () => {
    const texts = generator(K5_TOKENS, K5_SEEDS);
    const report = fuzz<PinInput, string | null>({
      name: 'k5identity',
      seed: suiteSeed(`${SUITE}/k5identity`),
      cases: CASES,
      size: (i) => i.text.length + i.host.length,
      run: (i) => pinnedPrincipal(i.text, i.host, i.realm),
      check: checkPin,
      generate: (rng) => {
        const t = texts(rng);
        return {
          input: {
            text: t.input,
            host: rng.chance(0.8) ? rng.pick(HOSTS) : randomText(rng, K5_TOKENS, 4),
            realm: rng.pick(REALMS),
          },
          origin: t.origin,
        };
      },
    });
    reports['k5identity'] = report;
    expect(report.failures).toEqual([]);
  });

  it(`fnmatch answers true or false for ${CASES} random patterns`, () => {
    const report = fuzz<{ pattern: string; text: string }, boolean>({
      name: 'fnmatch',
      seed: suiteSeed(`${SUITE}/fnmatch`),
      cases: CASES,
      size: (i) => i.pattern.length + i.text.length,
      run: (i) => fnmatch(i.pattern, i.text),
      check: (r) => (typeof r === 'boolean' ? [] : [`returned ${typeof r}`]),
      generate: (rng) => ({
        input: {
          pattern: randomText(rng, ['*', '?', '[', ']', '!', '^', '-', '\\', 'a', 'z', '.', 'copr'], 12),
          text: rng.pick(HOSTS),
        },
        origin: ['random-pattern'],
      }),
    });
    reports['fnmatch'] = report;
    expect(report.failures).toEqual([]);
  });

  const pin = (line: string) => () => pinnedPrincipal(`${line}\n`, 'copr.fedorainfracloud.org');
  it.each([
    ['a character range written backwards', 'alice@FEDORAPROJECT.ORG host=copr.[z-a]*.org'],
    ['twelve stars and a letter the host lacks', `alice@FEDORAPROJECT.ORG host=${'*'.repeat(12)}x`],
    ['stars between the letters of the host', `alice@FEDORAPROJECT.ORG host=${'*o'.repeat(10)}*x`],
    ['a pattern that is one long run of stars', `alice@FEDORAPROJECT.ORG host=${'*'.repeat(50_000)}`],
  ])('a line with %s is answered within 2 s, without an exception', (_why, line) => {
    crafted['k5identity'] = (crafted['k5identity'] ?? 0) + 1;
    const outcome = runBounded(pin(line), 2000);
    expect(outcome.kind === 'threw' ? `threw ${String(outcome.error).slice(0, 120)}` : outcome.kind).toBe('returned');
  });

  linearity(
    'k5identity',
    [
      {
        name: 'many lines',
        build: pumped(
          '',
          'alice@EXAMPLE.COM realm=EXAMPLE.COM\n',
          'alice@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\n',
        ),
      },
      {
        name: 'many constraints on one line',
        build: pumped('alice@FEDORAPROJECT.ORG', ' host=copr.fedorainfracloud.org', '\n'),
      },
      { name: 'a long principal', build: pumped('alice', 'x', '@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\n') },
      { name: 'a pattern of many opening brackets', build: pumped('alice@FEDORAPROJECT.ORG host=', '[', '\n') },
      { name: 'a pattern of many question marks', build: pumped('alice@FEDORAPROJECT.ORG host=', '?', '\n') },
      {
        name: 'many comment lines',
        build: pumped('', '# alice@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\n', ''),
      },
    ],
    (t) => pinnedPrincipal(t, 'copr.fedorainfracloud.org'),
  );
});

// ---------------------------------------------------------------------------------------------
// python-copr's session cache

const SESSION_SEEDS = [
  '{\n    "name": "alice",\n    "session": "eyJfZnJlc2giOmZhbHNlfQ.ZzYxMg.abcdefghijklmnop",\n    "expiration": 1764345600.123\n}\n',
  '{"name": "bob", "session": "x", "expiration": 0}',
  '{"name": "", "session": "", "expiration": -1e300, "extra": [1, 2, {"a": null}]}',
];
const SESSION_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '"name"',
  '"session"',
  '"expiration"',
  '"__proto__"',
  '"constructor"',
  'null',
  'true',
  '1e999',
  '-0',
  'NaN',
  '\\u0000',
  '\\"',
  ' ',
];
const SESSION_SHAPE = nullable(obj({ name: str(), session: str(), expiration: num() }));

describe('parseSession (python-copr session cache)', () => {
  it(`survives ${CASES} random and mutated session files`, () => {
    const report = fuzz({
      name: 'copr-session',
      seed: suiteSeed(`${SUITE}/copr-session`),
      cases: CASES,
      size: (t: string) => t.length,
      run: (t: string) => parseSession(t),
      check: (r) => {
        const problems = problemsOf(SESSION_SHAPE, r);
        if (({} as Record<string, unknown>)['name'] !== undefined) problems.push('Object.prototype was polluted');
        return problems;
      },
      generate: generator(SESSION_TOKENS, SESSION_SEEDS),
    });
    reports['copr-session'] = report;
    expect(report.failures).toEqual([]);
  });

  linearity(
    'copr-session',
    [
      { name: 'deeply nested arrays', build: pumped('', '[', '') },
      { name: 'deeply nested objects', build: pumped('', '{"a":', '') },
      { name: 'a long session string', build: pumped('{"name": "a", "expiration": 1, "session": "', 'x', '"}') },
      {
        name: 'many extra keys',
        build: (n) =>
          `{${Array.from({ length: Math.ceil(n / 12) }, (_, i) => `"k${i}": 1`).join(',')},"name":"a","session":"s","expiration":1}`,
      },
    ],
    (t) => parseSession(t),
  );
});

// ---------------------------------------------------------------------------------------------
// Firefox prefs

const FF_SEEDS = filesUnder(join(fixtures, 'browsers'))
  .filter((p) => p.endsWith('.js'))
  .map(textOf);
const TRUSTED = 'network.negotiate-auth.trusted-uris';
const FF_TOKENS = [
  'user_pref(',
  'pref(',
  'sticky_pref(',
  `"${TRUSTED}"`,
  `'${TRUSTED}'`,
  ', ',
  ');',
  ')',
  '(',
  '"',
  "'",
  '\\',
  '\\"',
  '\\x41',
  '\\u0041',
  '//',
  '/*',
  '*/',
  '#',
  'true',
  '42',
  '"copr.fedorainfracloud.org"',
  ',',
  '\n',
  ' ',
];

describe('parseFirefoxPref', () => {
  it(`survives ${CASES} random and mutated prefs.js files`, () => {
    const report = fuzz({
      name: 'firefox-prefs',
      seed: suiteSeed(`${SUITE}/firefox-prefs`),
      cases: CASES,
      size: (t: string) => t.length,
      run: (t: string) => parseFirefoxPref(t, TRUSTED),
      check: (r) => problemsOf(nullable(str()), r),
      generate: generator(FF_TOKENS, FF_SEEDS),
    });
    reports['firefox-prefs'] = report;
    expect(report.failures).toEqual([]);
  });

  linearity(
    'firefox-prefs',
    [
      { name: 'the recorded prefs.js, repeated', build: pumped('', FF_SEEDS[0] ?? '', '') },
      {
        name: 'many prefs of other names',
        build: pumped('', 'user_pref("browser.startup.homepage", "https://copr.fedorainfracloud.org/");\n', ''),
      },
      { name: 'a long string value', build: pumped(`user_pref("${TRUSTED}", "`, 'a,', '");\n') },
      { name: 'a long block comment', build: pumped('/*', ' x ', '*/\n') },
      { name: 'many unterminated block comments', build: pumped('', '/*', '') },
      {
        name: 'an unfinished pref call followed by a long run of spaces',
        build: pumped(`user_pref("${TRUSTED}", `, ' ', ''),
      },
      { name: 'many unfinished pref calls', build: pumped('', 'user_pref("a",', '') },
      { name: 'many backslash-escaped quotes, never closed', build: pumped('', '"\\', '') },
      { name: 'many unfinished single-quoted strings', build: pumped('', "'a\n", '') },
    ],
    (t) => parseFirefoxPref(t, TRUSTED),
  );
});
