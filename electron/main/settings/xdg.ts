/**
 * The XDG base directory the desktop app writes to (settings, the autostart entry), read from the
 * environment as the spec says: `$XDG_CONFIG_HOME` when it is set to an absolute path, else
 * `~/.config` (https://specifications.freedesktop.org/basedir-spec/latest/).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { userHome } from '../../services/files/home.js';

/** An environment, as `process.env` or a test gives it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * `$XDG_CONFIG_HOME`, or `$HOME/.config`; a relative value is ignored, as the spec requires. An
 * empty or relative HOME gives way to the user database (files/home.ts).
 */
export function configHome(env: Env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg && isAbsolute(xdg)) return xdg;
  return join(userHome(env) ?? homedir(), '.config');
}
