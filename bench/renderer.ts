/**
 * 4. Renderer: the production build of renderer/ (its own vite config), from the status data to the
 * first paint of 50 caches in Chromium, and the size of its JavaScript gzipped.
 *
 * Method. The page is the real build, served over loopback, with a fake `window.ticketTray` (the
 * preload's API) injected before any script runs. Its getStatus() returns a promise the benchmark
 * holds: the page loads and paints its shell ("Loading…"), then `deliver()` marks t0, parses the
 * status of 50 caches from JSON (as IPC would deserialize it) and resolves the promise. A
 * MutationObserver sees the 50th identity card enter the DOM (React's commit); the next
 * requestAnimationFrame callback starts the frame that renders it, and a MessageChannel message
 * posted from inside that callback runs once that frame's style, layout and paint are done on the
 * main thread: that moment is "painted". Where Chromium reports it, Element Timing (the
 * `elementtiming` attribute set on the first card's heading before the frame) gives the
 * presentation time of that frame as a cross-check. Every run is a fresh page load.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { WINDOW_HEIGHT, WINDOW_WIDTH } from '../electron/main/window/options.js';
import type { CacheInfo, KrbStatus } from '../shared/krb.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { type Summary, round, summarize } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const OUT_DIR = join(ROOT, 'out', 'bench', 'renderer');
/** Debian's Chromium is /usr/bin/chromium, Fedora's /usr/bin/chromium-browser; CHROMIUM_PATH overrides both. */
const CHROMIUM =
  process.env['CHROMIUM_PATH'] ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ??
  '/usr/bin/chromium';
const CACHES = 50;

export interface BundleResult {
  readonly outDir: string;
  readonly files: ReadonlyArray<{ readonly file: string; readonly bytes: number; readonly gzipBytes: number }>;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
  /** Rendered (tree-shaken, before minification) bytes per source package, largest first. */
  readonly contents: ReadonlyArray<{ readonly source: string; readonly renderedBytes: number; readonly share: number }>;
  readonly minified: boolean;
  readonly reactBuild: 'production' | 'development' | 'unknown';
}

/** Builds renderer/ with its own vite config into out/bench/renderer (the app's out/renderer is left alone). */
export async function buildRenderer(): Promise<BundleResult> {
  if (process.env['NODE_ENV'] && process.env['NODE_ENV'] !== 'production') {
    throw new Error(`NODE_ENV=${process.env['NODE_ENV']} would make vite bundle React's development build; unset it`);
  }
  const output = await build({
    configFile: join(ROOT, 'renderer', 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir: true },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const bySource = new Map<string, number>();
  for (const out of outputs) {
    for (const item of out.output) {
      if (item.type !== 'chunk') continue;
      for (const [id, info] of Object.entries(item.modules))
        bySource.set(sourceOf(id), (bySource.get(sourceOf(id)) ?? 0) + info.renderedLength);
    }
  }
  const total = [...bySource.values()].reduce((a, b) => a + b, 0);
  const assets = join(OUT_DIR, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const bytes = readFileSync(join(assets, f));
      return { file: `assets/${f}`, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
  const js = files.map((f) => readFileSync(join(OUT_DIR, f.file), 'utf8')).join('\n');
  const lines = js.split('\n');
  return {
    outDir: relative(ROOT, OUT_DIR),
    files,
    jsBytes: files.reduce((a, f) => a + f.bytes, 0),
    jsGzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0),
    contents: [...bySource.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([source, renderedBytes]) => ({ source, renderedBytes, share: round(renderedBytes / total, 3) })),
    // Minified output has few, very long lines.
    minified: js.length / lines.length > 500,
    // React's development build carries its warnings; the production build links to react.dev/errors instead.
    reactBuild: /Each child in a list should have a unique/.test(js)
      ? 'development'
      : /react\.dev\/errors/.test(js)
        ? 'production'
        : 'unknown',
  };
}

/** `react-dom`, `zustand`, `renderer/src`, `shared`, … for a module id. */
function sourceOf(id: string): string {
  const clean = id.replace(/^\0/, '').split('?')[0]!;
  const nm = clean.lastIndexOf(`node_modules${sep}`);
  if (nm >= 0) {
    const parts = clean.slice(nm + 'node_modules/'.length).split(sep);
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const rel = relative(ROOT, clean);
  if (rel.startsWith('..') || rel === clean) return clean.includes('rolldown') ? 'rolldown runtime' : 'other';
  return rel
    .split(sep)
    .slice(0, rel.startsWith('renderer') ? 2 : 1)
    .join('/');
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(dir, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      ok({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
    }),
  );
}

/** 50 caches, two tickets each, like a large real collection (one primary, a few expiring). */
export function fiftyCaches(): KrbStatus {
  const now = Date.now();
  const iso = (offset: number) => new Date(now + offset).toISOString();
  const caches: CacheInfo[] = Array.from({ length: CACHES }, (_, i) => {
    const realm = i % 2 === 0 ? 'FEDORAPROJECT.ORG' : 'EXAMPLE.COM';
    const left = i % 7 === 3 ? 20 * 60_000 : (9 * 60 + i) * 60_000;
    return {
      cache: `DIR::/run/user/1000/krb5cc/tkt${String(i).padStart(6, '0')}`,
      principal: `user${i}@${realm}`,
      realm,
      primary: i === 0,
      state: left < 30 * 60_000 ? 'expiring' : 'valid',
      expires: iso(left),
      renewUntil: iso(7 * 86_400_000),
      tickets: [
        {
          server: `krbtgt/${realm}@${realm}`,
          starts: iso(-3_600_000),
          expires: iso(left),
          renewUntil: iso(7 * 86_400_000),
          flags: ['forwardable', 'renewable', 'initial', 'pre-authenticated'],
          sessionEnctype: 'aes256-cts-hmac-sha1-96',
          ticketEnctype: 'aes256-cts-hmac-sha1-96',
        },
        {
          server: `HTTP/copr.fedorainfracloud.org@${realm}`,
          starts: iso(-1_800_000),
          expires: iso(left),
          renewUntil: null,
          flags: ['forwardable'],
          sessionEnctype: 'aes256-cts-hmac-sha1-96',
          ticketEnctype: 'aes256-cts-hmac-sha1-96',
        },
      ],
    };
  });
  return {
    collection: { name: 'DIR:/run/user/1000/krb5cc', type: 'DIR', switchable: true },
    primary: caches[0]!.principal,
    caches,
    takenAt: iso(0),
  };
}

interface PaintSample {
  /** t0 → the 50th card is in the DOM (React committed). */
  readonly dom: number;
  /** t0 → the requestAnimationFrame callback of the frame that renders it. */
  readonly raf: number;
  /** t0 → that frame's main-thread rendering (style, layout, paint) is done. The figure reported. */
  readonly painted: number;
  /** t0 → Element Timing's renderTime of the first card's heading (same commit, same frame), when reported. */
  readonly elementTiming: number | null;
  /** Nodes (of any kind) and elements in the document once painted (counted after the timing). */
  readonly domNodes: number;
  readonly elements: number;
}

export interface PaintResult {
  readonly browser: string;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly painted: Summary;
  readonly dom: Summary;
  readonly raf: Summary;
  readonly elementTiming: Summary | null;
  /**
   * Chromium's Performance.getMetrics deltas around each measurement (thread time, so time spent
   * waiting for a CPU is not counted): JavaScript (React), style recalculation, layout, all tasks.
   */
  readonly mainThread: {
    readonly scriptMs: Summary;
    readonly recalcStyleMs: Summary;
    readonly layoutMs: Summary;
    readonly taskMs: Summary;
    readonly domNodes: number;
    readonly elements: number;
  };
  readonly samples: readonly PaintSample[];
}

/** The fake preload API, installed before the page's scripts (runs in the page). */
function installFakeApi(arg: { statusJson: string; settings: unknown; caches: number }): void {
  type Bench = { getStatusCalled: boolean; t0: number; deliver(): void; ready: Promise<void> };
  let deliver!: (value: unknown) => void;
  const statusPromise = new Promise((resolve) => (deliver = resolve));
  let called!: () => void;
  const bench: Bench = {
    getStatusCalled: false,
    t0: 0,
    ready: new Promise<void>((resolve) => (called = resolve)),
    deliver() {
      bench.t0 = performance.now();
      deliver({ ok: true, value: JSON.parse(arg.statusJson) });
    },
  };
  const api: Record<string, unknown> = {
    getStatus: () => {
      bench.getStatusCalled = true;
      called();
      return statusPromise;
    },
    getSettings: async () => arg.settings,
    getActivity: async () => [],
    onStatusChanged: () => () => undefined,
    onActivity: () => () => undefined,
  };
  // Anything else the page might call stays pending: this run only looks at the identities.
  const pending = () => new Promise(() => undefined);
  Object.defineProperty(window, '__bench', { value: bench });
  Object.defineProperty(window, 'ticketTray', {
    value: new Proxy(api, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : pending) }),
  });
}

/** Runs in the page: deliver the data, and time the DOM commit, the frame and its paint. */
function measureInPage(caches: number): Promise<PaintSample> {
  const bench = (window as unknown as { __bench: { t0: number; deliver(): void } }).__bench;
  return new Promise((resolveSample, reject) => {
    let elementTime: number | null = null;
    let painted: Omit<PaintSample, 'elementTiming' | 'domNodes' | 'elements'> | null = null;
    const finish = () => {
      if (!painted) return;
      let nodes = 0;
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
      while (walker.nextNode()) nodes++;
      resolveSample({
        ...painted,
        elementTiming: elementTime === null ? null : elementTime - bench.t0,
        domNodes: nodes,
        elements: document.getElementsByTagName('*').length,
      });
    };
    const po = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { identifier?: string; renderTime?: number }>) {
        if (entry.identifier === 'bench-card' && entry.renderTime) elementTime = entry.renderTime;
      }
    });
    try {
      po.observe({ type: 'element', buffered: true });
    } catch {
      // Element Timing not supported: the rAF method stands alone.
    }
    let domAt = 0;
    const mo = new MutationObserver(() => {
      const cards = document.querySelectorAll('article.identity');
      if (domAt || cards.length < caches) return;
      domAt = performance.now();
      mo.disconnect();
      // Element Timing only reports what is painted in the viewport: the first card's heading (all 50 come in one commit).
      cards[0]!.querySelector('h3')?.setAttribute('elementtiming', 'bench-card');
      requestAnimationFrame(() => {
        const rafAt = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          painted = { dom: domAt - bench.t0, raf: rafAt - bench.t0, painted: performance.now() - bench.t0 };
          // Give Element Timing up to 200 ms to report the presentation time.
          const waitUntil = performance.now() + 200;
          const poll = () => {
            if (elementTime === null && performance.now() < waitUntil) return void setTimeout(poll, 10);
            po.disconnect();
            finish();
          };
          poll();
        };
        channel.port2.postMessage(null);
      });
    });
    mo.observe(document.getElementById('root')!, { childList: true, subtree: true });
    bench.deliver();
    setTimeout(
      () => reject(new Error(`${document.querySelectorAll('article.identity').length} cards after 10 s`)),
      10_000,
    );
  });
}

export async function benchPaint(runs: number, warmup = 3): Promise<PaintResult> {
  const { server, url } = await serve(OUT_DIR);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const viewport = { width: WINDOW_WIDTH, height: WINDOW_HEIGHT };
    const context = await browser.newContext({ viewport });
    await context.addInitScript(installFakeApi, {
      statusJson: JSON.stringify(fiftyCaches()),
      settings: DEFAULT_SETTINGS,
      caches: CACHES,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium's own counters around each measurement: where the main thread's time went.
    const cdp = await context.newCDPSession(page);
    const metrics = async (): Promise<Record<string, number>> => {
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(list.map((m) => [m.name, m.value]));
    };
    const samples: PaintSample[] = [];
    const breakdown: Array<Record<string, number>> = [];
    for (let i = 0; i < warmup + runs; i++) {
      await page.goto(url, { waitUntil: 'load' });
      // The shell is mounted and waiting for its status; let it paint and settle first.
      await page.evaluate(async () => {
        await (window as unknown as { __bench: { ready: Promise<void> } }).__bench.ready;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))));
      });
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      const before = await metrics();
      const sample = await page.evaluate(measureInPage, CACHES);
      const after = await metrics();
      await cdp.send('Performance.disable');
      if (i >= warmup) {
        samples.push(sample);
        const ms = (key: string) => round(((after[key] ?? 0) - (before[key] ?? 0)) * 1000, 3);
        breakdown.push({
          scriptMs: ms('ScriptDuration'),
          recalcStyleMs: ms('RecalcStyleDuration'),
          layoutMs: ms('LayoutDuration'),
          taskMs: ms('TaskDuration'),
        });
      }
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const et = samples.map((s) => s.elementTiming).filter((v): v is number => v !== null);
    return {
      browser: `Chromium ${browser.version()} (${CHROMIUM}, headless)`,
      viewport,
      painted: summarize(samples.map((s) => s.painted)),
      dom: summarize(samples.map((s) => s.dom)),
      raf: summarize(samples.map((s) => s.raf)),
      elementTiming: et.length >= samples.length * 0.8 ? summarize(et) : null,
      mainThread: {
        scriptMs: summarize(breakdown.map((b) => b['scriptMs']!)),
        recalcStyleMs: summarize(breakdown.map((b) => b['recalcStyleMs']!)),
        layoutMs: summarize(breakdown.map((b) => b['layoutMs']!)),
        taskMs: summarize(breakdown.map((b) => b['taskMs']!)),
        domNodes: samples.at(-1)?.domNodes ?? 0,
        elements: samples.at(-1)?.elements ?? 0,
      },
      samples: samples.map((s) => ({
        ...s,
        dom: round(s.dom, 3),
        raf: round(s.raf, 3),
        painted: round(s.painted, 3),
        elementTiming: s.elementTiming === null ? null : round(s.elementTiming, 3),
      })),
    };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
