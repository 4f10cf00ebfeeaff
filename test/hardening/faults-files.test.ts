/**
 * Hardening, item 5 (the files): a full and a read-only home (a tiny tmpfs, ENOSPC and EROFS), a
 * corrupted python-copr session cache, and a `~/.k5identity` full of unrelated lines that must
 * survive every pin and unpin byte for byte. test/integration/config-files.test.ts covers a parent
 * that is a regular file (ENOTDIR), a directory in place of a config file, and pin/unpin on one
 * small file with CRLF and without a final newline; this suite extends those.
 */
import { constants as fsConstants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../electron/main/settings/store.js';
import { editCoprConfig, loadCoprConfig } from '../../electron/services/copr/config.js';
import { createCoprService } from '../../electron/services/copr/service.js';
import { sessionCachePath, writeSession } from '../../electron/services/copr/session-cache.js';
import { createDoctor } from '../../electron/services/doctor/service.js';
import { pinForHost, pinnedPrincipal, readPins, unpinHost } from '../../electron/services/kerberos/k5identity.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { Tally } from '../support/faults/counts.js';
import { fill, mountTmpfs, remount, unfill, unmount } from '../support/faults/tmpfs.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice } = USERS;
let realm: TestRealm;
let copr: CoprStandIn;
let aliceCc: string;
let emptyRoot: string;
const tally = new Tally();

beforeAll(async () => {
  realm = await startRealm();
  copr = await startCoprStandIn(realm);
  aliceCc = realm.newCollection('DIR');
  await realm.kinit(aliceCc, alice.fedora, alice.password);
  emptyRoot = await mkdtemp(join(realm.dir, 'root-'));
});
afterAll(async () => {
  tally.add('data lost', 0); // present even when nothing was lost (failures add to it)
  await tally.record('faults-files');
  await realm?.stop();
});

beforeEach(async () => {
  await copr.setUsers([
    {
      name: 'alice',
      webLogin: true,
      apiLogin: 'alice-api',
      token: 'files-fault-token-zzzzzzzzzzzz',
      tokenExpires: coprDate(-1),
    },
  ]);
  await copr.clearRequests();
});

/** The services over a HOME of the test's choosing (the Kerberos side stays the realm's). */
function servicesAt(home: string) {
  const krb = createKrbService({ env: { ...realm.env(aliceCc), HOME: home } });
  const coprService = createCoprService({ krb, ca: copr.caPem, timeoutMs: 5_000 });
  return {
    krb,
    copr: coprService,
    doctor: createDoctor({ krb, copr: coprService, rootDir: emptyRoot, fedoraUser: 'alice' }),
  };
}

const leftovers = async (root: string) =>
  (await readdir(root, { recursive: true })).filter((n) => String(n).includes('.tt-'));

// ---- a full and a read-only home -------------------------------------------------------------------

describe('a full and a read-only home (a tiny tmpfs)', () => {
  let home = '';
  let mounted: { ok: true } | { ok: false; reason: string } = { ok: false, reason: 'not tried' };
  const COPR = () => `[copr-cli]\ncopr_url = ${copr.url}\ngssapi = True\n`;
  const K5 = '# mine\nbob@EXAMPLE.COM realm=EXAMPLE.COM\n';

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tt-faults-home-'));
    mounted = await mountTmpfs(home, 64);
    if (!mounted.ok) tally.note('skipped', `full/read-only home: ${mounted.reason}`);
  });
  afterAll(async () => {
    if (mounted.ok) await unmount(home);
    await rm(home, { recursive: true, force: true });
  });

  async function populate() {
    await rm(join(home, '.cache'), { recursive: true, force: true });
    await mkdir(join(home, '.config', 'ticket-tray'), { recursive: true });
    await writeFile(join(home, '.config', 'copr'), COPR());
    await writeFile(join(home, '.k5identity'), K5);
    await writeFile(join(home, '.config', 'ticket-tray', 'settings.json'), '{}\n');
  }

  /** Every write fails with `code`, typed, naming errno and path only; nothing was changed and nothing left behind; the Copr check still works. */
  async function expectWritesFailCleanly(code: 'ENOSPC' | 'EROFS') {
    const configPath = join(home, '.config', 'copr');
    const k5 = join(home, '.k5identity');
    const s = servicesAt(home);

    const loaded = await loadCoprConfig(configPath, false);
    if (!loaded.ok) throw new Error('load failed');
    const edited = await editCoprConfig(loaded.value, { gssapi: false });
    expect(edited).toMatchObject({
      ok: false,
      error: { kind: 'write-failed', path: configPath, detail: expect.stringMatching(new RegExp(`^${code} while `)) },
    });
    expect(await s.copr.configure({ coprUrl: 'https://copr.example.org' })).toMatchObject({
      ok: false,
      error: { kind: 'write-failed' },
    });
    expect(await pinForHost(k5, alice.fedora, copr.host)).toMatchObject({
      ok: false,
      error: { kind: 'write-failed', detail: expect.stringContaining(code) },
    });
    expect(await s.copr.pin(alice.fedora)).toMatchObject({ ok: false, error: { kind: 'write-failed' } });
    const settings = await openSettingsStore(join(home, '.config', 'ticket-tray', 'settings.json'));
    const update = await settings.update({ warnBeforeMinutes: [15] });
    expect(update).toMatchObject({ ok: false, error: { kind: 'invalid', reason: expect.stringContaining(code) } });
    expect(await writeSession(sessionCachePath(home, 'x'), { name: 'alice', session: 'cookie', expiration: 1 })).toBe(
      false,
    );
    tally.add('faults injected', 6);
    tally.add('inputs tried', 6);

    // Nothing was changed, nothing was left behind.
    expect(await readFile(configPath, 'utf8')).toBe(COPR());
    expect(await readFile(k5, 'utf8')).toBe(K5);
    expect(await readFile(join(home, '.config', 'ticket-tray', 'settings.json'), 'utf8')).toBe('{}\n');
    expect(await leftovers(home)).toEqual([]);

    // The Copr check does not need to save its session to prove who Copr thinks you are; the
    // others must answer with a typed result. Collected, so every exception shows at once.
    const escaped: string[] = [];
    const settle = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
      tally.add('inputs tried');
      try {
        return await run();
      } catch (error) {
        escaped.push(`${what} threw: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    };
    const check = await settle('copr check', () => s.copr.check());
    if (check)
      expect(check, 'copr check on an unwritable ~/.cache').toMatchObject({
        ok: true,
        value: { user: 'alice' },
        method: 'gssapi',
      });
    await settle('clearCachedSession', () => s.copr.clearCachedSession());
    // The token renewal: Copr issues a new token that the config cannot take: a typed failure that never shows it.
    const renewed = await settle('renewToken', () => s.copr.renewToken());
    if (renewed) {
      expect(renewed, 'renew-token on an unwritable home').toMatchObject({
        ok: false,
        error: { kind: 'write-failed' },
      });
      // The one place the new token may be: `unsaved`, to be shown once so that it is not lost
      // (Copr has already replaced the old one); never in the error or anywhere else.
      const token = (await copr.getUser('alice'))?.token;
      const { unsaved, ...rest } = renewed as typeof renewed & { unsaved?: { token: string } };
      expect(JSON.stringify(rest)).not.toContain(token);
      if (unsaved) expect(unsaved.token).toBe(token);
    }
    expect(await readFile(configPath, 'utf8')).toBe(COPR());
    await settle('doctor', () => s.doctor.run());
    tally.add(`exceptions instead of results (${code})`, escaped.length);
    for (const e of escaped) tally.note('exceptions instead of results', `${code}: ${e}`);
    expect(escaped, `exceptions on a ${code} home`).toEqual([]);
  }

  it('full (ENOSPC): every write fails cleanly, nothing is changed or left behind, and it all works once there is space', async (ctx) => {
    if (!mounted.ok) return ctx.skip(mounted.reason);
    await populate();
    expect(await fill(home)).toBeGreaterThan(0);
    try {
      await expectWritesFailCleanly('ENOSPC');
    } finally {
      await unfill(home);
    }
    const loaded = await loadCoprConfig(join(home, '.config', 'copr'), false);
    expect(loaded.ok && (await editCoprConfig(loaded.value, { gssapi: false })).ok).toBe(true);
    expect((await pinForHost(join(home, '.k5identity'), alice.fedora, copr.host)).ok).toBe(true);
  });

  it('read-only (EROFS): every write fails cleanly, nothing is changed or left behind', async (ctx) => {
    if (!mounted.ok) return ctx.skip(mounted.reason);
    await populate();
    const ro = await remount(home, 'ro');
    if (!ro.ok) {
      tally.note('skipped', `read-only home: ${ro.reason}`);
      return ctx.skip(ro.reason);
    }
    try {
      await expectWritesFailCleanly('EROFS');
    } finally {
      await remount(home, 'rw');
    }
  });
});

// ---- a corrupted session cache ---------------------------------------------------------------------

describe('a corrupted python-copr session cache', () => {
  const home = () => realm.home;
  const file = () => sessionCachePath(home(), new URL(copr.url).host);

  beforeEach(async () => {
    await rm(join(home(), '.cache'), { recursive: true, force: true });
    await mkdir(join(home(), '.config'), { recursive: true });
    await writeFile(join(home(), '.config', 'copr'), `[copr-cli]\ncopr_url = ${copr.url}\n`);
  });

  const valid = (over: Record<string, unknown>) =>
    JSON.stringify({ name: 'alice', session: 'not-a-real-session', expiration: Date.now() / 1000 + 3600, ...over });
  // What copr-cli itself crashes on (not JSON, not an object, no usable `expiration`): the check
  // fails as python-copr would, the file is left for the user to clear, and clearing it helps.
  const crashing: Array<[string, string | Buffer]> = [
    ['garbage bytes', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x0a])],
    ['an empty file', ''],
    ['truncated JSON', valid({}).slice(0, 25)],
    ['a JSON array', '["alice","cookie",1]'],
    ['JSON null', 'null'],
    ['expiration is a string', valid({ expiration: 'tomorrow' })],
    ['UTF-8 BOM before the JSON', `\ufeff${valid({})}`],
  ];
  // What copr-cli reads without crashing, but cannot use: the check logs in again.
  const unusable: Array<[string, string | Buffer]> = [
    ['name is a number', valid({ name: 42 })],
    ['session is null', valid({ session: null })],
    ['expiration overflows to Infinity', valid({}).replace(/"expiration":[^,}]+/, '"expiration":1e999')],
    ['expiration in the past', valid({ expiration: 1 })],
    ['a session Copr does not know', valid({})],
    ['a cookie with a line break and a semicolon', valid({ session: 'abc\r\nX-Injected: 1; other=2' })],
    ['a 2 MiB session value', valid({ session: 'x'.repeat(2 * 1024 * 1024) })],
  ];

  it.each(crashing)(
    '%s: the check fails as copr-cli would, the file stays, and once cleared a login saves a good session',
    async (_what, content) => {
      await mkdir(dirname(file()), { recursive: true });
      await writeFile(file(), content);
      const s = servicesAt(home());
      expect(await s.copr.overview()).toMatchObject({ ok: true, value: { sessionCorrupt: { path: file() } } });
      const check = await s.copr.check().then(
        (c) => c,
        (e: unknown) => ({ thrown: e instanceof Error ? e.message : String(e) }),
      );
      expect(check, JSON.stringify(check).slice(0, 400)).toMatchObject({
        ok: false,
        error: { kind: 'session-cache-corrupt' },
      });
      expect(await readFile(file())).toEqual(Buffer.from(content));
      await s.copr.clearCachedSession();
      expect(await s.copr.check()).toMatchObject({ ok: true, value: { user: 'alice' }, session: 'created' });
      tally.add('inputs tried');
      tally.add('faults injected');
    },
  );

  it.each(unusable)(
    '%s: the check logs in again and saves a good session; the overview shows no bogus session',
    async (_what, content) => {
      await mkdir(dirname(file()), { recursive: true });
      await writeFile(file(), content);
      const s = servicesAt(home());
      const overview = await s.copr.overview();
      expect(overview.ok).toBe(true);
      if (overview.ok && overview.value.session)
        expect(overview.value.session.valid === false || overview.value.session.name === 'alice').toBe(true);
      const check = await s.copr.check().then(
        (c) => c,
        (e: unknown) => ({ thrown: e instanceof Error ? e.message : String(e) }),
      );
      expect(check, JSON.stringify(check).slice(0, 400)).toMatchObject({
        ok: true,
        value: { user: 'alice' },
        session: 'created',
      });
      const saved = JSON.parse(await readFile(file(), 'utf8')) as { name: string; session: string };
      expect(saved.name).toBe('alice');
      expect(saved.session).toMatch(/^[\w-]+$/);
      expect(await s.copr.check()).toMatchObject({ ok: true, session: 'reused' });
      tally.add('inputs tried');
      tally.add('faults injected');
    },
  );

  it('a directory in its place: the check still works, the overview says no session, and clearing it is a typed answer, not an exception', async () => {
    await mkdir(file(), { recursive: true });
    await writeFile(join(file(), 'inside'), 'x');
    const s = servicesAt(home());
    expect(await s.copr.overview()).toMatchObject({ ok: true, value: { session: null } });
    expect(await s.copr.check()).toMatchObject({ ok: true, value: { user: 'alice' }, session: 'created' });
    const report = await s.doctor.run();
    expect(report.findings.map((f) => f.id)).not.toContain('copr-error');
    tally.add('inputs tried', 3);
    tally.add('faults injected');
    const cleared = await s.copr.clearCachedSession().then(
      (r) => r,
      (e: unknown) => ({ thrown: e instanceof Error ? e.message : String(e) }),
    );
    tally.add('inputs tried');
    // copr/session-cache.ts clearSession does rm(path, { force: true }), which throws ERR_FS_EISDIR
    // for a directory; clearCachedSession lets it escape (the CLI prints "internal error").
    expect(cleared, 'clearCachedSession with a directory in place of the cache').not.toHaveProperty('thrown');
    expect((await readdir(file())).length).toBe(1); // never removes a directory it did not make
  });

  it('a FIFO in its place: the check does not hang on it, it logs in again', async () => {
    await mkdir(dirname(file()), { recursive: true });
    await execa('mkfifo', [file()]);
    const s = servicesAt(home());
    tally.add('inputs tried');
    tally.add('faults injected');
    let settled = false;
    const check = s.copr.check().finally(() => {
      settled = true;
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      // copr/session-cache.ts readSession (readFile) and atomic-file.ts readRaw (open 'r') block
      // on a FIFO until a writer appears: the check never returns.
      const outcome = await Promise.race([
        check,
        new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), 6_000);
        }),
      ]);
      expect(outcome, 'copr check with a FIFO in place of the session cache').not.toBe('hung');
      expect(outcome).toMatchObject({ ok: true, value: { user: 'alice' } });
    } finally {
      clearTimeout(timer);
      // Release every open() still blocked on the FIFO (a writer that opens and closes at once), so no thread stays stuck.
      for (let i = 0; i < 100 && !settled; i++) {
        const writer = await open(file(), fsConstants.O_WRONLY | fsConstants.O_NONBLOCK).catch(() => null);
        await writer?.close();
        await sleep(50);
      }
      await check.catch(() => undefined);
      await rm(file(), { force: true });
    }
  });

  it('a dangling symlink in its place: the check logs in again and saves a readable session', async () => {
    await mkdir(dirname(file()), { recursive: true });
    await symlink(join(home(), '.cache', 'elsewhere-session'), file());
    const s = servicesAt(home());
    expect(await s.copr.check()).toMatchObject({ ok: true, session: 'created' });
    // atomic-file.ts resolves a symlink with realpath, which fails for a dangling one, so the link
    // itself is replaced by the file (python-copr's open(…, 'w') would create the target instead).
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ name: 'alice' });
    expect(await s.copr.check()).toMatchObject({ ok: true, session: 'reused' });
    tally.add('inputs tried');
    tally.add('faults injected');
  });
});

// ---- ~/.k5identity: unrelated lines survive every pin and unpin -------------------------------------

/** A seeded generator (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOST = 'copr.fedorainfracloud.org';
/** Lines that are not an exact `<principal> host=<HOST>` pin (pinning replaces those, unpinning removes them). */
const UNRELATED = [
  '# which principal for which server',
  '   # an indented comment',
  '#',
  '',
  '   ',
  '\t',
  'bob@EXAMPLE.COM realm=EXAMPLE.COM',
  'carol@EXAMPLE.COM realm=*',
  'dave@EXAMPLE.COM service=HTTP',
  'dave@EXAMPLE.COM service=host host=*.example.com',
  'alice@FEDORAPROJECT.ORG host=src.fedoraproject.org',
  'alice@FEDORAPROJECT.ORG\thost=koji.fedoraproject.org',
  'eve@EXAMPLE.COM host=*.fedorainfracloud.org',
  'eve@EXAMPLE.COM host=copr.*',
  `mallory@EXAMPLE.COM host=${HOST} service=HTTP`,
  `# alice@FEDORAPROJECT.ORG host=${HOST}`,
  'frank@EXAMPLE.COM',
  'frank@EXAMPLE.COM   ',
  '# café ☕ 日本語 — ünïcödé',
  `# ${'a very long comment line '.repeat(14)}`,
  'grace@EXAMPLE.COM realm=EXAMPLE.COM\r',
  'x host=',
  'not a principal line at all',
  'heidi@EXAMPLE.COM flavour=vanilla',
];

function generateK5(seed: number): string {
  const next = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const count = 1 + Math.floor(next() * 25);
  let text = next() < 0.1 ? '\ufeff' : '';
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const eol = last && next() < 0.3 ? '' : pick(['\n', '\n', '\r\n']);
    text += pick(UNRELATED) + eol;
  }
  return text;
}

describe('~/.k5identity: every unrelated line survives pin and unpin, byte for byte', () => {
  const CASES = 150;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tt-faults-k5-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`${CASES} generated files (seeded): pin, pin again, re-pin another principal, unpin, unpin again`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const original = generateK5(seed);
      const path = join(dir, `k5identity-${seed}`);
      await writeFile(path, original);
      const fail = (what: string) =>
        failures.push(`seed ${seed}: ${what} (file ${JSON.stringify(original).slice(0, 200)})`);
      try {
        const pinned = await pinForHost(path, alice.fedora, HOST);
        const text1 = await readFile(path, 'utf8');
        if (!pinned.ok || !pinned.value.changed) fail(`pin: ${JSON.stringify(pinned)}`);
        if (pinnedPrincipal(text1, HOST) !== alice.fedora) fail('pin: MIT would not pick the pinned principal');
        if (text1.length <= original.length) fail('pin: nothing was added');
        const again = await pinForHost(path, alice.fedora, HOST.toUpperCase());
        if (!again.ok || again.value.changed || (await readFile(path, 'utf8')) !== text1)
          fail('pin again: the file changed');
        const repinned = await pinForHost(path, alice.work, HOST);
        const text2 = await readFile(path, 'utf8');
        const pinLine = new RegExp(
          `(^|\\n)${alice.fedora.replace(/\./g, '\\.')} host=${HOST.replace(/\./g, '\\.')}(?=\\r?\\n|$)`,
        );
        if (!repinned.ok || text2 !== text1.replace(pinLine, `$1${alice.work} host=${HOST}`))
          fail('re-pin: not replaced in place');
        if (pinnedPrincipal(text2, HOST) !== alice.work) fail('re-pin: MIT would not pick the new principal');
        const unpinned = await unpinHost(path, HOST);
        const text3 = await readFile(path, 'utf8');
        if (!unpinned.ok || !unpinned.value.changed) fail(`unpin: ${JSON.stringify(unpinned)}`);
        if (text3 !== original) fail(`unpin: not restored byte for byte (got ${JSON.stringify(text3).slice(0, 200)})`);
        const twice = await unpinHost(path, HOST);
        if (!twice.ok || twice.value.changed || (await readFile(path, 'utf8')) !== original)
          fail('unpin again: the file changed');
        if ((await readPins(path)).text !== original) fail('readPins: text differs');
      } catch (error) {
        fail(`threw ${(error as Error).message}`);
      }
      tally.add('inputs tried', 5);
    }
    tally.add('k5identity files generated', CASES);
    tally.add('data lost', failures.length);
    expect(failures).toEqual([]);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('an existing pin for the host with a CRLF ending is rewritten in place, keeping its ending and every other byte', async () => {
    const path = join(dir, 'existing-pin');
    const before = `# top\r\nbob@EXAMPLE.COM realm=EXAMPLE.COM\nold@FEDORAPROJECT.ORG host=${HOST}\r\n# tail, no newline`;
    await writeFile(path, before);
    expect((await pinForHost(path, alice.fedora, HOST)).ok).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(before.replace('old@FEDORAPROJECT.ORG', alice.fedora));
    expect((await unpinHost(path, HOST)).ok).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(`# top\r\nbob@EXAMPLE.COM realm=EXAMPLE.COM\n# tail, no newline`);
    tally.add('inputs tried', 2);
  });

  it('a file that is not UTF-8 is left untouched by pin and unpin', async () => {
    const path = join(dir, 'latin1');
    const bytes = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from(`\nold@FEDORAPROJECT.ORG host=${HOST}\n`),
    ]);
    await writeFile(path, bytes);
    expect(await pinForHost(path, alice.fedora, HOST)).toMatchObject({ ok: false, error: { kind: 'write-failed' } });
    expect(await unpinHost(path, HOST)).toMatchObject({ ok: false, error: { kind: 'write-failed' } });
    expect(Buffer.compare(await readFile(path), bytes)).toBe(0);
    tally.add('inputs tried', 2);
  });
});
