/**
 * The main process, loaded for real: the compiled `electron/main/main.js` runs under Node with
 * `electron` replaced by a recording stand-in (test/support/electron-stub/stub.mjs, through a loader
 * hook), against real klist/kswitch and, in the second case, the throwaway KDC. It checks that
 * every channel of the contract has exactly one handler, that the sender check and the argument
 * guards hold on the registered handlers, and that the window, session and tray are set up as the
 * security checklist says. `npm test` builds main (tsc --build) before running this.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/contract.js';
import type { KrbFailure, KrbStatus } from '../../shared/krb.js';
import type { Result } from '../../shared/result.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** tsc's output by default (`npm test` builds it); TICKET_TRAY_SMOKE_MAIN=out/main/index.js checks electron-vite's bundle instead. */
const MAIN = resolve(root, process.env['TICKET_TRAY_SMOKE_MAIN'] ?? 'out/tsc/electron/main/main.js');
const SUPPORT = join(root, 'test/support');

interface MenuEntry {
  readonly id: string;
  readonly type?: string;
  readonly label?: string;
  readonly checked?: boolean;
  readonly enabled?: boolean;
}
interface TraySummary {
  readonly tooltip: string;
  readonly image: { readonly empty: boolean; readonly width?: number; readonly height?: number };
  readonly menu: readonly MenuEntry[];
}
/** What electron-stub/smoke.mjs writes. */
interface Report {
  readonly started: boolean;
  readonly handleCounts: Record<string, number>;
  readonly window: {
    readonly options: {
      readonly show: boolean;
      readonly webPreferences: Record<string, unknown> & { readonly preload: string };
    };
    readonly url: string;
    readonly visible: boolean;
    readonly denyOpen: unknown;
  };
  readonly permission: boolean;
  readonly cspSet: boolean;
  readonly trayBefore: TraySummary;
  readonly trayAfter?: TraySummary;
  readonly status: Result<KrbStatus, KrbFailure>;
  readonly switched?: unknown;
  readonly pushed: readonly string[];
  readonly [call: string]: unknown;
}

const statusOf = (report: Report): KrbStatus => {
  if (!report.status.ok) throw new Error(`krb:status failed: ${report.status.error.kind}`);
  return report.status.value;
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-main-smoke-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** No network in tests: Copr checks (main's own, the troubleshooter's) go to a name that cannot resolve. */
async function writeCoprConfig(home: string): Promise<void> {
  await mkdir(join(home, '.config'), { recursive: true });
  await writeFile(join(home, '.config', 'copr'), '[copr-cli]\ncopr_url = https://copr.invalid\n');
}

/** Runs the smoke script in a child Node with the given environment; returns its report and output (the IPC log). */
async function smoke(name: string, env: Record<string, string>): Promise<{ report: Report; output: string }> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npx tsc --build" first`);
  const out = join(dir, `${name}.json`);
  const config = join(dir, `${name}-config`);
  const result = await execa(
    process.execPath,
    [
      '--import',
      join(SUPPORT, 'electron-stub', 'register.mjs'),
      join(SUPPORT, 'electron-stub', 'smoke.mjs'),
      MAIN,
      out,
    ],
    { env: { ...env, XDG_CONFIG_HOME: config }, extendEnv: false, reject: false, timeout: 45_000 },
  );
  if (result.exitCode !== 0) throw new Error(`smoke script failed (${result.exitCode}): ${result.stderr}`);
  return { report: JSON.parse(await readFile(out, 'utf8')) as Report, output: `${result.stdout}\n${result.stderr}` };
}

describe('main under the electron stand-in, empty collection', () => {
  let report: Report;
  let output = '';
  beforeAll(async () => {
    const cc = join(dir, 'cc');
    const home = join(dir, 'home');
    await mkdir(cc, { mode: 0o700 });
    await writeCoprConfig(home);
    ({ report, output } = await smoke('empty', {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      KRB5CCNAME: `DIR:${cc}`,
    }));
  });

  it('starts, and registers exactly one handler for every invoke channel of the contract', () => {
    expect(report.started).toBe(true);
    const expected = Object.fromEntries(Object.values(INVOKE_CHANNELS).map((c) => [c, 1]));
    expect(report.handleCounts).toEqual(expected);
  });

  it('answers krb:status through the registered handler with a Result from the real klist', () => {
    expect(report.status).toMatchObject({
      ok: true,
      value: { collection: { type: 'DIR', switchable: true }, caches: [], primary: null },
    });
  });

  it('refuses a sender that is not its window, and a sub-frame of its window', () => {
    expect(report['forbidden']).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(report['subframe']).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('refuses ill-typed arguments before any service runs', () => {
    expect(report['invalid']).toMatchObject({ ok: false, error: { kind: 'invalid-request', channel: 'krb:switch' } });
  });

  it('answers the other channels (the troubleshooter with its findings), and refuses a look-alike Copr URL', () => {
    expect(report['settings']).toMatchObject({ warnBeforeMinutes: [30, 10, 5], autoRenew: true });
    expect(report['doctor']).toMatchObject({ findings: expect.any(Array), checkedAt: expect.any(String) });
    expect(report['openEvil']).toEqual({ ok: false, error: { kind: 'not-allowed' } });
  });

  it('creates the window hidden, sandboxed and isolated, and shows it on the first run', () => {
    const { options, url, visible, denyOpen } = report.window;
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(options.webPreferences.preload).toMatch(/preload[/\\]preload\.cjs$/);
    expect(url).toMatch(/^file:\/\/.*\/renderer\/index\.html\?notice=first-run$/);
    expect(visible).toBe(true);
    expect(denyOpen).toEqual({ action: 'deny' });
  });

  it('denies permissions and installs the CSP header hook', () => {
    expect(report.permission).toBe(false);
    expect(report.cspSet).toBe(true);
  });

  it('shows a tray without a Fedora ticket, drawn in code when no icon file exists', () => {
    const tray = report.trayBefore;
    expect(tray.tooltip).toContain('no Fedora ticket');
    expect(tray.image).toMatchObject({ empty: false, width: 32, height: 32 });
    expect(tray.menu.map((i) => i.id)).toEqual(
      expect.arrayContaining(['login-fedora', 'login', 'renew', 'check-copr', 'troubleshoot', 'open', 'quit']),
    );
  });

  it('logs one line per call: channel and outcome', () => {
    expect(output).toContain('ipc krb:status: ok in ');
    expect(output).toContain('ipc krb:status: rejected (forbidden)');
    expect(output).toContain('ipc krb:switch: rejected (invalid-request)');
  });
});

describe('main under the electron stand-in, with real tickets', () => {
  let realm: TestRealm;
  let report: Report;
  let output = '';
  const { alice } = USERS;
  const canary = `canary-${Math.random().toString(36).slice(2)}`;
  beforeAll(async () => {
    realm = await startRealm();
    const ccname = realm.newCollection('DIR');
    await realm.kinit(ccname, alice.fedora, alice.password);
    await realm.kinit(ccname, alice.work, alice.password); // the work ticket becomes primary: the documented problem
    await writeCoprConfig(realm.home);
    ({ report, output } = await smoke('realm', {
      ...realm.env(ccname),
      SMOKE_LOGIN_AS: alice.fedora,
      SMOKE_CANARY: canary,
      SMOKE_SWITCH_TO: alice.fedora,
    }));
  });
  afterAll(async () => {
    await realm?.stop();
  });

  it('reads both identities through IPC, the work one primary', () => {
    const status = statusOf(report);
    expect(status.primary).toBe(alice.work);
    expect(status.caches.map((c) => c.principal).sort()).toEqual([alice.work, alice.fedora].sort());
  });

  it('shows the wrong primary as a problem in the tray, with both identities as radio items', () => {
    const tray = report.trayBefore;
    expect(tray.tooltip).toContain(`Ticket Tray — ${alice.fedora}:`);
    expect(tray.tooltip).toContain(`but Copr would use ${alice.work}`);
    const radios = tray.menu.filter((i) => i.type === 'radio');
    expect(radios).toHaveLength(2);
    expect(radios.find((r) => r.checked)?.label).toContain(alice.work);
  });

  it('switches the primary through IPC, and the tray follows', () => {
    expect(report.switched).toMatchObject({
      ok: true,
      value: { principal: alice.fedora, status: { primary: alice.fedora } },
    });
    const tray = report.trayAfter!;
    expect(tray.tooltip).not.toContain('but Copr would use');
    expect(tray.menu.find((i) => i.type === 'radio' && i.checked)?.label).toContain(alice.fedora);
  });

  it('answers a wrong password with a typed failure, and the password appears in no log line or reply', () => {
    expect(report['login']).toMatchObject({ ok: false, error: { kind: 'wrong-password', principal: alice.fedora } });
    expect(output).toContain('ipc krb:login: failed (wrong-password)');
    expect(output).not.toContain(canary);
    expect(JSON.stringify(report)).not.toContain(canary);
  });

  it('pushes status changes to the window', () => {
    expect(report.pushed).toContain('krb:status-changed');
  });
});

describe('the desktop binary given a CLI command', () => {
  it('runs the command line and exits, without a tray or window', async () => {
    const cc = join(dir, 'cli-cc');
    await mkdir(cc, { mode: 0o700 });
    const result = await execa(
      process.execPath,
      ['--import', join(SUPPORT, 'electron-stub', 'register.mjs'), MAIN, 'status', '--json'],
      {
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: join(dir, 'home'), KRB5CCNAME: `DIR:${cc}` },
        extendEnv: false,
        reject: false,
        timeout: 45_000,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      collection: { name: `DIR:${cc}`, type: 'DIR' },
      primary: null,
      caches: [],
    });
  });
});
