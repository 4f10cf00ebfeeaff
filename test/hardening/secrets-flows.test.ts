/**
 * Hardening, item 1: canary secrets (a password, one-time codes, API tokens, session cookies) sent
 * through every flow — the CLI, the services, the IPC handler table with the real services — and
 * looked for everywhere they must never be: argv and environment of every process while the flows
 * run (against a slow KDC and a slow Copr, so the children live long enough to be seen), every
 * console and stdout/stderr line written in-process, every result or error that would reach the
 * renderer (serialised), and every file under HOME, the config and cache directories, the temp
 * directory and the credential caches. Extends test/integration/secrets.test.ts (which covers the
 * service-level kinit argv/environment scan for one password and one OTP login).
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coprPort, krbPort } from '../../electron/main/app/ports.js';
import { createHandlers, type HandlerServices } from '../../electron/main/ipc/handlers.js';
import { openSettingsStore } from '../../electron/main/settings/store.js';
import { createActivityLog } from '../../electron/main/tickets/activity-log.js';
import { createCoprService, type CoprService } from '../../electron/services/copr/service.js';
import { sessionCachePath } from '../../electron/services/copr/session-cache.js';
import { createDoctor } from '../../electron/services/doctor/service.js';
import { createKrbService, type KrbService } from '../../electron/services/kerberos/service.js';
import { startBridge } from '../support/bridge.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { Tally } from '../support/faults/counts.js';
import {
  SecretWatch,
  canary,
  canaryOtp,
  captureOutput,
  scanTree,
  serialise,
  startProcScan,
} from '../support/faults/secrets.js';
import { startDelayProxy } from '../support/net.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const BIN = fileURLToPath(new URL('../../out/tsc/electron/cli/bin.js', import.meta.url));

/** The canaries. Tokens and cookies get more labels as the flows make them (server-issued ones). */
const PASSWORD = canary('canarypw');
const WRONG_PASSWORD = canary('wrongpw');
/** The work-realm canary's password after a change (and changed back over IPC). */
const NEW_PASSWORD = canary('newpw');
const OTP = canaryOtp();
const WRONG_OTP = canaryOtp();
const TOKEN = canary('canarytok');
const BAD_TOKEN = canary('badtok');
const DRIP_TOKEN = canary('driptok');
const CLI_TOKEN = canary('clitok');
const API_LOGIN = 'canary-api-login';
const CANARY_PRINCIPAL = 'canary@FEDORAPROJECT.ORG';
/** kpasswd works in the work realm only (Fedora has no kpasswd service). */
const CANARY_WORK_PRINCIPAL = 'canary@EXAMPLE.COM';

const watch = new SecretWatch();
const tally = new Tally();
/** Labels of every token and cookie: a token may sit in the Copr config (and its .bak), a cookie in the session cache. */
const tokenLabels: string[] = [];
const cookieLabels: string[] = [];
/** Texts to scan once every canary is known (server-issued cookies become known only after a flow). */
const evidence: Array<{ kind: string; where: string; text: string }> = [];
const procSeen = new Map<string, Set<string>>();

let realm: TestRealm;
let copr: CoprStandIn;
let slowConfig: string;
let tempDir: string;
let emptyRoot: string;

function addToken(label: string, value: string) {
  watch.add(label, value);
  tokenLabels.push(label);
  // What goes over the wire: `Authorization: Basic base64(login:token)`.
  watch.add(`${label} (as Basic credentials)`, Buffer.from(`${API_LOGIN}:${value}`).toString('base64'));
}
function addCookie(label: string, value: string) {
  watch.add(label, value);
  cookieLabels.push(label);
}

beforeAll(async () => {
  realm = await startRealm({ kadmind: true });
  await realm.kadmin('FEDORAPROJECT.ORG', `addprinc -pw ${PASSWORD} canary`);
  await realm.kadmin('EXAMPLE.COM', `addprinc -pw ${PASSWORD} canary`);
  // otpuser's one value is password + code, typed at one prompt (FreeIPA).
  realm.setOtpValue(`${PASSWORD}${OTP}`);
  copr = await startCoprStandIn(realm);
  // A slow KDC (every packet delayed) keeps each kinit alive long enough for the /proc poll.
  const proxy = realm.adopt(await startDelayProxy(realm.kdcPort, 40));
  // kpasswd's exchange with kadmind goes through one too (TCP: udp_preference_limit is 1).
  const kpasswdProxy = realm.adopt(await startDelayProxy(realm.adminPorts!.kpasswd, 40));
  slowConfig = realm.writeKrb5Config('slow', {
    fedoraKdc: `127.0.0.1:${proxy.port}`,
    kpasswdServer: `127.0.0.1:${kpasswdProxy.port}`,
  });
  tempDir = await mkdtemp(join(realm.dir, 'tmp-'));
  emptyRoot = await mkdtemp(join(realm.dir, 'root-'));
  watch.add('password', PASSWORD);
  watch.add('wrong password', WRONG_PASSWORD);
  watch.add('new password', NEW_PASSWORD);
  watch.add('one-time code', OTP);
  watch.add('wrong one-time code', WRONG_OTP);
  watch.add('password+code', `${PASSWORD}${OTP}`);
  addToken('API token', TOKEN);
  addToken('rejected API token', BAD_TOKEN);
  addToken('dripped API token', DRIP_TOKEN);
  addToken('CLI-issued API token', CLI_TOKEN);
}, 60_000);

afterAll(async () => {
  await realm?.stop();
});

// ---- set-up helpers --------------------------------------------------------------------------------

const configPath = () => join(realm.home, '.config', 'copr');
const sessionFile = () => sessionCachePath(realm.home, new URL(copr.url).host);
const env = (ccname: string) => ({
  ...realm.env(ccname),
  KRB5_CONFIG: slowConfig,
  XDG_CONFIG_HOME: join(realm.home, '.config'),
});

async function writeConfig(...extra: string[]) {
  await mkdir(dirname(configPath()), { recursive: true });
  await writeFile(configPath(), `${['[copr-cli]', `copr_url = ${copr.url}`, ...extra].join('\n')}\n`, { mode: 0o600 });
}

async function resetCopr(token = TOKEN) {
  await copr.setUsers([
    { name: 'alice', webLogin: true, apiLogin: API_LOGIN, token, tokenExpires: coprDate(30) },
    { name: 'canary', webLogin: true },
  ]);
}

/** A valid session of alice, written where python-copr keeps it; its cookie becomes a canary. */
async function seedSession(label: string) {
  const cookie = await copr.createSession('alice');
  addCookie(label, cookie);
  await mkdir(dirname(sessionFile()), { recursive: true });
  await writeFile(
    sessionFile(),
    `${JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }, null, 4)}\n`,
    { mode: 0o600 },
  );
}

/** The cookie a real gssapi_login just saved (server-made, so only known afterwards). */
async function learnSavedCookie(label: string) {
  const text = await readFile(sessionFile(), 'utf8').catch(() => null);
  const cookie = text === null ? null : (JSON.parse(text) as { session?: unknown }).session;
  if (typeof cookie === 'string' && !watch.find(cookie).length) addCookie(label, cookie);
}

/** A token the real /api_3/api-token route just issued (to alice, or to canary when that was the identity used). */
async function learnIssuedToken(label: string) {
  for (const name of ['alice', 'canary']) {
    const user = await copr.getUser(name);
    if (user?.token && !watch.find(user.token).length) addToken(`${label} (${name})`, user.token);
  }
}

/** A POST with an Origin header (which fetch would not let a page choose). */
function httpPost(url: string, origin: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { origin, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => void (text += chunk))
        .on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A collection holding alice's Fedora ticket (her password is not a canary). */
async function aliceCollection() {
  const cc = realm.newCollection('DIR');
  await realm.kinit(cc, USERS.alice.fedora, USERS.alice.password);
  return cc;
}

/** A slow Copr: the next answer of `path` drips its body one byte every 10 ms. */
async function dripNext(path: string, json: unknown) {
  tally.add('faults injected'); // a slow Copr answer (the slow KDC is on for every flow)
  await copr.override(path, { mode: 'drip', body: `${JSON.stringify(json)}\n`, intervalMs: 10, times: 1 });
}

function services(ccname: string): { krb: KrbService; copr: CoprService } {
  const krb = createKrbService({ env: env(ccname), tempDir });
  return { krb, copr: createCoprService({ krb, ca: copr.caPem }) };
}

// ---- one flow: /proc polled and in-process output captured while it runs -------------------------

async function flow<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const scan = startProcScan(watch, realm.dir);
  const out = captureOutput();
  let result: T | undefined;
  let thrown: unknown = null;
  try {
    result = await fn();
  } catch (error) {
    thrown = error;
  } finally {
    out.restore();
    const stats = await scan.stop();
    for (const [program, ids] of Object.entries(stats.marked))
      procSeen.set(program, new Set([...(procSeen.get(program) ?? []), ...ids]));
    tally.add('proc polls', stats.passes);
  }
  tally.add('flows');
  for (const line of out.lines)
    evidence.push({ kind: 'log', where: `${name}: output line "${line.slice(0, 80)}"`, text: line });
  if (thrown !== null) {
    evidence.push({ kind: 'result', where: `${name}: thrown error`, text: serialise(thrown) });
    throw thrown;
  }
  evidence.push({ kind: 'result', where: `${name}: result`, text: serialise(result) });
  return result as T;
}

/** The built CLI as a child process, its stdin given, its stdout and stderr kept as evidence. */
async function cli(name: string, ccname: string, args: string[], input = '') {
  return flow(`cli ${name}`, async () => {
    const run = await execa('node', [BIN, ...args], {
      env: copr.nodeEnv(env(ccname)),
      extendEnv: false,
      input,
      reject: false,
      stripFinalNewline: false,
      timeout: 60_000,
    });
    evidence.push({ kind: 'cli-output', where: `cli ${name}: stdout`, text: String(run.stdout) });
    evidence.push({ kind: 'cli-output', where: `cli ${name}: stderr`, text: String(run.stderr) });
    return { exitCode: run.exitCode, stdout: String(run.stdout), stderr: String(run.stderr) };
  });
}

// ---- the flows -------------------------------------------------------------------------------------

let captureChecked = false;

describe('canary secrets through every flow', () => {
  it('the harness sees what it is meant to see: console and stdout/stderr lines, a canary in a file', async () => {
    const before = evidence.length;
    await flow('capture self-check', async () => {
      console.warn('self-check console');
      process.stderr.write('self-check stderr\n');
    });
    const lines = evidence
      .slice(before)
      .filter((e) => e.kind === 'log')
      .map((e) => e.text);
    expect(lines).toEqual(['console.warn: self-check console', 'stderr: self-check stderr\n']);
    const probe = new SecretWatch();
    probe.add('probe', PASSWORD);
    const file = join(tempDir, 'probe');
    await writeFile(file, `x${PASSWORD}x`);
    await scanTree(probe, tempDir);
    await rm(file);
    expect(probe.leaks).toEqual([`probe in file ${file}`]);
    // And the /proc poll finds a canary in a child's argv and in its environment.
    const procProbe = new SecretWatch();
    procProbe.add('probe', PASSWORD);
    const poll = startProcScan(procProbe, realm.dir);
    // The child lives until the scanner has seen it (a fixed short life made this check fail on a
    // busy machine, where one pass over /proc can take longer than the child lived).
    // `read` is a shell builtin: one process, which ends when its stdin is closed.
    const child = execa('sh', ['-c', 'read line', 'sh', PASSWORD], {
      env: { PROBE: PASSWORD, MARK: realm.dir },
      extendEnv: false,
      reject: false,
    });
    const seenBy = Date.now() + 20_000;
    while (procProbe.leaks.length < 2 && Date.now() < seenBy) await new Promise((r) => setTimeout(r, 20));
    child.stdin?.end();
    await child;
    await poll.stop();
    expect(procProbe.leaks.some((l) => l.startsWith('probe in argv'))).toBe(true);
    expect(procProbe.leaks.some((l) => l.startsWith('probe in environment'))).toBe(true);
    captureChecked = true;
  });

  it('the CLI: login, login --fedora, passwd, copr check, copr renew-token, doctor, doctor --report', async () => {
    await resetCopr();
    const cc = realm.newCollection('DIR');
    expect((await cli('login', cc, ['login', CANARY_PRINCIPAL], `${PASSWORD}\n`)).exitCode).toBe(0);
    const wrong = await cli('login (wrong password)', cc, ['login', CANARY_PRINCIPAL], `${WRONG_PASSWORD}\n`);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('was not accepted');
    expect((await cli('login --fedora', cc, ['login', 'otpuser', '--fedora'], `${PASSWORD}\n${OTP}\n`)).exitCode).toBe(
      0,
    );
    const badCode = await cli(
      'login --fedora (wrong code)',
      cc,
      ['login', 'otpuser', '--fedora'],
      `${PASSWORD}\n${WRONG_OTP}\n`,
    );
    expect(badCode.exitCode).toBe(1);
    // passwd there and back, so the later flows find the work-realm canary's password as it was.
    const there = `${PASSWORD}\n${NEW_PASSWORD}\n${NEW_PASSWORD}\n`;
    expect((await cli('passwd', cc, ['passwd', CANARY_WORK_PRINCIPAL], there)).exitCode).toBe(0);
    const back = `${NEW_PASSWORD}\n${PASSWORD}\n${PASSWORD}\n`;
    expect((await cli('passwd --json (back)', cc, ['passwd', CANARY_WORK_PRINCIPAL, '--json'], back)).exitCode).toBe(0);
    const wrongCurrent = `${WRONG_PASSWORD}\n${NEW_PASSWORD}\n${NEW_PASSWORD}\n`;
    const refused = await cli('passwd (wrong current password)', cc, ['passwd', CANARY_WORK_PRINCIPAL], wrongCurrent);
    expect(refused.exitCode).toBe(1);

    const alice = await aliceCollection();
    await writeConfig(`login = ${API_LOGIN}`, `token = ${TOKEN}`);
    await dripNext('/api_3/auth-check', { id: 1001, name: 'alice' });
    expect((await cli('copr check (token, slow Copr)', alice, ['copr', 'check'])).stdout).toContain(
      'Copr knows you as alice',
    );
    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    expect((await cli('copr check --json (rejected token)', alice, ['copr', 'check', '--json'])).exitCode).toBe(1);

    await writeConfig();
    await seedSession('cookie (CLI, seeded)');
    await dripNext('/api_3/auth-check', { id: 1001, name: 'alice' });
    expect((await cli('copr check (saved session, slow Copr)', alice, ['copr', 'check', '--json'])).exitCode).toBe(0);
    await copr.dropSessions();
    expect((await cli('copr check (session dropped: new login)', alice, ['copr', 'check'])).exitCode).toBe(0);
    await learnSavedCookie('cookie (CLI, server-made)');
    expect((await cli('copr session', alice, ['copr', 'session'])).exitCode).toBe(0);
    expect((await cli('copr config', alice, ['copr', 'config'])).exitCode).toBe(0);

    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    await dripNext('/api_3/api-token', { api_login: API_LOGIN, api_token: CLI_TOKEN, expiration: coprDate(180) });
    expect((await cli('copr renew-token (slow Copr)', alice, ['copr', 'renew-token'])).exitCode).toBe(0);
    await learnSavedCookie('cookie (CLI renew-token)');
    expect(await readFile(configPath(), 'utf8')).toContain(`token = ${CLI_TOKEN}`);

    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    await cli('doctor', alice, ['doctor']);
    await cli('doctor --json', alice, ['doctor', '--json']);
    await seedSession('cookie (CLI doctor, seeded)');
    const report = await cli('doctor --report', alice, ['doctor', '--report']);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toContain('diagnostic report');
  });

  it('the services: logins, the Copr check by token and by session, token renewal, the doctor', async () => {
    await resetCopr();
    const cc = realm.newCollection('DIR');
    const { krb } = services(cc);
    expect((await flow('krb.login', () => krb.login({ principal: CANARY_PRINCIPAL, password: PASSWORD }))).ok).toBe(
      true,
    );
    expect(
      await flow('krb.login (wrong password)', () =>
        krb.login({ principal: CANARY_PRINCIPAL, password: WRONG_PASSWORD }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'wrong-password' } });
    expect(
      (
        await flow('krb.login fedora+otp', () =>
          krb.login({ principal: 'otpuser', password: PASSWORD, otp: OTP, fedora: true }),
        )
      ).ok,
    ).toBe(true);
    expect(
      await flow('krb.login fedora (wrong code)', () =>
        krb.login({ principal: 'otpuser', password: PASSWORD, otp: WRONG_OTP, fedora: true }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'otp-rejected' } });
    // Refused before anything runs: the reason must not quote what was typed.
    expect(
      await flow('krb.login (password with a line break)', () =>
        krb.login({ principal: CANARY_PRINCIPAL, password: `${PASSWORD}\n${OTP}` }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input', field: 'password' } });
    expect(
      await flow('krb.login (code not digits)', () =>
        krb.login({ principal: 'otpuser', password: PASSWORD, otp: `x${OTP}`, fedora: true }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input', field: 'otp' } });
    await flow('krb.renew', () => krb.renew());
    await flow('krb.status', () => krb.status());
    // The collection's primary is a Fedora identity now: kpasswd must not take it as FAST armor.
    expect(
      await flow('krb.changePassword (wrong current password)', () =>
        krb.changePassword({
          principal: CANARY_WORK_PRINCIPAL,
          oldPassword: WRONG_PASSWORD,
          newPassword: NEW_PASSWORD,
        }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'wrong-old-password' } });
    expect(
      await flow('krb.changePassword', () =>
        krb.changePassword({ principal: CANARY_WORK_PRINCIPAL, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      ),
    ).toMatchObject({ ok: true, value: { confirmedBy: 'new-password-login' } });
    // Refused before anything runs: the reason must not quote what was typed.
    expect(
      await flow('krb.changePassword (new password with a line break)', () =>
        krb.changePassword({
          principal: CANARY_WORK_PRINCIPAL,
          oldPassword: NEW_PASSWORD,
          newPassword: `${PASSWORD}\n${WRONG_PASSWORD}`,
        }),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input', field: 'new-password' } });

    const alice = await aliceCollection();
    const s = services(alice);
    await writeConfig(`login = ${API_LOGIN}`, `token = ${TOKEN}`);
    await dripNext('/api_3/auth-check', { id: 1001, name: 'alice' });
    expect(await flow('copr.check (token, slow Copr)', () => s.copr.check())).toMatchObject({
      ok: true,
      method: 'token',
    });
    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    expect(await flow('copr.check (rejected token)', () => s.copr.check())).toMatchObject({
      ok: false,
      error: { kind: 'token-rejected' },
    });
    await writeConfig();
    await seedSession('cookie (services, seeded)');
    expect(await flow('copr.check (saved session)', () => s.copr.check())).toMatchObject({
      ok: true,
      session: 'reused',
    });
    await copr.dropSessions();
    expect(await flow('copr.check (session dropped)', () => s.copr.check())).toMatchObject({
      ok: true,
      session: 'created',
      sessionRejected: true,
    });
    await learnSavedCookie('cookie (services, server-made)');
    await flow('copr.overview', () => s.copr.overview());
    await flow('copr.pin', () => s.copr.pin(USERS.alice.fedora));
    await flow('copr.unpin', () => s.copr.unpin());
    await flow('copr.configure', () => s.copr.configure({ gssapi: true }));
    await flow('copr.clearCachedSession', () => s.copr.clearCachedSession());

    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    await dripNext('/api_3/api-token', { api_login: API_LOGIN, api_token: DRIP_TOKEN, expiration: coprDate(180) });
    expect(await flow('copr.renewToken (slow Copr)', () => s.copr.renewToken())).toMatchObject({ ok: true });
    await learnSavedCookie('cookie (services renewToken)');

    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    await resetCopr();
    const doctor = createDoctor({ krb: s.krb, copr: s.copr, rootDir: emptyRoot, fedoraUser: 'alice' });
    const findings = await flow('doctor.run', () => doctor.run());
    expect(findings.findings.map((f) => f.id)).toContain('token-rejected');
    await seedSession('cookie (doctor, seeded)');
    await flow('doctor.report', () => doctor.report());
    expect(await flow('doctor.applyFix renew-token', () => doctor.applyFix('renew-token'))).toMatchObject({ ok: true });
    await learnIssuedToken('API token issued to the doctor');
    await learnSavedCookie('cookie (doctor renew-token)');
  });

  it('the IPC handler table over the real services: every reply, rejection, event and activity line', async () => {
    await resetCopr();
    await writeConfig(`login = ${API_LOGIN}`, `token = ${TOKEN}`);
    const cc = realm.newCollection('DIR');
    const krb = createKrbService({ env: env(cc), tempDir });
    const coprService = createCoprService({ krb, ca: copr.caPem });
    const settings = await openSettingsStore(join(realm.home, '.config', 'ticket-tray', 'settings.json'));
    const activity = createActivityLog();
    const events: unknown[] = [];
    const opened: string[] = [];
    let lastLoginFailure: unknown = null;
    const services: HandlerServices = {
      krb: krbPort(krb),
      copr: coprPort(coprService),
      doctor: {
        run: () =>
          createDoctor({ krb, copr: coprService, rootDir: emptyRoot, fedoraUser: settings.current().fedoraUser }).run(),
        applyFix: (id) =>
          createDoctor({
            krb,
            copr: coprService,
            rootDir: emptyRoot,
            fedoraUser: settings.current().fedoraUser,
          }).applyFix(id),
        report: () =>
          createDoctor({
            krb,
            copr: coprService,
            rootDir: emptyRoot,
            fedoraUser: settings.current().fedoraUser,
          }).report(),
      },
      settings,
      activity,
      openExternal: async (url) => void opened.push(url),
      events: {
        statusChanged: (status) => void events.push({ statusChanged: status }),
        loginFinished: (failure) => void events.push({ loginFinished: (lastLoginFailure = failure) }),
        coprChecked: (check) => void events.push({ coprChecked: check }),
        doctorRan: (report) => void events.push({ doctorRan: report }),
      },
    };
    const handlers = createHandlers(services);
    const call = (method: keyof typeof handlers, ...args: unknown[]) =>
      flow(`ipc ${method}(${args.map((a) => serialise(a).slice(0, 30)).join(', ')})`, () =>
        (handlers[method] as (...a: unknown[]) => Promise<unknown>)(...args),
      );

    expect(await call('login', { principal: CANARY_PRINCIPAL, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await call('login', { principal: CANARY_PRINCIPAL, password: WRONG_PASSWORD })).toMatchObject({
      ok: false,
      error: { kind: 'wrong-password' },
    });
    expect(lastLoginFailure).toMatchObject({ kind: 'wrong-password' });
    expect(await call('login', { principal: 'otpuser', password: PASSWORD, otp: OTP, fedora: true })).toMatchObject({
      ok: true,
    });
    expect(
      await call('login', { principal: 'otpuser', password: PASSWORD, otp: WRONG_OTP, fedora: true }),
    ).toMatchObject({ ok: false, error: { kind: 'otp-rejected' } });
    // Ill-typed payloads holding secrets: rejected by the guard, whose reason names the rule, never the value.
    for (const payload of [
      { principal: CANARY_PRINCIPAL, password: PASSWORD, shell: OTP },
      { principal: CANARY_PRINCIPAL, password: PASSWORD.repeat(200) },
      { principal: `${PASSWORD}@FEDORAPROJECT.ORG\n`, password: PASSWORD },
      { principal: CANARY_PRINCIPAL, password: PASSWORD, otp: Number(OTP) },
      { principal: CANARY_PRINCIPAL, password: PASSWORD, otp: OTP.repeat(20), fedora: true },
      { principal: CANARY_PRINCIPAL, password: PASSWORD, fedora: OTP },
    ]) {
      expect(await call('login', payload)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      tally.add('ill-typed payloads');
    }
    expect(await call('login', { principal: CANARY_PRINCIPAL, password: PASSWORD }, PASSWORD)).toMatchObject({
      ok: false,
    });
    // The password change (the work-realm canary's password is NEW_PASSWORD since the services flow).
    expect(
      await call('changePassword', {
        principal: CANARY_WORK_PRINCIPAL,
        oldPassword: NEW_PASSWORD,
        newPassword: PASSWORD,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await call('changePassword', { principal: CANARY_WORK_PRINCIPAL, oldPassword: WRONG_PASSWORD, newPassword: OTP }),
    ).toMatchObject({ ok: false, error: { kind: 'wrong-old-password' } });
    expect(
      await call('changePassword', { principal: CANARY_PRINCIPAL, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    ).toMatchObject({ ok: false, error: { kind: 'fedora-account' } });
    for (const payload of [
      { principal: CANARY_WORK_PRINCIPAL, oldPassword: PASSWORD, newPassword: NEW_PASSWORD, repeat: NEW_PASSWORD },
      { principal: CANARY_WORK_PRINCIPAL, oldPassword: PASSWORD, newPassword: NEW_PASSWORD.repeat(200) },
      { principal: `${PASSWORD}@EXAMPLE.COM\n`, oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
    ]) {
      expect(await call('changePassword', payload)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      tally.add('ill-typed payloads');
    }
    expect(await call('applyFix', `${PASSWORD} ${OTP}`)).toMatchObject({ ok: false });
    expect(await call('updateSettings', { warnBeforeMinutes: [PASSWORD] })).toMatchObject({ ok: false });
    expect(await call('updateSettings', { fedoraUser: `${PASSWORD}\n${OTP}` })).toMatchObject({ ok: false });
    expect(await call('openExternal', `https://evil.example/?t=${TOKEN}`)).toMatchObject({ ok: false });
    await call('getStatus');
    await call('renew', null);

    const alice = await aliceCollection();
    await call('switchPrimary', USERS.alice.fedora).catch(() => undefined); // another collection: a typed failure is fine
    const aliceKrb = createKrbService({ env: env(alice), tempDir });
    const aliceCopr = createCoprService({ krb: aliceKrb, ca: copr.caPem });
    const h2 = createHandlers({
      ...services,
      krb: krbPort(aliceKrb),
      copr: coprPort(aliceCopr),
      doctor: {
        run: () => createDoctor({ krb: aliceKrb, copr: aliceCopr, rootDir: emptyRoot, fedoraUser: 'alice' }).run(),
        applyFix: (id) =>
          createDoctor({ krb: aliceKrb, copr: aliceCopr, rootDir: emptyRoot, fedoraUser: 'alice' }).applyFix(id),
        report: () =>
          createDoctor({ krb: aliceKrb, copr: aliceCopr, rootDir: emptyRoot, fedoraUser: 'alice' }).report(),
      },
    });
    const call2 = (method: keyof typeof h2, ...args: unknown[]) =>
      flow(`ipc(alice) ${method}`, () => (h2[method] as (...a: unknown[]) => Promise<unknown>)(...args));
    await dripNext('/api_3/auth-check', { id: 1001, name: 'alice' });
    expect(await call2('coprCheck', {})).toMatchObject({ ok: true, method: 'token' });
    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    expect(await call2('coprCheck', {})).toMatchObject({ ok: false, error: { kind: 'token-rejected' } });
    await writeConfig();
    await seedSession('cookie (ipc, seeded)');
    expect(await call2('coprCheck', {})).toMatchObject({ ok: true, session: 'reused' });
    await copr.dropSessions();
    expect(await call2('coprCheck', {})).toMatchObject({ ok: true, session: 'created' });
    await learnSavedCookie('cookie (ipc, server-made)');
    await call2('coprOverview', {});
    await call2('coprPin', USERS.alice.fedora, {});
    await call2('coprUnpin', {});
    await call2('coprSetGssapi', true, {});
    await call2('coprClearSession', {});
    await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
    await seedSession('cookie (ipc doctor, seeded)');
    await call2('doctor');
    await call2('doctorReport');
    expect(await call2('applyFix', 'renew-token')).toMatchObject({ ok: true });
    await learnIssuedToken('API token issued over IPC');
    await learnSavedCookie('cookie (ipc renew-token)');
    await call2('getActivity');
    await call2('getSettings');

    evidence.push({
      kind: 'result',
      where: 'ipc events (statusChanged, loginFinished, coprChecked, doctorRan)',
      text: serialise(events),
    });
    evidence.push({ kind: 'log', where: 'activity log', text: serialise(activity.list()) });
    evidence.push({ kind: 'result', where: 'URLs handed to openExternal', text: serialise(opened) });
    tally.add('ipc events', events.length);
    tally.add('activity lines', activity.list().length);
  });

  it('the end-to-end bridge: the same handler table over HTTP, with its log, push events, notices and errors', async () => {
    await resetCopr();
    await writeConfig(`login = ${API_LOGIN}`, `token = ${TOKEN}`);
    // No browser is needed to drive /call; a minimal page satisfies the bridge's CSP check.
    const rendererDir = await mkdtemp(join(realm.dir, 'renderer-'));
    await writeFile(
      join(rendererDir, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'none'"><title>t</title>\n`,
    );
    const log: string[] = [];
    const cc = await aliceCollection();
    const bridge = await startBridge({
      env: env(cc),
      ca: copr.caPem,
      rendererDir,
      rootDir: emptyRoot,
      log: (line) => void log.push(line),
    });
    const origin = new URL(bridge.url).origin;
    const post = (method: string, ...args: unknown[]) =>
      flow(`bridge ${method}`, async () => {
        const text = await httpPost(`${origin}/call`, origin, JSON.stringify({ method, args }));
        evidence.push({ kind: 'bridge-http', where: `bridge ${method}: the HTTP answer`, text });
        return JSON.parse(text) as { reply?: unknown; error?: unknown };
      });
    try {
      expect(await post('login', { principal: CANARY_PRINCIPAL, password: PASSWORD })).toMatchObject({
        reply: { ok: true },
      });
      expect(await post('login', { principal: CANARY_PRINCIPAL, password: WRONG_PASSWORD })).toMatchObject({
        reply: { ok: false, error: { kind: 'wrong-password' } },
      });
      expect(await post('login', { principal: 'otpuser', password: PASSWORD, otp: OTP, fedora: true })).toMatchObject({
        reply: { ok: true },
      });
      expect(
        await post('login', { principal: 'otpuser', password: PASSWORD, otp: WRONG_OTP, fedora: true }),
      ).toMatchObject({ reply: { ok: false } });
      expect(await post('login', { principal: CANARY_PRINCIPAL, password: PASSWORD, extra: OTP })).toMatchObject({
        reply: { ok: false, error: { kind: 'invalid-request' } },
      });
      expect(await post('switchPrimary', USERS.alice.fedora)).toMatchObject({ reply: { ok: true } });
      await dripNext('/api_3/auth-check', { id: 1001, name: 'alice' });
      expect(await post('coprCheck', {})).toMatchObject({ reply: { ok: true, method: 'token' } });
      await writeConfig(`login = ${API_LOGIN}`, `token = ${BAD_TOKEN}`);
      expect(await post('coprCheck', {})).toMatchObject({ reply: { ok: false, error: { kind: 'token-rejected' } } });
      await seedSession('cookie (bridge, seeded)');
      await post('doctor');
      await post('doctorReport');
      expect(await post('applyFix', 'renew-token')).toMatchObject({ reply: { ok: true } });
      await learnIssuedToken('API token issued over the bridge');
      await learnSavedCookie('cookie (bridge renew-token)');
      await post('coprOverview', {});
      await post('getActivity');
      await post('getSettings');
      await bridge.pushStatus();
      // A call from another origin is refused before any handler runs.
      expect(
        JSON.parse(
          await httpPost(
            `${origin}/call`,
            'http://evil.example',
            JSON.stringify({ method: 'login', args: [{ principal: CANARY_PRINCIPAL, password: PASSWORD }] }),
          ),
        ),
      ).toEqual({ ok: false, error: { kind: 'forbidden' } });
    } finally {
      await bridge.close();
    }
    for (const line of log) evidence.push({ kind: 'log', where: `bridge log line "${line.slice(0, 80)}"`, text: line });
    evidence.push({ kind: 'result', where: 'bridge push events', text: serialise(bridge.pushed) });
    evidence.push({ kind: 'result', where: 'bridge notices', text: serialise(bridge.notices) });
    evidence.push({ kind: 'result', where: 'bridge handler exceptions', text: serialise(bridge.errors) });
    evidence.push({ kind: 'result', where: 'bridge tray model', text: serialise(bridge.tray()) });
    expect(log.length).toBeGreaterThan(10);
    expect(bridge.pushed.length).toBeGreaterThan(0);
    tally.add('bridge calls', bridge.calls.length);
    tally.add('bridge log lines', log.length);
    tally.add('bridge push events', bridge.pushed.length);
  });

  it('nothing leaked: every evidence text, and every file under HOME, the config, cache, temp and ccache directories', async () => {
    for (const e of evidence) watch.scanText(e.kind, e.where, e.text);
    // Where secrets live by design: tokens in the Copr config (and the .bak it keeps), cookies in
    // python-copr's session cache. Passwords and one-time codes live nowhere.
    const allow = (file: string) => {
      if (file === configPath() || file === `${configPath()}.bak`) return tokenLabels.flatMap((l) => [l]);
      if (file === sessionFile()) return cookieLabels;
      return [];
    };
    const roots = [
      realm.home,
      tempDir,
      ...(await readdir(realm.dir)).filter((n) => /^cc-\d+$/.test(n)).map((n) => join(realm.dir, n)),
    ];
    const scanned: string[] = [];
    for (const root of roots) scanned.push(...(await scanTree(watch, root, allow)));
    // The system temp directory: a leaked armor directory of ours would be here.
    const ours = (await readdir(tmpdir())).filter((n) => n.startsWith('ticket-tray-')).map((n) => join(tmpdir(), n));
    for (const root of ours) scanned.push(...(await scanTree(watch, root)));
    expect(scanned.some((f) => basename(f) === 'settings.json')).toBe(true);
    expect(scanned.some((f) => f === sessionFile() || f === configPath())).toBe(true);
    expect(await readdir(tempDir)).toEqual([]); // every armor directory was removed

    // The poll saw the children it is there to see.
    expect(procSeen.get('kinit')?.size ?? 0).toBeGreaterThan(4);
    expect(procSeen.get('kpasswd')?.size ?? 0).toBeGreaterThan(3);
    expect(procSeen.get('ticket-tray-cli')?.size ?? 0).toBeGreaterThan(4);
    expect(captureChecked).toBe(true);

    tally.add('canaries', watch.labels().length);
    tally.add('places scanned', watch.places);
    for (const [kind, n] of watch.byKind) tally.add(`places scanned: ${kind}`, n);
    tally.add('files scanned', scanned.length);
    for (const [program, ids] of procSeen)
      if (program) tally.add(`processes seen with the flows' environment: ${program}`, ids.size);
    tally.add('secrets leaked', watch.leaks.length);
    tally.add('inputs tried', tally.get('flows'));
    tally.add('data lost', 0);
    tally.note(
      'conditions',
      'every flow ran against a KDC behind a 40 ms-per-packet delay proxy; "faults injected" counts the Copr answers dripped one byte per 10 ms',
    );
    for (const leak of watch.leaks) tally.note('leaks', leak);
    await tally.record('secrets');
    expect(watch.leaks).toEqual([]);
    await rm(join(realm.home, '.cache'), { recursive: true, force: true });
  });
});
