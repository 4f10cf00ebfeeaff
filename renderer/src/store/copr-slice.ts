/** Copr: the overview of the chosen profile, the last check, and the config actions. */
import type { CoprTargetRequest } from '../../../shared/contract';
import type { CoprFailure } from '../../../shared/copr';
import type { Result } from '../../../shared/result';
import { t } from '../i18n';
import { call } from './call';
import type { AppState, CoprAction, CoprSlice, SliceCreator } from './types';

/** The profile the Copr calls target: the one chosen in the view, else the active one. */
export function coprTarget(state: Pick<AppState, 'coprProfile' | 'settings'>): CoprTargetRequest {
  const profile = state.coprProfile ?? state.settings?.activeCoprProfile;
  return profile === undefined ? {} : { profile };
}

/** The Copr slice. */
export const createCoprSlice: SliceCreator<CoprSlice> = (api) => (set, get) => {
  /** Runs a config action, then re-reads the overview (which the action changed). */
  async function runCoprAction<T>(
    action: CoprAction,
    run: () => Promise<Result<T, CoprFailure>>,
    done: (value: T) => string,
  ): Promise<boolean> {
    set({ coprBusy: action, coprProblem: null });
    const called = await call(run);
    set({ coprBusy: null });
    if (!called.ok) {
      set({ coprProblem: { action, problem: { source: 'call', failure: called.failure } } });
      return false;
    }
    if (!called.value.ok) {
      set({ coprProblem: { action, problem: { source: 'copr', failure: called.value.error } } });
      return false;
    }
    get().pushToast('success', done(called.value.value));
    await get().loadOverview();
    return true;
  }

  return {
    coprProfile: null,
    overview: null,
    overviewProblem: null,
    lastCheck: null,
    lastCheckAt: null,
    coprBusy: null,
    coprProblem: null,

    async selectCoprProfile(index) {
      set({
        coprProfile: index,
        overview: null,
        overviewProblem: null,
        lastCheck: null,
        lastCheckAt: null,
        coprProblem: null,
      });
      // The choice also becomes the active profile, which the tray's "Check Copr" uses.
      if (get().settings?.activeCoprProfile !== index) await get().updateSettings({ activeCoprProfile: index });
      await get().loadOverview();
    },

    async loadOverview() {
      set({ coprBusy: get().coprBusy ?? 'overview' });
      const called = await call(() => api.coprOverview(coprTarget(get())));
      if (get().coprBusy === 'overview') set({ coprBusy: null });
      if (!called.ok) set({ overview: null, overviewProblem: { source: 'call', failure: called.failure } });
      else if (!called.value.ok)
        set({ overview: null, overviewProblem: { source: 'copr', failure: called.value.error } });
      else set({ overview: called.value.value, overviewProblem: null });
    },

    async checkCopr(semantics) {
      set({ coprBusy: 'check', coprProblem: null });
      const target = coprTarget(get());
      const called = await call(() => api.coprCheck(semantics ? { ...target, semantics } : target));
      set({ coprBusy: null });
      if (!called.ok) set({ coprProblem: { action: 'check', problem: { source: 'call', failure: called.failure } } });
      else {
        set({ lastCheck: called.value, lastCheckAt: new Date().toISOString() });
        // A check may have created (or dropped) python-copr's saved session.
        await get().loadOverview();
      }
    },

    clearCoprSession() {
      return runCoprAction(
        'clear-session',
        () => api.coprClearSession(coprTarget(get())),
        (v) => (v.removed ? t('copr.done.sessionCleared') : t('copr.done.noSession')),
      );
    },

    pinCopr(principal) {
      return runCoprAction(
        'pin',
        () => api.coprPin(principal, coprTarget(get())),
        (v) => t('copr.done.pinned', principal, v.host),
      );
    },

    unpinCopr() {
      return runCoprAction(
        'unpin',
        () => api.coprUnpin(coprTarget(get())),
        (v) => t('copr.done.unpinned', v.host),
      );
    },

    setCoprGssapi(on) {
      return runCoprAction(
        'gssapi',
        () => api.coprSetGssapi(on, coprTarget(get())),
        () => (on ? t('copr.done.gssapiOn') : t('copr.done.gssapiOff')),
      );
    },
  };
};
