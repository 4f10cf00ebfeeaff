/**
 * What every end-to-end test file shares: a throwaway realm, the Copr stand-in, the built renderer,
 * and `openApp()`, which starts a bridge over the real services for one credential collection and
 * opens the renderer in Debian's Chromium (a fresh profile each time) with `window.ticketTray`
 * injected. The page is driven like a user would: roles, labels, clicks and typing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Settings } from '../../shared/settings.js';
import type {} from './global-setup.js'; // declares inject('e2eRendererDir')
import { buildRenderer, startBridge, type Bridge } from '../support/bridge.js';
import { startCoprStandIn, type CoprStandIn, type CoprUser } from '../support/copr/stand-in.js';
import { startRealm, type RealmOptions, type TestRealm } from '../support/realm/realm.js';

/** Debian's Chromium is /usr/bin/chromium, Fedora's /usr/bin/chromium-browser; CHROMIUM_PATH overrides both. */
export const CHROMIUM =
  process.env['CHROMIUM_PATH'] ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ??
  '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;
/** The window's size (styles.css is written for about 380×560). */
export const VIEWPORT = { width: 380, height: 560 } as const;

export interface World {
  readonly realm: TestRealm;
  readonly copr: CoprStandIn;
  readonly rendererDir: string;
  /** An empty tree for the doctor's /etc and /usr lookups (browser policies), so the machine's own do not show. */
  readonly rootDir: string;
  stop(): Promise<void>;
}

/** Starts the realm (with `newbie`, a Fedora account Copr has never seen) and the stand-in, and builds the renderer. */
export async function startWorld(realmOptions: RealmOptions = {}): Promise<World> {
  // Built once per run by global-setup.ts when the project lists it; else built here for this file.
  const shared = inject('e2eRendererDir');
  const [realmStarted, built] = await Promise.allSettled([startRealm(realmOptions), shared ?? buildRenderer()]);
  const removeRenderer = () =>
    shared || built.status !== 'fulfilled' ? Promise.resolve() : rm(built.value, { recursive: true, force: true });
  if (realmStarted.status === 'rejected' || built.status === 'rejected') {
    if (realmStarted.status === 'fulfilled') await realmStarted.value.stop();
    await removeRenderer();
    throw realmStarted.status === 'rejected' ? realmStarted.reason : (built as PromiseRejectedResult).reason;
  }
  const realm = realmStarted.value;
  const rendererDir = built.value;
  try {
    await realm.kadmin('FEDORAPROJECT.ORG', 'addprinc -pw newbiepw newbie');
    const copr = await startCoprStandIn(realm);
    const rootDir = await mkdtemp(join(realm.dir, 'root-'));
    return {
      realm,
      copr,
      rendererDir,
      rootDir,
      async stop() {
        await realm.stop();
        await removeRenderer();
      },
    };
  } catch (error) {
    await realm.stop();
    await removeRenderer();
    throw error;
  }
}

/** The stand-in's accounts in every test: alice has used the web UI once; newbie never has. */
export const COPR_USERS: readonly CoprUser[] = [
  { name: 'alice', webLogin: true },
  { name: 'otpuser', webLogin: true },
  { name: 'newbie', webLogin: false },
];

export interface AppOptions {
  /** The collection the services use (KRB5CCNAME); default a fresh DIR collection. */
  readonly ccname?: string;
  /** settings.json before start; e.g. `{ autoRenew: false }` where a test needs a ticket left alone. */
  readonly settings?: Partial<Settings>;
  /** Lines of `~/.config/copr` after `[copr-cli]` and `copr_url`. */
  readonly coprConfig?: readonly string[];
  readonly colorScheme?: 'light' | 'dark';
}

/** One app: the bridge, a browser with a fresh profile, the page, and what the page complained about. */
export interface App {
  readonly page: Page;
  readonly bridge: Bridge;
  readonly context: BrowserContext;
  /** The services' (and a "terminal's") environment. */
  readonly env: Record<string, string>;
  readonly home: string;
  /** Console errors, page errors and CSP violations seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** Starts a bridge for `options.ccname` with a fresh HOME, opens the page, and waits for the first snapshot. */
export async function openApp(world: World, options: AppOptions = {}): Promise<App> {
  const home = await mkdtemp(join(world.realm.dir, 'home-'));
  const env = { ...world.realm.env(options.ccname ?? world.realm.newCollection()), HOME: home };
  await mkdir(join(home, '.config'), { recursive: true });
  await writeFile(
    join(home, '.config', 'copr'),
    `${['[copr-cli]', `copr_url = ${world.copr.url}`, ...(options.coprConfig ?? [])].join('\n')}\n`,
  );
  await world.copr.setUsers(COPR_USERS);

  const bridge = await startBridge({
    env,
    ca: world.copr.caPem,
    rendererDir: world.rendererDir,
    rootDir: world.rootDir,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const userDataDir = await mkdtemp(join(tmpdir(), 'tt-e2e-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: VIEWPORT,
      colorScheme: options.colorScheme ?? 'light',
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The preload's part: the script text is fetched from the bridge in Node and injected before any page script runs.
    const script = await (await fetch(new URL('bridge-client.js', bridge.url))).text();
    await page.addInitScript({ content: script });
    await page.goto(bridge.url);
    // The identities view has read the collection once (the card list, the empty state or a problem).
    await page.getByRole('tab', { name: 'Identities', selected: true }).waitFor();
    await bridge.waitForEventClients(1);
    const ctx = context;
    return {
      page,
      bridge,
      context: ctx,
      env,
      home,
      problems,
      async close() {
        await ctx.close().catch(() => undefined);
        await bridge.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await bridge.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A collection of the realm's own type holding these logins, in this order (the last one is primary, as kinit makes it). */
export async function collectionWith(
  realm: TestRealm,
  ...logins: Array<[principal: string, password: string, args?: string[]]>
): Promise<string> {
  const cc = realm.newCollection();
  for (const [principal, password, args] of logins) await realm.kinit(cc, principal, password, args);
  return cc;
}

/**
 * A DIR collection of `count` identities of EXAMPLE.COM (`many01@EXAMPLE.COM` …), each added to
 * the realm first; the last is primary. For the long-list journeys.
 */
export async function collectionOfMany(realm: TestRealm, count: number, password = 'manypw'): Promise<string> {
  const cc = realm.newCollection('DIR');
  for (let i = 1; i <= count; i++) {
    const name = manyPrincipal(i).split('@')[0]!;
    await realm.kadmin('EXAMPLE.COM', `addprinc -pw ${password} ${name}`);
    await realm.kinit(cc, manyPrincipal(i), password);
  }
  return cc;
}

/** The `i`th principal of {@link collectionOfMany}. */
export const manyPrincipal = (i: number): string => `many${String(i).padStart(2, '0')}@EXAMPLE.COM`;

/** The card of one identity (an `<article>` named by its principal). */
export const card = (page: Page, principal: string) => page.getByRole('article', { name: principal, exact: true });

/** Opens a view by its tab. */
export async function openTab(
  page: Page,
  name: 'Identities' | 'Log in' | 'Copr' | 'Troubleshoot' | 'Activity' | 'Settings',
): Promise<void> {
  // A tab's name may go on with a count ("Troubleshoot, 2 problems").
  const tabName = new RegExp(`^${name}(\\s*,|$)`);
  await page.getByRole('tab', { name: tabName }).click();
  await page.getByRole('tab', { name: tabName, selected: true }).waitFor();
}

/** Every view's tab name, in the tab bar's order. */
export const VIEW_TABS = ['Identities', 'Log in', 'Copr', 'Troubleshoot', 'Activity', 'Settings'] as const;

/**
 * Waits until the view shown has finished loading: no progress line in its panel says it is busy
 * (every busy message ends in an ellipsis), twice in a row a quarter second apart, since a view
 * starts reading (the doctor, the Copr overview) only once it is open.
 */
export async function viewSettled(page: Page): Promise<void> {
  const idle = () =>
    page.evaluate(() => {
      const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
      return (
        panel !== null &&
        panel.childElementCount > 1 &&
        Array.from(panel.querySelectorAll('.progress-line')).every((line) => !line.textContent?.trim().endsWith('…'))
      );
    });
  const deadline = Date.now() + 30_000;
  let calm = 0;
  while (calm < 2) {
    if (Date.now() > deadline) throw new Error('e2e: the view did not finish loading within 30 s');
    calm = (await idle()) ? calm + 1 : 0;
    await sleep(250);
  }
}

/**
 * How the page overflows sideways, if it does: '' when it does not scroll horizontally (WCAG
 * 1.4.10), else the widths and the elements that stick out furthest past the right edge.
 */
export function sidewaysScroll(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return '';
    const past = Array.from(document.querySelectorAll('body *'))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ right }) => right > root.clientWidth + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map(({ el, right }) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(right)})`);
    return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}: ${past.join(', ')}`;
  });
}

/** axe-core's own script, read once (it goes into the page through the debugging protocol, which the CSP does not govern). */
let axeSource: Promise<string> | undefined;

/** What axe-core finds wrong with the page as it is now, one line per rule and the elements it names. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    type Result = { id: string; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(' ')).join(' | ')}]`);
  });
}

/** What has keyboard focus: 'body', or the element's accessible name as the page gives it (label, else text). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'body';
    return (active.getAttribute('aria-label') ?? active.textContent ?? '').trim();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long `expect.poll` waits for the page to catch up (vitest's default, 1 s, is short on a busy machine). */
export const POLL = { timeout: 10_000 } as const;

/** Where a failed test leaves its last screenshot. */
export const FAILURE_DIR = join(tmpdir(), 'tt-e2e-failures');

/** What a failed test leaves behind: the page as it was, and what main did and said. */
async function reportFailure(app: App, name: string): Promise<void> {
  await mkdir(FAILURE_DIR, { recursive: true });
  const shot = join(FAILURE_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 100)}.png`);
  await app.page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  const { bridge } = app;
  console.error(
    [
      `e2e failure "${name}": screenshot ${shot}`,
      `  calls: ${bridge.calls.join(' ')}`,
      `  pushed: ${bridge.pushed.map((e) => (e.channel === 'activity:event' ? `activity(${(e.payload as { message: string }).message})` : e.channel)).join(' | ')}`,
      `  notices: ${bridge.notices.map((n) => n.title).join(' | ')}`,
      `  handler errors: ${bridge.errors.map((e) => `${e.method}: ${String(e.error)}`).join(' | ')}`,
      `  page problems: ${app.problems.join(' | ')}`,
    ].join('\n'),
  );
}

/**
 * The hooks every e2e file needs: the world for the file, and the apps a test opens, closed after
 * it (with a screenshot and main's record when it failed). Returns the world and an `open()`.
 */
export function useE2e(realmOptions: RealmOptions = {}): { world(): World; open(options?: AppOptions): Promise<App> } {
  let world: World | undefined;
  const apps: App[] = [];
  beforeAll(async () => {
    world = await startWorld(realmOptions);
  });
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    for (const app of apps.splice(0)) {
      if (failed) await reportFailure(app, context.task.name);
      await app.close();
    }
  });
  afterAll(async () => {
    await world?.stop();
  });
  const current = () => {
    if (!world) throw new Error('e2e: the world is not started (useE2e() must be called at the top of the file)');
    return world;
  };
  return {
    world: current,
    async open(options) {
      const app = await openApp(current(), options);
      apps.push(app);
      return app;
    },
  };
}
