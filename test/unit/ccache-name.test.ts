import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIT_DEFAULT_CCNAME,
  PRIMARY_FILE_LIMIT,
  defaultCollectionName,
  describeCollection,
  dirCollectionPath,
  expandCcacheName,
  fileCachePath,
  readDirPrimary,
} from '../../electron/services/kerberos/ccache-name.js';
import {
  krb5ConfigFromFiles,
  loadKrb5Config,
  parseKrb5Conf,
  type Krb5ConfFs,
} from '../../electron/services/kerberos/krb5-conf.js';

const FEDORA_ROOT = fileURLToPath(new URL('../fixtures/krb5-conf/fedora/', import.meta.url));

/** The Fedora-like fixture tree, read as if it were the machine's `/`. */
const fedoraFs: Krb5ConfFs = {
  readFile: (path) => readFile(join(FEDORA_ROOT, path), 'utf8'),
  readdir: (path) => readdir(join(FEDORA_ROOT, path)),
};

const confWith = (text: string) => krb5ConfigFromFiles([parseKrb5Conf(text, '/etc/krb5.conf')]);

describe('expandCcacheName', () => {
  const ctx = { uid: 1000, euid: 1001, username: 'alice', tmpdir: '/var/tmp' };

  it.each([
    ['%{uid}', '1000'],
    ['%{euid}', '1001'],
    ['%{USERID}', '1000'], // MIT's expand_userid is getuid() on Unix
    ['%{username}', 'alice'],
    ['%{TEMP}', '/var/tmp'],
    ['%{null}', ''],
    ['%{LIBDIR}', '%{LIBDIR}'],
    ['%{BINDIR}', '%{BINDIR}'],
    ['%{SBINDIR}', '%{SBINDIR}'],
    ['%{nonsense}', '%{nonsense}'],
    ['%{UID}', '%{UID}'],
    ['%{}', '%{}'],
  ])('expands %s to %s', (template, expected) => {
    expect(expandCcacheName(template, ctx)).toBe(expected);
  });

  it('expands every token in a name and leaves the rest alone', () => {
    expect(expandCcacheName('FILE:%{TEMP}/krb5cc_%{uid}_%{euid}%{null}', ctx)).toBe('FILE:/var/tmp/krb5cc_1000_1001');
    expect(expandCcacheName('KEYRING:persistent:%{uid}', ctx)).toBe('KEYRING:persistent:1000');
    expect(expandCcacheName('DIR:/run/user/%{uid}/krb5cc', ctx)).toBe('DIR:/run/user/1000/krb5cc');
    expect(expandCcacheName('KCM:', ctx)).toBe('KCM:');
    expect(expandCcacheName('FILE:/tmp/%{uid', ctx)).toBe('FILE:/tmp/%{uid');
    expect(expandCcacheName('FILE:/tmp/100%', ctx)).toBe('FILE:/tmp/100%');
  });

  it('defaults euid to uid and TEMP to /tmp, and keeps %{username} when the name is unknown', () => {
    expect(expandCcacheName('%{euid}:%{TEMP}:%{username}', { uid: 42 })).toBe('42:/tmp:%{username}');
  });
});

describe('defaultCollectionName', () => {
  const ctx = { uid: 1000 };

  it('prefers KRB5CCNAME over krb5.conf', () => {
    const conf = confWith('[libdefaults]\n default_ccache_name = KCM:\n');
    expect(defaultCollectionName({ KRB5CCNAME: 'DIR:/run/user/1000/krb5cc' }, conf, ctx)).toBe(
      'DIR:/run/user/1000/krb5cc',
    );
    expect(defaultCollectionName({ KRB5CCNAME: 'FILE:/tmp/%{uid}' }, conf, ctx)).toBe('FILE:/tmp/%{uid}'); // not expanded, as in MIT
    expect(defaultCollectionName({ KRB5CCNAME: 'MEMORY:x' }, null, ctx)).toBe('MEMORY:x');
  });

  it('ignores an empty KRB5CCNAME', () => {
    expect(
      defaultCollectionName({ KRB5CCNAME: '' }, confWith('[libdefaults]\n default_ccache_name = KCM:\n'), ctx),
    ).toBe('KCM:');
  });

  it('expands default_ccache_name from [libdefaults], TEMP from TMPDIR unless the context names one', () => {
    expect(
      defaultCollectionName({}, confWith('[libdefaults]\n default_ccache_name = KEYRING:persistent:%{uid}\n'), ctx),
    ).toBe('KEYRING:persistent:1000');
    const temp = confWith('[libdefaults]\n default_ccache_name = FILE:%{TEMP}/cc_%{uid}\n');
    expect(defaultCollectionName({ TMPDIR: '/scratch' }, temp, ctx)).toBe('FILE:/scratch/cc_1000');
    expect(defaultCollectionName({ TMPDIR: '/scratch' }, temp, { uid: 1000, tmpdir: '/mine' })).toBe(
      'FILE:/mine/cc_1000',
    );
    expect(defaultCollectionName({}, temp, ctx)).toBe('FILE:/tmp/cc_1000');
  });

  it("falls back to MIT's built-in FILE:/tmp/krb5cc_%{uid}", () => {
    expect(MIT_DEFAULT_CCNAME).toBe('FILE:/tmp/krb5cc_%{uid}');
    expect(defaultCollectionName({}, null, ctx)).toBe('FILE:/tmp/krb5cc_1000');
    expect(defaultCollectionName({}, confWith('[libdefaults]\n default_realm = X\n'), { uid: 0 })).toBe(
      'FILE:/tmp/krb5cc_0',
    );
  });

  it('is KCM: on a Fedora-like machine, a switchable collection', async () => {
    const conf = await loadKrb5Config({}, fedoraFs);
    const name = defaultCollectionName({}, conf, ctx);
    expect(name).toBe('KCM:');
    expect(describeCollection(name)).toEqual({ name: 'KCM:', type: 'KCM', switchable: true });
  });

  it('is the KEYRING default on a Fedora-like machine without sssd-kcm', async () => {
    const conf = await loadKrb5Config(
      {},
      {
        ...fedoraFs,
        readdir: async (path) => (await fedoraFs.readdir(path)).filter((name) => name !== 'kcm_default_ccache'),
      },
    );
    expect(describeCollection(defaultCollectionName({}, conf, ctx))).toEqual({
      name: 'KEYRING:persistent:1000',
      type: 'KEYRING',
      switchable: true,
    });
  });
});

describe('describeCollection', () => {
  it.each([
    ['FILE:/tmp/krb5cc_1000', 'FILE', false],
    ['/tmp/krb5cc_1000', 'FILE', false],
    ['krb5cc_relative', 'FILE', false],
    ['file:/tmp/krb5cc_1000', 'FILE', false],
    ['C:\\Users\\alice\\krb5cc', 'FILE', false],
    ['DIR:/run/user/1000/krb5cc', 'DIR', true],
    ['dir:/run/user/1000/krb5cc', 'DIR', true],
    ['DIR::/run/user/1000/krb5cc/tktAbC123', 'DIR', false],
    ['DIR:', 'DIR', false],
    ['KEYRING:persistent:1000', 'KEYRING', true],
    ['KEYRING:persistent:1000:krb_ccache_AbC', 'KEYRING', true],
    ['KEYRING:session:mycache', 'KEYRING', true],
    ['KEYRING:user:mycache', 'KEYRING', true],
    ['KEYRING:process:mycache', 'KEYRING', true],
    ['KEYRING:thread:mycache', 'KEYRING', true],
    ['KEYRING:legacyname', 'KEYRING', true],
    ['KCM:', 'KCM', true],
    ['KCM:1000', 'KCM', true],
    ['KCM:1000:62814', 'KCM', true],
    ['kcm:', 'KCM', true],
    ['API:', 'API', true],
    ['API:alice@EXAMPLE.ORG', 'API', true],
    ['MEMORY:armor', 'MEMORY', false],
    ['MSLSA:', 'MSLSA', false],
    ['XYZ:whatever', 'OTHER', false],
    [':/tmp/x', 'OTHER', false],
  ] as const)('%s is %s, switchable %s', (name, type, switchable) => {
    expect(describeCollection(name)).toEqual({ name, type, switchable });
  });
});

describe('dirCollectionPath', () => {
  it.each([
    ['DIR:/run/user/1000/krb5cc', '/run/user/1000/krb5cc'],
    ['DIR::/run/user/1000/krb5cc/tktAbC123', '/run/user/1000/krb5cc'],
    ['DIR::/tkt', '/'],
    ['DIR::tkt', null],
    ['DIR:', null],
    ['FILE:/tmp/krb5cc_1000', null],
    ['KCM:', null],
    ['/run/user/1000/krb5cc', null],
  ])('%s -> %s', (name, path) => {
    expect(dirCollectionPath(name)).toBe(path);
  });
});

describe('fileCachePath', () => {
  it.each([
    ['FILE:/tmp/krb5cc_1000', '/tmp/krb5cc_1000'],
    ['/tmp/krb5cc_1000', '/tmp/krb5cc_1000'],
    ['FILE:', null],
    ['DIR:/run/user/1000/krb5cc', null],
    ['DIR::/run/user/1000/krb5cc/tkt', null],
    ['KEYRING:persistent:1000', null],
    ['MEMORY:x', null],
  ])('%s -> %s', (name, path) => {
    expect(fileCachePath(name)).toBe(path);
  });
});

describe('readDirPrimary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccache-name-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const primary = (text: string) => writeFile(join(dir, 'primary'), text);

  it("names the primary file's cache as a DIR subsidiary", async () => {
    await primary('tktAbC123\n');
    expect(await readDirPrimary(dir)).toBe(`DIR::${dir}/tktAbC123`);
    await primary('tkt\nignored second line\n');
    expect(await readDirPrimary(dir)).toBe(`DIR::${dir}/tkt`);
    await primary('tktNoNewline');
    expect(await readDirPrimary(dir)).toBe(`DIR::${dir}/tktNoNewline`);
  });

  it('does not double the slash of a directory given with one', async () => {
    await primary('tkt\n');
    expect(await readDirPrimary(`${dir}/`)).toBe(`DIR::${dir}/tkt`);
  });

  it('is null when the file is missing, empty or not a cache name', async () => {
    expect(await readDirPrimary(dir)).toBeNull();
    expect(await readDirPrimary(join(dir, 'no-such-dir'))).toBeNull();
    for (const text of ['', '\n', '../tkt\n', 'tkt/../../etc/passwd\n', 'sub/tkt\n', 'tkt\\x\n', 'notatkt\n']) {
      await primary(text);
      expect(await readDirPrimary(dir), JSON.stringify(text)).toBeNull();
    }
  });

  it('is null when primary is unreadable (here: a directory)', async () => {
    await mkdir(join(dir, 'primary'));
    expect(await readDirPrimary(dir)).toBeNull();
  });

  it('is null, without blocking, when primary is a FIFO or far larger than a cache name', async () => {
    execFileSync('mkfifo', [join(dir, 'primary')]);
    expect(await readDirPrimary(dir)).toBeNull();
    await rm(join(dir, 'primary'));
    await primary(`tkt\n${'x'.repeat(PRIMARY_FILE_LIMIT)}`);
    expect(await readDirPrimary(dir)).toBeNull();
  });

  it('reads through an injected file system', async () => {
    const seen: string[] = [];
    const fs = { readFile: async (path: string) => (seen.push(path), 'tktXYZ\n') };
    expect(await readDirPrimary('/run/user/1000/krb5cc', fs)).toBe('DIR::/run/user/1000/krb5cc/tktXYZ');
    expect(seen).toEqual(['/run/user/1000/krb5cc/primary']);
  });
});
