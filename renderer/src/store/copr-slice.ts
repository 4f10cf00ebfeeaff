/** Copr: the overview of the chosen profile, the last check, and the config actions. */
import type { CoprTargetRequest } from '../../../shared/contract';
import type { CoprFailure } from '../../../shared/copr';
import type { Result } from '../../../shared/result';
import { t } from '../i18n';
import { coprReply, plainReply, runAction } from './call';
import type { AppState, CoprAction, CoprSlice, Problem, SliceCreator } from './types';

/** The profile the Copr calls target: the one chosen in the view, else the active one. */
export function coprTarget(state: Pick<AppState, 'coprProfile' | 'settings'>): CoprTargetRequest {
  const profile = state.coprProfile ?? state.settings?.activeCoprProfile;
  return profile === undefined ? {} : { profile };
}

/** The Copr slice. */
export const createCoprSlice: SliceCreator<CoprSlice> = (api) => (set, get) => {
  /** The marks of a Copr action: busy while it runs, its failure after. */
  const marks = (action: CoprAction) => ({
    busy: { coprBusy: action, coprFailure: null },
    idle: { coprBusy: null },
    failed: (problem: Problem) => ({ coprFailure: { action, problem } }),
  });

  /** Runs a config action, then re-reads the overview (which the action changed). */
  async function runCoprAction<T>(
    action: CoprAction,
    run: () => Promise<Result<T, CoprFailure>>,
    done: (value: T) => string,
  ): Promise<boolean> {
    const outcome = await runAction(set, marks(action), run, coprReply);
    if (!outcome.ok) return false;
    get().pushToast('success', done(outcome.value));
    await get().loadOverview();
    return true;
  }

  return {
    coprProfile: null,
    overview: null,
    overviewFailure: null,
    lastCheck: null,
    lastCheckAt: null,
    lastCheckChange: null,
    coprBusy: null,
    coprFailure: null,

    async selectCoprProfile(index) {
      set({
        coprProfile: index,
        overview: null,
        overviewFailure: null,
        lastCheck: null,
        lastCheckAt: null,
        lastCheckChange: null,
        coprFailure: null,
      });
      // The choice also becomes the active profile, which the tray's "Check Copr" uses.
      const saved =
        get().settings?.activeCoprProfile === index || (await get().updateSettings({ activeCoprProfile: index }));
      await get().loadOverview();
      return saved;
    },

    async loadOverview() {
      // Reading the overview shows as busy only when no other Copr action (which reads it after) is.
      const reading = get().coprBusy === null;
      const outcome = await runAction(
        set,
        {
          ...(reading ? { busy: { coprBusy: 'overview' as const } } : {}),
          failed: (problem) => ({ overview: null, overviewFailure: problem }),
        },
        () => api.coprOverview(coprTarget(get())),
        coprReply,
      );
      if (get().coprBusy === 'overview') set({ coprBusy: null });
      if (outcome.ok) set({ overview: outcome.value, overviewFailure: null });
    },

    async checkCopr(semantics) {
      const target = coprTarget(get());
      const run = () => api.coprCheck(semantics ? { ...target, semantics } : target);
      // A change main reports while the check runs may have come too late for it: it counts as after.
      const changeBefore = get().diagnosis?.change?.serial ?? 0;
      const outcome = await runAction(set, marks('check'), run, plainReply);
      if (!outcome.ok) return;
      set({ lastCheck: outcome.value, lastCheckAt: new Date().toISOString(), lastCheckChange: changeBefore });
      // A check may have created (or dropped) python-copr's saved session.
      await get().loadOverview();
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
