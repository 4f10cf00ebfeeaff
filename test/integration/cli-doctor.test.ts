import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice } = USERS;
const TOKEN_CANARY = 'tok-canary-5d1e0f';
const PASSWORD_CANARY = 'pw-canary-8a7b6c';

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
  await copr.setUsers([
    { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: TOKEN_CANARY, tokenExpires: coprDate(-1) },
  ]);
  await mkdir(dirname(configPath()), { recursive: true });
  await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\ngssapi = True\n`);
});

const cli = (ccname: string, args: string[], input = '') => runCli(copr.nodeEnv(realm.env(ccname)), args, input);

async function wrongPrimary() {
  const cc = realm.newCollection('DIR');
  await realm.kinit(cc, alice.fedora, alice.password);
  await realm.kinit(cc, alice.work, alice.password);
  return cc;
}

describe('ticket-tray doctor', () => {
  it('--json: the fixed shape; exit 1 while an error is found, 0 after --fix', async () => {
    const cc = await wrongPrimary();
    const out = await cli(cc, ['doctor', '--json']);
    expect(out.exitCode).toBe(1);
    const report = JSON.parse(out.stdout);
    const wrong = report.findings.find((f: { id: string }) => f.id === 'wrong-primary');
    expect(Object.keys(wrong)).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'detail', 'fixes']));
    expect(wrong.fixes[0]).toEqual({
      id: 'switch:alice@FEDORAPROJECT.ORG',
      label: 'Make alice@FEDORAPROJECT.ORG primary',
      command: ['ticket-tray', 'switch', 'alice@FEDORAPROJECT.ORG'],
    });

    const fixed = await cli(cc, ['doctor', '--fix', 'switch:alice@FEDORAPROJECT.ORG']);
    expect(fixed).toMatchObject({ exitCode: 0, stdout: 'alice@FEDORAPROJECT.ORG is now the primary identity.\n' });
    const after = await cli(cc, ['doctor']);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toContain('wrong-primary');
  });

  it('prints findings in words with their fix commands', async () => {
    const out = await cli(await wrongPrimary(), ['doctor']);
    expect(out.stdout).toMatch(/^ERROR +Copr uses the wrong Kerberos identity \[wrong-primary\]$/m);
    expect(out.stdout).toContain(
      'fix:  Make alice@FEDORAPROJECT.ORG primary: ticket-tray switch alice@FEDORAPROJECT.ORG  [switch:alice@FEDORAPROJECT.ORG]',
    );
    // How to apply a fix by its id is said once, not on every fix line.
    expect(out.stdout.match(/ticket-tray doctor --fix/g)).toHaveLength(1);
  });

  it('--fix with an id that is not on offer fails with one line', async () => {
    const out = await cli(realm.newCollection('DIR'), ['doctor', '--fix', 'switch:mallory@EVIL']);
    expect(out.exitCode).toBe(1);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--report: versions, caches, config keys and findings, and never a token, cookie or password', async () => {
    const cc = await wrongPrimary();
    const cookie = await copr.createSession('alice');
    const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
    await mkdir(dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }));
    await writeFile(
      configPath(),
      `[copr-cli]\nlogin = alice-api\nusername = alice\ntoken = ${TOKEN_CANARY}\ncopr_url = ${copr.url}\n# expiration date: ${coprDate(-1)}\n`,
    );
    // A failed login with a canary password just before, as a user would have typed it.
    await cli(cc, ['login', alice.fedora], `${PASSWORD_CANARY}\n`);
    const out = await cli(cc, ['doctor', '--report']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^ticket-tray 0\.1\.0 diagnostic report/);
    expect(out.stdout).toMatch(/Kerberos tools 1\.\d+/);
    expect(out.stdout).toContain('alice@EXAMPLE.COM');
    expect(out.stdout).toMatch(/keys: copr_url, username, login, token/);
    expect(out.stdout).toContain('[error] token-rejected');
    for (const secret of [TOKEN_CANARY, cookie, PASSWORD_CANARY]) expect(out.stdout + out.stderr).not.toContain(secret);
  });
});
