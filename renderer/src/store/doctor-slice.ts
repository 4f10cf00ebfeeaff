/** The troubleshooter: its findings, and the fixes applied. */
import { t } from '../i18n';
import { call } from './call';
import type { DoctorSlice, SliceCreator } from './types';

/** The doctor slice. */
export const createDoctorSlice: SliceCreator<DoctorSlice> = (api) => (set, get) => ({
  report: null,
  doctorRunning: false,
  doctorProblem: null,
  applyingFix: null,
  fixResults: {},

  async runDoctor() {
    set({ doctorRunning: true, doctorProblem: null });
    const called = await call(() => api.doctor());
    set({ doctorRunning: false });
    if (called.ok) set({ report: called.value });
    else set({ doctorProblem: { source: 'call', failure: called.failure } });
  },

  async applyFix(fixId) {
    set({ applyingFix: fixId, doctorProblem: null });
    const called = await call(() => api.applyFix(fixId));
    set({ applyingFix: null });
    if (!called.ok) {
      set({ doctorProblem: { source: 'call', failure: called.failure } });
      return null;
    }
    const outcome = called.value;
    set({ fixResults: { ...get().fixResults, [fixId]: outcome } });
    get().pushToast(outcome.ok ? 'success' : 'error', outcome.ok ? t('doctor.fixApplied') : t('doctor.fixFailed'));
    // Some fixes are a page to visit (Copr's token page, its web login): main names it, we open it.
    if (outcome.ok && outcome.url) await get().openExternalUrl(outcome.url);
    // What was wrong may be gone now (or something else may show): look again.
    await get().runDoctor();
    return outcome;
  },

  async fetchDoctorReport() {
    const called = await call(() => api.doctorReport());
    if (called.ok && typeof called.value === 'string') return called.value;
    if (!called.ok) set({ doctorProblem: { source: 'call', failure: called.failure } });
    return null;
  },
});
