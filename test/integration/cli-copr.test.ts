import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice } = USERS;

let realm: TestRealm;
let copr: CoprStandIn;
beforeAll(async () => {
  realm = await startRealm();
  copr = await startCoprStandIn(realm);
});
afterAll(async () => {
  await realm?.stop();
});

const configPath = () => join(realm.home, '.config', 'copr');

beforeEach(async () => {
  await rm(join(realm.home, '.cache'), { recursive: true, force: true });
  await rm(join(realm.home, '.k5identity'), { force: true });
  await copr.setUsers([
    { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: 'alice-token-canary', tokenExpires: coprDate(-1) },
  ]);
  await mkdir(dirname(configPath()), { recursive: true });
  await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\n`);
});

/** The built command, with the test hosts resolved and the stand-in's CA trusted, as for any node child. */
const cli = (ccname: string, args: string[]) => runCli(copr.nodeEnv(realm.env(ccname)), args);

async function wrongPrimaryCollection() {
  const cc = realm.newCollection('DIR');
  await realm.kinit(cc, alice.fedora, alice.password);
  await realm.kinit(cc, alice.work, alice.password);
  return cc;
}

describe('ticket-tray copr', () => {
  it('check --json: fixed field names, exit 1 on the documented failure, 0 once switched', async () => {
    const cc = await wrongPrimaryCollection();
    const failed = await cli(cc, ['copr', 'check', '--json']);
    expect(failed.exitCode).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report).toMatchObject({
      coprUrl: copr.url,
      configPath: configPath(),
      method: 'gssapi',
      ok: false,
      user: null,
      error: { code: expect.any(String), message: expect.any(String) },
    });
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['coprUrl', 'configPath', 'method', 'ok', 'user', 'principal', 'error']),
    );
    // The advice is data: the ticket that works, and the two ways to make GSSAPI use it.
    expect(report.advice).toMatchObject({
      identity: { wouldUse: alice.work, why: 'primary' },
      workingPrincipal: alice.fedora,
      remedies: [
        { kind: 'switch', principal: alice.fedora },
        { kind: 'pin', principal: alice.fedora },
      ],
    });

    expect((await cli(cc, ['switch', alice.fedora])).exitCode).toBe(0);
    const ok = await cli(cc, ['copr', 'check', '--json']);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      user: 'alice',
      method: 'gssapi',
      principal: alice.fedora,
      error: null,
    });
  });

  it('check prints a readable report and one line on stderr when it fails', async () => {
    const out = await cli(await wrongPrimaryCollection(), ['copr', 'check']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^Copr: +https:\/\/copr\.fedorainfracloud\.test:\d+ \(config .*\.config\/copr\)$/m);
    expect(out.stdout).toMatch(/^Advice: +Copr would use alice@EXAMPLE\.COM \(primary\)/m);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('pin and unpin fix and restore the documented case', async () => {
    const cc = await wrongPrimaryCollection();
    const pinned = await cli(cc, ['copr', 'pin', alice.fedora]);
    expect(pinned).toMatchObject({ exitCode: 0 });
    expect(await readFile(join(realm.home, '.k5identity'), 'utf8')).toBe(`${alice.fedora} host=${copr.host}\n`);
    expect((await cli(cc, ['copr', 'check'])).exitCode).toBe(0);
    expect((await cli(cc, ['copr', 'unpin'])).exitCode).toBe(0);
    expect((await cli(cc, ['copr', 'session', '--clear'])).stdout).toMatch(/^Cleared the saved Copr session/);
    expect((await cli(cc, ['copr', 'check'])).exitCode).toBe(1);
  });

  it('--api-semantics: GSSAPI is opt-in in the Python API', async () => {
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, alice.fedora, alice.password);
    const out = await cli(cc, ['copr', 'check', '--api-semantics', '--json']);
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ method: 'none', error: { code: 'gssapi-disabled' } });
  });

  it('an explicit --copr-config that is missing is an error; the default one is not', async () => {
    const cc = realm.newCollection('DIR');
    const missing = await cli(cc, ['copr', 'config', '--copr-config', join(realm.home, 'nope')]);
    expect(missing).toMatchObject({
      exitCode: 1,
      stderr: `ticket-tray: File ${join(realm.home, 'nope')} is missing.\n`,
    });
    await rm(configPath());
    const defaults = await cli(cc, ['copr', 'config']);
    expect(defaults.exitCode).toBe(0);
    expect(defaults.stdout).toMatch(/^Copr: +https:\/\/copr\.fedorainfracloud\.org$/m);
    expect(defaults.stdout).toMatch(/^copr-cli: +gssapi/m);
    expect(defaults.stdout).toMatch(/^API: +none/m);
  });

  it('config --set-url and --gssapi edit the file in place', async () => {
    const cc = realm.newCollection('DIR');
    expect((await cli(cc, ['copr', 'config', '--gssapi', 'off'])).exitCode).toBe(0);
    expect((await cli(cc, ['copr', 'config', '--set-url', 'https://copr.example.org'])).exitCode).toBe(0);
    expect(await readFile(configPath(), 'utf8')).toBe(
      '[copr-cli]\ncopr_url = https://copr.example.org\ngssapi = False\n',
    );
    const bad = await cli(cc, ['copr', 'config', '--gssapi', 'maybe']);
    expect(bad).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/--gssapi takes on or off/) });
  });

  it('every copr subcommand speaks JSON, a failure included', async () => {
    const cc = await wrongPrimaryCollection();
    const json = async (args: string[]) => JSON.parse((await cli(cc, ['copr', ...args, '--json'])).stdout);
    expect(await json(['config'])).toMatchObject({
      config: { path: configPath(), coprUrl: copr.url, hasToken: false },
      cli: { method: 'gssapi' },
      pinned: null,
    });
    expect(await json(['pin', alice.fedora])).toMatchObject({
      principal: alice.fedora,
      host: copr.host,
      changed: true,
    });
    expect(await json(['session'])).toEqual({ session: null });
    expect(await json(['session', '--clear'])).toMatchObject({ removed: false });
    expect(await json(['unpin'])).toMatchObject({ host: copr.host, changed: true });
    expect(await json(['config', '--gssapi', 'on'])).toMatchObject({ gssapi: true });
    const missing = await cli(cc, ['copr', 'config', '--json', '--copr-config', join(realm.home, 'nope')]);
    expect(missing).toMatchObject({ exitCode: 1, stderr: '' });
    expect(JSON.parse(missing.stdout)).toEqual({
      ok: false,
      error: { code: 'config-missing', message: `File ${join(realm.home, 'nope')} is missing.` },
    });
  });

  it('renew-token turns a dead token into a working one', async () => {
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, alice.fedora, alice.password);
    await writeFile(
      configPath(),
      `[copr-cli]\nlogin = alice-api\ntoken = alice-token-canary\ncopr_url = ${copr.url}\n# expiration date: ${coprDate(-1)}\n`,
    );
    expect(JSON.parse((await cli(cc, ['copr', 'check', '--json'])).stdout)).toMatchObject({
      method: 'token',
      ok: false,
      error: { code: 'token-rejected' },
    });
    const renewed = await cli(cc, ['copr', 'renew-token']);
    expect(renewed.exitCode).toBe(0);
    expect(renewed.stdout).toContain(`it expires on ${coprDate(180)}`);
    expect(renewed.stdout + renewed.stderr).not.toMatch(/token = /);
    expect((await cli(cc, ['copr', 'check'])).exitCode).toBe(0);
  });
});

describe('ticket-tray copr: the session and the ticket, and pins', () => {
  async function seedSession(user: string) {
    const cookie = await copr.createSession(user);
    const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
    await mkdir(dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ name: user, session: cookie, expiration: Date.now() / 1000 + 3600 }));
  }

  it('check: a valid saved session in front of the wrong primary keeps ok but warns, in words and in JSON', async () => {
    const cc = await wrongPrimaryCollection();
    await seedSession('alice');
    const json = await cli(cc, ['copr', 'check', '--json']);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      user: 'alice',
      error: null,
      freshLogin: {
        principal: alice.work,
        ok: false,
        error: { code: expect.any(String), message: expect.any(String) },
      },
      savedSession: { user: 'alice' },
      sessionHides: 'login-fails',
    });
    const words = await cli(cc, ['copr', 'check']);
    expect(words.stdout).toMatch(/^Result: +Copr knows you as alice \(Kerberos, saved session reused/m);
    expect(words.stdout).toMatch(/^Fresh: +a new Kerberos login as alice@EXAMPLE\.COM fails: /m);
    expect(words.stdout).toMatch(
      /^Warning: +the saved session hides a Kerberos login that fails; copr-cli starts failing at /m,
    );
    expect(words.stdout).toMatch(/^Advice: +.*alice@FEDORAPROJECT\.ORG works/m);
  });

  it('pin refuses another realm and a bare name with the reason; --force pins it', async () => {
    const cc = await wrongPrimaryCollection();
    for (const name of [alice.work, 'alice']) {
      const refused = await cli(cc, ['copr', 'pin', name]);
      expect(refused).toMatchObject({ exitCode: 1, stdout: '' });
      expect(refused.stderr).toMatch(
        /^ticket-tray: Not pinned: Copr at copr\.fedorainfracloud\.test lives in FEDORAPROJECT\.ORG .* \(--force pins it anyway\)\n$/,
      );
    }
    expect(JSON.parse((await cli(cc, ['copr', 'pin', 'alice', '--json'])).stdout)).toMatchObject({
      ok: false,
      error: { code: 'pin-refused' },
    });
    const forced = await cli(cc, ['copr', 'pin', 'alice', '--force']);
    expect(forced).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`GSSAPI now uses ${alice.work}`) });
  });

  it("--api-semantics: a rejected session fails, and the no-method text is python-copr's", async () => {
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, alice.fedora, alice.password);
    await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\nlogin = aliceapi\ntoken =\n`);
    const none = JSON.parse((await cli(cc, ['copr', 'check', '--api-semantics', '--json'])).stdout);
    expect(none.failure).toMatchObject({ message: 'GSSAPI disabled and login:token is invalid (aliceapi:)' });
    await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\ngssapi = True\n`);
    await seedSession('alice');
    await copr.dropSessions();
    const rejected = await cli(cc, ['copr', 'check', '--api-semantics', '--json']);
    expect(rejected.exitCode).toBe(1);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: false, error: { code: 'session-rejected' } });
  });
});
