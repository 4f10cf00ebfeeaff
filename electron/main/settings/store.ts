/**
 * The desktop app's settings, as JSON in `$XDG_CONFIG_HOME/ticket-tray/settings.json`. A file that
 * cannot be read or holds nonsense gives the defaults and a reported problem, never a crash;
 * writes are atomic (temporary file, fsync, rename; mode 0600) and never clobber a file another
 * program changed since it was read: that file is re-read and the change applied on top of it.
 */
import { join } from 'node:path';
import { type Result, err, ok } from '../../../shared/result.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.js';
import { type FileVersion, readVersioned, writeAtomic } from '../../services/files/atomic-file.js';
import { withEditLock } from '../../services/files/file-lock.js';
import { MESSAGES } from '../messages.js';
import { refusedProfileFile } from './profile-files.js';
import { mergeSettings, settingsFromJson, validateSettingsPatch } from './rules.js';
import { configHome, type Env } from './xdg.js';

/** The contract's error for `updateSettings`: the reason in words. */
export type SettingsUpdateError = {
  readonly kind: 'invalid';
  readonly reason: string;
  /** Set when the refusal is about the config file a Copr profile names (shown at that field). */
  readonly configPath?: string;
};

/** The settings in effect, and the one way to change them. */
export interface SettingsStore {
  readonly path: string;
  /** True when there was no settings file: the app has never run (or its settings were removed). */
  readonly firstRun: boolean;
  /** The settings in effect now. */
  current(): Settings;
  get(): Promise<Settings>;
  update(patch: unknown): Promise<Result<Settings, SettingsUpdateError>>;
  /** What was wrong with the file when it was last read; empty when nothing was. */
  problems(): readonly string[];
  /** Calls `listener` after every successful update; returns the unsubscribe function. */
  subscribe(listener: (settings: Settings, before: Settings) => void): () => void;
}

/** `$XDG_CONFIG_HOME/ticket-tray/settings.json`. */
export function settingsPath(env: Env): string {
  return join(configHome(env), 'ticket-tray', 'settings.json');
}

/** Parses the file's text; any problem is described, and the valid parts are kept. */
export function parseSettingsText(text: string): { readonly settings: Settings; readonly problems: readonly string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      settings: DEFAULT_SETTINGS,
      problems: [`it is not valid JSON (${error instanceof SyntaxError ? error.message : 'parse error'})`],
    };
  }
  return settingsFromJson(data);
}

interface Loaded {
  readonly settings: Settings;
  readonly version: FileVersion | 'absent' | null;
  readonly problems: readonly string[];
}

async function load(path: string): Promise<Loaded> {
  const read = await readVersioned(path);
  if (!read.exists) {
    if (read.unreadable) {
      // A file over the read limit is no settings file of ours: say so rather than an errno.
      const why = read.unreadable === 'EFBIG' ? 'it is too large to be a settings file' : read.unreadable;
      return { settings: DEFAULT_SETTINGS, version: null, problems: [MESSAGES.settings.unreadable(path, why)] };
    }
    return { settings: DEFAULT_SETTINGS, version: 'absent', problems: [] };
  }
  const parsed = read.utf8
    ? parseSettingsText(read.text)
    : { settings: DEFAULT_SETTINGS, problems: ['it is not UTF-8 text'] };
  const problems = parsed.problems.map((p) => MESSAGES.settings.unreadable(path, p));
  return { settings: parsed.settings, version: read.version, problems };
}

const serialise = (settings: Settings) => `${JSON.stringify(settings, null, 2)}\n`;

/**
 * One write under the file's edit lock: a second app instance (or a test's second store) writing
 * at the same moment waits, then finds the file changed and applies its patch on top.
 */
function lockedWrite(path: string, settings: Settings, expected: FileVersion | 'absent', keepBackup: boolean) {
  return withEditLock(
    path,
    () => writeAtomic(path, serialise(settings), { expected, mode: 0o600, backup: keepBackup }),
    (detail) => err({ kind: 'write-failed' as const, path, detail }),
  );
}

/** Reads the settings once and keeps them; updates are applied one at a time. */
export async function openSettingsStore(path: string): Promise<SettingsStore> {
  let state = await load(path);
  const firstRun = state.version === 'absent';
  const listeners = new Set<(settings: Settings, before: Settings) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  async function write(patch: Partial<Settings>): Promise<Result<Settings, SettingsUpdateError>> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const merged = mergeSettings(state.settings, patch);
      if (!merged.ok) return err({ kind: 'invalid', reason: merged.error });
      if (state.version === null) state = await load(path); // unreadable when opened: maybe not any more
      if (state.version === null)
        return err({ kind: 'invalid', reason: state.problems[0] ?? MESSAGES.settings.writeFailed(path, 'unreadable') });
      // A file that was unreadable nonsense is kept as settings.json.bak rather than lost.
      const written = await lockedWrite(path, merged.value, state.version, state.problems.length > 0);
      if (written.ok) {
        const before = state.settings;
        state = { settings: merged.value, version: written.value, problems: [] };
        for (const listener of [...listeners]) listener(merged.value, before);
        return ok(merged.value);
      }
      if (written.error.kind === 'write-failed')
        return err({ kind: 'invalid', reason: MESSAGES.settings.writeFailed(path, written.error.detail) });
      state = await load(path); // changed by someone else: apply the patch to what they wrote
    }
    return err({ kind: 'invalid', reason: MESSAGES.settings.changedElsewhere(path) });
  }

  return {
    path,
    firstRun,
    current: () => state.settings,
    get: async () => state.settings,
    problems: () => state.problems,
    update(raw) {
      const patch = validateSettingsPatch(raw);
      if (!patch.ok) return Promise.resolve(err({ kind: 'invalid' as const, reason: patch.error }));
      const result = queue.then(async () => {
        const refused = await refusedProfileFile(state.settings, patch.value);
        return refused ? err({ kind: 'invalid' as const, ...refused }) : write(patch.value);
      });
      queue = result.catch(() => undefined);
      return result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
