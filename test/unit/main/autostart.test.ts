import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FLAG,
  autostartCommand,
  autostartPath,
  desktopEntryText,
  execArgument,
  execLine,
  setAutostart,
} from '../../../electron/main/settings/autostart.js';

describe('the autostart entry text', () => {
  it('is a valid application entry with the fields desktops read', () => {
    const text = desktopEntryText(['/opt/Ticket Tray/ticket-tray', '--autostart']);
    expect(text.ok).toBe(true);
    const lines = text.ok ? text.value.split('\n') : [];
    expect(lines[0]).toBe('[Desktop Entry]');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Type=Application',
        'Name=Ticket Tray',
        'Exec="/opt/Ticket Tray/ticket-tray" --autostart',
        'Icon=ticket-tray',
        'Terminal=false',
        'Categories=Utility;',
        'X-GNOME-Autostart-enabled=true',
      ]),
    );
    expect(lines.some((l) => l.startsWith('Comment='))).toBe(true);
    expect(text.ok && text.value.endsWith('\n')).toBe(true);
  });

  it('quotes Exec arguments as the Desktop Entry spec says', () => {
    expect(execArgument('/usr/bin/ticket-tray')).toEqual({ ok: true, value: '/usr/bin/ticket-tray' });
    expect(execArgument('100%')).toEqual({ ok: true, value: '100%%' });
    expect(execArgument('a b')).toEqual({ ok: true, value: '"a b"' });
    expect(execArgument('say "hi"')).toEqual({ ok: true, value: '"say \\\\"hi\\\\""' });
    expect(execArgument('$HOME')).toEqual({ ok: true, value: '"\\\\$HOME"' });
    expect(execArgument('back\\slash')).toEqual({ ok: true, value: '"back\\\\\\\\slash"' });
    expect(execArgument('a\nb').ok).toBe(false);
    expect(execLine([]).ok).toBe(false);
  });

  it('starts this installation: the AppImage file, the packaged binary, or electron with the app path', () => {
    expect(
      autostartCommand({
        execPath: '/tmp/.mount_x/ticket-tray',
        appImage: '/home/a/Apps/Ticket.AppImage',
        isPackaged: true,
        appPath: '/x',
      }),
    ).toEqual(['/home/a/Apps/Ticket.AppImage', AUTOSTART_FLAG]);
    expect(autostartCommand({ execPath: '/usr/lib/ticket-tray/ticket-tray', isPackaged: true, appPath: '/x' })).toEqual(
      ['/usr/lib/ticket-tray/ticket-tray', AUTOSTART_FLAG],
    );
    expect(
      autostartCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' }),
    ).toEqual(['/repo/node_modules/electron/dist/electron', '/repo', AUTOSTART_FLAG]);
  });

  it('lives in $XDG_CONFIG_HOME/autostart', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/c' })).toBe('/c/autostart/ticket-tray.desktop');
    expect(autostartPath({ HOME: '/home/a' })).toBe('/home/a/.config/autostart/ticket-tray.desktop');
  });
});

describe('switching autostart on and off', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tt-autostart-'));
    path = autostartPath({ XDG_CONFIG_HOME: dir });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the entry (0644), says when nothing changed, and removes it', async () => {
    const argv = ['/usr/bin/ticket-tray', AUTOSTART_FLAG];
    expect(await setAutostart(true, path, argv)).toEqual({ ok: true, value: { path, changed: true } });
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readFile(path, 'utf8')).toContain('Exec=/usr/bin/ticket-tray --autostart');
    expect(await setAutostart(true, path, argv)).toEqual({ ok: true, value: { path, changed: false } });
    expect(await setAutostart(false, path, argv)).toEqual({ ok: true, value: { path, changed: true } });
    await expect(stat(path)).rejects.toThrow();
    expect(await setAutostart(false, path, argv)).toEqual({ ok: true, value: { path, changed: false } });
  });

  const validator = ['/usr/bin/desktop-file-validate', '/usr/local/bin/desktop-file-validate'].find((p) =>
    existsSync(p),
  );
  it.skipIf(!validator)('passes desktop-file-validate (skipped where it is not installed)', async () => {
    await setAutostart(true, path, ['/opt/Ticket Tray/ticket-tray', AUTOSTART_FLAG]);
    const result = await execa(validator!, [path], { reject: false });
    expect(result.stdout + result.stderr).toBe('');
  });
});
