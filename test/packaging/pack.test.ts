/**
 * What can be checked of the Linux packages on a machine that cannot download Electron
 * (docs/test-realm.md, "Without an Electron binary"): `scripts/pack-check.sh` (`npm run
 * pack:check`) builds dist/linux-unpacked/ against a stand-in Electron, once, and these tests
 * inspect it: what app.asar holds and what it must not, the unpacked kerberos addon, the metadata,
 * the flipped fuses, the tray icons main loads; then the desktop entries (desktop-file-validate)
 * and the icon files in build/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSTART_FLAG, autostartCommand, desktopEntryText } from '../../electron/main/settings/autostart.js';
import { TRAY_ICONS } from '../../electron/main/tray/model.js';
import { INVOKE_CHANNELS } from '../../shared/contract.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (...parts: string[]) => join(root, ...parts);
const unpacked = at('dist', 'linux-unpacked');
const resources = join(unpacked, 'resources');
const asar = join(resources, 'app.asar');

/** electron-builder.yml, read with the YAML parser electron-builder itself uses. */
interface BuilderConfig {
  productName: string;
  npmRebuild: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: {
    target: string[];
    executableName: string;
    category: string;
    syncDesktopName: boolean;
    desktop: { entry: Record<string, string> };
    maintainer?: string;
  };
  rpm: { depends: string[]; fpm: string[] };
  deb: { depends: string[]; fpm: string[] };
}
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(at('electron-builder.yml'), 'utf8')) as BuilderConfig;
const executable = config.linux.executableName;

/** A .desktop file's `[Desktop Entry]` keys. */
function desktopKeys(text: string): Record<string, string> {
  const keys: Record<string, string> = {};
  let inEntry = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && line.includes('=') && !line.startsWith('#'))
      keys[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return keys;
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const head = readFileSync(file).subarray(0, 24);
  expect(
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    `${file} is a PNG`,
  ).toBe(true);
  expect(head.subarray(12, 16).toString('latin1'), `${file} starts with IHDR`).toBe('IHDR');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** Every path in app.asar, as `/out/main/index.js`. */
let entries: string[] = [];

// Once for the file: the app, dist/desktop-entry/ (the installed .desktop file) and the asar listing.
beforeAll(() => {
  const run = spawnSync('sh', [at('scripts', 'pack-check.sh')], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`scripts/pack-check.sh failed (${run.error?.message ?? `exit ${run.status}`}):\n${output}`);
  }
  entries = listPackage(asar, { isPack: false }).map((entry) => entry.replace(/\\/g, '/'));
}, 180_000);

describe('the bundled main (out/main/index.js, as electron-vite built it for the package)', () => {
  it('loads under Node with an electron stand-in and registers exactly one handler per channel of the contract', async () => {
    const work = await mkdtemp(join(tmpdir(), 'tt-bundle-smoke-'));
    try {
      await mkdir(join(work, 'cc'), { mode: 0o700 });
      await mkdir(join(work, 'home', '.config'), { recursive: true });
      // No network: the Copr check goes to a name that cannot resolve.
      await writeFile(join(work, 'home', '.config', 'copr'), '[copr-cli]\ncopr_url = https://copr.invalid\n');
      const report = join(work, 'report.json');
      const support = at('test', 'support');
      const run = await execa(
        process.execPath,
        [
          '--import',
          join(support, 'electron-stub', 'register.mjs'),
          join(support, 'electron-stub', 'smoke.mjs'),
          at('out', 'main', 'index.js'),
          report,
        ],
        {
          env: {
            PATH: process.env['PATH'] ?? '/usr/bin:/bin',
            HOME: join(work, 'home'),
            KRB5CCNAME: `DIR:${join(work, 'cc')}`,
            XDG_CONFIG_HOME: join(work, 'xdg'),
          },
          extendEnv: false,
          reject: false,
          timeout: 60_000,
        },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      const result = JSON.parse(await readFile(report, 'utf8')) as {
        started: boolean;
        handleCounts: Record<string, number>;
      };
      expect(result.started).toBe(true);
      expect(result.handleCounts).toEqual(Object.fromEntries(Object.values(INVOKE_CHANNELS).map((c) => [c, 1])));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('the unpacked app (npm run pack:check, stand-in Electron)', () => {
  it('holds the main, preload and renderer bundles in app.asar, and package.json', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/preload.cjs',
        '/out/renderer/index.html',
      ]),
    );
    // main looks for the preload next to itself (window/options.ts, preloadPath).
    expect(extractFile(asar, 'out/main/index.js').toString('utf8')).toContain('"preload.cjs"');
  });

  it('packs every file the built page refers to', () => {
    const html = extractFile(asar, 'out/renderer/index.html').toString('utf8');
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((ref) => !ref.startsWith('data:'));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      // Relative, so the page also loads from file:// inside app.asar.
      expect(ref.startsWith('./'), ref).toBe(true);
      expect(entries, ref).toContain(`/out/renderer/${ref.slice(2)}`);
    }
  });

  it('keeps the production Content-Security-Policy in the built page', () => {
    const csp = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const packaged = csp(extractFile(asar, 'out/renderer/index.html').toString('utf8'));
    expect(packaged).toBeDefined();
    expect(packaged).toBe(csp(readFileSync(at('renderer', 'index.html'), 'utf8')));
    expect(packaged).toMatch(/default-src 'none'/);
    expect(packaged).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('unpacks the kerberos addon from app.asar, since a .node file cannot be loaded from inside it', () => {
    const addon = 'node_modules/kerberos/build/Release/kerberos.node';
    expect(statFile(asar, addon)).toMatchObject({ unpacked: true });
    const onDisk = join(resources, 'app.asar.unpacked', addon);
    expect(existsSync(onDisk)).toBe(true);
    expect(
      readFileSync(onDisk)
        .subarray(0, 4)
        .equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])),
      'an ELF shared object',
    ).toBe(true);
  });

  it('holds no sources, tests, type-checker output or source maps', () => {
    const own = entries.filter((entry) => !entry.startsWith('/node_modules/'));
    expect(own.filter((entry) => /\.(ts|tsx|mts|cts|map)$/.test(entry))).toEqual([]);
    expect(
      own.filter((entry) => /^\/(test|electron|renderer|shared|scripts|build|bench|out\/tsc)(\/|$)/.test(entry)),
    ).toEqual([]);
    expect(own.filter((entry) => /tsconfig|vitest|\.tsbuildinfo$|vitest-report/.test(entry))).toEqual([]);
    // Anywhere, dependencies included: TypeScript sources (declarations are tolerated).
    expect(entries.filter((entry) => /\.(ts|tsx)$/.test(entry) && !entry.endsWith('.d.ts'))).toEqual([]);
  });

  it('bundles the production dependencies only', () => {
    const modules = new Set(
      entries.filter((e) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(e)).map((e) => e.slice('/node_modules/'.length)),
    );
    expect(modules).toContain('execa');
    expect(modules).toContain('kerberos');
    for (const dev of [
      'electron',
      'electron-builder',
      'electron-vite',
      'vite',
      'vitest',
      'react',
      'react-dom',
      'zustand',
      'typescript',
      'jsdom',
    ]) {
      expect(modules, dev).not.toContain(dev);
    }
  });

  it('carries complete package metadata', () => {
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Record<string, unknown>;
    for (const field of ['name', 'productName', 'version', 'description', 'author', 'license']) {
      expect(pkg[field], `package.json "${field}"`).toBeTruthy();
    }
    expect(pkg['productName']).toBe(config.productName);
    expect(pkg['license']).toBe('MIT');
    expect(pkg['main']).toBe('out/main/index.js');
    expect(pkg['type']).toBe('module');
    // Electron takes WM_CLASS / the Wayland app_id from desktopName; it must name the installed entry.
    expect(pkg['desktopName']).toBe(`${executable}.desktop`);
    expect(pkg['scripts'], 'electron-builder strips the scripts').toBeUndefined();
  });

  it('names the executable as the desktop entries call it', () => {
    expect(statSync(join(unpacked, executable)).mode & 0o111).not.toBe(0);
  });

  it('flips the Electron fuses at package time', async () => {
    // The stand-in carries a fuse wire in Electron's layout (scripts/pack-stub-electron-dist.sh);
    // '0' (48) is off, '1' (49) is on.
    const wire = await getCurrentFuseWire(join(unpacked, executable));
    const OFF = 48;
    const ON = 49;
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
  });

  it('ships the tray icons where main looks for them (resources/icons/tray)', () => {
    for (const name of Object.values(TRAY_ICONS)) {
      for (const suffix of ['', '@2x', '-dark', '-dark@2x', '-light', '-light@2x']) {
        expect(existsSync(join(resources, 'icons', 'tray', `${name}${suffix}.png`)), `${name}${suffix}.png`).toBe(true);
      }
    }
  });
});

describe('electron-builder.yml', () => {
  it('packages without a native rebuild, unpacking native addons', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('sets the fuses the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds rpm first, then deb, AppImage and tar.gz', () => {
    expect(config.linux.target).toEqual(['rpm', 'deb', 'AppImage', 'tar.gz']);
  });

  it('declares the Kerberos tools the app runs as package requirements', () => {
    expect(config.rpm.depends).toEqual(expect.arrayContaining(['krb5-workstation', 'krb5-pkinit']));
    expect(config.deb.depends).toEqual(expect.arrayContaining(['krb5-user', 'krb5-pkinit']));
    // Fedora's KDC is behind an HTTPS KdcProxy: without MIT's TLS plugin kinit cannot reach it.
    expect(config.deb.depends).toContain('krb5-k5tls');
    // `depends` replaces electron-builder's defaults: Electron's own runtime libraries must stay.
    expect(config.rpm.depends).toEqual(expect.arrayContaining(['gtk3', 'nss', 'libnotify']));
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4']));
  });

  it('has what deb and rpm need besides: a homepage and a maintainer with an email', () => {
    // electron-builder's fpm targets stop with "Please specify project homepage" or "Please specify
    // author 'email'" without these; `npm run dist` would build the AppImage and tar.gz only.
    const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as {
      homepage?: string;
      author?: string | { email?: string };
    };
    const authorEmail = typeof pkg.author === 'string' ? /<[^>]+@[^>]+>/.test(pkg.author) : Boolean(pkg.author?.email);
    expect(pkg.homepage, 'package.json "homepage"').toMatch(/^https:\/\//);
    expect(
      authorEmail || /<[^>]+@[^>]+>/.test(config.linux.maintainer ?? ''),
      'linux.maintainer "Name <email>", or an author email',
    ).toBe(true);
  });
});

describe('the command line in the rpm and deb', () => {
  const installed = {
    '/usr/share/bash-completion/completions/ticket-tray': 'complete -o default -F _ticket_tray ticket-tray',
    '/usr/share/zsh/site-functions/_ticket-tray': '#compdef ticket-tray',
    '/usr/share/fish/vendor_completions.d/ticket-tray.fish': 'complete -c ticket-tray',
    '/usr/share/man/man1/ticket-tray.1': '.TH TICKET-TRAY 1',
  };

  it('puts the completions and the man page, built from the command table, in the standard places', () => {
    for (const target of ['rpm', 'deb'] as const) {
      const mapped = Object.fromEntries(config[target].fpm.map((arg) => arg.split('=').reverse()));
      expect(Object.keys(mapped).sort()).toEqual(Object.keys(installed).sort());
      for (const [destination, marker] of Object.entries(installed)) {
        const source = at(mapped[destination]!);
        expect(existsSync(source), `${source} (npm run build generates it)`).toBe(true);
        expect(readFileSync(source, 'utf8')).toContain(marker);
      }
    }
  });

  it('links /usr/bin/ticket-tray to the packaged binary, which runs the command line', () => {
    // electron-builder's own after-install script for the fpm targets makes the link from the
    // executable name; an upgrade that dropped it would leave the command off PATH.
    const template = readFileSync(
      createRequire(import.meta.url).resolve('app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    expect(template).toContain(`ln -sf '/opt/\${sanitizedProductName}/\${executable}' '/usr/bin/\${executable}'`);
    expect(executable).toBe('ticket-tray');
    expect(existsSync(join(unpacked, executable))).toBe(true);
  });
});

/** desktop-file-validate's complaints about a file; null when the validator is not installed. */
function validate(file: string): { status: number | null; lines: string[] } | null {
  const run = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.split('\n').filter(Boolean) };
}
const hasValidator = validate('/dev/null') !== null;
const serious = (lines: string[]) =>
  lines.filter((line) => /: (error|warning):/.test(line) || /more than one main category/.test(line));

const desktopFile = at('build', `${executable}.desktop`);
/** Written by scripts/pack-desktop-entry.mjs from electron-builder's own code during pack:check. */
const installedEntry = at('dist', 'desktop-entry', `${executable}.desktop`);

describe('desktop entries', () => {
  it('the one the packages install starts the packaged app and ties its windows to itself', () => {
    const keys = desktopKeys(readFileSync(installedEntry, 'utf8'));
    expect(keys['Exec']).toBe(`"/opt/${config.productName}/${executable}" %U`);
    expect(keys['Icon']).toBe(executable);
    // Electron derives WM_CLASS / the Wayland app_id from desktopName: the same name as the entry.
    expect(keys['StartupWMClass']).toBe(executable);
    expect(keys['Categories']).toBe(config.linux.category);
    expect(keys['Keywords']?.split(';')).toEqual(expect.arrayContaining(['Kerberos', 'Copr', 'Fedora', 'ticket']));
  });

  it('build/ticket-tray.desktop says what the packages install, with Exec found on PATH', () => {
    const installed = desktopKeys(readFileSync(installedEntry, 'utf8'));
    const ours = desktopKeys(readFileSync(desktopFile, 'utf8'));
    expect(ours['Exec']).toBe(executable);
    const { Exec: _ours, ...rest } = ours;
    const { Exec: _installed, ...restInstalled } = installed;
    expect(rest).toEqual(restInstalled);
  });
});

describe.skipIf(!hasValidator)(
  'desktop-file-validate (skipped when not installed: apt or dnf install desktop-file-utils)',
  () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ticket-tray-desktop-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('accepts build/ticket-tray.desktop', () => {
      const result = validate(desktopFile)!;
      expect(serious(result.lines)).toEqual([]);
      expect(result.status).toBe(0);
    });

    it('accepts the entry the deb, rpm and AppImage install', () => {
      const result = validate(installedEntry)!;
      expect(serious(result.lines)).toEqual([]);
      expect(result.status).toBe(0);
    });

    const launches = {
      'an rpm or deb install': autostartCommand({
        execPath: '/opt/Ticket Tray/ticket-tray',
        isPackaged: true,
        appPath: '/opt/Ticket Tray/resources/app.asar',
      }),
      'an AppImage': autostartCommand({
        execPath: '/tmp/.mount_tickeXXXX/ticket-tray',
        appImage: '/home/alice/Applications/ticket-tray-0.1.0-x86_64.AppImage',
        isPackaged: true,
        appPath: '/tmp/.mount_tickeXXXX/resources/app.asar',
      }),
      'a checkout': autostartCommand({
        execPath: '/home/alice/src/ticket-tray/node_modules/electron/dist/electron',
        isPackaged: false,
        appPath: '/home/alice/src/ticket-tray',
      }),
      'a path that needs quoting': autostartCommand({
        execPath: `/home/o'brien/My "Apps"/$HOME/100%/back\\slash/ticket-tray`,
        isPackaged: true,
        appPath: '/x',
      }),
    };
    it.each(Object.entries(launches))('accepts the autostart entry the settings write for %s', async (_, argv) => {
      expect(argv.at(-1)).toBe(AUTOSTART_FLAG);
      const text = desktopEntryText(argv);
      if (!text.ok) throw new Error(text.error);
      const file = join(dir, `${executable}.desktop`);
      await writeFile(file, text.value);
      const result = validate(file)!;
      expect(serious(result.lines)).toEqual([]);
      expect(result.status).toBe(0);
    });
  },
);

describe('icons', () => {
  it('has the one SVG source of the application icon', () => {
    expect(readFileSync(at('build', 'icons', `${executable}.svg`), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 128 128"/);
  });

  it.each([16, 22, 24, 32, 48, 64, 128, 256, 512])('has the %i px application icon at that size', (n) => {
    expect(pngSize(at('build', 'icons', `${n}x${n}.png`))).toEqual({ width: n, height: n });
  });

  it('has no other NxN icon electron-builder would install under a wrong size', () => {
    for (const name of readdirSync(at('build', 'icons')).filter((f) => /^\d+x\d+\.png$/.test(f))) {
      const n = Number(name.split('x')[0]);
      expect(pngSize(at('build', 'icons', name)), name).toEqual({ width: n, height: n });
    }
  });

  describe.each(Object.entries(TRAY_ICONS))('the tray icon for %s', (_, name) => {
    const tray = (file: string) => at('build', 'icons', 'tray', file);

    it('has colour and symbolic SVG sources', () => {
      expect(existsSync(tray(`${name}.svg`))).toBe(true);
      const symbolic = readFileSync(tray(`${name}-symbolic.svg`), 'utf8');
      // GTK recolours a symbolic icon by overriding fills: strokes, masks and clip paths would break.
      expect(symbolic).not.toMatch(/\sstroke(-[a-z]+)?=|<mask|<clipPath|clip-path=|<image|<text/);
      expect(new Set(symbolic.match(/#[0-9a-f]{6}/gi))).toEqual(new Set(['#bebebe']));
    });

    it.each([
      ['', 22],
      ['@2x', 44],
      ['-dark', 22],
      ['-dark@2x', 44],
      ['-light', 22],
      ['-light@2x', 44],
    ])(`has ${name}%s.png at %i px`, (suffix, size) => {
      expect(pngSize(tray(`${name}${suffix}.png`))).toEqual({ width: size, height: size });
    });
  });
});
