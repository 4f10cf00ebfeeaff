/**
 * Proves the Copr stand-in (test/support/copr/stand-in.ts) answers like copr-frontend behind Apache
 * mod_auth_gssapi, with real SPNEGO tokens from the throwaway realm. If this file fails, every Copr
 * test's results are suspect.
 */
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import kerberos from 'kerberos';
import type { KerberosClient } from 'kerberos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAP_HOSTS_MODULE,
  OTHER_TEST_HOST,
  TEST_HOSTS,
  coprDate,
  nodeEnvWithTestHosts,
  startCoprStandIn,
  type CoprStandIn,
} from '../support/copr/stand-in.js';
import { COPR_TEST_HOST, USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const { alice, bob } = USERS;
const NO_SUCH_USER =
  "Valid GSSAPI authentication supplied for user 'bob', but this user doesn't exist in the Copr build system.  Please log-in using the web-UI (without GSSAPI) first.";

let realm: TestRealm;
let standIn: CoprStandIn;
/** DIR collections; alice's has alice@FEDORAPROJECT.ORG as its (only, hence primary) cache. */
let aliceCc: string;
let bobCc: string;
const savedTestHosts = process.env['TEST_HOSTS'];

beforeAll(async () => {
  // The resolver mapping, in-process. The project's vitest config will later do this in setupFiles
  // (set TEST_HOSTS, then load map-hosts.mjs); until then this file does it itself. TEST_HOSTS is
  // read on each lookup, so setting it before or after the import both work.
  process.env['TEST_HOSTS'] = JSON.stringify(TEST_HOSTS);
  await import(pathToFileURL(MAP_HOSTS_MODULE).href);

  realm = await startRealm();
  standIn = await startCoprStandIn(realm);
  aliceCc = realm.newCollection('DIR');
  bobCc = realm.newCollection('DIR');
  await Promise.all([
    realm.kinit(aliceCc, alice.fedora, alice.password),
    realm.kinit(bobCc, bob.fedora, bob.password),
    standIn.setUsers([
      {
        name: 'alice',
        id: 42,
        webLogin: true,
        apiLogin: 'alice-login',
        token: 'alice-token',
        tokenExpires: coprDate(30),
      },
      { name: 'bob', webLogin: false },
      { name: 'old', webLogin: true, apiLogin: 'old-login', token: 'old-token', tokenExpires: coprDate(-1) },
    ]),
  ]);
});

afterAll(async () => {
  await realm?.stop(); // closes the adopted stand-in too
  if (savedTestHosts === undefined) delete process.env['TEST_HOSTS'];
  else process.env['TEST_HOSTS'] = savedTestHosts;
});

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request with node:https (trusting only the stand-in's CA) or node:http; no agent, 5 s limit. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false, ca: standIn.caPem },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 5_000, () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * A real SPNEGO token for HTTP@copr.fedorainfracloud.test from `ccname`'s primary cache, with the
 * realm's client environment in process.env only while the binding runs (it reads the variables
 * when `step()` runs), restored afterwards.
 */
async function withRealmEnv<T>(ccname: string, fn: () => Promise<T>): Promise<T> {
  const env = realm.env(ccname);
  const keys = ['KRB5CCNAME', 'KRB5_CONFIG', 'HOME'] as const;
  const saved = keys.map((key) => [key, process.env[key]] as const);
  for (const key of keys) process.env[key] = env[key];
  try {
    return await fn();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function spnego(ccname: string): Promise<{ token: string; client: KerberosClient }> {
  return withRealmEnv(ccname, async () => {
    const client = await kerberos.initializeClient(`HTTP@${COPR_TEST_HOST}`, { mechOID: kerberos.GSS_MECH_OID_SPNEGO });
    return { token: await client.step(''), client };
  });
}

const json = (answer: Answer): unknown => JSON.parse(answer.body);
const basic = (login: string, token: string): string => `Basic ${Buffer.from(`${login}:${token}`).toString('base64')}`;
const sessionOf = (answer: Answer): string =>
  /^session=([^;]+)/.exec(answer.headers['set-cookie']?.[0] ?? '')?.[1] ?? '';
const notOk = () => ({
  output: 'notok',
  error: `Login invalid/expired. Please visit ${standIn.url}/api to get or renew your API token.`,
});

describe('Copr stand-in: GSSAPI login (Apache mod_auth_gssapi in front)', () => {
  let aliceSession = '';
  let usedToken = '';

  it('answers Apache\'s HTML 401 with "WWW-Authenticate: Negotiate" without a token', async () => {
    const answer = await request(`${standIn.url}/api_3/gssapi_login/`);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Negotiate');
    expect(answer.headers['content-type']).toBe('text/html; charset=iso-8859-1');
    expect(answer.body).toContain('<title>401 Unauthorized</title>');
  });

  it('logs alice in with a real SPNEGO token: user JSON, session cookie, mutual-auth token', async () => {
    const { token, client } = await spnego(aliceCc);
    usedToken = token;
    const answer = await request(`${standIn.url}/api_3/gssapi_login/`, {
      headers: { Authorization: `Negotiate ${token}` },
    });
    expect(answer.status, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(json(answer)).toEqual({ id: 42, name: 'alice' });
    expect(answer.headers['set-cookie']?.[0]).toMatch(/^session=[\w-]+; Path=\/; HttpOnly; Secure$/);
    aliceSession = sessionOf(answer);

    const mutual = answer.headers['www-authenticate'] ?? '';
    expect(mutual).toMatch(/^Negotiate \S+$/);
    await withRealmEnv(aliceCc, () => client.step(mutual.slice('Negotiate '.length)));
    expect(client.contextComplete).toBe(true);
    expect(client.username).toBe(alice.fedora);
  });

  it('rejects a replayed Negotiate token with the Apache 401', async () => {
    const answer = await request(`${standIn.url}/api_3/gssapi_login/`, {
      headers: { Authorization: `Negotiate ${usedToken}` },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Negotiate');
    const last = (await standIn.requests()).at(-1);
    expect(last?.note).toContain('Request is a replay');
  });

  it('the session cookie then passes auth-check, without Kerberos', async () => {
    const answer = await request(`${standIn.url}/api_3/auth-check`, { headers: { Cookie: `session=${aliceSession}` } });
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ id: 42, name: 'alice' });
  });

  it('gives the exact 403 to a user who never logged in through the web UI', async () => {
    const { token } = await spnego(bobCc);
    const answer = await request(`${standIn.url}/api_3/gssapi_login/`, {
      headers: { Authorization: `Negotiate ${token}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(json(answer)).toEqual({ error: NO_SUCH_USER });
  });

  it('rejects a principal that does not make a Copr user name', async () => {
    await realm.kadmin('FEDORAPROJECT.ORG', 'addprinc -pw weirdpw weird+name');
    const cc = realm.newCollection('DIR');
    await realm.kinit(cc, 'weird+name@FEDORAPROJECT.ORG', 'weirdpw');
    const { token } = await spnego(cc);
    const answer = await request(`${standIn.url}/api_3/gssapi_login/`, {
      headers: { Authorization: `Negotiate ${token}` },
    });
    expect(answer.status).toBe(403);
    expect(json(answer)).toEqual({
      error: "Can't log-in using GSSAPI: invalid krb5 username, contact administrators: weird+name@FEDORAPROJECT.ORG",
    });
  });

  it('keeps Apache in front of /gssapi_login/ even with a valid cookie; the slash-less path is Copr only', async () => {
    const cookie = { Cookie: `session=${await standIn.createSession('alice')}` };
    expect((await request(`${standIn.url}/api_3/gssapi_login/`, { headers: cookie })).status).toBe(401);
    const viaCookie = await request(`${standIn.url}/api_3/gssapi_login`, { headers: cookie });
    expect([viaCookie.status, json(viaCookie)]).toEqual([200, { id: 42, name: 'alice' }]);
    const bare = await request(`${standIn.url}/api_3/gssapi_login`);
    expect([bare.status, json(bare)]).toEqual([
      403,
      { error: "Can't log-in using GSSAPI: Kerberos authentication failed (no credentials provided)" },
    ]);
  });

  it('forgets sessions on dropSessions()', async () => {
    const session = await standIn.createSession('alice');
    await standIn.dropSessions();
    const answer = await request(`${standIn.url}/api_3/auth-check`, { headers: { Cookie: `session=${session}` } });
    expect([answer.status, json(answer)]).toEqual([401, notOk()]);
  });
});

describe('Copr stand-in: API token and auth-check', () => {
  it('accepts a valid Basic login:token', async () => {
    const answer = await request(`${standIn.url}/api_3/auth-check/`, {
      headers: { Authorization: basic('alice-login', 'alice-token') },
    });
    expect([answer.status, json(answer)]).toEqual([200, { id: 42, name: 'alice' }]);
  });

  it('answers 401 notok, with the public URL, for a wrong, an expired or no token', async () => {
    for (const headers of [
      { Authorization: basic('alice-login', 'wrong') },
      { Authorization: basic('old-login', 'old-token') },
      {} as Record<string, string>,
    ]) {
      const answer = await request(`${standIn.url}/api_3/auth-check`, { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(json(answer)).toEqual(notOk());
    }
    expect(notOk().error).toMatch(
      /^Login invalid\/expired\. Please visit https:\/\/copr\.fedorainfracloud\.test:\d+\/api to get/,
    );
  });

  it('POST /api_3/api-token with a session gives a new token that then works', async () => {
    const session = await standIn.createSession('alice');
    expect((await request(`${standIn.url}/api_3/api-token`, { method: 'POST' })).status).toBe(401);
    const answer = await request(`${standIn.url}/api_3/api-token`, {
      method: 'POST',
      headers: { Cookie: `session=${session}` },
    });
    expect(answer.status).toBe(200);
    const fresh = json(answer) as { api_login: string; api_token: string; expiration: string };
    expect(fresh).toEqual({
      api_login: expect.stringMatching(/##[a-z]{20}$/),
      api_token: expect.stringMatching(/^[a-z]{30}$/),
      expiration: coprDate(180),
    });
    const check = await request(`${standIn.url}/api_3/auth-check`, {
      headers: { Authorization: basic(fresh.api_login, fresh.api_token) },
    });
    expect([check.status, json(check)]).toEqual([200, { id: 42, name: 'alice' }]);
    const old = await request(`${standIn.url}/api_3/auth-check`, {
      headers: { Authorization: basic('alice-login', 'alice-token') },
    });
    expect(old.status).toBe(401);
    expect(await standIn.getUser('alice')).toMatchObject({ apiLogin: fresh.api_login, token: fresh.api_token });
  });

  it('serves GET /api_3/ and 404s the rest', async () => {
    const home = await request(`${standIn.url}/api_3`);
    expect([home.status, json(home)]).toEqual([200, { version: 'stand-in' }]);
    const missing = await request(`${standIn.url}/api_3/nope`);
    expect([missing.status, json(missing)]).toEqual([404, { error: "Such API endpoint doesn't exist" }]);
  });

  it('serves plain HTTP on the second port (no Secure cookie flag there)', async () => {
    expect(standIn.httpUrl).toBe(`http://${COPR_TEST_HOST}:${standIn.httpPort}`);
    const answer = await request(`${standIn.httpUrl}/api_3/auth-check`, {
      headers: { Authorization: basic('alice-login', 'alice-token') },
    });
    expect(answer.status).toBe(401); // alice's original token was replaced by the api-token test
    const { token } = await spnego(aliceCc);
    const login = await request(`${standIn.httpUrl}/api_3/gssapi_login/`, {
      headers: { Authorization: `Negotiate ${token}` },
    });
    expect(login.status).toBe(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/; HttpOnly$/);
  });
});

describe('Copr stand-in: overrides and the request log', () => {
  it('redirects to the other host, which the log tells apart', async () => {
    await standIn.clearRequests();
    await standIn.override('/api_3/auth-check/', {
      mode: 'redirect',
      location: `${standIn.otherUrl}/elsewhere`,
      host: COPR_TEST_HOST,
    });
    const answer = await request(`${standIn.url}/api_3/auth-check?x=1`, {
      headers: { Authorization: basic('secret-login', 'secret-token') },
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(`${standIn.otherUrl}/elsewhere`);
    // A client that (wrongly) follows it, dropping nothing:
    const followed = await request(answer.headers.location!, { headers: { Cookie: 'session=leaked' } });
    expect(followed.status).toBe(404);
    await standIn.override('/api_3/auth-check', null);

    const log = await standIn.requests();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      scheme: 'https',
      host: `${COPR_TEST_HOST}:${standIn.httpsPort}`,
      method: 'GET',
      path: '/api_3/auth-check?x=1',
      auth: 'basic',
      authorization: basic('secret-login', 'secret-token'),
      sessionCookie: false,
      status: 302,
      note: 'override: redirect',
    });
    expect(log[1]).toMatchObject({
      host: `${OTHER_TEST_HOST}:${standIn.httpsPort}`,
      auth: 'none',
      authorization: null,
      sessionCookie: true,
      cookie: 'session=leaked',
      status: 404,
    });
    expect(new Date(log[0]!.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records Negotiate and answers canned responses, for a limited number of times', async () => {
    await standIn.clearRequests();
    await standIn.override('/api_3/gssapi_login', {
      mode: 'respond',
      status: 504,
      json: { error: 'gateway timeout' },
      times: 1,
    });
    const canned = await request(`${standIn.url}/api_3/gssapi_login/`, {
      headers: { Authorization: 'Negotiate Zm9v' },
    });
    expect([canned.status, json(canned)]).toEqual([504, { error: 'gateway timeout' }]);
    const real = await request(`${standIn.url}/api_3/gssapi_login/`, { headers: { Authorization: 'Negotiate Zm9v' } });
    expect(real.status).toBe(401);
    expect((await standIn.requests()).map((r) => [r.auth, r.status])).toEqual([
      ['negotiate', 504],
      ['negotiate', 401],
    ]);
  });

  it('has hostile modes: hang, drip, huge', async () => {
    await standIn.override('/api_3', { mode: 'hang' });
    await expect(request(`${standIn.url}/api_3/`, { timeoutMs: 200 })).rejects.toThrow(/timed out/);
    await standIn.override('/api_3', { mode: 'drip', body: '{"id":1,"name":"x"}', intervalMs: 5 });
    const dripped = await request(`${standIn.url}/api_3/`);
    expect(json(dripped)).toEqual({ id: 1, name: 'x' });
    await standIn.override('/api_3', { mode: 'huge' });
    const huge = await request(`${standIn.url}/api_3/`);
    expect(huge.body.length).toBe(20 * 1024 * 1024);
    expect(huge.headers['content-length']).toBe(String(20 * 1024 * 1024));
    await standIn.override('/api_3', null);
    expect((await request(`${standIn.url}/api_3/`)).status).toBe(200);
  });

  it('is reachable from a spawned node process through nodeEnv() (resolver mapping + CA)', async () => {
    const script = `const r = await fetch(process.argv[1] + '/api_3/'); console.log(r.status, await r.text());`;
    const env = standIn.nodeEnv({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' });
    const child = await execa(process.execPath, ['--input-type=module', '-e', script, standIn.url], {
      env,
      extendEnv: false,
      reject: false,
      timeout: 10_000,
    });
    expect([child.exitCode, child.stderr]).toEqual([0, '']);
    expect(child.stdout.trim()).toBe('200 {"version":"stand-in"}');
  });

  it('builds the environment for a spawned node CLI', () => {
    const env = nodeEnvWithTestHosts({ PATH: '/bin', NODE_OPTIONS: '--no-warnings' }, standIn.caFile);
    expect(env['NODE_OPTIONS']).toBe(`--no-warnings --import=${MAP_HOSTS_MODULE}`);
    expect(JSON.parse(env['TEST_HOSTS']!)).toEqual(TEST_HOSTS);
    expect(env['NODE_EXTRA_CA_CERTS']).toBe(standIn.caFile);
    expect(standIn.nodeEnv({ PATH: '/bin' })['NODE_EXTRA_CA_CERTS']).toBe(standIn.caFile);
  });
});
