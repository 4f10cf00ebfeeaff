import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsFromJson } from '../../../electron/main/settings/rules.js';
import { openSettingsStore, parseSettingsText, settingsPath } from '../../../electron/main/settings/store.js';
import { DEFAULT_SETTINGS } from '../../../shared/settings.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-settings-'));
  path = join(dir, 'ticket-tray', 'settings.json');
});
afterEach(async () => {
  await chmod(join(dir, 'ticket-tray'), 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const STAGING_PROFILE = { name: 'Staging', configPath: '/home/alice/.config/copr-stg' };

const onDisk = async () => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('where settings live', () => {
  it('under $XDG_CONFIG_HOME, else ~/.config; a relative XDG_CONFIG_HOME is ignored', () => {
    expect(settingsPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/a' })).toBe('/x/cfg/ticket-tray/settings.json');
    expect(settingsPath({ HOME: '/home/a' })).toBe('/home/a/.config/ticket-tray/settings.json');
    expect(settingsPath({ XDG_CONFIG_HOME: 'rel', HOME: '/home/a' })).toBe('/home/a/.config/ticket-tray/settings.json');
    expect(settingsPath({ XDG_CONFIG_HOME: '', HOME: '/home/a' })).toBe('/home/a/.config/ticket-tray/settings.json');
  });
});

describe('the settings store', () => {
  it('starts with the defaults on the first run, and writes nothing until something changes', async () => {
    const store = await openSettingsStore(path);
    expect(store.firstRun).toBe(true);
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems()).toEqual([]);
    await expect(stat(path)).rejects.toThrow();
  });

  it('round-trips an update through the file, mode 0600, leaving no temporary file', async () => {
    const store = await openSettingsStore(path);
    const result = await store.update({ warnBeforeMinutes: [45, 15], fedoraUser: 'alice' });
    expect(result).toEqual({
      ok: true,
      value: { ...DEFAULT_SETTINGS, warnBeforeMinutes: [45, 15], fedoraUser: 'alice' },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'ticket-tray'))).toEqual(['settings.json']);
    const reopened = await openSettingsStore(path);
    expect(reopened.firstRun).toBe(false);
    expect(reopened.current()).toMatchObject({ warnBeforeMinutes: [45, 15], fedoraUser: 'alice' });
  });

  it('tells subscribers about a change, with the settings before it', async () => {
    const store = await openSettingsStore(path);
    const seen: Array<[boolean, boolean]> = [];
    store.subscribe((now, before) => seen.push([now.startAtLogin, before.startAtLogin]));
    await store.update({ startAtLogin: true });
    expect(seen).toEqual([[true, false]]);
  });

  it('refuses invalid patches without touching the file', async () => {
    const store = await openSettingsStore(path);
    expect(await store.update({ warnBeforeMinutes: 'soon' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    });
    expect(await store.update({ activeCoprProfile: 4 })).toMatchObject({
      ok: false,
      error: { reason: expect.stringContaining('activeCoprProfile') },
    });
    expect(await store.update({ password: 'x' })).toMatchObject({ ok: false });
    await expect(stat(path)).rejects.toThrow();
  });

  it('a corrupt file gives the defaults and a problem, not a crash; the next write keeps it as .bak', async () => {
    await mkdir(join(dir, 'ticket-tray'), { recursive: true });
    await writeFile(path, '{ "notifyBeforeMinutes": 45, oops');
    const store = await openSettingsStore(path);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems()).toHaveLength(1);
    expect(store.problems()[0]).toContain('not valid JSON');
    expect(await store.update({ autoRenew: false })).toMatchObject({ ok: true });
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('{ "notifyBeforeMinutes": 45, oops');
    expect(await onDisk()).toMatchObject({ autoRenew: false });
  });

  it('keeps the valid values of a partly wrong file, and reports each wrong one', async () => {
    await mkdir(join(dir, 'ticket-tray'), { recursive: true });
    await writeFile(path, JSON.stringify({ warnBeforeMinutes: [10], autoRenew: 'yes', coprProfiles: 'x', future: 1 }));
    const store = await openSettingsStore(path);
    expect(store.current()).toEqual({ ...DEFAULT_SETTINGS, warnBeforeMinutes: [10] });
    expect(store.problems()).toHaveLength(2);
  });

  it('migrates a file from before the warning list: its one warning comes first, and nothing else is lost', async () => {
    await mkdir(join(dir, 'ticket-tray'), { recursive: true });
    const old = {
      notifyBeforeMinutes: 45,
      autoRenew: false,
      startAtLogin: true,
      fedoraUser: 'alice',
      coprProfiles: [{ name: 'Fedora Copr', configPath: null }, STAGING_PROFILE],
      activeCoprProfile: 1,
      trayIcons: 'monochrome',
    };
    await writeFile(path, JSON.stringify(old));
    const store = await openSettingsStore(path);
    const { notifyBeforeMinutes: _dropped, ...kept } = old;
    expect(store.current()).toEqual({ ...kept, rememberedLogins: [], warnBeforeMinutes: [45, 30, 10, 5] });
    expect(store.problems()).toEqual([]);
    // The next write keeps the migrated list and every other value.
    await store.update({ startAtLogin: false });
    expect(await onDisk()).toEqual({
      ...kept,
      startAtLogin: false,
      rememberedLogins: [],
      warnBeforeMinutes: [45, 30, 10, 5],
    });
  });

  it.each(['null', '[]', '"text"', '42', ''])('a file holding %j gives the defaults', (text) => {
    expect(parseSettingsText(text).settings).toEqual(DEFAULT_SETTINGS);
    expect(parseSettingsText(text).problems.length).toBeGreaterThan(0);
  });

  it('an active profile past the list falls back to the first', () => {
    const { settings, problems } = settingsFromJson({
      coprProfiles: [{ name: 'A', configPath: null }],
      activeCoprProfile: 3,
    });
    expect(settings.activeCoprProfile).toBe(0);
    expect(problems).toHaveLength(1);
  });

  it('does not clobber a change another program made since it was read: it applies the patch on top', async () => {
    const store = await openSettingsStore(path);
    await store.update({ warnBeforeMinutes: [20] });
    await writeFile(path, JSON.stringify({ ...DEFAULT_SETTINGS, warnBeforeMinutes: [20], fedoraUser: 'bob' }));
    expect(await store.update({ autoRenew: false })).toMatchObject({
      ok: true,
      value: { fedoraUser: 'bob', autoRenew: false, warnBeforeMinutes: [20] },
    });
    expect(await onDisk()).toMatchObject({ fedoraUser: 'bob', autoRenew: false });
  });

  it('applies concurrent updates one after the other, losing none', async () => {
    const store = await openSettingsStore(path);
    await Promise.all([
      store.update({ autoRenew: false }),
      store.update({ startAtLogin: true }),
      store.update({ warnBeforeMinutes: [5] }),
    ]);
    expect(await onDisk()).toMatchObject({ autoRenew: false, startAtLogin: true, warnBeforeMinutes: [5] });
  });

  // root writes anywhere, so this can only be seen as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('reports a directory it cannot write to, in words', async () => {
    await mkdir(join(dir, 'ticket-tray'), { recursive: true });
    await chmod(join(dir, 'ticket-tray'), 0o500);
    const store = await openSettingsStore(path);
    expect(await store.update({ autoRenew: false })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', reason: expect.stringContaining('could not be written') },
    });
  });

  it('reports a settings path it cannot read, and keeps the defaults', async () => {
    await mkdir(path, { recursive: true }); // a directory where the file should be: EISDIR
    const store = await openSettingsStore(path);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.firstRun).toBe(false);
    expect(store.problems()[0]).toContain('could not be read');
    expect(await store.update({ autoRenew: false })).toMatchObject({ ok: false });
  });
});
