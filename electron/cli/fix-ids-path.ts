import { join } from 'node:path';

/** Where `doctor` keeps the fix ids of the last diagnosis, for shell completion of `doctor --fix`. */
export function fixIdsPath(env: NodeJS.ProcessEnv): string {
  const cacheHome = env['XDG_CACHE_HOME'] || join(env['HOME'] ?? '/', '.cache');
  return join(cacheHome, 'ticket-tray', 'fix-ids');
}
