/**
 * The Copr client configuration (`~/.config/copr`): where python-copr looks for it, loading it
 * with python-copr's rules, and editing it. Parsing lives in config-parse.ts (on top of the
 * configparser emulation in ini.ts), editing in config-edit.ts; this module is the entry.
 */
import type { ConfigProblem, CoprConfigSummary, CoprFailure } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { readVersioned } from '../files/atomic-file.js';
import { withEditLock } from '../files/file-lock.js';
import { type HomeEnv, userHome } from '../files/home.js';
import { describeReadProblem } from '../files/safe-read.js';
import { type CoprConfigEdits, writeCoprEdits } from './config-edit.js';
import {
  type LoadedCoprConfig,
  checkInsecureUrl,
  defaultCoprSummary,
  parseCoprConfigWithToken,
} from './config-parse.js';

export {
  COPR_SECTION,
  INSECURE_URL_MESSAGE,
  type LoadedCoprConfig,
  type ParsedCoprConfig,
  apiUrl,
  checkInsecureUrl,
  configMissingMessage,
  defaultCoprSummary,
  parseCoprConfig,
  parseCoprConfigWithToken,
  urlRefusal,
} from './config-parse.js';
export {
  type CoprConfigEdits,
  applyEdits,
  editCoprConfig,
  removeExpirationComment,
  setConfigValue,
  setExpirationComment,
  validateEdits,
  writeCoprEdits,
} from './config-edit.js';

/** The environment HOME is taken from (the tray may run with another than its own). */
export type { HomeEnv } from '../files/home.js';

/**
 * The home `~` stands for. Unlike python's `expanduser`, an empty or relative HOME is not used
 * (python would read `/.config/copr`, and a session cache would land relative to the working
 * directory): the passwd entry is used instead; null when there is no usable home at all.
 */
export const homeFrom = (env: HomeEnv): string | null => userHome(env);

/** `~/.config/copr` (a file, not a folder); left as `~/.config/copr` without a usable home, which no write accepts. */
export function defaultCoprConfigPath(env: HomeEnv): string {
  const home = homeFrom(env);
  return home === null ? '~/.config/copr' : `${home.replace(/\/$/, '')}/.config/copr`;
}

/** Deviations from python-copr's loading that the tray needs for repairs. */
export interface LoadOptions {
  /**
   * Return an http:// config with `encrypted` on instead of refusing it, so the tray can offer to
   * fix the URL. Nothing may be sent with such a config.
   */
  readonly allowInsecure?: boolean;
}

const invalid = (problem: ConfigProblem): CoprFailure => ({ kind: 'config-invalid', problem });

/**
 * python-copr's skipped files are reported: configparser silently ignores a path it cannot open,
 * so copr-cli would run on defaults (or say the file is missing) while the user's file sits there.
 */
function unreadable(path: string, code: string, explicit: boolean): CoprFailure {
  const then = explicit ? 'says "File … is missing."' : 'silently uses the defaults';
  const what = describeReadProblem(path, code);
  if (code === 'EFBIG') return invalid({ path, line: null, message: `${what}.` });
  return invalid({ path, line: null, message: `${what}; python-copr skips it and ${then}.` });
}

/**
 * Loads a config as `Client.create_from_config_file(path)` does. `explicit` is whether the user
 * chose the path (copr-cli `--config`): only then is a missing file an error. The token comes
 * back separately from the summary, for the HTTP client alone.
 */
export async function loadCoprConfig(
  path: string,
  explicit: boolean,
  options: LoadOptions = {},
): Promise<Result<LoadedCoprConfig, CoprFailure>> {
  const read = await readVersioned(path);
  if (!read.exists) {
    if (read.unreadable !== undefined) return err(unreadable(path, read.unreadable, explicit));
    if (explicit) return err({ kind: 'config-missing', path });
    return ok({ summary: defaultCoprSummary(path), version: 'absent', text: null, token: null });
  }
  if (!read.utf8)
    return err(
      invalid({
        path,
        line: null,
        message: 'The file is not UTF-8 text; python-copr stops with a UnicodeDecodeError.',
      }),
    );
  const parsed = parseCoprConfigWithToken(read.text, path);
  if (!parsed.ok) return err(invalid(parsed.error));
  const insecure = checkInsecureUrl(parsed.value.summary);
  if (insecure && !options.allowInsecure) return err(insecure);
  return ok({ summary: parsed.value.summary, token: parsed.value.token, version: read.version, text: read.text });
}

/**
 * Loads the config and applies `edits` under one hold of the file's edit lock: two of our edits
 * started together (`copr config --gssapi on` and `--set-url`) run one after the other, each on
 * what the other wrote, so both land; a change by another program between the load and the write
 * is still refused as `file-changed`.
 */
export async function loadAndEditCoprConfig(
  path: string,
  explicit: boolean,
  edits: CoprConfigEdits,
  /** A last look at the config as loaded under the lock: a failure here means nothing is written. */
  refuse: (loaded: LoadedCoprConfig) => CoprFailure | null = () => null,
): Promise<Result<CoprConfigSummary, CoprFailure>> {
  return withEditLock(
    path,
    async () => {
      const loaded = await loadCoprConfig(path, explicit);
      if (!loaded.ok) return loaded;
      const refused = refuse(loaded.value);
      return refused ? err(refused) : writeCoprEdits(loaded.value, edits);
    },
    (detail) => err({ kind: 'write-failed', path, detail }),
  );
}
