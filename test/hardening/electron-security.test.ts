/**
 * Hardening (issue 7, item 6): the Electron security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security) as tests over the pure decisions in
 * electron/main/window/options.ts and security.ts, and over the page actually shipped. The unit
 * tests (test/unit/main/window-options.test.ts, security.test.ts) hold the basic cases; this adds
 * every input combination of the window options, the build's preload format, property-based
 * fuzzing of the navigation and openExternal decisions (with the tricky URLs: look-alike hosts,
 * user info, IDN/punycode, case, trailing dots, ports, other schemes), every permission name, and
 * the CSP in `renderer/index.html` and the built `out/renderer/index.html`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadPath, windowOptions, type WindowNotice } from '../../electron/main/window/options.js';
import {
  CONTENT_SECURITY_POLICY,
  FEDORA_ACCOUNT_HOSTS,
  MAX_URL_LENGTH,
  checkExternalUrl,
  isAllowedNavigation,
  permissionDecision,
  withCspHeader,
} from '../../electron/main/window/security.js';
import { AWKWARD_CHARS, Rng, suiteSeed } from '../support/fuzz/fuzz.js';
import { recordCounts } from './counts.js';

const SUITE = 'electron-security';
const SEED = suiteSeed(SUITE);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const counts = {
  windowOptionCombinations: 0,
  navigationUrls: 0,
  externalUrls: 0,
  externalAllowed: 0,
  permissions: 0,
  headerMaps: 0,
  cspFiles: 0,
};

afterAll(() => {
  recordCounts(SUITE, {
    target: 'window-options.ts, security.ts, renderer/index.html, out/renderer/index.html',
    seed: SEED,
    fuzzSeedEnv: process.env['FUZZ_SEED'] ?? null,
    'inputs tried': Object.values(counts).reduce((a, b) => a + b, 0),
    ...counts,
  });
});

// ---------------------------------------------------------------------------------------------
// Window options (checklist items 2–4, 12)

/** The only webPreferences the window may set, each with the one value it may have (preload: any). */
const ALLOWED_WEB_PREFERENCES: Readonly<Record<string, unknown>> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
};

describe('window options, for every way the window is opened', () => {
  const notices: ReadonlyArray<WindowNotice | undefined> = [undefined, null, 'first-run', 'no-tray'];
  const combos = [true, false].flatMap((hasTray) => notices.map((notice) => ({ hasTray, notice })));

  it.each(combos.map((c) => [`hasTray=${c.hasTray}, notice=${String(c.notice)}`, c] as const))(
    '%s: isolated, sandboxed, no Node, nothing else enabled',
    (_name, combo) => {
      counts.windowOptionCombinations++;
      const preload = preloadPath('/opt/ticket-tray/resources/app.asar/out/main');
      const options = windowOptions({
        preload,
        hasTray: combo.hasTray,
        ...(combo.notice === undefined ? {} : { notice: combo.notice }),
      });
      const prefs = { ...(options.webPreferences as Record<string, unknown>) };
      expect(prefs['preload']).toBe(preload);
      delete prefs['preload'];
      // Every key is a known one with its safe value: a new preference (enableBlinkFeatures,
      // additionalArguments, a relaxed sandbox) has to be added here on purpose.
      expect(prefs).toEqual(ALLOWED_WEB_PREFERENCES);
      expect(options.show).toBe(false);
    },
  );

  it('points the preload at an absolute CommonJS file next to the bundled main', () => {
    const preload = preloadPath('/opt/ticket-tray/resources/app.asar/out/main');
    expect(isAbsolute(preload)).toBe(true);
    expect(preload).toBe('/opt/ticket-tray/resources/app.asar/out/preload/preload.cjs');
    expect(preload.endsWith('.cjs')).toBe(true);
  });

  it('matches the build: electron-vite writes the preload as CommonJS under that very name', async () => {
    // Not a static import: the build config is outside the test project's files (tsconfig).
    const configModule: { default: unknown } = await import(pathToFileURL(`${ROOT}electron.vite.config.ts`).href);
    const config = configModule.default as {
      preload: {
        build: {
          outDir: string;
          rollupOptions: { input: Record<string, string>; output: { format: string; entryFileNames: string } };
        };
      };
    };
    const { outDir, rollupOptions } = config.preload.build;
    expect(rollupOptions.output.format).toBe('cjs');
    const names = Object.keys(rollupOptions.input).map((name) =>
      rollupOptions.output.entryFileNames.replace('[name]', name),
    );
    expect(names).toContain(basename(preloadPath('/x/out/main')));
    expect(outDir).toBe('out/preload');
  });

  it('if the preload is built, it is a CommonJS script (a sandboxed preload cannot load ES modules)', () => {
    const built = `${ROOT}out/preload/preload.cjs`;
    if (!existsSync(built)) return; // built by electron-vite, not by `npm test`
    const code = readFileSync(built, 'utf8');
    expect(code).not.toMatch(/^\s*(import\s[^(]|export\s)/m);
    expect(code).toMatch(/require\(["']electron["']\)/);
  });
});

// ---------------------------------------------------------------------------------------------
// URLs

const PAGE = 'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';
const COPR_HOSTS = ['copr.fedorainfracloud.org', 'copr.example.org:8443'];
const ALLOWED_HOSTS = new Set([...COPR_HOSTS, ...FEDORA_ACCOUNT_HOSTS]);

const SCHEMES = [
  'https:',
  'http:',
  'HTTPS:',
  'HtTpS:',
  'file:',
  'javascript:',
  'data:',
  'blob:',
  'view-source:',
  'ftp:',
  'ws:',
  'about:',
  'chrome:',
  'devtools:',
  'filesystem:',
  ' https:',
  '\thttps:',
  'https',
  '',
];
const SLASHES = ['//', '', '/', '\\\\', '/\\', '///', '\\/'];
const USERINFO = [
  '',
  '',
  '',
  'a@',
  'a:b@',
  ':@',
  '@',
  'copr.fedorainfracloud.org@',
  'copr.fedorainfracloud.org:443@',
  '%40@',
  'user%3Apw@',
];
const HOSTS = [
  'copr.fedorainfracloud.org',
  'COPR.FEDORAINFRACLOUD.ORG',
  'copr.fedorainfracloud.org.',
  'copr.fedorainfracloud.org.evil.com',
  'evil.com',
  'evil.copr.fedorainfracloud.org',
  'fedorainfracloud.org',
  'copr.fedoraınfracloud.org',
  'сopr.fedorainfracloud.org',
  'ｃｏｐｒ.fedorainfracloud.org',
  'copr。fedorainfracloud。org',
  'copr.fedorainfracloud.org%2eevil.com',
  'copr%2efedorainfracloud%2eorg',
  'xn--opr-3ed.fedorainfracloud.org',
  'copr.example.org',
  'copr.example.org.',
  'accounts.fedoraproject.org',
  'ACCOUNTS.fedoraproject.org',
  'id.fedoraproject.org',
  'fedoraproject.org',
  'accounts.fedoraproject.org.evil.com',
  '127.0.0.1',
  '[::1]',
  '0x7f.1',
  'localhost',
  '',
  'copr.fedorainfracloud.org\t',
  'copr.fedorainfracloud.org\n.evil.com',
];
const PORTS = ['', '', '', ':443', ':0443', ':8443', ':80', ':', ':65536', ':-1'];
const PATHS = [
  '',
  '/',
  '/api',
  '/coprs/alice/',
  '/a b',
  '/%2e%2e/',
  '/../../etc/passwd',
  '?x=1',
  '#frag',
  '#@evil.com',
  '/\\evil.com',
  '/@evil.com',
];

function randomUrl(rng: Rng, hosts: readonly string[] = HOSTS): string {
  let url = `${rng.pick(SCHEMES)}${rng.pick(SLASHES)}${rng.pick(USERINFO)}${rng.pick(hosts)}${rng.pick(PORTS)}${rng.pick(PATHS)}`;
  if (rng.chance(0.1)) {
    const at = rng.int(url.length + 1);
    url = url.slice(0, at) + rng.pick(AWKWARD_CHARS) + url.slice(at);
  }
  if (rng.chance(0.02)) url += '/'.repeat(rng.pick([10, MAX_URL_LENGTH]));
  return url;
}

describe('navigation (checklist item 13): only the app page, under any URL spelling', () => {
  it.each([
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.htm',
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/INDEX.html',
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html/',
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html%00.js',
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/index%2ehtml',
    'file://user@/opt/ticket-tray/resources/app.asar/out/renderer/index.html',
    'view-source:file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html',
    'blob:file:///0b2c',
    'filesystem:file:///x',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url, PAGE)).toBe(false);
  });

  it.each([
    'http://localhost:5173@evil.com/',
    'http://localhost:5173.evil.com/',
    'http://127.0.0.1:5173/',
    'http://[::1]:5173/',
    'ws://localhost:5173/',
  ])('in development, refuses %s', (url) => {
    expect(isAllowedNavigation(url, DEV)).toBe(false);
  });

  it('allows, among 4,000 random URLs, only ones that are the app page itself', () => {
    const rng = new Rng(SEED ^ 0x4a5);
    const app = new URL(PAGE);
    const pageish = ['', 'localhost', 'evil.example', ...HOSTS.slice(0, 3)];
    const paths = [
      app.pathname,
      `${app.pathname}#/copr`,
      `${app.pathname}?notice=no-tray`,
      '/opt/ticket-tray/resources/app.asar/out/renderer/../renderer/index.html',
      '/etc/passwd',
      `${app.pathname}/..`,
      '/tmp/index.html',
    ];
    let allowed = 0;
    for (let i = 0; i < 4000; i++) {
      const url = rng.chance(0.5)
        ? `${rng.pick(['file:', 'FILE:', 'file:/', 'https:'])}//${rng.pick(USERINFO.slice(0, 4))}${rng.pick(pageish)}${rng.pick(paths)}`
        : randomUrl(rng);
      counts.navigationUrls++;
      if (!isAllowedNavigation(url, PAGE)) continue;
      allowed++;
      const target = new URL(url);
      expect(target.protocol, url).toBe('file:');
      expect(target.host, url).toBe('');
      expect(target.pathname, url).toBe(app.pathname);
      expect(target.username + target.password, url).toBe('');
    }
    expect(allowed).toBeGreaterThan(0);
  });
});

describe('openExternal allowlist (checklist item 15)', () => {
  it.each([
    [
      'the host in upper case, scheme too',
      'HTTPS://COPR.FEDORAINFRACLOUD.ORG/api',
      'https://copr.fedorainfracloud.org/api',
    ],
    ['the default port written out', 'https://copr.fedorainfracloud.org:443/', 'https://copr.fedorainfracloud.org/'],
    [
      'the default port with a leading zero',
      'https://copr.fedorainfracloud.org:0443/',
      'https://copr.fedorainfracloud.org/',
    ],
    [
      'full-width letters (IDNA maps them to ASCII)',
      'https://ｃｏｐｒ.fedorainfracloud.org/',
      'https://copr.fedorainfracloud.org/',
    ],
    ['ideographic full stops', 'https://copr。fedorainfracloud。org/', 'https://copr.fedorainfracloud.org/'],
    [
      'percent-encoded dots in the host',
      'https://copr%2efedorainfracloud%2eorg/',
      'https://copr.fedorainfracloud.org/',
    ],
    ['no slashes after the scheme', 'https:copr.fedorainfracloud.org/api', 'https://copr.fedorainfracloud.org/api'],
    ['backslashes', 'https:\\\\copr.fedorainfracloud.org\\api', 'https://copr.fedorainfracloud.org/api'],
    ['an empty user info (dropped)', 'https://@copr.fedorainfracloud.org/', 'https://copr.fedorainfracloud.org/'],
    ['surrounding spaces', '  https://copr.fedorainfracloud.org/  ', 'https://copr.fedorainfracloud.org/'],
    [
      'a configured private instance with its port',
      'https://COPR.example.org:8443/api',
      'https://copr.example.org:8443/api',
    ],
    [
      'an @ in the fragment',
      'https://copr.fedorainfracloud.org/#@evil.com',
      'https://copr.fedorainfracloud.org/#@evil.com',
    ],
  ])('allows %s, and opens the normalised URL', (_why, url, href) => {
    counts.externalUrls++;
    expect(checkExternalUrl(url, COPR_HOSTS)).toBe(href);
  });

  it.each([
    ['a Cyrillic look-alike letter (punycode)', 'https://сopr.fedorainfracloud.org/'],
    ['a dotless-i look-alike', 'https://copr.fedoraınfracloud.org/'],
    ['a punycode host', 'https://xn--opr-3ed.fedorainfracloud.org/'],
    ['the allowed host as a prefix', 'https://copr.fedorainfracloud.org.evil.com/'],
    ['the allowed host, a percent-encoded dot, another domain', 'https://copr.fedorainfracloud.org%2eevil.com/'],
    ['a trailing dot', 'https://copr.fedorainfracloud.org./'],
    ['an ideographic trailing dot', 'https://copr.fedorainfracloud.org。/'],
    ['a user name', 'https://a@copr.fedorainfracloud.org/'],
    ['an empty user name with a password', 'https://:pw@copr.fedorainfracloud.org/'],
    ['the allowed host and port as user info', 'https://copr.fedorainfracloud.org:443@evil.com/'],
    ['a percent-encoded @ in the user info', 'https://copr.fedorainfracloud.org%40evil.com@evil.com/'],
    ['another port', 'https://copr.fedorainfracloud.org:8443/'],
    ['a configured host without its port', 'https://copr.example.org/'],
    ['a configured host on another port', 'https://copr.example.org:9443/'],
    ['an account page with a trailing dot', 'https://accounts.fedoraproject.org./'],
    ['an IP address', 'https://127.0.0.1/'],
    ['plain http in upper case', 'HTTP://COPR.FEDORAINFRACLOUD.ORG/'],
    ['javascript:', 'javascript:alert(document.cookie)//https://copr.fedorainfracloud.org/'],
    ['file:', 'file://copr.fedorainfracloud.org/etc/passwd'],
    ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['blob:', 'blob:https://copr.fedorainfracloud.org/0b2c'],
    ['view-source:', 'view-source:https://copr.fedorainfracloud.org/'],
    ['ftp:', 'ftp://copr.fedorainfracloud.org/'],
    ['a URL one character too long', `https://copr.fedorainfracloud.org/${'a'.repeat(MAX_URL_LENGTH - 33)}`],
  ])('refuses %s', (_why, url) => {
    counts.externalUrls++;
    expect(checkExternalUrl(url, COPR_HOSTS)).toBeNull();
  });

  it('of 20,000 random URLs, opens only normalised https URLs of an allowed host, without credentials', () => {
    const rng = new Rng(SEED);
    for (let i = 0; i < 20_000; i++) {
      const url = randomUrl(rng);
      counts.externalUrls++;
      let href: string | null;
      try {
        href = checkExternalUrl(url, COPR_HOSTS);
      } catch (error) {
        throw new Error(`checkExternalUrl threw for ${JSON.stringify(url).slice(0, 200)}: ${String(error)}`);
      }
      if (href === null) continue;
      counts.externalAllowed++;
      const target = new URL(href);
      const why = `${JSON.stringify(url).slice(0, 200)} → ${href.slice(0, 200)}`;
      expect(target.protocol, why).toBe('https:');
      expect(target.username + target.password, why).toBe('');
      expect(ALLOWED_HOSTS.has(target.host), why).toBe(true);
      expect(target.href, why).toBe(href);
      expect(checkExternalUrl(href, COPR_HOSTS), why).toBe(href);
      expect(href, why).not.toMatch(/[\s\x00-\x1f\x7f]/);
    }
    expect(counts.externalAllowed).toBeGreaterThan(100);
  });
});

describe('permissions (checklist item 5)', () => {
  /** Every permission Electron's handlers can be asked about (Electron 45), and some that do not exist. */
  const PERMISSIONS = [
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'geolocation',
    'idle-detection',
    'media',
    'mediaKeySystem',
    'midi',
    'midiSysex',
    'notifications',
    'pointerLock',
    'keyboardLock',
    'openExternal',
    'speaker-selection',
    'storage-access',
    'top-level-storage-access',
    'window-management',
    'unknown',
    'fileSystem',
    'hid',
    'serial',
    'usb',
    'bluetooth',
    'background-sync',
    'persistent-storage',
    'camera',
    'microphone',
    'screen-wake-lock',
    'system-wake-lock',
    'accessibility-events',
    'payment-handler',
    'local-fonts',
    'deprecated-sync-clipboard-read',
    '',
    'MEDIA',
    '__proto__',
    'constructor',
  ];

  it(`denies all ${PERMISSIONS.length} known permissions and 1,000 random names`, () => {
    const rng = new Rng(SEED ^ 0x9e);
    const names = [
      ...PERMISSIONS,
      ...Array.from({ length: 1000 }, () =>
        Array.from({ length: rng.range(0, 24) }, () =>
          rng.pick([...'abcdefghijklmnopqrstuvwxyz-_', ...AWKWARD_CHARS]),
        ).join(''),
      ),
    ];
    for (const name of names) {
      counts.permissions++;
      expect(permissionDecision(name), name).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// CSP (checklist item 7)

/** Directive name → its source tokens, as a browser reads a policy (names are case-insensitive; the first of a duplicate wins). */
function parseCsp(policy: string): { directives: Map<string, string[]>; duplicates: string[] } {
  const directives = new Map<string, string[]>();
  const duplicates: string[] = [];
  for (const part of policy.split(';')) {
    const [name, ...tokens] = part
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    if (name === undefined) continue;
    const key = name.toLowerCase();
    if (directives.has(key)) duplicates.push(key);
    else directives.set(key, tokens);
  }
  return { directives, duplicates };
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The `<meta http-equiv="Content-Security-Policy">` tags of a page, with where they are. */
function cspMetas(html: string): Array<{ policy: string; index: number }> {
  const out: Array<{ policy: string; index: number }> = [];
  for (const m of html.matchAll(/<meta\b[^>]*>/gis)) {
    const tag = m[0];
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/is.exec(tag);
    out.push({ policy: decodeEntities(content?.[1] ?? content?.[2] ?? ''), index: m.index });
  }
  return out;
}

function checkPage(html: string, what: string): void {
  counts.cspFiles++;
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
  const metas = cspMetas(withoutComments);
  expect(metas, `${what}: one CSP meta tag`).toHaveLength(1);
  const [{ policy, index }] = metas as [{ policy: string; index: number }];
  // A <meta> policy only governs what comes after it: nothing may load before it.
  const firstLoad = withoutComments.search(/<(script|link|style|img|iframe|object|embed|base)\b/i);
  expect(firstLoad, `${what}: the CSP comes before any script, style or link`).toBeGreaterThan(index);

  const { directives, duplicates } = parseCsp(policy);
  expect(duplicates, `${what}: duplicate directives (a browser ignores all but the first)`).toEqual([]);
  expect(directives.get('default-src'), what).toEqual(["'none'"]);
  expect(directives.get('script-src'), what).toEqual(["'self'"]);
  expect(directives.get('connect-src'), what).toEqual(["'none'"]);
  for (const name of ['object-src', 'base-uri', 'form-action']) {
    const tokens = directives.get(name);
    if (name === 'object-src' && tokens === undefined) continue; // default-src 'none' covers it
    expect(tokens, `${what}: ${name}`).toEqual(["'none'"]);
  }
  const unsafe =
    /^'?(unsafe-inline|unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic)'?$|^\*$|^(https?|data|blob|filesystem|ws|wss):?$/i;
  for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'worker-src', 'default-src']) {
    for (const token of directives.get(name) ?? []) expect(unsafe.test(token), `${what}: ${name} ${token}`).toBe(false);
  }
  // The header main sends (custom protocols, the dev server) says the same about scripts and the network.
  const header = parseCsp(CONTENT_SECURITY_POLICY).directives;
  for (const name of ['default-src', 'script-src', 'connect-src', 'style-src', 'base-uri', 'form-action'])
    expect(directives.get(name), `${what}: ${name} as in the header`).toEqual(header.get(name));

  // No inline code for the CSP to have to block.
  for (const script of withoutComments.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    expect(script[1], `${what}: a script without src`).toMatch(/\bsrc\s*=/i);
    expect(script[2]!.trim(), `${what}: inline script`).toBe('');
  }
  expect(withoutComments, `${what}: inline event handlers`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(withoutComments, `${what}: javascript: URLs`).not.toMatch(/javascript:/i);
}

describe('the Content-Security-Policy of the page', () => {
  const built = `${ROOT}out/renderer/index.html`;

  beforeAll(() => {
    if (existsSync(built)) return;
    execFileSync(
      'npx',
      ['--no-install', 'vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  }, 120_000);

  it('is in renderer/index.html: no inline or eval scripts, no network', () => {
    checkPage(readFileSync(`${ROOT}renderer/index.html`, 'utf8'), 'renderer/index.html');
  });

  it('is in the built out/renderer/index.html, unrelaxed (the dev server relaxation did not leak into the build)', () => {
    checkPage(readFileSync(built, 'utf8'), 'out/renderer/index.html');
  });

  it('the header replaces any policy a response carried, whatever the case of its name', () => {
    const rng = new Rng(SEED ^ 0xc5b);
    for (let i = 0; i < 1000; i++) {
      counts.headerMaps++;
      const headers: Record<string, string | string[]> = {};
      for (let k = rng.int(4); k > 0; k--) headers[`X-H${rng.int(100)}`] = rng.chance(0.5) ? 'v' : ['a', 'b'];
      for (let k = rng.int(3); k > 0; k--) {
        const name = [...'content-security-policy'].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join('');
        headers[name] = rng.chance(0.5) ? "default-src *; script-src 'unsafe-inline'" : ["script-src 'unsafe-eval'"];
      }
      const out = withCspHeader(headers);
      const csp = Object.keys(out).filter((name) => name.toLowerCase() === 'content-security-policy');
      expect(csp).toEqual(['Content-Security-Policy']);
      expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
      for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase() !== 'content-security-policy')
          expect(out[name]).toEqual(Array.isArray(value) ? value : [value]);
      }
    }
  });
});
