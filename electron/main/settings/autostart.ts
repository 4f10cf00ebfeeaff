/**
 * Start at login through an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/ticket-tray.desktop`
 * (https://specifications.freedesktop.org/autostart-spec/latest/), which every Linux desktop
 * honours; the "Start at login" setting writes or removes it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Result, err, ok } from '../../../shared/result.js';
import { readVersioned, writeAtomic } from '../../services/files/atomic-file.js';
import { MESSAGES } from '../messages.js';
import { configHome, type Env } from './xdg.js';

/** The flag main sees when it was started by the session, so it starts quietly in the tray. */
export const AUTOSTART_FLAG = '--autostart';

/** Where the entry lives: `$XDG_CONFIG_HOME/autostart/ticket-tray.desktop`. */
export function autostartPath(env: Env): string {
  return join(configHome(env), 'autostart', 'ticket-tray.desktop');
}

/** Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key"). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an Exec line: `%` doubled; quoted (with `"`, `` ` ``, `$`, `\` escaped) when it
 * holds a reserved character; then the general string escape applied on top, which doubles every
 * backslash again (so a literal `\` ends up as `\\\\`, as the spec says). Control characters cannot
 * be written in a .desktop file at all.
 */
export function execArgument(arg: string): Result<string, string> {
  if (arg === '' || /[\p{Cc}]/u.test(arg)) return err('an Exec argument cannot be empty or hold control characters');
  const percent = arg.replace(/%/g, '%%');
  const quoted = RESERVED.test(percent) ? `"${percent.replace(/["`$\\]/g, '\\$&')}"` : percent;
  return ok(quoted.replace(/\\/g, '\\\\'));
}

/** The whole Exec value for an argv. */
export function execLine(argv: readonly string[]): Result<string, string> {
  if (argv.length === 0) return err('the command is empty');
  const parts: string[] = [];
  for (const arg of argv) {
    const quoted = execArgument(arg);
    if (!quoted.ok) return quoted;
    parts.push(quoted.value);
  }
  return ok(parts.join(' '));
}

/**
 * The autostart entry's text. `X-GNOME-Autostart-Delay` gives the panel's tray host a few seconds
 * to appear first: a tray icon registered before it exists can be lost (the ALT Linux patch to
 * krb5-ticket-watcher waits for the tray for the same reason).
 */
export function desktopEntryText(argv: readonly string[]): Result<string, string> {
  const exec = execLine(argv);
  if (!exec.ok) return exec;
  return ok(
    [
      '[Desktop Entry]',
      'Type=Application',
      `Name=${MESSAGES.desktopEntry.name}`,
      `Comment=${MESSAGES.desktopEntry.comment}`,
      `Exec=${exec.value}`,
      'Icon=ticket-tray',
      'Terminal=false',
      'Categories=Utility;',
      'X-GNOME-Autostart-enabled=true',
      'X-GNOME-Autostart-Delay=5',
      '',
    ].join('\n'),
  );
}

/** How this process was started, which decides the command that starts it again. */
export interface LaunchFacts {
  readonly execPath: string;
  /** `$APPIMAGE`: an AppImage runs from a temporary mount, so its own path is the stable one. */
  readonly appImage?: string | undefined;
  /** false when running from a checkout (`electron .`), where the app's directory must be passed. */
  readonly isPackaged: boolean;
  readonly appPath: string;
}

/** The argv that starts this installation again at login. */
export function autostartCommand(facts: LaunchFacts): readonly string[] {
  if (facts.appImage) return [facts.appImage, AUTOSTART_FLAG];
  if (facts.isPackaged) return [facts.execPath, AUTOSTART_FLAG];
  return [facts.execPath, facts.appPath, AUTOSTART_FLAG];
}

/**
 * Writes (atomically, mode 0644 like any .desktop file) or removes the entry. `changed` is false
 * when the file already said the same, or was already absent.
 */
export async function setAutostart(
  enabled: boolean,
  path: string,
  argv: readonly string[],
): Promise<Result<{ path: string; changed: boolean }, string>> {
  const current = await readVersioned(path);
  if (!current.exists && current.unreadable) return err(`${path} cannot be read (${current.unreadable})`);
  if (!enabled) {
    if (!current.exists) return ok({ path, changed: false });
    try {
      await rm(path, { force: true });
    } catch (error) {
      return err(`${path} could not be removed (${(error as { code?: string }).code ?? 'error'})`);
    }
    return ok({ path, changed: true });
  }
  const text = desktopEntryText(argv);
  if (!text.ok) return text;
  if (current.exists && current.text === text.value) return ok({ path, changed: false });
  const written = await writeAtomic(path, text.value, {
    expected: current.exists ? current.version : 'absent',
    mode: 0o644,
  });
  if (!written.ok)
    return err(
      written.error.kind === 'file-changed' ? `${path} changed while it was being written` : written.error.detail,
    );
  return ok({ path, changed: true });
}
