/**
 * The command as a shell user meets it: version and help, usage errors (exit 2) against action
 * failures (exit 1), --json on every Kerberos command, completion through bash's own completion
 * machinery with principals from a real collection, and the installed man page and scripts
 * checked by the tools that read them.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../support/cli.js';
import { startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice } = USERS;
const SHARE = fileURLToPath(new URL('../../out/cli/share/', import.meta.url));

let realm: TestRealm;
let binDir: string;
beforeAll(async () => {
  realm = await startRealm();
  binDir = await mkdtemp(join(tmpdir(), 'tt-bin-'));
  await symlink(CLI_BIN, join(binDir, 'ticket-tray'));
});
afterAll(async () => {
  await realm?.stop();
});

let copr: CoprStandIn;
async function startCoprFor(env: Record<string, string>) {
  copr ??= await startCoprStandIn(realm);
  await copr.setUsers([{ name: 'alice', webLogin: true }]);
  await mkdir(join(env['HOME']!, '.config'), { recursive: true });
  await writeFile(join(env['HOME']!, '.config', 'copr'), `[copr-cli]\ncopr_url = ${copr.url}\n`);
}

const cli = (ccname: string, args: string[], input = '') => runCli(realm.env(ccname), args, input);

async function twoIdentities() {
  const cc = realm.newCollection('DIR');
  await realm.kinit(cc, alice.fedora, alice.password);
  await realm.kinit(cc, alice.work, alice.password);
  return cc;
}

describe('ticket-tray as a command', () => {
  it('--version and --help need no collection and print on stdout', async () => {
    const cc = realm.newCollection('DIR');
    expect(await cli(cc, ['--version'])).toMatchObject({ exitCode: 0, stdout: 'ticket-tray 0.1.0\n', stderr: '' });
    const help = await cli(cc, ['login', '--help']);
    expect(help).toMatchObject({ exitCode: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: ticket-tray login <principal> \[--fedora\]/);
    expect(help.stdout).toMatch(/^ {2}\$ ticket-tray login --fedora alice$/m);
  });

  it('a usage error is one line with the closest match and exit 2; a failed action exits 1', async () => {
    const cc = realm.newCollection('DIR');
    expect(await cli(cc, ['status', '--jsno'])).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: 'ticket-tray: unknown option --jsno for status; did you mean --json? (see ticket-tray status --help)\n',
    });
    expect(await cli(cc, ['swtich', alice.fedora])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/did you mean switch\?/),
    });
    const failed = await cli(cc, ['switch', 'nobody@EXAMPLE.COM']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr.split('\n')).toHaveLength(2);
  });

  it('--json on switch, renew and destroy: the value on success, {ok:false,error} on failure', async () => {
    const cc = await twoIdentities();
    const switched = await cli(cc, ['switch', alice.fedora, '--json']);
    expect(switched.exitCode).toBe(0);
    expect(JSON.parse(switched.stdout)).toMatchObject({ principal: alice.fedora, status: { primary: alice.fedora } });
    const renewed = JSON.parse((await cli(cc, ['renew', '--json'])).stdout);
    const cache = renewed.status.caches.find((c: { principal: string }) => c.principal === alice.fedora);
    expect(new Date(cache.expires).toISOString()).toBe(cache.expires);
    const destroyed = await cli(cc, ['destroy', alice.work, '--json']);
    expect(JSON.parse(destroyed.stdout)).toMatchObject({ destroyed: alice.work, status: { caches: [{}] } });
    const missing = await cli(cc, ['switch', 'nobody@EXAMPLE.COM', '--json']);
    expect(missing).toMatchObject({ exitCode: 1, stderr: '' });
    expect(JSON.parse(missing.stdout)).toEqual({
      ok: false,
      error: { code: 'no-such-cache', message: expect.stringContaining('nobody@EXAMPLE.COM') },
    });
  });

  it('login --json: the new ticket, never the password', async () => {
    const cc = realm.newCollection('DIR');
    const out = await cli(cc, ['login', alice.work, '--json'], `${alice.password}\n`);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ principal: alice.work, status: { primary: alice.work } });
    expect(out.stdout + out.stderr).not.toContain(alice.password);
  });

  it('renew prints local time in the one format status uses', async () => {
    const out = await cli(await twoIdentities(), ['renew']);
    expect(out.stdout).toMatch(/^Renewed alice@EXAMPLE\.COM; it now expires at \d{4}-\d\d-\d\d \d\d:\d\d\.$/m);
  });
});

describe('shell completion and the man page', () => {
  /** Runs the installed bash completion the way bash does at a Tab press, and returns its candidates. */
  function bashComplete(env: Record<string, string>, line: string): string[] {
    const script = [
      `source ${JSON.stringify(join(SHARE, 'bash-completion/completions/ticket-tray'))}`,
      'COMP_LINE=$1; COMP_POINT=${#COMP_LINE}',
      'read -r -a COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=${#COMP_WORDS[@]}',
      'complete -p ticket-tray >/dev/null || exit 3',
      '_ticket_tray; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const out = spawnSync('bash', ['--norc', '-c', script, 'bash', line], {
      env: { ...env, PATH: `${binDir}:${process.env['PATH']}` },
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    return out.stdout.split('\n').filter(Boolean);
  }

  it('bash completes commands, options, principals from the collection and fix ids from the last diagnosis', async () => {
    const cc = await twoIdentities();
    const env = { ...realm.env(cc), XDG_CACHE_HOME: join(realm.home, 'xdg-cache') };
    expect(bashComplete(env, 'ticket-tray st')).toEqual(['status']);
    expect(bashComplete(env, 'ticket-tray copr ')).toContain('renew-token');
    expect(bashComplete(env, 'ticket-tray status --j')).toEqual(['--json']);
    expect(bashComplete(env, 'ticket-tray switch alice@').sort()).toEqual([alice.work, alice.fedora].sort());

    expect(bashComplete(env, 'ticket-tray doctor --fix sw')).toEqual([]);
    // The wrong primary, as Copr sees it: the doctor offers to switch.
    await startCoprFor(env);
    expect((await runCli(copr.nodeEnv(env), ['doctor'])).stdout).toContain(`[switch:${alice.fedora}]`);
    // bash replaces only what follows the ":" in the word, so the candidate is cut there.
    expect(bashComplete(env, 'ticket-tray doctor --fix switch:al')).toEqual([alice.fedora]);
    expect(bashComplete(env, 'ticket-tray doctor --fix sw')).toEqual([`switch:${alice.fedora}`]);
  });

  it('zsh and fish read their scripts without a syntax error', () => {
    for (const [shell, file] of [
      ['zsh', 'zsh/site-functions/_ticket-tray'],
      ['fish', 'fish/vendor_completions.d/ticket-tray.fish'],
    ] as const) {
      const out = spawnSync(shell, ['-n', join(SHARE, file)], { encoding: 'utf8' });
      expect(out.error, `${shell} is installed by scripts/setup-machine.sh`).toBeUndefined();
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
    }
  });

  it('fish offers the principals through its own completion engine', async () => {
    const cc = await twoIdentities();
    const script = `source ${join(SHARE, 'fish/vendor_completions.d/ticket-tray.fish')}; complete -C 'ticket-tray switch alice@FED'`;
    const out = spawnSync('fish', ['--no-config', '-c', script], {
      env: { ...realm.env(cc), PATH: `${binDir}:${process.env['PATH']}` },
      encoding: 'utf8',
    });
    expect(out.stdout.trim()).toBe(alice.fedora);
  });

  it('the man page passes mandoc -T lint and man --warnings, and documents the exit statuses', async () => {
    const page = join(SHARE, 'man/man1/ticket-tray.1');
    const lint = spawnSync('mandoc', ['-T', 'lint', '-W', 'style', page], { encoding: 'utf8' });
    expect(lint.error, 'mandoc is installed by scripts/setup-machine.sh').toBeUndefined();
    expect(lint.stdout + lint.stderr).toBe('');
    const man = spawnSync('man', ['--warnings', '-l', page], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' },
    });
    expect(man.stderr).toBe('');
    expect(man.stdout).toMatch(/EXIT STATUS\n\s+0\s+success/);
    expect(man.stdout).toMatch(/^\s+130\s+interrupted/m);
  });
});
