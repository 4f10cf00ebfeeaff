import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeCoprAdvice } from '../../electron/services/copr/messages.js';
import { createCoprService, type CoprServiceOptions } from '../../electron/services/copr/service.js';
import { sessionCachePath, withSessionLock } from '../../electron/services/copr/session-cache.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

let realm: TestRealm;
let copr: CoprStandIn;
const { alice } = USERS;
const PASSWORDS: Record<string, string> = { newbie: 'newbiepw', bob: USERS.bob.password };

beforeAll(async () => {
  realm = await startRealm();
  await realm.kadmin('FEDORAPROJECT.ORG', 'addprinc -pw newbiepw newbie');
  copr = await startCoprStandIn(realm);
});
afterAll(async () => {
  await realm?.stop();
});

const configPath = () => join(realm.home, '.config', 'copr');
const sessionFile = () => sessionCachePath(realm.home, new URL(copr.url).host);

async function writeConfig(lines: string[]) {
  await mkdir(dirname(configPath()), { recursive: true });
  await writeFile(configPath(), `${lines.join('\n')}\n`);
}

/** Services over a fresh DIR collection, as the CLI or the app would build them. */
function services(ccname: string, extra: Partial<CoprServiceOptions> = {}) {
  const krb = createKrbService({ env: realm.env(ccname) });
  return { krb, copr: createCoprService({ krb, ca: copr.caPem, ...extra }) };
}

async function collectionWith(...principals: string[]) {
  const ccname = realm.newCollection('DIR');
  for (const p of principals) await realm.kinit(ccname, p, PASSWORDS[p.replace(/@.*/, '')] ?? alice.password);
  return ccname;
}

beforeEach(async () => {
  await rm(join(realm.home, '.cache'), { recursive: true, force: true });
  await rm(join(realm.home, '.k5identity'), { force: true });
  await copr.setUsers([
    { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: 'alice-token-canary', tokenExpires: coprDate(30) },
    { name: 'newbie', webLogin: false },
  ]);
  await copr.clearRequests();
  await writeConfig(['[copr-cli]', `copr_url = ${copr.url}`]);
});

describe('the documented case: a Fedora ticket, then a work ticket', () => {
  it('fails as copr-cli would, names the ticket that works, and switch fixes it', async () => {
    const ccname = await collectionWith(alice.fedora, alice.work);
    const { krb, copr: service } = services(ccname);
    const failed = await service.check();
    expect(failed).toMatchObject({ ok: false, method: 'gssapi', advice: { workingPrincipal: alice.fedora } });
    expect(failed.advice.identity).toEqual({ wouldUse: alice.work, why: 'primary', realm: 'FEDORAPROJECT.ORG' });
    expect(failed.advice.remedies).toEqual([
      { kind: 'switch', principal: alice.fedora },
      { kind: 'pin', principal: alice.fedora, host: new URL(copr.url).hostname },
    ]);
    expect(describeCoprAdvice(failed.advice)).toBe(
      'Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host',
    );
    expect((await copr.requests()).filter((r) => r.path.startsWith('/api_3/gssapi_login'))).toEqual([]);

    expect((await krb.switchTo(alice.fedora)).ok).toBe(true);
    const fixed = await service.check();
    expect(fixed).toMatchObject({
      ok: true,
      method: 'gssapi',
      value: { user: 'alice', principal: alice.fedora },
      session: 'created',
    });
    const saved = JSON.parse(await readFile(sessionFile(), 'utf8'));
    expect(saved).toMatchObject({ name: 'alice', session: expect.any(String) });
    expect(saved.expiration * 1000 - Date.now()).toBeGreaterThan(9.9 * 3600 * 1000);

    const again = await service.check();
    expect(again).toMatchObject({ ok: true, session: 'reused', value: { staleSession: false } });
  });

  it('pinning the Fedora ticket for the Copr host works whatever the primary, and unpin undoes it', async () => {
    const ccname = await collectionWith(alice.fedora, alice.work);
    const { copr: service } = services(ccname);
    const original = '# my identities\nbob@EXAMPLE.COM realm=EXAMPLE.COM\n';
    await writeFile(join(realm.home, '.k5identity'), original);
    expect(await service.pin(alice.fedora)).toMatchObject({ ok: true, value: { changed: true, host: copr.host } });
    const pinned = await service.check();
    expect(pinned).toMatchObject({
      ok: true,
      value: { principal: alice.fedora },
      advice: { identity: { why: 'pinned', wouldUse: alice.fedora } },
    });
    expect(await readFile(join(realm.home, '.k5identity'), 'utf8')).toContain(original.trim());

    expect(await service.unpin()).toMatchObject({ ok: true, value: { changed: true } });
    expect(await readFile(join(realm.home, '.k5identity'), 'utf8')).toBe(original);
    expect((await service.clearCachedSession()).ok).toBe(true);
    expect(await service.check()).toMatchObject({ ok: false, advice: { workingPrincipal: alice.fedora } });
  });
});

describe('which method, and its errors', () => {
  it('an expired token beside a valid ticket: the token wins, and the server text is shown verbatim', async () => {
    await copr.setUsers([
      { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: 'alice-token-canary', tokenExpires: coprDate(-1) },
    ]);
    await writeConfig([
      '[copr-cli]',
      'login = alice-api',
      'username = alice',
      'token = alice-token-canary',
      `copr_url = ${copr.url}`,
      `# expiration date: ${coprDate(-1)}`,
    ]);
    const { copr: service } = services(await collectionWith(alice.fedora));
    const result = await service.check();
    expect(result).toMatchObject({ ok: false, method: 'token', error: { kind: 'token-rejected' } });
    // A ticket for Copr's realm is there, so a new token can come over Kerberos; the web page works too.
    expect(result.advice.remedies).toEqual([{ kind: 'renew-token' }, { kind: 'get-token', url: `${copr.url}/api` }]);
    expect(result).toMatchObject({
      error: {
        serverMessage: `Login invalid/expired. Please visit ${copr.url}/api to get or renew your API token.`,
        tokenUrl: `${copr.url}/api`,
      },
    });
    expect(JSON.stringify(result)).not.toContain('alice-token-canary');
    await expect(readFile(sessionFile())).rejects.toThrow();
    expect((await copr.requests()).map((r) => r.auth)).toEqual(['basic']);
  });

  it('a valid token proves the user without Kerberos and writes no session', async () => {
    await writeConfig(['[copr-cli]', 'login = alice-api', 'token = alice-token-canary', `copr_url = ${copr.url}`]);
    const { copr: service } = services(realm.newCollection('DIR'));
    expect(await service.check()).toMatchObject({
      ok: true,
      method: 'token',
      value: { user: 'alice' },
      session: 'none',
    });
    await expect(readFile(sessionFile())).rejects.toThrow();
  });

  it('gssapi = False without a token: copr-cli has no method', async () => {
    await writeConfig(['[copr-cli]', `copr_url = ${copr.url}`, 'gssapi = False']);
    const { copr: service } = services(await collectionWith(alice.fedora));
    const result = await service.check();
    expect(result).toMatchObject({ ok: false, method: 'none', error: { kind: 'gssapi-disabled' } });
    expect(result.advice.remedies).toEqual([{ kind: 'gssapi-on', semantics: 'cli' }]);
    expect(await copr.requests()).toEqual([]);
  });

  it('the Python API leaves GSSAPI off unless the file turns it on', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    const off = await service.check({ semantics: 'api' });
    expect(off).toMatchObject({
      ok: false,
      method: 'none',
      error: {
        kind: 'gssapi-disabled',
        semantics: 'api',
        message: 'GSSAPI disabled and login:token is invalid (None:None)',
      },
    });
    await writeConfig(['[copr-cli]', `copr_url = ${copr.url}`, 'gssapi = True']);
    expect(await service.check({ semantics: 'api' })).toMatchObject({
      ok: true,
      method: 'gssapi',
      value: { user: 'alice' },
    });
  });

  it('a user Copr has never seen gets the web-login advice', async () => {
    const { copr: service } = services(await collectionWith('newbie@FEDORAPROJECT.ORG'));
    const result = await service.check();
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'new-user', serverMessage: expect.stringContaining("doesn't exist in the Copr build system") },
    });
    expect(result.advice.remedies).toEqual([{ kind: 'web-login', url: copr.url }]);
  });

  it('no ticket at all: "no-ticket", and no other cache to suggest', async () => {
    const { copr: service } = services(realm.newCollection('DIR'));
    expect(await service.check()).toMatchObject({
      ok: false,
      error: { kind: 'no-ticket' },
      advice: { workingPrincipal: null, remedies: [{ kind: 'log-in', realm: 'FEDORAPROJECT.ORG' }] },
    });
  });

  it('refuses an http:// Copr unless the config says encrypted = False', async () => {
    const httpUrl = copr.httpUrl;
    await writeConfig(['[copr-cli]', `copr_url = ${httpUrl}`]);
    const { copr: service } = services(await collectionWith(alice.fedora));
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'insecure-url' } });
    await writeConfig(['[copr-cli]', `copr_url = ${httpUrl}`, 'encrypted = False']);
    expect(await service.check()).toMatchObject({ ok: true, value: { user: 'alice' } });
  });
});

describe('the session cache shared with copr-cli', () => {
  it('reports a cached session that answers although no ticket backs it, and clears it', async () => {
    const cookie = await copr.createSession('alice');
    await mkdir(dirname(sessionFile()), { recursive: true });
    await writeFile(
      sessionFile(),
      JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }, null, 4),
    );
    const { copr: service } = services(realm.newCollection('DIR'));
    const stale = await service.check();
    expect(stale).toMatchObject({ ok: true, session: 'reused', value: { staleSession: true, user: 'alice' } });
    expect(stale.advice.remedies).toEqual([{ kind: 'clear-session' }]);
    expect(await service.clearCachedSession()).toMatchObject({ ok: true, value: { removed: true } });
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'no-ticket' } });
  });

  it('logs in again when Copr drops the session', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    expect(await service.check()).toMatchObject({ ok: true, session: 'created' });
    await copr.dropSessions();
    expect(await service.check()).toMatchObject({ ok: true, session: 'created', sessionRejected: true });
  });

  it('holds the lock python-copr takes (flock on <file>.lock)', async () => {
    const path = sessionFile();
    const outcome = await withSessionLock(path, 5_000, async (locked) => {
      const other = await execa('flock', ['--nonblock', `${path}.lock`, 'true'], { reject: false });
      return { locked, otherExit: other.exitCode };
    });
    expect(outcome).toEqual({ locked: true, otherExit: 1 });
    expect((await execa('flock', ['--nonblock', `${path}.lock`, 'true'], { reject: false })).exitCode).toBe(0);
  });
});

describe('a Copr server that misbehaves', () => {
  it('a redirect to another host: no token or cookie follows it', async () => {
    await writeConfig(['[copr-cli]', 'login = alice-api', 'token = alice-token-canary', `copr_url = ${copr.url}`]);
    await copr.override('/api_3/auth-check', {
      mode: 'redirect',
      location: `${copr.otherUrl}/api_3/auth-check`,
      host: copr.host,
    });
    const { copr: service } = services(realm.newCollection('DIR'));
    const result = await service.check();
    expect(result).toMatchObject({ ok: false, error: { kind: 'redirect-refused' } });
    const other = (await copr.requests()).filter((r) => r.host?.startsWith('other.example.test'));
    expect(other).toEqual([]);
    await copr.override('/api_3/auth-check', null);
  });

  it('a server that never answers: a timeout, not a hang', async () => {
    await copr.override('/api_3/auth-check', { mode: 'hang' });
    await writeConfig(['[copr-cli]', 'login = alice-api', 'token = alice-token-canary', `copr_url = ${copr.url}`]);
    const { copr: service } = services(realm.newCollection('DIR'), { timeoutMs: 800 });
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'timed-out' } });
    await copr.override('/api_3/auth-check', null);
  });

  it('HTML with status 200, and an oversized body', async () => {
    await writeConfig(['[copr-cli]', 'login = alice-api', 'token = alice-token-canary', `copr_url = ${copr.url}`]);
    const { copr: service } = services(realm.newCollection('DIR'));
    await copr.override('/api_3/auth-check', {
      mode: 'respond',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>portal</html>',
    });
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    await copr.override('/api_3/auth-check', { mode: 'huge' });
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    await copr.override('/api_3/auth-check', null);
  });

  it('an untrusted certificate is a TLS failure', async () => {
    const { copr: service } = services(realm.newCollection('DIR'), { ca: undefined });
    await writeConfig(['[copr-cli]', 'login = alice-api', 'token = alice-token-canary', `copr_url = ${copr.url}`]);
    expect(await service.check()).toMatchObject({ ok: false, error: { kind: 'tls-failed' } });
  });

  it('names itself in the User-Agent', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    await service.check();
    const agents = new Set((await copr.requests()).map((r) => r.userAgent));
    expect([...agents]).toEqual(['copr ticket-tray/0.1.0']);
  });
});

describe('renewing the API token through Kerberos', () => {
  it('writes the new login, token and expiry date and keeps every other line', async () => {
    await copr.setUsers([
      { name: 'alice', webLogin: true, apiLogin: 'old-login', token: 'old-token', tokenExpires: coprDate(-3) },
    ]);
    const before = [
      '# written by hand',
      '[copr-cli]',
      'login = old-login',
      'username = alice',
      'token = old-token',
      `copr_url = ${copr.url}`,
      `# expiration date: ${coprDate(-3)}`,
      '',
      '[other]',
      'keep = me',
    ];
    await writeConfig(before);
    const { copr: service } = services(await collectionWith(alice.fedora));
    const renewed = await service.renewToken();
    expect(renewed).toMatchObject({ ok: true, value: { user: 'alice', expires: coprDate(180) } });
    const user = await copr.getUser('alice');
    const after = (await readFile(configPath(), 'utf8')).split('\n');
    expect(after).toEqual([
      '# written by hand',
      '[copr-cli]',
      `login = ${user!.apiLogin}`,
      'username = alice',
      `token = ${user!.token}`,
      `copr_url = ${copr.url}`,
      `# expiration date: ${coprDate(180)}`,
      '',
      '[other]',
      'keep = me',
      '',
    ]);
    expect(await readFile(`${configPath()}.bak`, 'utf8')).toBe(`${before.join('\n')}\n`);
    expect(await service.check()).toMatchObject({ ok: true, method: 'token', value: { user: 'alice' } });
  });

  it('turns gssapi off and on, keeping the rest of the file', async () => {
    const { copr: service } = services(realm.newCollection('DIR'));
    expect(await service.configure({ gssapi: false })).toMatchObject({ ok: true, value: { gssapi: false } });
    expect(await readFile(configPath(), 'utf8')).toBe(`[copr-cli]\ncopr_url = ${copr.url}\ngssapi = False\n`);
    expect(await service.configure({ gssapi: true })).toMatchObject({ ok: true, value: { gssapi: true } });
  });
});

/** A valid python-copr session for `user`, written as python-copr writes it; returns the file's text. */
async function seedSession(user: string): Promise<string> {
  const cookie = await copr.createSession(user);
  await mkdir(dirname(sessionFile()), { recursive: true });
  const text = `${JSON.stringify({ name: user, session: cookie, expiration: Date.now() / 1000 + 3600 }, null, 4)}\n`;
  await writeFile(sessionFile(), text);
  return text;
}

describe('the saved session and the ticket, checked apart', () => {
  it('wrong primary behind a valid saved session: Copr confirms alice, the fresh login fails, and it says so', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora, alice.work));
    const saved = await seedSession('alice');
    const check = await service.check();
    expect(check).toMatchObject({
      ok: true,
      session: 'reused',
      value: { user: 'alice', staleSession: false },
      savedSession: { user: 'alice', path: sessionFile(), expiresAt: expect.any(String) },
      freshLogin: { principal: alice.work, ok: false, user: null, error: { code: expect.any(String) } },
      sessionHides: 'login-fails',
      advice: { workingPrincipal: alice.fedora },
    });
    expect(check.advice.remedies).toEqual([
      { kind: 'switch', principal: alice.fedora },
      { kind: 'pin', principal: alice.fedora, host: copr.host },
      { kind: 'clear-session' },
    ]);
    // The fresh login is a check, not a replacement: the saved session stays as it was.
    expect(await readFile(sessionFile(), 'utf8')).toBe(saved);
  });

  it('a fresh login as another Copr user is "other-user", and the saved session is kept unless asked', async () => {
    await copr.addUser({ name: 'bob', webLogin: true });
    const { copr: service } = services(await collectionWith(USERS.bob.fedora));
    const saved = await seedSession('alice');
    const check = await service.check();
    expect(check).toMatchObject({
      ok: true,
      value: { user: 'alice' },
      freshLogin: { principal: USERS.bob.fedora, ok: true, user: 'bob', error: null },
      sessionHides: 'other-user',
    });
    expect(await readFile(sessionFile(), 'utf8')).toBe(saved);
    const replaced = await service.check({ replaceSession: true });
    expect(replaced).toMatchObject({ ok: true, session: 'created', value: { user: 'bob' }, sessionHides: null });
    expect(JSON.parse(await readFile(sessionFile(), 'utf8'))).toMatchObject({ name: 'bob' });
  });

  it('a saved session and a fresh login that agree hide nothing', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    await seedSession('alice');
    expect(await service.check()).toMatchObject({
      ok: true,
      session: 'reused',
      freshLogin: { principal: alice.fedora, ok: true, user: 'alice' },
      sessionHides: null,
      advice: { remedies: [] },
    });
  });
});

describe('parity with python-copr', () => {
  it.each([
    ['empty', ''],
    ['not JSON', '{"name": "alice", "session": '],
    ['no expiration', '{"name": "alice", "session": "abc"}'],
    ['a string expiration', '{"name": "alice", "session": "abc", "expiration": "99999999999"}'],
  ])('a session cache copr-cli crashes on (%s) fails the check and is left for the user to clear', async (_, text) => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    await mkdir(dirname(sessionFile()), { recursive: true });
    await writeFile(sessionFile(), text);
    const check = await service.check();
    expect(check).toMatchObject({ ok: false, error: { kind: 'session-cache-corrupt', path: sessionFile() } });
    expect(check.advice.remedies).toEqual([{ kind: 'clear-session' }]);
    expect(await readFile(sessionFile(), 'utf8')).toBe(text);
    expect(await service.overview()).toMatchObject({ ok: true, value: { sessionCorrupt: { path: sessionFile() } } });
    expect((await service.clearCachedSession()).ok).toBe(true);
    expect(await service.check()).toMatchObject({ ok: true, value: { user: 'alice' } });
  });

  it('--api-semantics: a session Copr rejects is a failure, with no new login (copr-cli would log in again)', async () => {
    await writeConfig(['[copr-cli]', `copr_url = ${copr.url}`, 'gssapi = True']);
    const { copr: service } = services(await collectionWith(alice.fedora));
    await seedSession('alice');
    await copr.dropSessions();
    await copr.clearRequests();
    expect(await service.check({ semantics: 'api' })).toMatchObject({
      ok: false,
      session: 'reused',
      sessionRejected: true,
      error: { kind: 'session-rejected' },
      advice: { remedies: [{ kind: 'clear-session' }] },
    });
    expect((await copr.requests()).map((r) => r.path)).toEqual(['/api_3/auth-check']);
    expect(await service.check({ semantics: 'cli' })).toMatchObject({ ok: true, sessionRejected: true });
  });

  it("the API's no-method error shows empty values empty, as python-copr prints them", async () => {
    await writeConfig(['[copr-cli]', `copr_url = ${copr.url}`, 'login = aliceapi', 'token =']);
    const { copr: service } = services(await collectionWith(alice.fedora));
    expect(await service.check({ semantics: 'api' })).toMatchObject({
      ok: false,
      error: { kind: 'gssapi-disabled', message: 'GSSAPI disabled and login:token is invalid (aliceapi:)' },
    });
  });
});

describe('pins that can work', () => {
  it('refuses a principal outside the realm the Copr host lives in, a bare name included; --force pins it', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora, alice.work));
    for (const name of [alice.work, 'alice']) {
      expect(await service.pin(name)).toMatchObject({
        ok: false,
        error: {
          kind: 'pin-refused',
          principal: name,
          host: copr.host,
          realm: 'FEDORAPROJECT.ORG',
          reason: expect.stringContaining('your ticket in that realm works for it'),
        },
      });
    }
    await expect(readFile(join(realm.home, '.k5identity'))).rejects.toThrow();
    expect(await service.pin('alice', {}, { force: true })).toMatchObject({
      ok: true,
      value: { principal: alice.work, host: copr.host },
    });
    expect(await readFile(join(realm.home, '.k5identity'), 'utf8')).toBe(`${alice.work} host=${copr.host}\n`);
  });

  it('refuses a realm spelled in the wrong case with the right spelling, even forced', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    expect(await service.pin('alice@fedoraproject.org', {}, { force: true })).toMatchObject({
      ok: false,
      error: { kind: 'pin-refused', realm: null, suggestion: alice.fedora },
    });
  });

  it('the overview says which principal is pinned for which host', async () => {
    const { copr: service } = services(await collectionWith(alice.fedora));
    expect(await service.pin(alice.fedora)).toMatchObject({ ok: true });
    expect(await service.overview()).toMatchObject({
      ok: true,
      value: { pinned: alice.fedora, pin: { principal: alice.fedora, host: copr.host } },
    });
  });
});
