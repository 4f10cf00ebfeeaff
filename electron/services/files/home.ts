/**
 * The user's home directory for files we write. An empty HOME made `~/.cache/copr` relative to
 * whatever directory the command ran in, and an unset one put it under `/`: a home is only taken
 * from HOME when it is an absolute path, else from the user database, else there is none.
 */
import { userInfo } from 'node:os';
import { isAbsolute } from 'node:path';

export type HomeEnv = Readonly<Record<string, string | undefined>>;

/**
 * An absolute home directory without trailing slashes (`/` stays `/`: some system accounts live
 * there, and python would use it too), or null when neither HOME nor the user database gives one.
 */
export function userHome(env: HomeEnv, lookup: () => string = () => userInfo().homedir): string | null {
  const fromEnv = env['HOME'];
  if (fromEnv !== undefined && isAbsolute(fromEnv)) return trimSlashes(fromEnv);
  try {
    const fromDatabase = lookup();
    return isAbsolute(fromDatabase) ? trimSlashes(fromDatabase) : null;
  } catch {
    return null;
  }
}

const trimSlashes = (path: string) => path.replace(/(?<=.)\/+$/, '');
