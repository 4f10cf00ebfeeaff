/** The app's settings, as main keeps them, and the changes the window makes to them. */
import { SETTINGS_LIMITS } from '../../../shared/limits';
import type { CoprProfile, Settings } from '../../../shared/settings';
import { plainReply, runAction, settingsReply } from './call';
import type { AppState, Problem, SettingsSlice, SliceCreator } from './types';

const sameProfile = (a: CoprProfile | undefined, b: CoprProfile | undefined): boolean =>
  a !== undefined && b !== undefined && a.name === b.name && a.configPath === b.configPath;

/**
 * What the Copr view shows after the profiles or the active one changed: when the profile it
 * targeted is not the active one any more (another was made active, or the list changed under it),
 * it follows the active profile again and drops what it read of the old one.
 */
function coprFollows(before: AppState, after: Settings): Partial<AppState> {
  const old = before.settings;
  if (!old) return {};
  const shown = old.coprProfiles[before.coprProfile ?? old.activeCoprProfile];
  if (sameProfile(shown, after.coprProfiles[after.activeCoprProfile])) {
    // Still the active profile, perhaps at another index now: a chosen one is targeted by its new index.
    return before.coprProfile === null ? {} : { coprProfile: after.activeCoprProfile };
  }
  return {
    coprProfile: null,
    overview: null,
    overviewFailure: null,
    lastCheck: null,
    lastCheckAt: null,
    coprFailure: null,
  };
}

/** The settings slice. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set, get) => {
  /** Changes are saved one at a time, each computed from the settings the one before left. */
  let queue: Promise<unknown> = Promise.resolve();
  function enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  async function save(patch: Partial<Settings>): Promise<boolean> {
    const keys = Object.keys(patch) as (keyof Settings)[];
    const before = get();
    const marks = {
      busy: { settingsBusy: keys, settingsFailure: null },
      idle: { settingsBusy: null },
      failed: (problem: Problem) => ({ settingsFailure: { keys, problem } }),
    };
    const saved = await runAction(set, marks, () => api.updateSettings(patch), settingsReply);
    if (!saved.ok) return false;
    const settings = saved.value;
    // Main's reply is what it saved: the store takes it as is.
    set({
      settings,
      settingsLoadFailure: null,
      ...('coprProfiles' in patch || 'activeCoprProfile' in patch ? coprFollows(before, settings) : {}),
    });
    return true;
  }

  return {
    settings: null,
    settingsLoadFailure: null,
    settingsBusy: null,
    settingsFailure: null,

    async loadSettings() {
      const marks = { failed: (problem: Problem) => ({ settingsLoadFailure: problem }) };
      const loaded = await runAction(set, marks, () => api.getSettings(), plainReply);
      if (loaded.ok) set({ settings: loaded.value, settingsLoadFailure: null });
    },

    updateSettings(patch) {
      return enqueue(() => save(patch));
    },

    addCoprProfile(profile) {
      return enqueue(async () => {
        const current = get().settings;
        if (!current || current.coprProfiles.length >= SETTINGS_LIMITS.maxProfiles) return false;
        return save({ coprProfiles: [...current.coprProfiles, profile] });
      });
    },

    removeCoprProfile(index) {
      return enqueue(async () => {
        const current = get().settings;
        // The list always keeps one profile.
        if (!current || current.coprProfiles.length <= 1 || index < 0 || index >= current.coprProfiles.length)
          return false;
        const active = current.activeCoprProfile;
        const nextActive = index < active ? active - 1 : index === active ? 0 : active;
        return save({
          coprProfiles: current.coprProfiles.filter((_, i) => i !== index),
          // Only when the active profile's index moves: the removal and the move are one change.
          ...(nextActive !== active ? { activeCoprProfile: nextActive } : {}),
        });
      });
    },

    setActiveCoprProfile(index) {
      return enqueue(async () => {
        const current = get().settings;
        if (!current || index < 0 || index >= current.coprProfiles.length) return false;
        if (index === current.activeCoprProfile) return true;
        return save({ activeCoprProfile: index });
      });
    },

    clearSettingsFailure() {
      set({ settingsFailure: null });
    },
  };
};
