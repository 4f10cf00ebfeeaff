/** The app's settings, as main keeps them. */
import { call } from './call';
import type { SettingsSlice, SliceCreator } from './types';

/** The settings slice. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set) => ({
  settings: null,
  settingsProblem: null,

  async loadSettings() {
    const called = await call(() => api.getSettings());
    if (called.ok) set({ settings: called.value, settingsProblem: null });
    else set({ settingsProblem: { source: 'call', failure: called.failure } });
  },

  async updateSettings(patch) {
    const called = await call(() => api.updateSettings(patch));
    if (!called.ok) {
      set({ settingsProblem: { source: 'call', failure: called.failure } });
      return false;
    }
    if (!called.value.ok) {
      set({ settingsProblem: { source: 'settings', reason: called.value.error.reason } });
      return false;
    }
    set({ settings: called.value.value, settingsProblem: null });
    return true;
  },
});
