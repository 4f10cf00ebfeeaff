import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hasRealmKdc,
  isIncludableName,
  krb5ConfigFromFiles,
  krb5ConfigPaths,
  loadKrb5Config,
  parseKrb5Conf,
  realmForHost,
  type Krb5ConfFs,
  type Krb5Config,
  type Krb5Relation,
} from '../../electron/services/kerberos/krb5-conf.js';

// Expected values in these tests were checked against MIT krb5 1.20 (libkrb5's profile_get_values and
// krb5_get_host_realm) reading the same text.

const FIXTURES = fileURLToPath(new URL('../fixtures/krb5-conf/', import.meta.url));

/** Fedora's client snippet, /etc/krb5.conf.d/fedoraproject_org (from fedora-packager). */
const FEDORA_SNIPPET = `[realms]
 FEDORAPROJECT.ORG = {
        kdc = https://id.fedoraproject.org/KdcProxy
        pkinit_anchors = FILE:/etc/pki/ipa/fedoraproject_ipa_ca.crt
 }
[domain_realm]
 .fedoraproject.org = FEDORAPROJECT.ORG
 fedoraproject.org = FEDORAPROJECT.ORG
 .centos.org = FEDORAPROJECT.ORG
 centos.org = FEDORAPROJECT.ORG
`;

/** A file system whose `/` is a fixture directory, so fixtures keep their real absolute paths (/etc/krb5.conf.d/...). */
function rootedFs(root: string): Krb5ConfFs {
  return {
    readFile: (path) => readFile(join(root, path), 'utf8'),
    readdir: (path) => readdir(join(root, path)),
  };
}

const fedoraFs = () => rootedFs(join(FIXTURES, 'fedora'));

function configOf(...texts: string[]): Krb5Config {
  return krb5ConfigFromFiles(texts.map((text, i) => parseKrb5Conf(text, `/conf${i}`)));
}

function relations(text: string): Omit<Krb5Relation, 'kind'>[] {
  return parseKrb5Conf(text).items.flatMap((item) =>
    item.kind === 'relation'
      ? [{ section: item.section, path: item.path, tag: item.tag, value: item.value, line: item.line }]
      : [],
  );
}

describe('parseKrb5Conf', () => {
  it("reads Fedora's client snippet", () => {
    const parsed = parseKrb5Conf(FEDORA_SNIPPET, '/etc/krb5.conf.d/fedoraproject_org');
    expect(parsed.source).toBe('/etc/krb5.conf.d/fedoraproject_org');
    expect(parsed.problems).toEqual([]);
    expect(parsed.items).toEqual([
      { kind: 'subsection', section: 'realms', path: ['FEDORAPROJECT.ORG'], line: 2 },
      {
        kind: 'relation',
        section: 'realms',
        path: ['FEDORAPROJECT.ORG'],
        tag: 'kdc',
        value: 'https://id.fedoraproject.org/KdcProxy',
        line: 3,
      },
      {
        kind: 'relation',
        section: 'realms',
        path: ['FEDORAPROJECT.ORG'],
        tag: 'pkinit_anchors',
        value: 'FILE:/etc/pki/ipa/fedoraproject_ipa_ca.crt',
        line: 4,
      },
      {
        kind: 'relation',
        section: 'domain_realm',
        path: [],
        tag: '.fedoraproject.org',
        value: 'FEDORAPROJECT.ORG',
        line: 7,
      },
      {
        kind: 'relation',
        section: 'domain_realm',
        path: [],
        tag: 'fedoraproject.org',
        value: 'FEDORAPROJECT.ORG',
        line: 8,
      },
      { kind: 'relation', section: 'domain_realm', path: [], tag: '.centos.org', value: 'FEDORAPROJECT.ORG', line: 9 },
      { kind: 'relation', section: 'domain_realm', path: [], tag: 'centos.org', value: 'FEDORAPROJECT.ORG', line: 10 },
    ]);
  });

  it('keeps repeated relations in order and nests subsections', () => {
    const text = '[realms]\n R = {\n  kdc = a\n  kdc = b\n  auth_to_local = {\n   rule = x\n  }\n  kdc = c\n }\n';
    expect(relations(text)).toEqual([
      { section: 'realms', path: ['R'], tag: 'kdc', value: 'a', line: 3 },
      { section: 'realms', path: ['R'], tag: 'kdc', value: 'b', line: 4 },
      { section: 'realms', path: ['R', 'auth_to_local'], tag: 'rule', value: 'x', line: 6 },
      { section: 'realms', path: ['R'], tag: 'kdc', value: 'c', line: 8 },
    ]);
  });

  it('skips comments and blank lines, and keeps a # after a value (MIT has no trailing comments)', () => {
    const text = '# top\n[a]\n\n   # indented\n\t; semicolon\nx = 1 # not a comment\n;x = 2\n';
    expect(relations(text).map((r) => [r.tag, r.value])).toEqual([['x', '1 # not a comment']]);
    expect(parseKrb5Conf(text).problems).toEqual([]);
  });

  it('ignores everything before the first [section], as MIT does', () => {
    const parsed = parseKrb5Conf('stray = 1\nnot even a relation\n[a]\nx = 2\n');
    expect(parsed.problems).toEqual([]);
    expect(relations('stray = 1\n[a]\nx = 2\n').map((r) => r.tag)).toEqual(['x']);
  });

  it('accepts and ignores * final markers on sections, tags, subsections and closing braces', () => {
    const text = '[libdefaults]*\n final* = yes\n[realms]\n R* = {\n  kdc = k\n }*\n S = {\n  kdc = s\n }\n';
    const parsed = parseKrb5Conf(text);
    expect(parsed.problems).toEqual([]);
    expect(relations(text).map((r) => [r.section, r.path.join('/'), r.tag, r.value])).toEqual([
      ['libdefaults', '', 'final', 'yes'],
      ['realms', 'R', 'kdc', 'k'],
      ['realms', 'S', 'kdc', 's'],
    ]);
  });

  it('keeps a * at the end of a value: MIT only reads it after names', () => {
    expect(relations('[a]\nx = y*\n')[0]?.value).toBe('y*');
  });

  it('unquotes values like MIT: empty quotes, escapes, text after the closing quote dropped', () => {
    const text = [
      '[a]',
      'empty = ""',
      'escaped = "say \\"hi\\"\\tthen\\nnew \\\\ line"',
      'after = "kept" dropped',
      'open = "no closing quote  ',
      'spaced =    padded value   ',
    ].join('\n');
    expect(Object.fromEntries(relations(text).map((r) => [r.tag, r.value]))).toEqual({
      empty: '',
      escaped: 'say "hi"\tthen\nnew \\ line',
      after: 'kept',
      open: 'no closing quote  ',
      spaced: 'padded value',
    });
  });

  it('opens a subsection whose { is on the next line', () => {
    const parsed = parseKrb5Conf('[realms]\n R =\n {\n  kdc = k\n }\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.items[0]).toEqual({ kind: 'subsection', section: 'realms', path: ['R'], line: 2 });
    expect(relations('[realms]\n R =\n {\n  kdc = k\n }\n')[0]?.path).toEqual(['R']);
  });

  it('reads a value that only starts with { as a plain value', () => {
    expect(relations('[a]\nx = { y\n')[0]?.value).toBe('{ y');
  });

  it('handles CRLF line endings and tabs', () => {
    expect(relations('[a]\r\n\tx\t=\t1\t\r\n').map((r) => [r.tag, r.value])).toEqual([['x', '1']]);
  });

  it('records include and includedir only in the first column, anywhere in the file', () => {
    const parsed = parseKrb5Conf('include /etc/a.conf\n[s]\nincludedir /etc/krb5.conf.d/  \nx = 1\n');
    expect(parsed.items.filter((i) => i.kind === 'include' || i.kind === 'includedir')).toEqual([
      { kind: 'include', target: '/etc/a.conf', line: 1 },
      { kind: 'includedir', target: '/etc/krb5.conf.d/', line: 3 },
    ]);
    expect(parseKrb5Conf('[s]\n  include /etc/a.conf\n').problems).toHaveLength(1);
    expect(parseKrb5Conf('include\t\n').problems[0]?.reason).toMatch(/without a file name/);
  });

  it('reports garbage lines with their number and text instead of throwing, and goes on', () => {
    const text = [
      '[a]', //                   1
      'no equals sign', //        2
      '= value', //               3
      'two words = v', //         4
      '}', //                     5
      '[unclosed', //             6
      '[b] trailing', //          7
      'ok = 1', //                8
      's =', //                   9
      'not a brace', //           10
      'sub = {', //               11
      '[c]', //                   12
      'fine = 2', //              13
    ].join('\n');
    const parsed = parseKrb5Conf(text);
    expect(parsed.problems.map((p) => [p.line, p.text])).toEqual([
      [2, 'no equals sign'],
      [3, '= value'],
      [4, 'two words = v'],
      [5, '}'],
      [6, '[unclosed'],
      [7, '[b] trailing'],
      [10, 'not a brace'],
      [10, 'not a brace'],
      [12, '[c]'],
    ]);
    for (const p of parsed.problems) expect(p.reason).not.toBe('');
    expect(relations(text).map((r) => [r.section, r.path.join('/'), r.tag])).toEqual([
      ['b', '', 'ok'],
      ['c', '', 'fine'],
    ]);
  });

  it('tolerates a subsection left open at the end of the file, as MIT does', () => {
    const parsed = parseKrb5Conf('[realms]\n R = {\n  kdc = k\n');
    expect(parsed.problems).toEqual([]);
    expect(relations('[realms]\n R = {\n  kdc = k\n')[0]?.path).toEqual(['R']);
  });

  it('never throws on arbitrary input', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '[]{}=*"\\#; \t\r\nabcXYZ.:/%include';
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 200 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(() => parseKrb5Conf(text)).not.toThrow();
    }
  });

  it('reads the edge-case fixture as MIT does', async () => {
    const conf = krb5ConfigFromFiles([
      parseKrb5Conf(await readFile(join(FIXTURES, 'edge-cases.conf'), 'utf8'), 'edge-cases.conf'),
    ]);
    expect(conf.problems).toEqual([]);
    expect(conf.values('libdefaults', 'default_realm')).toEqual(['EXAMPLE.COM', 'LATER.EXAMPLE.COM']);
    expect(conf.libdefault('default_realm')).toBe('EXAMPLE.COM');
    expect(conf.libdefault('qualify_shortname')).toBe('');
    expect(conf.libdefault('quoted')).toBe('a "quoted" word\tand a tab');
    expect(conf.libdefault('hash')).toBe('value # MIT has no trailing comments');
    expect(conf.libdefault('final_tag')).toBe('kept');
    expect(conf.libdefault('trailing_star')).toBe('x*');
    expect(conf.libdefault('missing')).toBeUndefined();
    expect(conf.realmValues('EXAMPLE.COM', 'kdc')).toEqual([
      'kdc1.example.com',
      'kdc2.example.com:88',
      'kdc3.example.com',
    ]);
    expect(conf.values('realms', 'EXAMPLE.COM', 'auth_to_local', 'rule')).toEqual([
      'RULE:[1:$1@$0](.*@EXAMPLE\\.COM)s/@.*//',
    ]);
    expect(conf.realms()).toEqual(['EXAMPLE.COM', 'FINAL.EXAMPLE.COM', 'NEXTLINE.EXAMPLE.COM', 'NOKDC.EXAMPLE.COM']);
    expect(hasRealmKdc(conf, 'FINAL.EXAMPLE.COM')).toBe(true);
    expect(hasRealmKdc(conf, 'NEXTLINE.EXAMPLE.COM')).toBe(true);
    expect(hasRealmKdc(conf, 'NOKDC.EXAMPLE.COM')).toBe(false);
  });
});

describe('merged configuration', () => {
  it('lets the first value win for single-valued lookups and keeps all values in file order', () => {
    const conf = configOf(
      '[libdefaults]\n default_realm = FIRST.ORG\n[realms]\n R = {\n  kdc = one\n }\n',
      '[libdefaults]\n default_realm = SECOND.ORG\n dns_lookup_kdc = true\n[realms]\n R = {\n  kdc = two\n }\n S = {\n }\n',
    );
    expect(conf.libdefault('default_realm')).toBe('FIRST.ORG');
    expect(conf.libdefault('dns_lookup_kdc')).toBe('true');
    expect(conf.realmValues('R', 'kdc')).toEqual(['one', 'two']);
    expect(conf.realms()).toEqual(['R', 'S']);
    expect(conf.files).toEqual(['/conf0', '/conf1']);
  });

  it('keeps problems with the name of their file', () => {
    const conf = configOf('[a]\nx = 1\n', '[a]\ngarbage\n');
    expect(conf.problems).toEqual([{ file: '/conf1', line: 2, text: 'garbage', reason: expect.any(String) }]);
  });

  it('lists [domain_realm] entries in order', () => {
    expect(configOf(FEDORA_SNIPPET).domainRealmEntries()).toEqual([
      ['.fedoraproject.org', 'FEDORAPROJECT.ORG'],
      ['fedoraproject.org', 'FEDORAPROJECT.ORG'],
      ['.centos.org', 'FEDORAPROJECT.ORG'],
      ['centos.org', 'FEDORAPROJECT.ORG'],
    ]);
  });
});

describe('realmForHost', () => {
  const fedora = configOf(FEDORA_SNIPPET);

  it.each([
    ['src.fedoraproject.org', 'FEDORAPROJECT.ORG'],
    ['fedoraproject.org', 'FEDORAPROJECT.ORG'],
    ['id.stg.fedoraproject.org', 'FEDORAPROJECT.ORG'],
    ['centos.org', 'FEDORAPROJECT.ORG'],
    ['git.centos.org', 'FEDORAPROJECT.ORG'],
    ['SRC.FedoraProject.ORG.', 'FEDORAPROJECT.ORG'],
    ['copr.fedorainfracloud.org', null],
    ['fedorainfracloud.org', null],
    ['example.org', null],
    ['localhost', null],
    ['', null],
    ['10.0.0.1', null],
    ['2001:db8::1', null],
  ])("maps %s to %s with Fedora's snippet", (host, realm) => {
    expect(realmForHost(fedora, host)).toBe(realm);
  });

  it('tries the host, then each suffix with and without its leading dot, most specific first', () => {
    const conf = configOf(
      '[domain_realm]\n .mit.edu = ATHENA\n media.mit.edu = MEDIA\n .stanford.edu = STANFORD\n org = ORG\n',
    );
    expect(realmForHost(conf, 'x.media.mit.edu')).toBe('MEDIA'); // "media.mit.edu" before ".mit.edu"
    expect(realmForHost(conf, 'media.mit.edu')).toBe('MEDIA');
    expect(realmForHost(conf, 'www.mit.edu')).toBe('ATHENA');
    expect(realmForHost(conf, 'mit.edu')).toBeNull(); // only ".mit.edu" is configured
    expect(realmForHost(conf, 'stanford.edu')).toBeNull();
    expect(realmForHost(conf, 'a.b.stanford.edu')).toBe('STANFORD');
    expect(realmForHost(conf, 'fedoraproject.org')).toBe('ORG');
  });

  it('takes the first value when a domain is mapped twice', () => {
    expect(
      realmForHost(configOf('[domain_realm]\n .x.org = ONE\n', '[domain_realm]\n .x.org = TWO\n'), 'a.x.org'),
    ).toBe('ONE');
  });
});

describe('hasRealmKdc', () => {
  it('is true only for realms with a kdc relation (realm names are case-sensitive)', () => {
    const conf = configOf(FEDORA_SNIPPET, '[realms]\n NOKDC.ORG = {\n  admin_server = a\n }\n');
    expect(hasRealmKdc(conf, 'FEDORAPROJECT.ORG')).toBe(true);
    expect(hasRealmKdc(conf, 'fedoraproject.org')).toBe(false);
    expect(hasRealmKdc(conf, 'NOKDC.ORG')).toBe(false);
    expect(hasRealmKdc(conf, 'UNKNOWN.ORG')).toBe(false);
  });
});

describe("Debian's default /etc/krb5.conf", () => {
  let conf: Krb5Config;
  beforeEach(async () => {
    conf = await loadKrb5Config({ KRB5_CONFIG: join(FIXTURES, 'debian-default.conf') });
  });

  it('parses without problems', () => {
    expect(conf.problems).toEqual([]);
    expect(conf.files).toEqual([join(FIXTURES, 'debian-default.conf')]);
    expect(conf.libdefault('default_realm')).toBe('ATHENA.MIT.EDU');
    expect(conf.libdefault('fcc-mit-ticketflags')).toBe('true');
    expect(conf.libdefault('default_ccache_name')).toBeUndefined();
  });

  it('lists its realms and their KDCs in order', () => {
    expect(conf.realms()).toEqual([
      'ATHENA.MIT.EDU',
      'ZONE.MIT.EDU',
      'CSAIL.MIT.EDU',
      'IHTFP.ORG',
      '1TS.ORG',
      'ANDREW.CMU.EDU',
      'CS.CMU.EDU',
      'DEMENTIA.ORG',
      'stanford.edu',
      'UTORONTO.CA',
    ]);
    expect(conf.realmValues('ATHENA.MIT.EDU', 'kdc')).toEqual([
      'kerberos.mit.edu',
      'kerberos-1.mit.edu',
      'kerberos-2.mit.edu:88',
    ]);
    expect(hasRealmKdc(conf, 'ATHENA.MIT.EDU')).toBe(true);
    expect(hasRealmKdc(conf, 'CSAIL.MIT.EDU')).toBe(false);
  });

  it('maps hosts as MIT does', () => {
    expect(conf.domainRealmEntries()).toHaveLength(12);
    expect(realmForHost(conf, 'foo.media.mit.edu')).toBe('MEDIA-LAB.MIT.EDU');
    expect(realmForHost(conf, 'www.mit.edu')).toBe('ATHENA.MIT.EDU');
    expect(realmForHost(conf, 'www.stanford.edu')).toBe('stanford.edu');
    expect(realmForHost(conf, 'stanford.edu')).toBeNull();
    expect(realmForHost(conf, 'x.slac.stanford.edu')).toBe('SLAC.STANFORD.EDU');
    expect(realmForHost(conf, 'www.cs.toronto.edu')).toBe('UTORONTO.CA');
    expect(realmForHost(conf, 'src.fedoraproject.org')).toBeNull();
  });
});

describe('loadKrb5Config', () => {
  it('reads /etc/krb5.conf by default and follows a Fedora-like includedir', async () => {
    const conf = await loadKrb5Config({}, fedoraFs());
    expect(conf.problems).toEqual([]);
    expect(conf.files).toEqual([
      '/etc/krb5.conf',
      '/etc/krb5.conf.d/crypto-policies',
      '/etc/krb5.conf.d/fedoraproject_org',
      '/etc/krb5.conf.d/kcm_default_ccache',
    ]);
    // The includedir comes first in /etc/krb5.conf, so sssd-kcm's KCM: beats the file's own KEYRING default.
    expect(conf.values('libdefaults', 'default_ccache_name')).toEqual(['KCM:', 'KEYRING:persistent:%{uid}']);
    expect(conf.libdefault('default_ccache_name')).toBe('KCM:');
    expect(conf.libdefault('qualify_shortname')).toBe('');
    expect(conf.libdefault('permitted_enctypes')).toMatch(/^aes256-cts-hmac-sha1-96 /);
    expect(conf.libdefault('default_realm')).toBeUndefined();
    expect(conf.realms()).toEqual(['FEDORAPROJECT.ORG']);
    expect(conf.realmValues('FEDORAPROJECT.ORG', 'kdc')).toEqual(['https://id.fedoraproject.org/KdcProxy']);
    expect(realmForHost(conf, 'src.fedoraproject.org')).toBe('FEDORAPROJECT.ORG');
    expect(realmForHost(conf, 'copr.fedorainfracloud.org')).toBeNull();
    expect(conf.entries.find((e) => e.kind === 'relation' && e.tag === 'kdc')?.file).toBe(
      '/etc/krb5.conf.d/fedoraproject_org',
    );
  });

  it('lets KRB5_CONFIG replace the default, in order, skipping missing files silently', async () => {
    const env = {
      KRB5_CONFIG: '/nonexistent.conf:/etc/krb5.conf.d/kcm_default_ccache::/etc/krb5.conf.d/fedoraproject_org',
    };
    expect(krb5ConfigPaths(env)).toEqual([
      '/nonexistent.conf',
      '/etc/krb5.conf.d/kcm_default_ccache',
      '/etc/krb5.conf.d/fedoraproject_org',
    ]);
    const conf = await loadKrb5Config(env, fedoraFs());
    expect(conf.problems).toEqual([]);
    expect(conf.files).toEqual(['/etc/krb5.conf.d/kcm_default_ccache', '/etc/krb5.conf.d/fedoraproject_org']);
    expect(conf.libdefault('default_ccache_name')).toBe('KCM:');
    expect(conf.libdefault('qualify_shortname')).toBeUndefined();
  });

  it('reads nothing when KRB5_CONFIG is empty or names only missing files', async () => {
    expect(krb5ConfigPaths({})).toEqual(['/etc/krb5.conf']);
    expect(krb5ConfigPaths({ KRB5_CONFIG: '' })).toEqual([]);
    const conf = await loadKrb5Config({ KRB5_CONFIG: '/no/such/krb5.conf' }, fedoraFs());
    expect(conf.files).toEqual([]);
    expect(conf.problems).toEqual([]);
    expect(conf.libdefault('default_ccache_name')).toBeUndefined();
  });

  describe('includes on a real file system', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'krb5-conf-test-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const write = (name: string, text: string) => writeFile(join(dir, name), text);

    it('follows include and includedir in place, taking only MIT-approved names, sorted', async () => {
      await mkdir(join(dir, 'conf.d'));
      await mkdir(join(dir, 'conf.d', 'subdir.conf'));
      await write(
        'main.conf',
        `include ${dir}/first.conf\n[libdefaults]\n order = main\nincludedir ${dir}/conf.d\n order = main-after\n`,
      );
      await write('first.conf', '[libdefaults]\n order = first\n default_realm = FIRST.ORG\n');
      const snippets: Record<string, string> = {
        'b.conf': 'b.conf',
        a_file: 'a_file',
        'Z-upper': 'Z-upper',
        'c.txt': 'c.txt',
        '.hidden.conf': 'hidden',
        'd~': 'tilde',
        'e.rpmsave': 'rpmsave',
      };
      for (const [name, value] of Object.entries(snippets))
        await write(join('conf.d', name), `[libdefaults]\n order = ${value}\n`);
      const conf = await loadKrb5Config({ KRB5_CONFIG: join(dir, 'main.conf') });
      expect(conf.problems).toEqual([]);
      expect(conf.values('libdefaults', 'order')).toEqual([
        'first',
        'main',
        'Z-upper',
        'a_file',
        'b.conf',
        'main-after',
      ]);
      expect(conf.libdefault('default_realm')).toBe('FIRST.ORG');
      expect(conf.files).toEqual([
        join(dir, 'main.conf'),
        join(dir, 'first.conf'),
        join(dir, 'conf.d', 'Z-upper'),
        join(dir, 'conf.d', 'a_file'),
        join(dir, 'conf.d', 'b.conf'),
      ]);
    });

    it('reports missing and relative includes at the directive, and goes on', async () => {
      await write(
        'main.conf',
        `include ${dir}/missing.conf\ninclude relative.conf\nincludedir ${dir}/nodir\n[libdefaults]\n x = 1\n`,
      );
      const conf = await loadKrb5Config({ KRB5_CONFIG: join(dir, 'main.conf') });
      expect(conf.libdefault('x')).toBe('1');
      expect(conf.problems.map((p) => [p.file, p.line, p.text])).toEqual([
        [join(dir, 'main.conf'), 1, `include ${dir}/missing.conf`],
        [join(dir, 'main.conf'), 2, 'include relative.conf'],
        [join(dir, 'main.conf'), 3, `includedir ${dir}/nodir`],
      ]);
      expect(conf.problems[1]?.reason).toMatch(/absolute/);
    });

    it('stops include loops', async () => {
      await write('a.conf', `include ${dir}/b.conf\n[libdefaults]\n a = 1\n`);
      await write('b.conf', `include ${dir}/a.conf\n[libdefaults]\n b = 2\n`);
      const conf = await loadKrb5Config({ KRB5_CONFIG: join(dir, 'a.conf') });
      expect(conf.libdefault('a')).toBe('1');
      expect(conf.libdefault('b')).toBe('2');
      expect(conf.files).toEqual([join(dir, 'a.conf'), join(dir, 'b.conf')]);
      expect(conf.problems).toEqual([
        { file: join(dir, 'b.conf'), line: 1, text: `include ${dir}/a.conf`, reason: expect.stringMatching(/loop/) },
      ]);
    });

    it('keeps the file name on problems found in included files', async () => {
      await write('main.conf', `include ${dir}/bad.conf\n`);
      await write('bad.conf', '[libdefaults]\n good = 1\n bad line\n');
      const conf = await loadKrb5Config({ KRB5_CONFIG: join(dir, 'main.conf') });
      expect(conf.libdefault('good')).toBe('1');
      expect(conf.problems).toEqual([
        { file: join(dir, 'bad.conf'), line: 3, text: ' bad line', reason: expect.any(String) },
      ]);
    });
  });
});

describe('isIncludableName', () => {
  it.each([
    ['fedoraproject_org', true],
    ['kcm_default_ccache', true],
    ['crypto-policies', true],
    ['x.conf', true],
    ['weird name.conf', true],
    ['.hidden.conf', false],
    ['.conf', false],
    ['x.conf~', false],
    ['x.rpmsave', false],
    ['x.rpmnew', false],
    ['README.md', false],
    ['#x#', false],
  ])('%s -> %s', (name, expected) => {
    expect(isIncludableName(name)).toBe(expected);
  });
});
