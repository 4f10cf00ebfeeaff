import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readBrowserNegotiate,
  type BrowserNegotiateStatus,
  type NegotiateReport,
} from '../../electron/services/browser/service.js';

// Real files in a temporary home and a temporary root (standing in for /), built from the files in
// test/fixtures/browsers/. No mocks: readBrowserNegotiate reads them as it reads a real system.

const FIXTURES = fileURLToPath(new URL('../fixtures/browsers/', import.meta.url));
const COPR = 'copr.fedorainfracloud.org';

let dir: string;
let home: string;
let root: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-browser-negotiate-'));
  home = join(dir, 'home');
  root = join(dir, 'root');
  await mkdir(home);
  await mkdir(root);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Copies a fixture to `path`, creating its directory. */
async function place(fixture: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await copyFile(join(FIXTURES, fixture), path);
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

const read = (options: { rootDir?: string } = { rootDir: root }) => readBrowserNegotiate(COPR, { home, ...options });

/** The one status whose `where` starts with `prefix`. */
function statusAt(report: NegotiateReport, prefix: string): BrowserNegotiateStatus {
  const matches = report.found.filter((status) => status.where.startsWith(prefix));
  expect(matches, `one status at ${prefix} in ${JSON.stringify(report.found, null, 2)}`).toHaveLength(1);
  return matches[0] as BrowserNegotiateStatus;
}

const mozilla = () => join(home, '.mozilla', 'firefox');
const flatpakMozilla = () => join(home, '.var', 'app', 'org.mozilla.firefox', '.mozilla', 'firefox');

/** The native profiles.ini with a relative, an absolute and a never-used profile; returns the absolute profile's path. */
async function nativeProfiles(): Promise<string> {
  const absolute = join(dir, 'elsewhere', 'work-profile');
  const ini = (await readFile(join(FIXTURES, 'profiles.ini'), 'utf8')).replace('@ABSOLUTE_PROFILE@', absolute);
  await write(join(mozilla(), 'profiles.ini'), ini);
  await place('prefs.js', join(mozilla(), 'abcd1234.default-release', 'prefs.js'));
  await place('prefs-other.js', join(absolute, 'prefs.js'));
  await place('user.js', join(absolute, 'user.js'));
  await mkdir(join(mozilla(), 'zz99.never-used'), { recursive: true });
  return absolute;
}

async function flatpakProfile(): Promise<string> {
  const profile = join(flatpakMozilla(), 'xyz.default');
  await write(
    join(flatpakMozilla(), 'profiles.ini'),
    '[Profile0]\nName=default\nIsRelative=1\nPath=xyz.default\nDefault=1\n',
  );
  await place('flatpak-prefs.js', join(profile, 'prefs.js'));
  return profile;
}

describe('readBrowserNegotiate', () => {
  it('reads relative, absolute and Flatpak Firefox profiles, a Chromium policy and a broken policy file', async () => {
    const absolute = await nativeProfiles();
    const flatpak = await flatpakProfile();
    const managed = join(root, 'etc', 'chromium', 'policies', 'managed');
    await place('chromium-allow.json', join(managed, 'ticket-tray.json'));
    await place('chromium-broken.json', join(managed, 'zz-broken.json'));

    const report = await read();

    expect(report.host).toBe(COPR);
    expect(report.browsersSeen).toBe(true);
    expect(report.anyAllowed).toBe(true);
    expect(report.found).toHaveLength(6);
    const relative = join(mozilla(), 'abcd1234.default-release');
    expect(statusAt(report, relative)).toEqual({
      browser: 'firefox',
      where: join(relative, 'prefs.js'),
      allowed: true,
      value: 'example.com, .fedorainfracloud.org',
    });
    // user.js wins over prefs.js.
    expect(statusAt(report, absolute)).toEqual({
      browser: 'firefox',
      where: join(absolute, 'user.js'),
      allowed: true,
      value: 'intranet.example.com,https://copr.fedorainfracloud.org',
    });
    expect(statusAt(report, join(mozilla(), 'zz99.never-used'))).toMatchObject({
      browser: 'firefox',
      allowed: false,
      value: null,
    });
    expect(statusAt(report, flatpak)).toEqual({
      browser: 'firefox',
      where: join(flatpak, 'prefs.js'),
      allowed: false,
      value: 'fedorainfracloud.org.evil.com',
    });
    expect(statusAt(report, join(managed, 'ticket-tray.json'))).toEqual({
      browser: 'chromium',
      where: join(managed, 'ticket-tray.json'),
      allowed: true,
      value: '*.example.com, *.fedorainfracloud.org',
    });
    const broken = statusAt(report, join(managed, 'zz-broken.json'));
    expect(broken).toMatchObject({ browser: 'chromium', allowed: false, value: null });
    expect(broken.where).toContain('not valid JSON');
  });

  it('finds nothing, and says so, in an empty home and root', async () => {
    expect(await read()).toEqual({ host: COPR, found: [], anyAllowed: false, browsersSeen: false });
  });

  it('does not throw for a home and root that do not exist', async () => {
    const report = await readBrowserNegotiate(COPR, {
      home: join(dir, 'missing-home'),
      rootDir: join(dir, 'missing-root'),
    });
    expect(report).toEqual({ host: COPR, found: [], anyAllowed: false, browsersSeen: false });
  });

  it('reads the real system when no root is given, without throwing', async () => {
    const report = await read({});
    expect(report.host).toBe(COPR);
    expect(Array.isArray(report.found)).toBe(true);
    expect(report.found.every((status) => status.where !== '')).toBe(true);
  });

  it('reports a profile listed in profiles.ini whose directory is gone as not set', async () => {
    await write(join(mozilla(), 'profiles.ini'), '[Profile0]\nName=gone\nIsRelative=1\nPath=gone.default\n');
    const report = await read();
    expect(report.found).toEqual([
      { browser: 'firefox', where: `${join(mozilla(), 'gone.default')} (not set)`, allowed: false, value: null },
    ]);
    expect(report.browsersSeen).toBe(true);
    expect(report.anyAllowed).toBe(false);
  });

  it('reads profiles from the XDG location Firefox 147 uses and from the Snap', async () => {
    const xdg = join(home, '.config', 'mozilla', 'firefox');
    const snap = join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox');
    for (const base of [xdg, snap]) {
      await write(join(base, 'profiles.ini'), '[Profile0]\nIsRelative=1\nPath=p.default\n');
      await write(
        join(base, 'p.default', 'prefs.js'),
        'user_pref("network.negotiate-auth.trusted-uris", "fedorainfracloud.org");\n',
      );
    }
    const report = await read();
    expect(statusAt(report, join(xdg, 'p.default')).allowed).toBe(true);
    expect(statusAt(report, join(snap, 'p.default')).allowed).toBe(true);
  });
});

describe('readBrowserNegotiate: Firefox system-wide settings', () => {
  const etcPolicies = () => join(root, 'etc', 'firefox', 'policies', 'policies.json');
  const install = () => join(root, 'usr', 'lib64', 'firefox');

  it('lets a locked /etc policy override the profile, and applies it to the Snap but not to Flatpak', async () => {
    await nativeProfiles();
    const flatpak = await flatpakProfile();
    const snapProfile = join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox', 's.default');
    await write(join(dirname(snapProfile), 'profiles.ini'), '[Profile0]\nIsRelative=1\nPath=s.default\n');
    await place('policies-locked.json', etcPolicies());

    const report = await read();

    const relative = statusAt(report, join(mozilla(), 'abcd1234.default-release'));
    expect(relative).toEqual({
      browser: 'firefox',
      where: `${join(mozilla(), 'abcd1234.default-release')} (value from ${etcPolicies()})`,
      allowed: false,
      value: 'mydomain.example, https://intranet.example.org',
    });
    expect(statusAt(report, snapProfile).value).toBe('mydomain.example, https://intranet.example.org');
    expect(statusAt(report, flatpak).value).toBe('fedorainfracloud.org.evil.com');
    expect(report.anyAllowed).toBe(false);
  });

  it('uses an unlocked policy only where the profile sets nothing', async () => {
    const absolute = await nativeProfiles();
    await place('policies-unlocked.json', etcPolicies());
    const report = await read();
    expect(statusAt(report, absolute)).toMatchObject({ where: join(absolute, 'user.js'), allowed: true });
    expect(statusAt(report, join(mozilla(), 'zz99.never-used'))).toEqual({
      browser: 'firefox',
      where: `${join(mozilla(), 'zz99.never-used')} (value from ${etcPolicies()})`,
      allowed: true,
      value: '.fedorainfracloud.org',
    });
  });

  it("applies the install's default prefs (Fedora trusts https://) to profiles that set nothing", async () => {
    await write(join(mozilla(), 'profiles.ini'), '[Profile0]\nIsRelative=1\nPath=fresh.default\n');
    await mkdir(join(mozilla(), 'fresh.default'), { recursive: true });
    const defaults = join(install(), 'browser', 'defaults', 'preferences', 'firefox-redhat-default-prefs.js');
    await place('default-prefs-fedora.js', defaults);
    const report = await read();
    expect(report.found).toEqual([
      {
        browser: 'firefox',
        where: `${join(mozilla(), 'fresh.default')} (value from ${defaults})`,
        allowed: true,
        value: 'https://',
      },
    ]);
  });

  it('reads the distribution policies.json of /usr/lib/firefox when /etc has none, and reports an install with no profile', async () => {
    const lib = join(root, 'usr', 'lib', 'firefox');
    await place('policies-unlocked.json', join(lib, 'distribution', 'policies.json'));
    const report = await read();
    const where = `${lib} (no profile yet; value from ${join(lib, 'distribution', 'policies.json')})`;
    expect(report.found).toEqual([{ browser: 'firefox', where, allowed: true, value: '.fedorainfracloud.org' }]);
    expect(report.browsersSeen).toBe(true);
  });

  it('ignores the distribution policies.json when /etc has one, as Firefox does', async () => {
    await place('policies-unlocked.json', join(install(), 'distribution', 'policies.json'));
    await write(etcPolicies(), '{"policies": {"DisableTelemetry": true}}');
    const report = await read();
    expect(report.found).toEqual([
      { browser: 'firefox', where: `${install()} (no profile yet)`, allowed: false, value: null },
    ]);
  });

  it('reports a malformed /etc policies.json and then applies no policy at all', async () => {
    await write(etcPolicies(), '{"policies": {"Authentication": {"SPNEGO": [".fedorainfracloud.org"]}}');
    await place('policies-unlocked.json', join(install(), 'distribution', 'policies.json'));
    const report = await read();
    expect(report.found).toEqual([
      { browser: 'firefox', where: `${etcPolicies()} (skipped: not valid JSON)`, allowed: false, value: null },
      { browser: 'firefox', where: `${install()} (no profile yet)`, allowed: false, value: null },
    ]);
    expect(report.anyAllowed).toBe(false);
  });
});

describe('readBrowserNegotiate: Chromium and Chrome policies', () => {
  const chromium = () => join(root, 'etc', 'chromium', 'policies', 'managed');
  const chrome = () => join(root, 'etc', 'opt', 'chrome', 'policies', 'managed');

  it('lets the file that sorts last win, and the new policy name beat the old one', async () => {
    await place('chromium-allow.json', join(chromium(), 'a-site.json'));
    await place('chromium-narrow.json', join(chromium(), 'b-override.json'));
    await place('chromium-whitelist-old.json', join(chromium(), 'c-old-name.json'));
    const report = await read();
    expect(report.found).toEqual([
      {
        browser: 'chromium',
        where: join(chromium(), 'b-override.json'),
        allowed: false,
        value: 'fedorainfracloud.org',
      },
    ]);
  });

  it('still honours the old AuthServerWhitelist name, and reads Chrome and older Ubuntu directories', async () => {
    await place('chromium-whitelist-old.json', join(chrome(), 'legacy.json'));
    const ubuntu = join(root, 'etc', 'chromium-browser', 'policies', 'managed');
    await place('chromium-narrow.json', join(ubuntu, 'policy.json'));
    const report = await read();
    expect(statusAt(report, join(chrome(), 'legacy.json'))).toEqual({
      browser: 'chrome',
      where: join(chrome(), 'legacy.json'),
      allowed: true,
      value: '*.fedorainfracloud.org',
    });
    expect(statusAt(report, join(ubuntu, 'policy.json'))).toMatchObject({ browser: 'chromium', allowed: false });
    expect(report.anyAllowed).toBe(true);
  });

  it('reports a browser in use with no policy as not allowed, and skips odd entries in the policy directory', async () => {
    await mkdir(join(home, '.config', 'google-chrome', 'Default'), { recursive: true });
    await mkdir(join(chrome(), 'a-directory.json'), { recursive: true });
    await write(join(chrome(), 'array.json'), '["AuthServerAllowlist"]');
    await write(join(chrome(), 'number.json'), '{"AuthServerAllowlist": 42}');
    const report = await read();
    expect(report.found).toEqual([
      {
        browser: 'chrome',
        where: `${join(chrome(), 'array.json')} (skipped: not a JSON object)`,
        allowed: false,
        value: null,
      },
      {
        browser: 'chrome',
        where: `${join(chrome(), 'number.json')} (skipped: AuthServerAllowlist is not a string)`,
        allowed: false,
        value: null,
      },
      {
        browser: 'chrome',
        where: `${join(home, '.config', 'google-chrome')} (no AuthServerAllowlist policy)`,
        allowed: false,
        value: null,
      },
    ]);
    expect(report.browsersSeen).toBe(true);
    expect(report.anyAllowed).toBe(false);
  });
});
