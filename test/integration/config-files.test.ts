import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  editCoprConfig,
  loadCoprConfig,
  type CoprConfigEdits,
  type LoadedCoprConfig,
} from '../../electron/services/copr/config.js';
import { readVersioned, writeAtomic, type FileVersion } from '../../electron/services/files/atomic-file.js';
import { pinForHost, pinnedPrincipal, readPins, unpinHost } from '../../electron/services/kerberos/k5identity.js';

// Real files in a temporary directory, no mocks. Tests run as root in CI, where directory
// permissions do not stop writes: the "cannot write" case then uses a parent that is a regular file.

const IS_ROOT = process.getuid?.() === 0;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-config-files-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Temporary files writeAtomic may have left anywhere under `root`. */
async function leftovers(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((name) => name.includes('.tt-'));
}

async function versionOf(path: string): Promise<FileVersion> {
  const read = await readVersioned(path);
  if (!read.exists) throw new Error(`${path} is missing`);
  return read.version;
}

describe('writeAtomic', () => {
  it('removes the temporary files a killed writer left over a minute ago, and only those', async () => {
    const path = join(dir, 'copr');
    const stale = join(dir, '.copr.tt-0badc0ffee00.tmp');
    const fresh = join(dir, '.copr.tt-123456789abc.tmp');
    const other = join(dir, '.other.tt-0badc0ffee00.tmp');
    for (const p of [stale, fresh, other]) await writeFile(p, 'token = secret\n');
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(stale, old, old);
    await utimes(other, old, old);
    expect((await writeAtomic(path, 'x\n', { expected: 'absent' })).ok).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['.copr.tt-123456789abc.tmp', '.other.tt-0badc0ffee00.tmp', 'copr']);
  });

  it('refuses to read something that is not a regular file (a FIFO would hang the reader)', async () => {
    const path = join(dir, 'fifo');
    const { execa } = await import('execa');
    await execa('mkfifo', [path]);
    expect(await readVersioned(path)).toMatchObject({ exists: false, unreadable: 'EINVAL' });
  });

  it('creates a new file (0600 by default) and its missing parent directories (0700)', async () => {
    const path = join(dir, 'a', 'b', 'settings.json');
    const written = await writeAtomic(path, '{"x":1}\n', { expected: 'absent' });
    expect(written.ok).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('{"x":1}\n');
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(join(dir, 'a'))).toBe(0o700);
    expect(written.ok && written.value).toEqual(await versionOf(path));
    await writeAtomic(join(dir, 'public'), 'x', { expected: 'absent', mode: 0o644 });
    expect(await modeOf(join(dir, 'public'))).toBe(0o644);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('replaces a file, keeping its mode, and keeps the old content as a 0600 .bak', async () => {
    const path = join(dir, 'copr');
    await writeFile(path, 'old\n');
    await chmod(path, 0o640);
    const written = await writeAtomic(path, 'new\n', { expected: await versionOf(path), backup: true });
    expect(written.ok).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect(await modeOf(path)).toBe(0o640);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('old\n');
    // Backups are 0600 whatever the file's mode: the file they copy may have held a secret.
    expect(await modeOf(`${path}.bak`)).toBe(0o600);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('refuses when the file changed after it was read, and leaves the newer content alone', async () => {
    const path = join(dir, 'copr');
    await writeFile(path, 'read\n');
    const version = await versionOf(path);
    await writeFile(path, 'someone else saved this\n');
    expect(await writeAtomic(path, 'mine\n', { expected: version, backup: true })).toEqual({
      ok: false,
      error: { kind: 'file-changed', path },
    });
    expect(await readFile(path, 'utf8')).toBe('someone else saved this\n');
    expect(await readdir(dir)).toEqual(['copr']);
  });

  it('refuses when a file appeared where none was expected', async () => {
    const path = join(dir, 'copr');
    await writeFile(path, 'appeared\n');
    expect(await writeAtomic(path, 'mine\n', { expected: 'absent' })).toEqual({
      ok: false,
      error: { kind: 'file-changed', path },
    });
    expect(await readFile(path, 'utf8')).toBe('appeared\n');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('treats a file saved again with the same bytes as unchanged (only the content counts)', async () => {
    const path = join(dir, 'copr');
    await writeFile(path, 'same\n');
    const version = await versionOf(path);
    await utimes(path, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await writeAtomic(path, 'next\n', { expected: version })).ok).toBe(true);
  });

  it.skipIf(IS_ROOT)(
    'fails cleanly in a read-only directory (skipped as root: root writes into 0500 directories anyway)',
    async () => {
      const path = join(dir, 'ro', 'copr');
      await mkdir(join(dir, 'ro'));
      await writeFile(path, 'old\n');
      await chmod(join(dir, 'ro'), 0o500);
      const written = await writeAtomic(path, 'new\n', { expected: await versionOf(path) });
      expect(!written.ok && written.error).toMatchObject({ kind: 'write-failed', path });
      expect(await readFile(path, 'utf8')).toBe('old\n');
    },
  );

  it('fails cleanly when the parent is a regular file (the failure root cannot bypass), naming errno and path only', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const path = join(dir, 'not-a-dir', 'copr');
    const written = await writeAtomic(path, 'secret-content\n', { expected: 'absent' });
    expect(written.ok).toBe(false);
    if (written.ok || written.error.kind !== 'write-failed') throw new Error('expected write-failed');
    expect(written.error.detail).toMatch(/^E[A-Z]+ while .* \//);
    expect(written.error.detail).toContain(path);
    expect(written.error.detail).not.toContain('secret-content');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('reports a directory where the file should be as unreadable and refuses to write it', async () => {
    const path = join(dir, 'copr');
    await mkdir(path);
    expect(await readVersioned(path)).toEqual({ exists: false, unreadable: 'EISDIR' });
    const written = await writeAtomic(path, 'x', { expected: 'absent' });
    expect(!written.ok && written.error.kind).toBe('write-failed');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('keeps a symlinked dotfile a symlink and replaces its target', async () => {
    await mkdir(join(dir, 'dotfiles'));
    await writeFile(join(dir, 'dotfiles', 'copr'), 'old\n');
    await symlink(join(dir, 'dotfiles', 'copr'), join(dir, 'copr'));
    const written = await writeAtomic(join(dir, 'copr'), 'new\n', { expected: await versionOf(join(dir, 'copr')) });
    expect(written.ok).toBe(true);
    expect((await lstat(join(dir, 'copr'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'dotfiles', 'copr'), 'utf8')).toBe('new\n');
  });

  it('says when a file is not UTF-8, so nobody writes back a lossy copy', async () => {
    await writeFile(join(dir, 'latin1'), Buffer.from([0x5b, 0xe9, 0x5d, 0x0a]));
    expect(await readVersioned(join(dir, 'latin1'))).toMatchObject({ exists: true, utf8: false });
  });
});

const OLD_TOKEN = 'xqzvkwrmbtfhjdlpcnsgyaoeiuxqzv';
const NEW_TOKEN = 'plmoknijbuhvygctfxrdzeswaqplmo';

/** What Copr's /api/ page hands out, pasted under a comment, with a second profile after it. */
const COPR_FILE = `# Copr API token, from https://copr.fedorainfracloud.org/api/
[copr-cli]
login = Y57wcg==##fkfaxbkjhuoiebfafadl
username = alice
token = ${OLD_TOKEN}
copr_url = https://copr.fedorainfracloud.org
# expiration date: 2026-03-01

[copr-cli-staging]
copr_url = https://copr.stg.fedoraproject.org
`;

describe('editCoprConfig on a real file', () => {
  const path = () => join(dir, '.config', 'copr');

  async function load(): Promise<LoadedCoprConfig> {
    const loaded = await loadCoprConfig(path(), false);
    if (!loaded.ok) throw new Error(`load failed: ${loaded.error.kind}`);
    return loaded.value;
  }

  async function edit(edits: CoprConfigEdits) {
    return editCoprConfig(await load(), edits);
  }

  const linesOf = async () => (await readFile(path(), 'utf8')).split('\n');
  const original = COPR_FILE.split('\n');
  const withLine = (index: number, line: string) => original.map((l, i) => (i === index ? line : l));

  beforeEach(async () => {
    await mkdir(join(dir, '.config'), { mode: 0o700 });
    await writeFile(path(), COPR_FILE, { mode: 0o600 });
  });

  it('changes copr_url and nothing else', async () => {
    const result = await edit({ coprUrl: 'https://copr.example.org' });
    expect(result.ok && result.value).toMatchObject({
      coprUrl: 'https://copr.example.org',
      host: 'copr.example.org',
      hasToken: true,
    });
    expect(await linesOf()).toEqual(withLine(5, 'copr_url = https://copr.example.org'));
    expect(await readFile(`${path()}.bak`, 'utf8')).toBe(COPR_FILE);
    expect(await modeOf(`${path()}.bak`)).toBe(0o600);
    expect(await modeOf(path())).toBe(0o600);
  });

  it('turns gssapi on (a new line after the last key) and off (the same line rewritten)', async () => {
    expect((await edit({ gssapi: true })).ok).toBe(true);
    const withGssapi = [...original.slice(0, 6), 'gssapi = True', ...original.slice(6)];
    expect(await linesOf()).toEqual(withGssapi);
    const off = await edit({ gssapi: false });
    expect(off.ok && off.value.gssapi).toBe(false);
    expect(await linesOf()).toEqual(withGssapi.map((l) => (l === 'gssapi = True' ? 'gssapi = False' : l)));
  });

  it('stores a new token and its expiration in place of the old ones, never returning the token', async () => {
    const result = await edit({ login: 'N3wLogin==##abc', token: NEW_TOKEN, tokenExpires: '2026-09-30' });
    expect(result.ok && result.value).toMatchObject({
      login: 'N3wLogin==##abc',
      hasToken: true,
      tokenExpires: '2026-09-30',
    });
    expect(JSON.stringify(result)).not.toContain(NEW_TOKEN);
    const expected = original.map((l) =>
      l
        .replace('Y57wcg==##fkfaxbkjhuoiebfafadl', 'N3wLogin==##abc')
        .replace(OLD_TOKEN, NEW_TOKEN)
        .replace('2026-03-01', '2026-09-30'),
    );
    expect(await linesOf()).toEqual(expected);
    expect((await load()).token).toBe(NEW_TOKEN);
  });

  it('removes the token together with its expiration comment', async () => {
    expect((await edit({ removeToken: true })).ok).toBe(true);
    expect(await linesOf()).toEqual(original.filter((l) => !l.startsWith('token =') && !l.startsWith('# expiration')));
  });

  it('keeps CRLF line endings on every line', async () => {
    await writeFile(path(), COPR_FILE.replace(/\n/g, '\r\n'));
    expect((await edit({ gssapi: true, coprUrl: 'https://copr.example.org' })).ok).toBe(true);
    const text = await readFile(path(), 'utf8');
    expect(text.split('\r\n')).toEqual([
      ...withLine(5, 'copr_url = https://copr.example.org').slice(0, 6),
      'gssapi = True',
      ...original.slice(6),
    ]);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses when the file changed since it was loaded', async () => {
    const loaded = await load();
    await writeFile(path(), `${COPR_FILE}# edited meanwhile\n`);
    expect(await editCoprConfig(loaded, { gssapi: true })).toEqual({
      ok: false,
      error: { kind: 'file-changed', path: path() },
    });
    expect(await readFile(path(), 'utf8')).toBe(`${COPR_FILE}# edited meanwhile\n`);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('creates a missing default file (0600) with copr_url and the edits', async () => {
    await rm(path());
    const result = await edit({ gssapi: true });
    expect(result.ok && result.value).toMatchObject({
      exists: true,
      gssapi: true,
      coprUrl: 'https://copr.fedorainfracloud.org',
    });
    expect(await readFile(path(), 'utf8')).toBe(
      '[copr-cli]\ncopr_url = https://copr.fedorainfracloud.org\ngssapi = True\n',
    );
    expect(await modeOf(path())).toBe(0o600);
  });

  it('writes nothing for an edit python-copr would not see, or one that makes the config unusable', async () => {
    await writeFile(
      path(),
      `[DEFAULT]\ntoken = ${OLD_TOKEN}\n[copr-cli]\ncopr_url = https://copr.fedorainfracloud.org\ntoken = ${OLD_TOKEN}\n`,
    );
    const shadowed = await edit({ removeToken: true });
    expect(!shadowed.ok && shadowed.error.kind).toBe('config-invalid');
    expect(JSON.stringify(shadowed)).not.toContain(OLD_TOKEN);
    await writeFile(path(), COPR_FILE);
    expect(await edit({ coprUrl: 'http://copr.example.org' })).toEqual({
      ok: false,
      error: { kind: 'insecure-url', coprUrl: 'http://copr.example.org' },
    });
    expect(await readFile(path(), 'utf8')).toBe(COPR_FILE);
  });
});

const COPR_HOST = 'copr.fedorainfracloud.org';
const K5_ORIGINAL = `# which principal for which server
bob@EXAMPLE.COM realm=EXAMPLE.COM
alice@FEDORAPROJECT.ORG host=src.fedoraproject.org

# end
`;

describe('~/.k5identity pins', () => {
  const path = () => join(dir, '.k5identity');

  it('adds a pin at the end, once, and unpinning restores the file exactly', async () => {
    await writeFile(path(), K5_ORIGINAL, { mode: 0o644 });
    const pinned = await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST);
    expect(pinned.ok && pinned.value.changed).toBe(true);
    expect(await readFile(path(), 'utf8')).toBe(`${K5_ORIGINAL}alice@FEDORAPROJECT.ORG host=${COPR_HOST}\n`);
    expect(await modeOf(path())).toBe(0o644);
    const again = await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST.toUpperCase());
    expect(again.ok && again.value.changed).toBe(false);
    expect((await readPins(path())).pins).toEqual([
      { principal: 'alice@FEDORAPROJECT.ORG', host: 'src.fedoraproject.org', line: 3 },
      { principal: 'alice@FEDORAPROJECT.ORG', host: COPR_HOST, line: 6 },
    ]);
    const unpinned = await unpinHost(path(), COPR_HOST);
    expect(unpinned.ok && unpinned.value.changed).toBe(true);
    expect(await readFile(path(), 'utf8')).toBe(K5_ORIGINAL);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('replaces an existing pin for the host in place (a different case included)', async () => {
    await writeFile(path(), `${K5_ORIGINAL}old@FEDORAPROJECT.ORG host=COPR.FedoraInfraCloud.org\n# after\n`);
    expect((await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST)).ok).toBe(true);
    expect(await readFile(path(), 'utf8')).toBe(`${K5_ORIGINAL}alice@FEDORAPROJECT.ORG host=${COPR_HOST}\n# after\n`);
    expect(pinnedPrincipal(await readFile(path(), 'utf8'), COPR_HOST)).toBe('alice@FEDORAPROJECT.ORG');
  });

  it('puts the pin before a rule that would otherwise win for the host', async () => {
    const shadowing = 'carol@EXAMPLE.COM host=*.fedorainfracloud.org\n';
    await writeFile(path(), K5_ORIGINAL + shadowing);
    expect((await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST)).ok).toBe(true);
    const text = await readFile(path(), 'utf8');
    expect(text).toBe(`${K5_ORIGINAL}alice@FEDORAPROJECT.ORG host=${COPR_HOST}\n${shadowing}`);
    expect(pinnedPrincipal(text, COPR_HOST)).toBe('alice@FEDORAPROJECT.ORG');
    await unpinHost(path(), COPR_HOST);
    expect(await readFile(path(), 'utf8')).toBe(K5_ORIGINAL + shadowing);
  });

  it('keeps CRLF endings and a missing final newline through pin and unpin', async () => {
    for (const original of [K5_ORIGINAL.replace(/\n/g, '\r\n'), K5_ORIGINAL.trimEnd()]) {
      await writeFile(path(), original);
      await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST);
      const pinned = await readFile(path(), 'utf8');
      expect(pinned.startsWith(original)).toBe(true);
      expect(pinnedPrincipal(pinned, COPR_HOST)).toBe('alice@FEDORAPROJECT.ORG');
      await unpinHost(path(), COPR_HOST);
      expect(await readFile(path(), 'utf8')).toBe(original);
    }
  });

  it('creates a missing file (0600) and treats unpinning a missing file as no change', async () => {
    expect(await unpinHost(path(), COPR_HOST)).toEqual({ ok: true, value: { changed: false, text: '' } });
    expect(await readPins(path())).toEqual({ exists: false, text: '', version: 'absent', pins: [], unreadable: null });
    expect((await pinForHost(path(), 'alice@FEDORAPROJECT.ORG', COPR_HOST)).ok).toBe(true);
    expect(await readFile(path(), 'utf8')).toBe(`alice@FEDORAPROJECT.ORG host=${COPR_HOST}\n`);
    expect(await modeOf(path())).toBe(0o600);
  });

  it('refuses a bad principal or host before touching the file', async () => {
    await writeFile(path(), K5_ORIGINAL);
    for (const [principal, host] of [
      ['-alice@X', COPR_HOST],
      ['a b@X', COPR_HOST],
      ['#alice@X', COPR_HOST],
      ['alice@X', 'copr host'],
      ['alice@X', '*.org'],
    ]) {
      const result = await pinForHost(path(), principal!, host!);
      expect(!result.ok && result.error.kind).toBe('config-invalid');
    }
    expect(await readFile(path(), 'utf8')).toBe(K5_ORIGINAL);
  });
});

describe('pinnedPrincipal: what MIT picks for HTTP/<host>', () => {
  it.each<[string, string | null]>([
    [`alice@F host=${COPR_HOST}`, 'alice@F'],
    ['alice@F host=*.fedorainfracloud.org', 'alice@F'],
    ['alice@F host=copr.?edorainfracloud.org', 'alice@F'],
    ['alice@F host=[bc]opr.fedorainfracloud.org', 'alice@F'],
    ['alice@F host=[!c]opr.fedorainfracloud.org', null],
    ['alice@F host=COPR.FEDORAINFRACLOUD.ORG', null], // MIT folds the host, not the pattern
    ['alice@F', 'alice@F'], // no constraint: matches every server
    [`alice@F host=${COPR_HOST} service=HTTP`, 'alice@F'],
    [`alice@F host=${COPR_HOST} service=host`, null],
    [`alice@F host=${COPR_HOST} realm=FEDORAPROJECT.ORG`, null], // an unmapped host has the empty referral realm
    [`alice@F host=${COPR_HOST} flavour=any`, null], // unknown constraints are critical
    [`alice@F host=${COPR_HOST} junk`, null],
    [`# alice@F host=${COPR_HOST}`, null],
  ])('%s → %s', (line, expected) => {
    expect(pinnedPrincipal(`${line}\n`, COPR_HOST)).toBe(expected);
  });

  it('takes the first matching line and honours a known server realm', () => {
    expect(pinnedPrincipal(`x@A host=other.org\ny@B host=${COPR_HOST}\nz@C\n`, COPR_HOST)).toBe('y@B');
    expect(pinnedPrincipal(`y@B realm=FEDORAPROJECT.ORG\n`, COPR_HOST, 'FEDORAPROJECT.ORG')).toBe('y@B');
    expect(pinnedPrincipal('', COPR_HOST)).toBeNull();
  });
});
