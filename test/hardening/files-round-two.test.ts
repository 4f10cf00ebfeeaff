/**
 * Hardening, round two (the files): what an attacker and an unlucky user found after round one.
 * Two of our edits at the same moment (each reported edit must be in the file), symlinks in place
 * of the session cache and of `.lock` files, secret-holding files left world-readable, huge files,
 * FIFOs in a browser profile, an empty or unset HOME, a `~/.k5identity` ending in a bare CR, a
 * backup keeping a removed token, a file owned by the user edited as root, a million bad config
 * lines. No KDC is needed: the edits and reads here never reach Kerberos.
 */
import { execFileSync } from 'node:child_process';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../electron/main/settings/store.js';
import { readBrowserNegotiate } from '../../electron/services/browser/service.js';
import {
  editCoprConfig,
  loadAndEditCoprConfig,
  loadCoprConfig,
  parseCoprConfig,
} from '../../electron/services/copr/config.js';
import { coprContext, sessionFileOf } from '../../electron/services/copr/context.js';
import { readSession, withSessionLock, writeSession } from '../../electron/services/copr/session-cache.js';
import { userHome } from '../../electron/services/files/home.js';
import { pinForHost, readPins, unpinHost } from '../../electron/services/kerberos/k5identity.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { runCli } from '../support/cli.js';
import { Tally } from '../support/faults/counts.js';

const tally = new Tally();
let base = '';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tt-files-2-'));
});
afterAll(async () => {
  tally.add('data lost', 0); // present even when nothing was lost (failures add to it)
  await tally.record('files-round-two');
  await rm(base, { recursive: true, force: true });
});

const fresh = (name: string) => mkdtemp(join(base, `${name}-`));
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const cliEnv = (home: string) => ({ HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin' });

// ---- item 2: two of our edits at the same moment --------------------------------------------------

/** How many times each pair of commands is started together: enough to hit the race, bounded for 2 cores. */
const ROUNDS = 6;

describe('two edits at the same moment: every edit reported as done is in the file', () => {
  it(`copr config --gssapi and --set-url, ${ROUNDS} times`, async () => {
    const home = await fresh('config-pair');
    const path = join(home, '.config', 'copr');
    await mkdir(dirname(path), { recursive: true });
    for (let round = 0; round < ROUNDS; round++) {
      await writeFile(path, '[copr-cli]\ncopr_url = https://copr.example.org\ngssapi = False\n');
      const url = `https://copr-${round}.example.org`;
      const [gssapi, setUrl] = await Promise.all([
        runCli(cliEnv(home), ['copr', 'config', '--gssapi', 'on']),
        runCli(cliEnv(home), ['copr', 'config', '--set-url', url]),
      ]);
      const text = await readFile(path, 'utf8');
      tally.add('inputs tried', 2);
      // Before the lock, both said "Updated" while one edit was gone.
      expect([gssapi.exitCode, setUrl.exitCode], `${gssapi.stderr}${setUrl.stderr}`).toEqual([0, 0]);
      expect(text, `round ${round}`).toMatch(/^gssapi = True$/m);
      expect(text, `round ${round}`).toContain(`copr_url = ${url}\n`);
    }
  });

  it(`copr pin for two hosts, and a pin with an unpin, ${ROUNDS} times each`, async () => {
    const home = await fresh('pin-pair');
    const configs = ['one', 'two'].map((name) => join(home, `${name}.conf`));
    await writeFile(configs[0]!, '[copr-cli]\ncopr_url = https://one.example.org\n');
    await writeFile(configs[1]!, '[copr-cli]\ncopr_url = https://two.example.org\n');
    const k5 = join(home, '.k5identity');
    for (let round = 0; round < ROUNDS; round++) {
      await writeFile(k5, '# mine\nbob@EXAMPLE.COM realm=EXAMPLE.COM\n');
      const results = await Promise.all([
        runCli(cliEnv(home), ['copr', 'pin', 'alice@FEDORAPROJECT.ORG', '--copr-config', configs[0]!]),
        runCli(cliEnv(home), ['copr', 'pin', 'carol@FEDORAPROJECT.ORG', '--copr-config', configs[1]!]),
      ]);
      expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
      const pins = (await readPins(k5)).pins.map((p) => `${p.principal} ${p.host}`);
      expect(pins.sort(), `pins, round ${round}`).toEqual([
        'alice@FEDORAPROJECT.ORG one.example.org',
        'carol@FEDORAPROJECT.ORG two.example.org',
      ]);
      const [unpinned, pinned] = await Promise.all([
        runCli(cliEnv(home), ['copr', 'unpin', '--copr-config', configs[1]!]),
        runCli(cliEnv(home), ['copr', 'pin', 'dave@FEDORAPROJECT.ORG', '--copr-config', configs[0]!]),
      ]);
      expect([unpinned.exitCode, pinned.exitCode]).toEqual([0, 0]);
      const after = (await readPins(k5)).pins.map((p) => `${p.principal} ${p.host}`);
      expect(after, `pin and unpin, round ${round}`).toEqual(['dave@FEDORAPROJECT.ORG one.example.org']);
      expect(await readFile(k5, 'utf8')).toMatch(/^# mine\nbob@EXAMPLE\.COM realm=EXAMPLE\.COM\n/);
      tally.add('inputs tried', 4);
    }
  });

  it('twelve pins for twelve hosts started at once in one process: all twelve land', async () => {
    const dir = await fresh('pin-burst');
    const k5 = join(dir, '.k5identity');
    await writeFile(k5, '# mine\n');
    const hosts = Array.from({ length: 12 }, (_, i) => `h${i}.example.org`);
    const results = await Promise.all(hosts.map((host) => pinForHost(k5, 'alice@FEDORAPROJECT.ORG', host)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect((await readPins(k5)).pins.map((p) => p.host).sort()).toEqual([...hosts].sort());
    tally.add('inputs tried', hosts.length);
  });

  it("renew-token's token edit racing a config edit: whatever is reported done is in the file", async () => {
    const dir = await fresh('token-race');
    const path = join(dir, 'copr');
    for (let round = 0; round < ROUNDS; round++) {
      await writeFile(path, '[copr-cli]\ncopr_url = https://copr.example.org\n');
      const loaded = await loadCoprConfig(path, true);
      if (!loaded.ok) throw new Error('fixture');
      const token = `new-token-${round}-zzzzzzzzzzzz`;
      const [tokenEdit, gssapiEdit] = await Promise.all([
        editCoprConfig(loaded.value, { login: 'alice-api', token, tokenExpires: '2030-01-01' }),
        loadAndEditCoprConfig(path, true, { gssapi: true }),
      ]);
      const text = await readFile(path, 'utf8');
      if (tokenEdit.ok) expect(text).toContain(`token = ${token}`);
      else expect(tokenEdit.error.kind).toBe('file-changed');
      expect(gssapiEdit.ok).toBe(true);
      expect(text).toMatch(/^gssapi = True$/m);
      tally.add('inputs tried', 2);
    }
  });

  it('two settings stores on one file, updating different settings at once: both kept', async () => {
    const dir = await fresh('settings-pair');
    const path = join(dir, 'settings.json');
    for (let round = 0; round < ROUNDS; round++) {
      await rm(path, { force: true });
      const [a, b] = await Promise.all([openSettingsStore(path), openSettingsStore(path)]);
      const [first, second] = await Promise.all([
        a.update({ warnBeforeMinutes: [10 + round] }),
        b.update({ trayIcons: 'monochrome' }),
      ]);
      const saved = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      if (first.ok) expect(saved['warnBeforeMinutes']).toEqual([10 + round]);
      if (second.ok) expect(saved['trayIcons']).toBe('monochrome');
      expect(first.ok && second.ok).toBe(true);
      tally.add('inputs tried', 2);
    }
  });
});

// ---- item 8: symbolic links -----------------------------------------------------------------------

describe('symbolic links are never written through', () => {
  it('a session cache linked to ~/.ssh/authorized_keys: the link is replaced, the key file untouched', async () => {
    const home = await fresh('session-link');
    const keys = join(home, '.ssh', 'authorized_keys');
    await mkdir(dirname(keys), { recursive: true });
    await writeFile(keys, 'ssh-ed25519 AAAAC3 alice@laptop\n');
    const cache = join(home, '.cache', 'copr', 'copr.example.org-session');
    await mkdir(dirname(cache), { recursive: true });
    await symlink(keys, cache);
    expect(await readSession(cache)).toBeNull(); // a link is not read either
    expect(await writeSession(cache, { name: 'alice', session: 'cookie', expiration: 2e9 })).toBe(true);
    expect(await readFile(keys, 'utf8')).toBe('ssh-ed25519 AAAAC3 alice@laptop\n');
    expect((await lstat(cache)).isSymbolicLink()).toBe(false);
    expect(await readSession(cache)).toMatchObject({ name: 'alice' });
    tally.add('faults injected');
  });

  it('a symlinked .lock creates nothing where it points, for the session lock and for our edits', async () => {
    const home = await fresh('lock-link');
    const cache = join(home, '.cache', 'copr', 'copr.example.org-session');
    await mkdir(dirname(cache), { recursive: true });
    const elsewhere = join(home, 'created-through-the-link');
    await symlink(elsewhere, `${cache}.lock`);
    expect(await withSessionLock(cache, 2_000, async (locked) => locked)).toBe(false);
    const k5 = join(home, '.k5identity');
    await symlink(elsewhere, `${k5}.lock`);
    const pinned = await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org');
    expect(pinned).toMatchObject({ ok: false, error: { kind: 'write-failed' } });
    expect(!pinned.ok && 'detail' in pinned.error && pinned.error.detail).toMatch(/symbolic link/);
    await expect(stat(elsewhere)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readlink(`${k5}.lock`)).toBe(elsewhere);
    tally.add('faults injected', 2);
  });

  it('our edit locks leave no file behind', async () => {
    const dir = await fresh('no-lock-left');
    const k5 = join(dir, '.k5identity');
    expect((await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org')).ok).toBe(true);
    expect((await unpinHost(k5, 'copr.example.org')).ok).toBe(true);
    await expect(stat(`${k5}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

// ---- items 9 and 16: mode and owner ---------------------------------------------------------------

describe('files we rewrite keep their owner and mode; secret-holding files are left 0600', () => {
  it('a session cache copr-cli left 0644 is 0600 once a cookie is written into it', async () => {
    const home = await fresh('session-mode');
    const cache = join(home, '.cache', 'copr', 'copr.example.org-session');
    await mkdir(dirname(cache), { recursive: true });
    await writeFile(cache, '{}\n', { mode: 0o644 });
    await chmod(cache, 0o644);
    expect(await writeSession(cache, { name: 'alice', session: 'cookie', expiration: 2e9 })).toBe(true);
    expect(await modeOf(cache)).toBe(0o600);
    tally.add('faults injected');
  });

  it('a 0644 config holding a token is 0600 after an edit; a 0644 ~/.k5identity stays 0644', async () => {
    const dir = await fresh('config-mode');
    const config = join(dir, 'copr');
    await writeFile(config, '[copr-cli]\ncopr_url = https://copr.example.org\nlogin = a\ntoken = secret-zzzz\n');
    await chmod(config, 0o644);
    expect((await loadAndEditCoprConfig(config, true, { gssapi: true })).ok).toBe(true);
    expect(await modeOf(config)).toBe(0o600);
    const k5 = join(dir, '.k5identity');
    await writeFile(k5, '# mine\n');
    await chmod(k5, 0o644);
    expect((await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org')).ok).toBe(true);
    expect(await modeOf(k5)).toBe(0o644);
  });

  it.runIf(process.getuid?.() === 0)('a user’s file edited by root keeps its owner and group', async () => {
    const dir = await fresh('owner');
    const k5 = join(dir, '.k5identity');
    await writeFile(k5, '# mine\n');
    await chown(k5, 4321, 4322);
    expect((await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org')).ok).toBe(true);
    const config = join(dir, 'copr');
    await writeFile(config, '[copr-cli]\ncopr_url = https://copr.example.org\n');
    await chown(config, 4321, 4322);
    expect((await loadAndEditCoprConfig(config, true, { gssapi: true })).ok).toBe(true);
    for (const file of [k5, config, `${config}.bak`]) {
      const info = await stat(file);
      expect([info.uid, info.gid], file).toEqual([4321, 4322]);
    }
    tally.add('faults injected', 2);
  });
});

// ---- item 7: the backup of a file that held a secret -----------------------------------------------

describe('doctor --fix remove-token', () => {
  it('leaves the token neither in the config nor in copr.bak, and the backup is 0600', async () => {
    const home = await fresh('remove-token');
    const config = join(home, '.config', 'copr');
    await mkdir(dirname(config), { recursive: true });
    const token = 'removed-token-canary-zzzzzzzz';
    await writeFile(
      config,
      `[copr-cli]\n# keep me\ncopr_url = https://copr.example.org\nlogin = alice-api\ntoken = ${token}\n# expiration date: 2030-01-01\ngssapi = True\n`,
    );
    await chmod(config, 0o644);
    const fixed = await runCli(cliEnv(home), ['doctor', '--fix', 'remove-token']);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).not.toContain(token);
    const backup = await readFile(`${config}.bak`, 'utf8');
    expect(backup).not.toContain(token);
    expect(backup).toContain('# keep me');
    expect(await modeOf(`${config}.bak`)).toBe(0o600);
    tally.add('inputs tried');
  });
});

// ---- item 10: huge files ---------------------------------------------------------------------------

describe('a 1 GiB file where a small one belongs: a clear "too large", at once', () => {
  const GIB = 1024 ** 3;

  it('~/.config/copr, ~/.k5identity, the session cache and the settings file', async () => {
    const home = await fresh('huge');
    const config = join(home, '.config', 'copr');
    const k5 = join(home, '.k5identity');
    const cache = join(home, '.cache', 'copr', 'copr.example.org-session');
    const settings = join(home, 'settings.json');
    for (const file of [config, k5, cache, settings]) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, '');
      await truncate(file, GIB); // sparse: costs no disk, but a whole read would cost a gigabyte
    }
    const loaded = await loadCoprConfig(config, false);
    expect(loaded).toMatchObject({ ok: false, error: { kind: 'config-invalid' } });
    expect(!loaded.ok && loaded.error.kind === 'config-invalid' && loaded.error.problem.message).toMatch(/too large/);
    expect(await readPins(k5)).toMatchObject({ exists: false, unreadable: 'EFBIG' });
    const pin = await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org');
    expect(!pin.ok && 'detail' in pin.error && pin.error.detail).toMatch(/too large/);
    expect(await readSession(cache)).toBeNull();
    const store = await openSettingsStore(settings);
    expect(store.problems().join(' ')).toMatch(/too large/);
    const cli = await runCli(cliEnv(home), ['copr', 'config']);
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toMatch(/too large/);
    expect((await stat(config)).size).toBe(GIB); // refused, never rewritten
    tally.add('faults injected', 5);
  });
});

// ---- item 11: special files --------------------------------------------------------------------------

describe('a FIFO in a browser profile never blocks the doctor', () => {
  it('profiles.ini, user.js and a Chromium policy as FIFOs: the report comes back, naming them', async () => {
    const home = await fresh('fifo-home');
    const root = await fresh('fifo-root');
    const firefox = join(home, '.mozilla', 'firefox');
    await mkdir(join(firefox, 'abc.default'), { recursive: true });
    await writeFile(join(firefox, 'installs.ini'), '');
    execFileSync('mkfifo', [join(firefox, 'profiles.ini')]);
    execFileSync('mkfifo', [join(firefox, 'abc.default', 'user.js')]);
    const policies = join(root, 'etc', 'chromium', 'policies', 'managed');
    await mkdir(policies, { recursive: true });
    execFileSync('mkfifo', [join(policies, 'fifo.json')]);
    const CAP_MS = 20_000;
    const outcome = await Promise.race([
      readBrowserNegotiate('copr.example.org', { home, rootDir: root }),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), CAP_MS).unref()),
    ]);
    expect(outcome).not.toBe('hung');
    tally.add('faults injected', 3);
  });
});

// ---- item 13: HOME empty or unset --------------------------------------------------------------------

describe('HOME empty, unset or relative', () => {
  it('uses the user database, never a relative path or /', () => {
    const fromDatabase = userInfo().homedir;
    expect(userHome({ HOME: '' })).toBe(fromDatabase);
    expect(userHome({})).toBe(fromDatabase);
    expect(userHome({ HOME: 'relative/dir' })).toBe(fromDatabase);
    expect(userHome({ HOME: '/' })).toBe('/');
    expect(userHome({ HOME: '/home/alice/' })).toBe('/home/alice');
    expect(userHome({ HOME: '' }, () => '')).toBeNull();
    expect(userHome({}, () => 'relative')).toBeNull();
  });

  it('the session cache goes under the user database home, not ./.cache or /.cache', () => {
    const config = parseCoprConfig('[copr-cli]\ncopr_url = https://copr.example.org\n', '/x');
    if (!config.ok) throw new Error('fixture');
    for (const env of [{ HOME: '' }, {}]) {
      const krb = createKrbService({ env });
      const path = sessionFileOf(coprContext({ krb, env }), config.value);
      expect(path).toBe(join(userInfo().homedir, '.cache', 'copr', 'copr.example.org-session'));
    }
    tally.add('inputs tried', 2);
  });

  it('without any usable home, nothing is written, and the reason is said', async () => {
    expect(await writeSession('', { name: 'a', session: 'b', expiration: 1 })).toBe(false);
    const pinned = await pinForHost('', 'alice@FEDORAPROJECT.ORG', 'copr.example.org');
    expect(!pinned.ok && 'detail' in pinned.error && pinned.error.detail).toMatch(/no home directory/);
  });
});

// ---- item 14: a bare CR at the end of ~/.k5identity -------------------------------------------------

describe('~/.k5identity ending in a bare CR', () => {
  it.each([
    ['one line', 'bob@EXAMPLE.COM realm=EXAMPLE.COM\r'],
    ['LF lines', '# mine\nbob@EXAMPLE.COM realm=EXAMPLE.COM\r'],
    ['CRLF lines', '# mine\r\nbob@EXAMPLE.COM realm=EXAMPLE.COM\r'],
    ['only a CR', '\r'],
  ])('%s: copr pin then copr unpin give back every byte', async (_name, original) => {
    const dir = await fresh('bare-cr');
    const k5 = join(dir, '.k5identity');
    await writeFile(k5, original);
    expect(await pinForHost(k5, 'alice@FEDORAPROJECT.ORG', 'copr.example.org')).toMatchObject({ ok: true });
    expect(await unpinHost(k5, 'copr.example.org')).toMatchObject({ ok: true, value: { changed: true } });
    expect(JSON.stringify(await readFile(k5, 'latin1'))).toBe(JSON.stringify(original));
    tally.add('inputs tried');
  });
});

// ---- item 17: a million bad lines ---------------------------------------------------------------------

describe('a config with very many bad lines', () => {
  it('gives a short error: the first lines, then how many more', () => {
    const text = `[copr-cli]\ncopr_url = https://copr.example.org\n${'?\n'.repeat(200_000)}`;
    const parsed = parseCoprConfig(text, '/x');
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? '' : parsed.error.message;
    expect(message.length).toBeLessThan(1_000);
    expect(message).toMatch(/Line 3 is neither/);
    expect(message).toMatch(/and 199989 more have the same problem/);
    tally.add('inputs tried');
  });
});
