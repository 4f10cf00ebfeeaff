/**
 * Whether this Linux desktop shows tray icons at all. Electron draws Linux tray icons as
 * StatusNotifierItems (electron/electron#36333), which appear only while a host owns
 * `org.kde.StatusNotifierWatcher` on the session bus: KDE, XFCE, Cinnamon do; GNOME does only with
 * the AppIndicator extension. Creating a `Tray` never fails, so we ask the bus instead, and
 * without a host the app opens as an ordinary window that says so.
 */
import { execaRunner, type Runner } from '../../services/process/run.js';

/** The bus name a tray host owns (the StatusNotifierItem spec keeps KDE's name). */
export const WATCHER_NAME = 'org.kde.StatusNotifierWatcher';

/** `dbus-send --print-reply` output of NameHasOwner: true or false, or null when it is not such a reply. */
export function parseNameHasOwner(stdout: string): boolean | null {
  const match = /\bboolean\s+(true|false)\b/.exec(stdout);
  return match ? match[1] === 'true' : null;
}

/**
 * true or false when the session bus answered; null when it could not be asked (not Linux, no
 * `dbus-send`, no session bus), in which case the caller assumes a tray exists.
 */
export async function hasStatusNotifierHost(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  run: Runner = execaRunner,
): Promise<boolean | null> {
  if (platform !== 'linux') return null;
  const args = [
    '--session',
    '--dest=org.freedesktop.DBus',
    '--type=method_call',
    '--print-reply',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${WATCHER_NAME}`,
  ];
  const out = await run('dbus-send', args, { env, timeoutMs: 2_000 });
  return out.kind === 'exited' && out.exitCode === 0 ? parseNameHasOwner(out.stdout) : null;
}
