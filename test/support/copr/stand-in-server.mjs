// A Copr frontend stand-in for the integration tests: answers like copr-frontend behind Apache
// mod_auth_gssapi (docs/copr.md; docs/test-realm.md, "The Copr stand-in"), with a real SPNEGO
// acceptor (`kerberos.initializeServer('')`, any principal in $KRB5_KTNAME, replay cache in
// $KRB5RCACHEDIR).
//
// Runs as its own node process, started by test/support/copr/stand-in.ts with child_process.fork,
// so that its acceptor environment (KRB5_KTNAME, KRB5_CONFIG, KRB5RCACHEDIR) never mixes with the
// client side in the test process. argv[2] is JSON `{ certFile, keyFile, publicHost }`. It listens
// on 127.0.0.1 (HTTPS and plain HTTP, ephemeral ports), sends `{ type: 'ready', httpsPort,
// httpPort }`, then answers `{ id, op, ... }` messages with `{ id, ok, result | error }`. It exits
// when told to close or when the parent goes away. It never writes to stdout/stderr on purpose.
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import kerberos from 'kerberos';

const LOOPBACK = '127.0.0.1';
const TOKEN_LIFETIME_DAYS = 180;
const HUGE_DEFAULT_BYTES = 20 * 1024 * 1024;
const DRIP_DEFAULT_INTERVAL_MS = 200;
// 3000 leading spaces (valid JSON whitespace) at one byte per 200 ms: 10 minutes, i.e. "forever".
const DRIP_DEFAULT_BODY = `${' '.repeat(3000)}{"id":1,"name":"drip"}\n`;

const config = JSON.parse(process.argv[2] ?? '{}');

// ---- state -------------------------------------------------------------------------------------

/** name → { name, id, webLogin, apiLogin, token, tokenExpires } */
const users = new Map();
/** session cookie value → user name (Copr keeps sessions server-side, in Redis). */
const sessions = new Map();
/** normalized path → override (see stand-in.ts, StandInOverride). */
const overrides = new Map();
/** Every request, in arrival order. */
let log = [];
let seq = 0;
let nextUserId = 1001;
let httpsPort = 0;
let httpPort = 0;

/** Open sockets and hostile-mode timers, so that close() ends them all at once. */
const sockets = new Set();
const timers = new Set();

// ---- texts (docs/copr.md, "Answers and errors") ------------------------------------------------

const publicUrl = () => `https://${config.publicHost}:${httpsPort}`;
const notOk = () => ({
  output: 'notok',
  error: `Login invalid/expired. Please visit ${publicUrl()}/api to get or renew your API token.`,
});
const noSuchUser = (name) =>
  `Valid GSSAPI authentication supplied for user '${name}', but this user doesn't exist in the Copr build system.  Please log-in using the web-UI (without GSSAPI) first.`;
const invalidKrbName = (principal) =>
  `Can't log-in using GSSAPI: invalid krb5 username, contact administrators: ${principal}`;
const noCredentials = "Can't log-in using GSSAPI: Kerberos authentication failed (no credentials provided)";
const notFound = "Such API endpoint doesn't exist";
const bug = "Request wasn't successful, there is probably a bug in the Copr code.";

/** Apache's 401 page, in its style (our own words): what mod_auth_gssapi answers without a usable token. */
function apache401(host, port) {
  return [
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">',
    '<html><head>',
    '<title>401 Unauthorized</title>',
    '</head><body>',
    '<h1>Unauthorized</h1>',
    '<p>The server could not confirm that you may',
    'access the requested document: either the',
    'credentials you sent were not accepted, or your',
    'client did not offer the kind of credentials',
    'this location requires.</p>',
    '<hr>',
    `<address>Apache (Copr stand-in) Server at ${host} Port ${port}</address>`,
    '</body></html>',
    '',
  ].join('\n');
}

// ---- helpers -----------------------------------------------------------------------------------

/** UTC calendar date, `YYYY-MM-DD`, `days` from today. */
function isoDate(days = 0) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Flask's strict_slashes=False: `/api_3/auth-check/` is `/api_3/auth-check`. */
function normalizePath(path) {
  const bare = String(path).split(/[?#]/, 1)[0] || '/';
  const trimmed = bare.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function cookieValue(header, name) {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function authKind(header) {
  if (header === undefined) return 'none';
  const scheme = header.trim().split(/\s+/, 1)[0].toLowerCase();
  if (scheme === 'negotiate') return 'negotiate';
  if (scheme === 'basic') return 'basic';
  return 'other';
}

/**
 * `krb_straighten_username` (docs/copr.md, "Answers and errors"): strip from the first `@`,
 * `/` → `_`, `^[\w.-]+$`.
 */
function straighten(principal) {
  const name = principal.replace(/@.*/s, '').replaceAll('/', '_');
  // Python's \w on str patterns is Unicode-aware.
  return /^[\p{L}\p{N}\p{M}_.-]+$/u.test(name) ? name : null;
}

function sessionUser(req) {
  const id = cookieValue(req.headers.cookie, 'session');
  const name = id === undefined ? undefined : sessions.get(id);
  return name === undefined ? undefined : users.get(name);
}

/**
 * `_check_api_login` (copr-frontend's coprs/views/misc.py): second word of Authorization, base64,
 * `login:token`.
 */
function tokenUser(req) {
  const words = (req.headers.authorization ?? '').trim().split(/\s+/);
  if (words.length < 2) return undefined;
  const parts = Buffer.from(words[1], 'base64').toString('utf8').split(':');
  if (parts.length !== 2) return undefined;
  const [login, token] = parts;
  for (const user of users.values()) {
    if (user.apiLogin === undefined || user.apiLogin !== login) continue;
    if (user.token !== token || user.tokenExpires === undefined) return undefined;
    return user.tokenExpires >= isoDate(0) ? user : undefined;
  }
  return undefined;
}

function newSession(name) {
  const id = randomBytes(24).toString('base64url');
  sessions.set(id, name);
  return id;
}

function lowercase(length) {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(97 + randomInt(26));
  return out;
}

function toUser(spec) {
  if (!spec || typeof spec.name !== 'string' || spec.name === '') throw new Error('a user needs a non-empty name');
  if (typeof spec.webLogin !== 'boolean') throw new Error(`user ${spec.name}: webLogin must be true or false`);
  if (spec.tokenExpires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(spec.tokenExpires)) {
    throw new Error(`user ${spec.name}: tokenExpires must be YYYY-MM-DD`);
  }
  const id = spec.id ?? users.get(spec.name)?.id ?? nextUserId++;
  return {
    name: spec.name,
    id,
    webLogin: spec.webLogin,
    apiLogin: spec.apiLogin,
    token: spec.token,
    tokenExpires: spec.tokenExpires,
  };
}

const userDict = (user) => ({ id: user.id, name: user.name });

// ---- responses ---------------------------------------------------------------------------------

function send(res, entry, status, headers, body) {
  entry.status = status;
  res.writeHead(status, headers);
  res.end(body);
}

function sendJson(res, entry, status, value, headers = {}) {
  send(res, entry, status, { 'Content-Type': 'application/json', ...headers }, `${JSON.stringify(value)}\n`);
}

function sendApache401(req, res, entry) {
  const [host] = (req.headers.host ?? config.publicHost).split(':');
  const port = req.socket.localPort;
  send(
    res,
    entry,
    401,
    { 'WWW-Authenticate': 'Negotiate', 'Content-Type': 'text/html; charset=iso-8859-1' },
    apache401(host, port),
  );
}

/** The frontend's session cookie, like Flask's (`Secure` only where the scheme is HTTPS). */
function sessionCookie(id, entry) {
  return `session=${id}; Path=/; HttpOnly${entry.scheme === 'https' ? '; Secure' : ''}`;
}

// ---- routes ------------------------------------------------------------------------------------

/**
 * `/api_3/gssapi_login/` sits behind Apache's `<LocationMatch /api_3/gssapi_login/>` with
 * `Require valid-user`: the SPNEGO exchange happens before Copr sees the request, so without a
 * usable token the answer is Apache's HTML 401 even if a session cookie is sent. Past Apache, Copr
 * returns the session's user if the cookie is valid, else maps REMOTE_USER.
 *
 * The slash-less `/api_3/gssapi_login` does not match that LocationMatch, so Apache passes it
 * through without Kerberos: Copr answers from the session cookie, or 403 "no credentials provided".
 */
async function gssapiLogin(req, res, entry, apacheProtected) {
  let remoteUser;
  let mutual = '';
  if (apacheProtected) {
    const auth = req.headers.authorization ?? '';
    const match = /^Negotiate\s+(\S+)\s*$/i.exec(auth);
    if (!match) {
      entry.note = 'no Negotiate token';
      return sendApache401(req, res, entry);
    }
    try {
      const server = await kerberos.initializeServer('');
      mutual = (await server.step(match[1])) ?? '';
      remoteUser = server.username;
    } catch (error) {
      entry.note = `GSSAPI: ${error instanceof Error ? error.message : String(error)}`;
      return sendApache401(req, res, entry);
    }
    entry.note = `REMOTE_USER=${remoteUser}`;
  }
  const headers = mutual ? { 'WWW-Authenticate': `Negotiate ${mutual}` } : {};

  const current = sessionUser(req);
  if (current) return sendJson(res, entry, 200, userDict(current), headers);
  if (remoteUser === undefined) return sendJson(res, entry, 403, { error: noCredentials }, headers);

  const name = straighten(remoteUser);
  if (name === null) return sendJson(res, entry, 403, { error: invalidKrbName(remoteUser) }, headers);
  const user = users.get(name);
  if (!user || !user.webLogin) return sendJson(res, entry, 403, { error: noSuchUser(name) }, headers);
  const id = newSession(user.name);
  return sendJson(res, entry, 200, userDict(user), { ...headers, 'Set-Cookie': sessionCookie(id, entry) });
}

/** `api_login_required`: the session user, else a valid `login:token`. */
function apiUser(req) {
  return sessionUser(req) ?? tokenUser(req);
}

function authCheck(req, res, entry) {
  const user = apiUser(req);
  if (!user) return sendJson(res, entry, 401, notOk());
  return sendJson(res, entry, 200, userDict(user));
}

function apiToken(req, res, entry) {
  const user = apiUser(req);
  if (!user) return sendJson(res, entry, 401, notOk());
  // The shape of a real API login (man copr-cli: `Y57wcg==##fkfaxbkjhuoiebfafadl`) and token.
  user.apiLogin = `${randomBytes(4).toString('base64')}##${lowercase(20)}`;
  user.token = lowercase(30);
  user.tokenExpires = isoDate(TOKEN_LIFETIME_DAYS);
  return sendJson(res, entry, 200, { api_login: user.apiLogin, api_token: user.token, expiration: user.tokenExpires });
}

async function route(req, res, entry) {
  const raw = (req.url ?? '/').split(/[?#]/, 1)[0];
  const path = normalizePath(raw);
  const method = req.method ?? 'GET';
  if (path === '/api_3/gssapi_login' && method === 'GET') return gssapiLogin(req, res, entry, raw.endsWith('/'));
  if (path === '/api_3/auth-check' && method === 'GET') return authCheck(req, res, entry);
  if (path === '/api_3/api-token' && method === 'POST') return apiToken(req, res, entry);
  if (path === '/api_3' && method === 'GET') return sendJson(res, entry, 200, { version: 'stand-in' });
  return sendJson(res, entry, 404, { error: notFound });
}

// ---- overrides: canned answers and hostile modes -----------------------------------------------

function findOverride(req) {
  const path = normalizePath(req.url ?? '/');
  const override = overrides.get(path);
  if (!override) return undefined;
  if (override.host !== undefined) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (host !== override.host.toLowerCase()) return undefined;
  }
  if (override.times !== undefined && --override.times <= 0) overrides.delete(path);
  return override;
}

/** Extension point for misbehaving servers: add a `mode` here and to StandInOverride. */
function answerOverride(res, entry, override) {
  entry.note = `override: ${override.mode}`;
  switch (override.mode) {
    case 'redirect':
      return send(
        res,
        entry,
        override.status ?? 302,
        { Location: override.location, 'Content-Type': 'text/html; charset=iso-8859-1' },
        '',
      );
    case 'respond': {
      const json = override.json !== undefined;
      const headers = { ...(json ? { 'Content-Type': 'application/json' } : {}), ...(override.headers ?? {}) };
      const body = json ? `${JSON.stringify(override.json)}\n` : (override.body ?? '');
      return send(res, entry, override.status, headers, body);
    }
    case 'drip':
      return drip(res, entry, override);
    case 'huge':
      return huge(res, entry, override);
    case 'hang':
      entry.status = null; // headers never sent; the socket stays open until the client gives up
      return undefined;
    default:
      throw new Error(`unknown override mode ${override.mode}`);
  }
}

/** Headers at once, then the body one byte every `intervalMs`. */
function drip(res, entry, override) {
  const body = Buffer.from(override.body ?? DRIP_DEFAULT_BODY);
  entry.status = override.status ?? 200;
  res.writeHead(entry.status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
  res.flushHeaders();
  let offset = 0;
  const timer = setInterval(() => {
    if (res.destroyed || offset >= body.length) {
      clearInterval(timer);
      timers.delete(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(body.subarray(offset, ++offset));
  }, override.intervalMs ?? DRIP_DEFAULT_INTERVAL_MS);
  timers.add(timer);
  res.once('close', () => {
    clearInterval(timer);
    timers.delete(timer);
  });
}

/** A valid JSON object of `bytes` bytes (default 20 MiB), streamed with backpressure. */
function huge(res, entry, override) {
  const total = Math.max(override.bytes ?? HUGE_DEFAULT_BYTES, 16);
  const head = Buffer.from('{"padding":"');
  const tail = Buffer.from('"}\n');
  let left = total - head.length - tail.length;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  entry.status = 200;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    ...(override.declareLength === false ? {} : { 'Content-Length': String(total) }),
  });
  res.write(head);
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

// ---- server ------------------------------------------------------------------------------------

function record(req, scheme) {
  const authorization = req.headers.authorization;
  const cookie = req.headers.cookie;
  const entry = {
    seq: ++seq,
    time: new Date().toISOString(),
    scheme,
    port: req.socket.localPort ?? 0,
    host: req.headers.host ?? null,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    auth: authKind(authorization),
    authorization: authorization ?? null,
    cookie: cookie ?? null,
    sessionCookie: cookieValue(cookie, 'session') !== undefined,
    userAgent: req.headers['user-agent'] ?? null,
    status: null,
    note: null,
  };
  log.push(entry);
  return entry;
}

function handler(scheme) {
  return (req, res) => {
    const entry = record(req, scheme);
    req.resume(); // no route reads a body; drain it so keep-alive works
    const fail = (error) => {
      entry.note = `stand-in bug: ${error instanceof Error ? error.stack : String(error)}`;
      if (!res.headersSent) sendJson(res, entry, 500, { error: bug });
      else res.destroy();
    };
    try {
      const override = findOverride(req);
      if (override) return answerOverride(res, entry, override);
      Promise.resolve(route(req, res, entry)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

function track(server) {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('tlsClientError', () => {});
  return server;
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve(server.address().port));
  });
}

const tlsServer = track(
  https.createServer({ cert: readFileSync(config.certFile), key: readFileSync(config.keyFile) }, handler('https')),
);
const plainServer = track(http.createServer(handler('http')));

let closing;
function shutdown() {
  closing ??= (async () => {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
    await Promise.all(
      [tlsServer, plainServer].map(
        (s) => new Promise((resolve) => (s.listening ? s.close(() => resolve()) : resolve())),
      ),
    );
  })();
  return closing;
}

// ---- IPC ---------------------------------------------------------------------------------------

const ops = {
  setUsers({ users: list }) {
    if (!Array.isArray(list)) throw new Error('setUsers needs an array');
    const fresh = list.map(toUser);
    users.clear();
    for (const user of fresh) users.set(user.name, user);
  },
  addUser({ user }) {
    const fresh = toUser(user);
    users.set(fresh.name, fresh);
  },
  getUser({ name }) {
    const user = users.get(name);
    return user ? { ...user } : null;
  },
  createSession({ name }) {
    if (!users.has(name)) throw new Error(`no such user: ${name}`);
    return newSession(name);
  },
  dropSessions() {
    sessions.clear();
  },
  override({ path, response }) {
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw new Error(`override path must start with "/": ${path}`);
    const key = normalizePath(path);
    if (response === null) overrides.delete(key);
    else overrides.set(key, { ...response });
  },
  requests() {
    return log;
  },
  clearRequests() {
    log = [];
  },
  async close() {
    await shutdown();
  },
};

process.on('message', async (message) => {
  const { id, op } = message ?? {};
  try {
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown op ${op}`);
    const result = await ops[op](message);
    process.send?.({ id, ok: true, result: result ?? null });
    if (op === 'close') process.disconnect?.();
  } catch (error) {
    process.send?.({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

// The controller went away (test process ended or crashed): do not linger.
process.on('disconnect', () => {
  void shutdown().then(() => process.exit(0));
});

try {
  [httpsPort, httpPort] = await Promise.all([listen(tlsServer), listen(plainServer)]);
  process.send?.({ type: 'ready', httpsPort, httpPort });
} catch (error) {
  process.send?.({ type: 'fatal', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
