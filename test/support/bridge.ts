/**
 * The end-to-end bridge (docs/test-realm.md, "Without an Electron binary"): the built renderer
 * runs in a real browser, and only the IPC transport is replaced. One Node HTTP server on
 * 127.0.0.1:<random port>
 *
 * - serves the built renderer (`out/renderer`, or a directory `buildRenderer()` made) with the
 *   production CSP, except `connect-src 'self'` so that the page can reach this server;
 * - `POST /call {method, args}` runs `handlers[method](...args)` from the table main registers:
 *   the bridge calls `createAppServices` (the real MIT tools against the test realm's environment,
 *   the Copr service trusting the stand-in's CA) and `connectApp`, exactly as main does, and
 *   answers the reply as JSON;
 * - `GET /events` is a Server-Sent Events stream of `{channel, payload}` push events: whatever
 *   `connectApp` sends to the window (status changes and activity events);
 * - `GET /bridge-client.js` is the script that installs `window.ticketTray` (an `AppApi`) in the
 *   page: each method POSTs to `/call`, each `onX(listener)` listens on one EventSource. Tests
 *   inject it with `page.addInitScript` (see {@link bridgeClientScript}), so index.html is unchanged.
 *
 * The effects that have no browser (notifications, the tray, opening URLs, showing the window,
 * the autostart entry) are recorded on the returned handle, so a test can assert on them.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { connectApp, type AppEffects, type PushChannel } from '../../electron/main/app/connect.js';
import type { Controller } from '../../electron/main/app/controller.js';
import { createAppServices, type AppServices } from '../../electron/main/app/services.js';
import { INTERNAL_ERROR, type HandlerTable } from '../../electron/main/ipc/handlers.js';
import { settingsPath } from '../../electron/main/settings/store.js';
import type { TrayModel } from '../../electron/main/tray/model.js';
import type { AppView } from '../../electron/main/window/options.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/window/security.js';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type InvokeMethod } from '../../shared/contract.js';
import type { KrbStatus } from '../../shared/krb.js';
import type { Settings } from '../../shared/settings.js';

/** What a renderer sees when a handler threw: main's own message. */
export { INTERNAL_ERROR };

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npx vite build --config renderer/vite.config.ts` (and electron-vite) put the renderer. */
export const DEFAULT_RENDERER_DIR = join(REPO, 'out', 'renderer');

/** The production CSP with the one change the bridge needs: the page may talk to its own origin. */
export const BRIDGE_CSP = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'");
if (BRIDGE_CSP === CONTENT_SECURITY_POLICY)
  throw new Error("bridge: the production CSP no longer has connect-src 'none'; update BRIDGE_CSP");

/** Push events, as the SSE stream carries them. */
export interface PushEvent {
  readonly channel: PushChannel;
  readonly payload: unknown;
}

export interface BridgeOptions {
  /** The complete environment of the services and the tools (e.g. `{ ...realm.env(cc), HOME }`). */
  readonly env: Record<string, string>;
  /** Extra CA (PEM) the Copr service trusts: the stand-in's `caPem`. */
  readonly ca?: string;
  /** The directory holding `settings.json`; default where the app keeps it for `env` (XDG). */
  readonly settingsDir?: string;
  /** Written as `settings.json` before the services start (e.g. `{ autoRenew: false }`); default: none (first run). */
  readonly settings?: Partial<Settings>;
  /** The built renderer; default {@link DEFAULT_RENDERER_DIR}. */
  readonly rendererDir?: string;
  /** Where the doctor looks for /etc and /usr (browser policies); default '/', as in the app. */
  readonly rootDir?: string;
  /** Every request and its outcome, one line each (never an argument). */
  readonly log?: (line: string) => void;
}

/** A running bridge. */
export interface Bridge {
  /** `http://127.0.0.1:<port>/`: the page. */
  readonly url: string;
  /** The table `/call` serves: `connectApp`'s, as main registers it. */
  readonly handlers: HandlerTable;
  readonly services: AppServices;
  readonly controller: Controller;
  /** Reads the collection now and pushes the status if it changed (what the watch does on a file event). */
  pushStatus(): Promise<KrbStatus | null>;
  /** The methods the page called, in order (never their arguments). */
  readonly calls: readonly InvokeMethod[];
  /** Every push event sent so far, oldest first. */
  readonly pushed: readonly PushEvent[];
  /** Notifications main would have shown. */
  readonly notices: readonly { readonly title: string; readonly body: string }[];
  /** URLs main would have opened in the user's browser (already allowlisted by the handlers). */
  readonly opened: readonly string[];
  /** The autostart entry main would have written (true) or removed (false), in order. */
  readonly autostart: readonly boolean[];
  /** The tray as main would draw it now. */
  tray(): TrayModel | null;
  /** Handler exceptions (the page only sees {@link INTERNAL_ERROR}, as with Electron). */
  readonly errors: readonly { readonly method: string; readonly error: unknown }[];
  /** How many pages are listening on `/events` now. */
  eventClients(): number;
  /** Resolves when at least `n` pages listen on `/events`. */
  waitForEventClients(n?: number, timeoutMs?: number): Promise<void>;
  /** The script that installs `window.ticketTray` (also served at `/bridge-client.js`). */
  readonly clientScript: string;
  close(): Promise<void>;
}

/**
 * Builds the renderer as `npx vite build --config renderer/vite.config.ts` does, into `outDir`
 * (default: a fresh temporary directory, so that parallel test files and other builds of
 * `out/renderer` never empty the directory a page is being served from). Returns the directory.
 */
export async function buildRenderer(outDir?: string): Promise<string> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'tt-e2e-renderer-')));
  await execa(
    'npx',
    [
      '--no-install',
      'vite',
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: REPO,
      // vitest sets NODE_ENV=test, and Vite would pass it on: React's development build, StrictMode's double effects and all.
      env: { NODE_ENV: 'production' },
      timeout: 120_000,
    },
  );
  return dir;
}

const sameKeys = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Starts the bridge; `close()` it in `afterAll`. */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(
      `bridge: no built renderer in ${rendererDir} (run: npx vite build --config renderer/vite.config.ts)`,
    );
  });
  // The page also carries the CSP as a meta tag; both policies apply, so the meta tag is relaxed the same way.
  const pageHtml = indexHtml.replace("connect-src 'none'", "connect-src 'self'");
  if (pageHtml === indexHtml)
    throw new Error("bridge: index.html's CSP meta tag no longer has connect-src 'none'; update the bridge");

  const settingsFile = options.settingsDir ? join(options.settingsDir, 'settings.json') : settingsPath(options.env);
  if (options.settings) {
    await mkdir(dirname(settingsFile), { recursive: true });
    await writeFile(settingsFile, `${JSON.stringify(options.settings, null, 2)}\n`, { mode: 0o600 });
  }
  const services = await createAppServices(options.env, {
    settingsFile,
    ...(options.ca ? { coprCa: options.ca } : {}),
    ...(options.rootDir ? { doctorRootDir: options.rootDir } : {}),
  });
  const log = options.log ?? (() => undefined);
  const clients = new Set<ServerResponse>();
  const clientWaiters = new Set<() => void>();
  const effects = recordingEffects((frame) => {
    for (const client of clients) client.write(frame);
  });
  const connected = connectApp(services, effects);
  const { handlers, controller } = connected;
  const { pushed, notices, opened, autostart } = effects;
  const calls: InvokeMethod[] = [];
  const errors: { method: string; error: unknown }[] = [];
  // The bridge implements exactly the contract: one handler per invoke method, no more, no fewer.
  if (!sameKeys(Object.keys(handlers), Object.keys(INVOKE_CHANNELS))) {
    throw new Error(
      `bridge: handler table ${Object.keys(handlers).sort().join(',')} != INVOKE_CHANNELS ${Object.keys(INVOKE_CHANNELS).sort().join(',')}`,
    );
  }
  await connected.start();

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`bridge: ${req.method} ${req.url} threw ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientScript = bridgeClientScript();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'POST' && path === '/call') return call(req, res);
    if (req.method === 'GET' && path === '/events') return events(req, res);
    if (req.method === 'GET' && path === '/bridge-client.js')
      return send(res, 200, 'text/javascript; charset=utf-8', clientScript);
    if (req.method === 'GET' || req.method === 'HEAD') return serveFile(path, res);
    return send(res, 405, 'text/plain', 'method not allowed');
  }

  /** `{method, args, undefinedAt}` → the handler's reply; a refused origin gets main's `forbidden`. */
  async function call(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The sender check of ipc-main.ts, for a page: only the bridge's own page may call.
    if (req.headers.origin !== origin) {
      log(`bridge /call: rejected (forbidden) from ${req.headers.origin ?? 'no origin'}`);
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: { kind: 'forbidden' } }));
    }
    let body: { method?: unknown; args?: unknown; undefinedAt?: unknown };
    try {
      body = JSON.parse(await readBody(req, 1024 * 1024)) as typeof body;
    } catch {
      return send(res, 400, 'text/plain', 'bad request');
    }
    const method = body.method;
    if (typeof method !== 'string' || !Object.hasOwn(INVOKE_CHANNELS, method) || !Array.isArray(body.args))
      return send(res, 404, 'text/plain', 'no such method');
    // JSON has no `undefined`; Electron's structured clone keeps it, so the client marks where it was.
    const args: unknown[] = [...body.args];
    if (Array.isArray(body.undefinedAt))
      for (const i of body.undefinedAt) if (typeof i === 'number' && i >= 0 && i < args.length) args[i] = undefined;
    calls.push(method as InvokeMethod);
    const started = Date.now();
    try {
      const reply = await handlers[method as InvokeMethod](...args);
      log(`bridge ${INVOKE_CHANNELS[method as InvokeMethod]}: ${outcome(reply)} in ${Date.now() - started} ms`);
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({ reply: reply === undefined ? null : reply, undefinedReply: reply === undefined }),
      );
    } catch (error) {
      errors.push({ method, error });
      log(
        `bridge ${INVOKE_CHANNELS[method as InvokeMethod]}: threw ${error instanceof Error ? error.message : String(error)}`,
      );
      return send(res, 500, 'application/json', JSON.stringify({ error: INTERNAL_ERROR }));
    }
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 500\n\n');
    clients.add(res);
    // A page listening is the window shown, as main tells the poll policy: a polled collection (KCM,
    // KEYRING) is then looked at every few seconds instead of once a minute.
    connected.desktop.windowVisibility(true);
    for (const wake of [...clientWaiters]) wake();
    req.on('close', () => {
      clients.delete(res);
      if (clients.size === 0) connected.desktop.windowVisibility(false);
    });
  }

  async function serveFile(path: string, res: ServerResponse): Promise<void> {
    if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', pageHtml);
    const file = normalize(join(rendererDir, decodeURIComponent(path)));
    if (!file.startsWith(rendererDir + sep)) return send(res, 404, 'text/plain', 'not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(res, 404, 'text/plain', 'not found');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      ...securityHeaders(),
    });
    createReadStream(file).pipe(res);
  }

  let closed = false;
  return {
    url: `${origin}/`,
    handlers,
    services,
    controller,
    async pushStatus() {
      const status = await services.krb.getStatus();
      if (!status.ok) return null;
      connected.statusChanged(status.value);
      return status.value;
    },
    calls,
    pushed,
    notices,
    opened,
    autostart,
    tray: () => effects.tray,
    errors,
    eventClients: () => clients.size,
    waitForEventClients(n = 1, timeoutMs = 10_000) {
      return new Promise<void>((ok, fail) => {
        const check = () => {
          if (clients.size < n) return;
          clientWaiters.delete(check);
          clearTimeout(timer);
          ok();
        };
        const timer = setTimeout(() => {
          clientWaiters.delete(check);
          fail(new Error(`bridge: ${clients.size} of ${n} pages listening on /events after ${timeoutMs} ms`));
        }, timeoutMs);
        clientWaiters.add(check);
        check();
      });
    },
    clientScript,
    async close() {
      if (closed) return;
      closed = true;
      connected.stop();
      for (const client of clients) client.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** `connectApp`'s effects for a browser page: push events go out as SSE frames, the rest is recorded. */
function recordingEffects(broadcast: (frame: string) => void) {
  const recorded = {
    pushed: [] as PushEvent[],
    notices: [] as { title: string; body: string }[],
    opened: [] as string[],
    autostart: [] as boolean[],
    shownViews: [] as (AppView | null)[],
    tray: null as TrayModel | null,
  };
  const effects: AppEffects = {
    showNotice: (n) => void recorded.notices.push({ title: n.title, body: n.body }),
    renderTray: (model) => void (recorded.tray = model),
    showWindow: (view) => void recorded.shownViews.push(view),
    send: (channel, payload) => {
      recorded.pushed.push({ channel, payload });
      broadcast(`data: ${JSON.stringify({ channel, payload })}\n\n`);
    },
    openExternal: async (url) => void recorded.opened.push(url),
    setAutostart: (enabled) => void recorded.autostart.push(enabled),
    quit: () => undefined,
  };
  return Object.assign(recorded, effects);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const securityHeaders = () => ({
  'content-security-policy': BRIDGE_CSP,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...securityHeaders() });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        fail(new Error('request too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** "ok", "failed (kind)", "rejected (kind)" or "done", as ipc-main.ts logs it. */
function outcome(reply: unknown): string {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return 'done';
  if (reply.ok === true) return 'ok';
  const kind = (reply as { error?: { kind?: unknown } }).error?.kind;
  const label = kind === 'forbidden' || kind === 'invalid-request' ? 'rejected' : 'failed';
  return typeof kind === 'string' ? `${label} (${kind})` : label;
}

/**
 * The page side, as plain browser JavaScript (it is not bundled or transpiled): installs a frozen
 * `window.ticketTray` whose methods are exactly the contract's, like the preload's contextBridge
 * object. A method call is `POST /call`; a thrown handler rejects with Electron's words for a
 * failed invoke. Push listeners share one EventSource, opened with the first listener.
 */
export function bridgeClientScript(): string {
  return `(() => {
  'use strict';
  if (window.ticketTray) return;
  const INVOKE = ${JSON.stringify(INVOKE_CHANNELS)};
  const PUSH = ${JSON.stringify(PUSH_CHANNELS)};
  const listeners = new Map();
  let source = null;
  function connect() {
    if (source) return;
    source = new EventSource('/events');
    source.onmessage = (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      for (const listener of [...(listeners.get(event.channel) || [])]) {
        try { listener(event.payload); } catch (error) { setTimeout(() => { throw error; }); }
      }
    };
  }
  async function invoke(method, args) {
    const undefinedAt = [];
    args.forEach((arg, i) => { if (arg === undefined) undefinedAt.push(i); });
    const response = await fetch('/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, args, undefinedAt }),
    });
    const body = await response.json().catch(() => ({ error: 'the bridge answered ' + response.status }));
    if (!response.ok || 'error' in body && !('reply' in body)) {
      throw new Error("Error invoking remote method '" + INVOKE[method] + "': Error: " + body.error);
    }
    return body.undefinedReply ? undefined : body.reply;
  }
  const api = {};
  for (const method of Object.keys(INVOKE)) api[method] = (...args) => invoke(method, args);
  for (const [method, channel] of Object.entries(PUSH)) {
    api[method] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(method + ' needs a function');
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      const wrapped = (payload) => listener(payload);
      listeners.get(channel).add(wrapped);
      connect();
      return () => { listeners.get(channel).delete(wrapped); };
    };
  }
  Object.defineProperty(window, 'ticketTray', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false });
})();
`;
}
