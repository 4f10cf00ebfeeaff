/**
 * Hardening, round two (the terminal): a hostile server's text must never be obeyed by the
 * terminal or read as markup by a notification daemon. A sweep feeds a Copr user name and error
 * holding every C0 and C1 control and each escape family (OSC 52 clipboard writes, OSC 8 links,
 * CSI screen clears, DCS/APC/PM/SOS strings, 8-bit CSI, bidirectional overrides) through every
 * output channel: the terminal (`copr check`, `copr session`, `doctor --report`), `--json`, the
 * notification text and the session file. And at a real terminal (a pty): a pasted password and
 * code both reach the login, and Ctrl-C stops quietly with status 130.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../electron/main/messages.js';
import { notificationText } from '../../electron/main/tickets/notifications.js';
import { readSession, sessionCachePath, writeSession } from '../../electron/services/copr/session-cache.js';
import { CLI_BIN, runCli } from '../support/cli.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { Tally } from '../support/faults/counts.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice } = USERS;
const TOKEN = 'escape-sweep-token-zzzzzzzzzz';
const tally = new Tally();
let realm: TestRealm;
let copr: CoprStandIn;
let cc: string;

beforeAll(async () => {
  realm = await startRealm();
  copr = await startCoprStandIn(realm);
  cc = realm.newCollection('DIR');
  await realm.kinit(cc, alice.fedora, alice.password);
});
afterAll(async () => {
  await tally.record('terminal-escapes');
  await realm?.stop();
});

const configPath = () => join(realm.home, '.config', 'copr');
const sessionFile = () => sessionCachePath(realm.home, new URL(copr.url).host);
const cli = (args: string[]) => runCli(copr.nodeEnv(realm.env(cc)), args);

beforeEach(async () => {
  await rm(join(realm.home, '.cache'), { recursive: true, force: true });
  await copr.setUsers([
    { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: TOKEN, tokenExpires: coprDate(30) },
  ]);
  await copr.override('/api_3/auth-check', null);
  await mkdir(dirname(configPath()), { recursive: true });
  await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\nlogin = alice-api\ntoken = ${TOKEN}\n`);
});

const ESC = '\u001b';
const control = (code: number) => String.fromCharCode(code);

/** Each family a terminal acts on, as a server could send it inside a name or an error. */
const FAMILIES: Readonly<Record<string, string>> = {
  'every C0 control': Array.from({ length: 32 }, (_, i) => control(i)).join(''),
  'DEL and every C1 control': Array.from({ length: 33 }, (_, i) => control(0x7f + i)).join(''),
  'OSC 52 (writes the clipboard)': `${ESC}]52;c;${Buffer.from('rm -rf ~').toString('base64')}\u0007`,
  'OSC 8 (a link)': `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`,
  'CSI (clears the screen, moves the cursor)': `${ESC}[2J${ESC}[H${ESC}[31m`,
  'DCS, APC, PM and SOS strings': `${ESC}P1$r${ESC}\\${ESC}_apc${ESC}\\${ESC}^pm${ESC}\\${ESC}Xsos${ESC}\\`,
  '8-bit CSI and OSC': '\u009b2J\u009d0;title\u009c',
  'bidirectional overrides and line separators': '\u202eevil\u202c\u2066x\u2069\u2028\u2029',
  'a fake second line': 'alice\nticket-tray: all good\r',
};

/** A control character or escape introducer as it would reach a terminal. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** For text that should be one line: a newline counts too. */
const RAW_CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Each raw control found, with a little context, so a failure says what slipped through and where. */
function rawControls(text: string, pattern = RAW_CONTROL): string[] {
  const all = new RegExp(pattern.source, 'g');
  return [...text.matchAll(all)].map(
    (m) =>
      `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} after ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index))}`,
  );
}

const hostile = (family: string) => `alice${FAMILIES[family]!}-end`;

describe('server text through every output channel', () => {
  it.each(Object.keys(FAMILIES))('%s: copr check (text and --json)', async (family) => {
    const name = hostile(family);
    await copr.override('/api_3/auth-check', { mode: 'respond', status: 200, json: { name } });
    const text = await cli(['copr', 'check']);
    expect(text.exitCode).toBe(0);
    expect(rawControls(text.stdout)).toEqual([]);
    expect(rawControls(text.stderr)).toEqual([]);
    expect(text.stdout).toContain('-end'); // still shown, escaped
    const json = await cli(['copr', 'check', '--json']);
    expect(rawControls(json.stdout)).toEqual([]);
    // JSON escapes keep the data: a script reading --json gets the server's name back.
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, user: name });
    tally.add('inputs tried', 2);
  });

  it.each(Object.keys(FAMILIES))('%s: a Copr error on stderr', async (family) => {
    const error = hostile(family);
    await copr.override('/api_3/auth-check', { mode: 'respond', status: 400, json: { error } });
    const result = await cli(['copr', 'check']);
    expect(result.exitCode).toBe(1);
    expect(rawControls(result.stdout)).toEqual([]);
    expect(rawControls(result.stderr)).toEqual([]);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    tally.add('inputs tried');
  });

  it.each(Object.keys(FAMILIES))(
    '%s: the session file, and copr session printing one copr-cli wrote',
    async (family) => {
      const name = hostile(family);
      await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\n`);
      await mkdir(dirname(sessionFile()), { recursive: true });
      await writeSession(sessionFile(), { name, session: 'cookie', expiration: Date.now() / 1000 + 3600 });
      const stored = JSON.parse(await readFile(sessionFile(), 'utf8')) as { name: string };
      expect(rawControls(stored.name ?? '', RAW_CONTROL_OR_NEWLINE)).toEqual([]);
      expect(stored.name.length).toBeLessThan(200);
      // As copr-cli would have written it: the raw name.
      await writeFile(sessionFile(), JSON.stringify({ name, session: 'cookie', expiration: Date.now() / 1000 + 3600 }));
      expect((await readSession(sessionFile()))?.name).not.toMatch(RAW_CONTROL_OR_NEWLINE);
      const shown = await cli(['copr', 'session']);
      expect(shown.exitCode).toBe(0);
      expect(rawControls(shown.stdout)).toEqual([]);
      expect(shown.stdout.trimEnd().split('\n')).toHaveLength(1);
      tally.add('inputs tried', 2);
    },
  );

  it.each(Object.keys(FAMILIES))('%s: notification text', (family) => {
    const name = `${hostile(family)}<b>bold</b><a href="https://evil.example/">x</a>&amp;`;
    const shown = notificationText({
      title: MESSAGES.notify.coprOkTitle,
      body: MESSAGES.notify.coprOkBody(name, null),
    });
    expect(rawControls(shown.body)).toEqual([]);
    expect(rawControls(shown.title ?? '', RAW_CONTROL_OR_NEWLINE)).toEqual([]);
    expect(shown.body).not.toMatch(/[<>&]/);
    expect(shown.body).toContain('bold');
    const long = notificationText({ title: 'x'.repeat(10_000), body: name.repeat(1_000) });
    expect(long.title.length).toBeLessThan(200);
    expect(long.body.length).toBeLessThan(600);
    tally.add('inputs tried');
  });

  it('doctor --report with a hostile Copr name and a hostile saved session', async () => {
    const name = Object.keys(FAMILIES).map(hostile).join('');
    await copr.override('/api_3/auth-check', { mode: 'respond', status: 200, json: { name } });
    await mkdir(dirname(sessionFile()), { recursive: true });
    await writeFile(sessionFile(), JSON.stringify({ name, session: 'cookie', expiration: Date.now() / 1000 + 3600 }));
    const report = await cli(['doctor', '--report']);
    expect(report.exitCode).toBe(0);
    expect(rawControls(report.stdout)).toEqual([]);
    const findings = await cli(['doctor']);
    expect(rawControls(findings.stdout)).toEqual([]);
    tally.add('inputs tried', 2);
  });
});

// ---- item 15: at a real terminal ------------------------------------------------------------------

/**
 * Runs the built CLI on a pseudo-terminal (python3's pty module: a real tty, raw mode and all),
 * sends `keys` once the first prompt is shown, and returns what was printed and the exit status.
 */
function atTerminal(args: readonly string[], keys: string, env: Record<string, string>, capMs = 30_000) {
  const driver = `
import os, pty, sys, select, time
pid, fd = pty.fork()
if pid == 0:
    os.execvpe("node", ["node", ${JSON.stringify(CLI_BIN)}] + sys.argv[1:], os.environ)
keys = sys.stdin.buffer.read()
out, sent, status, ended = b"", False, None, False
deadline = time.time() + ${capMs / 1000}
while status is None and time.time() < deadline:
    if not ended and select.select([fd], [], [], 0.1)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        ended = chunk == b""
        out += chunk
    elif ended:
        time.sleep(0.05)
    if not sent and b"Password: " in out:
        time.sleep(0.2)
        os.write(fd, keys)
        sent = True
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("HUNG", file=sys.stderr)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status) & 0xff if status is not None else 99)
`;
  return new Promise<{ output: string; code: number | null; hung: boolean }>((resolve) => {
    const child = spawn('python3', ['-c', driver, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString('utf8')));
    child.stdin.end(keys);
    child.on('close', (code) => resolve({ output, code, hung: errors.includes('HUNG') }));
  });
}

describe('at a terminal', () => {
  it('password⏎code⏎ pasted at once: both prompts are answered and the login runs', async () => {
    const env = copr.nodeEnv(realm.env(realm.newCollection('DIR')));
    const result = await atTerminal(['login', alice.fedora, '--fedora'], `${alice.password}\r\r`, env);
    expect(result.hung, result.output).toBe(false);
    expect(result.output).toContain('One-time code');
    expect(result.output).toContain(`Logged in as ${alice.fedora}`);
    expect(result.code).toBe(0);
    expect(result.output).not.toContain(alice.password);
    tally.add('inputs tried');
  });

  it('Ctrl-C at the password prompt: status 130, no "internal error"', async () => {
    const env = copr.nodeEnv(realm.env(realm.newCollection('DIR')));
    const result = await atTerminal(['login', alice.fedora, '--fedora'], 'half-typed\u0003', env);
    expect(result.hung).toBe(false);
    expect(result.code).toBe(130);
    expect(result.output).not.toMatch(/internal error/);
    tally.add('inputs tried');
  });
});
