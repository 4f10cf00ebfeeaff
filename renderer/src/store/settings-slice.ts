/** The app's settings, as main keeps them, and the changes the window makes to them. */
import type { CoprProfile, Settings } from '../../../shared/settings';
import { SETTINGS_LIMITS } from '../../../shared/limits';
import { call } from './call';
import type { AppState, SettingsSlice, SliceCreator } from './types';

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
    overviewProblem: null,
    lastCheck: null,
    lastCheckAt: null,
    coprProblem: null,
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
    set({ settingsSaving: keys, settingsFailure: null });
    const called = await call(() => api.updateSettings(patch));
    set({ settingsSaving: null });
    if (!called.ok) {
      set({ settingsFailure: { keys, problem: { source: 'call', failure: called.failure } } });
      return false;
    }
    if (!called.value.ok) {
      set({ settingsFailure: { keys, problem: { source: 'settings', reason: called.value.error.reason } } });
      return false;
    }
    const settings = called.value.value;
    set({
      settings,
      settingsProblem: null,
      ...('coprProfiles' in patch || 'activeCoprProfile' in patch ? coprFollows(before, settings) : {}),
    });
    return true;
  }

  return {
    settings: null,
    settingsProblem: null,
    settingsSaving: null,
    settingsFailure: null,

    async loadSettings() {
      const called = await call(() => api.getSettings());
      if (called.ok) set({ settings: called.value, settingsProblem: null });
      else set({ settingsProblem: { source: 'call', failure: called.failure } });
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
