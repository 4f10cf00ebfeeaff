/**
 * A Copr profile is saved only when the config file it names is there to be read: a profile that
 * points at nothing would fail every check with "file missing" later, far from where the typo was
 * made. `null` (python-copr's default file) is always allowed, since a missing default only means
 * the defaults apply. Kept apart from the pure rules: this one looks at the disk.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { CoprProfile, Settings } from '../../../shared/settings.js';

/** Why a profile's config file cannot be used, as a sentence naming it; null when it can. */
export async function configFileProblem(path: string): Promise<string | null> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    return info.code === 'ENOENT' || info.code === 'ENOTDIR'
      ? `The Copr config file ${path} does not exist. Check the path, or create the file first.`
      : `The Copr config file ${path} cannot be read (${info.code ?? info.message}).`;
  }
  if (!info.isFile()) return `${path} is not a file: enter the path of a Copr config file.`;
  const readable = await access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
  return readable ? null : `The Copr config file ${path} cannot be read: you have no permission to read it.`;
}

/**
 * The first profile in `patch` whose config file is new (no saved profile names it) and cannot be
 * used, with the sentence why. Files already saved are not looked at again, so a profile whose file
 * went away later can still be removed or left as it is while another change is saved.
 */
export async function refusedProfileFile(
  saved: Settings,
  patch: Partial<Settings>,
): Promise<{ readonly configPath: string; readonly reason: string } | null> {
  const known = new Set(saved.coprProfiles.map((p: CoprProfile) => p.configPath));
  for (const profile of patch.coprProfiles ?? []) {
    if (profile.configPath === null || known.has(profile.configPath)) continue;
    const reason = await configFileProblem(profile.configPath);
    if (reason !== null) return { configPath: profile.configPath, reason };
  }
  return null;
}
