import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../support/cli.js';
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

describe('ticket-tray doctor: what the saved session hides, and fixes that run as printed', () => {
  /** The fix lines of `doctor`'s words: the command as printed, by fix id. */
  function printedFixes(stdout: string): Map<string, string> {
    const fixes = new Map<string, string>();
    for (const m of stdout.matchAll(/^ +fix: {2}[^:]+: (ticket-tray .*?) {2}\[([^\]]+)\]$/gm)) fixes.set(m[2]!, m[1]!);
    return fixes;
  }
  /** Runs a printed line through the shell, `ticket-tray` being the built command. */
  const runPrinted = (cc: string, line: string) =>
    execa('bash', ['-c', `ticket-tray() { node "$0" "$@"; }; ${line}`, CLI_BIN], {
      env: copr.nodeEnv(realm.env(cc)),
      extendEnv: false,
      reject: false,
    });

  it('a valid saved session in front of the wrong primary: a warning, not OK; clearing the session as printed shows the error', async () => {
    const odd = join(realm.home, "copr staging's.conf");
    await writeFile(odd, `[copr-cli]\ncopr_url = ${copr.url}\n`);
    const cc = await wrongPrimary();
    const cookie = await copr.createSession('alice');
    const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
    await mkdir(dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }));

    const out = await cli(cc, ['doctor', '--copr-config', odd]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(
      /^WARNING A saved Copr session hides a problem with your Kerberos identity \[session-hides-identity-problem\]$/m,
    );
    expect(out.stdout).toMatch(/copr-cli and this check start failing at /);
    expect(out.stdout).not.toContain('No problems found');
    const fixes = printedFixes(out.stdout);
    expect([...fixes.keys()]).toEqual(
      expect.arrayContaining(['switch:alice@FEDORAPROJECT.ORG', 'pin:alice@FEDORAPROJECT.ORG', 'clear-session']),
    );
    expect(fixes.get('clear-session')).toBe(
      `ticket-tray copr session --clear --copr-config '${odd.replace("'", "'\\''")}'`,
    );

    const cleared = await runPrinted(cc, fixes.get('clear-session')!);
    expect(cleared).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^Cleared the saved Copr session/) });
    const after = await cli(cc, ['doctor', '--copr-config', odd]);
    expect(after.exitCode).toBe(1);
    expect(after.stdout).toContain('[wrong-primary]');
    expect(after.stdout).not.toContain('session-hides-identity-problem');
    const pinned = await runPrinted(cc, printedFixes(after.stdout).get('pin:alice@FEDORAPROJECT.ORG')!);
    expect(pinned.exitCode).toBe(0);
    expect((await cli(cc, ['doctor', '--copr-config', odd])).exitCode).toBe(0);
  });

  it('a damaged session cache is an error until "clear it" runs as printed', async () => {
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, alice.fedora, alice.password);
    const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
    await mkdir(dirname(cache), { recursive: true });
    await writeFile(cache, '');
    const out = await cli(cc, ['doctor']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^ERROR +The saved Copr session is damaged \[session-cache-corrupt\]$/m);
    expect((await runPrinted(cc, printedFixes(out.stdout).get('clear-session')!)).exitCode).toBe(0);
    expect((await cli(cc, ['doctor'])).stdout).not.toContain('session-cache-corrupt');
  });

  it('doctor --fix by id with --copr-config acts on that config', async () => {
    const other = join(realm.home, 'other copr.conf');
    await writeFile(other, `[copr-cli]\ncopr_url = ${copr.url}\nlogin = alice-api\ntoken = ${TOKEN_CANARY}\n`);
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, alice.fedora, alice.password);
    const out = await cli(cc, ['doctor', '--copr-config', other]);
    const removeToken = printedFixes(out.stdout).get('remove-token');
    expect(removeToken).toBe(`ticket-tray doctor --fix remove-token --copr-config '${other}'`);
    expect((await runPrinted(cc, removeToken!)).exitCode).toBe(0);
    expect(await readFile(other, 'utf8')).not.toContain(TOKEN_CANARY);
  });
});
