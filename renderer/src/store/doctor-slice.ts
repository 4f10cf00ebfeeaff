/** The troubleshooter: its findings, and the fixes applied. */
import { t } from '../i18n';
import { plainReply, runAction } from './call';
import type { DoctorSlice, Problem, SliceCreator } from './types';

const doctorFailed = (problem: Problem) => ({ doctorFailure: problem });

/** The doctor slice. */
export const createDoctorSlice: SliceCreator<DoctorSlice> = (api) => (set, get) => ({
  report: null,
  diagnosis: null,
  doctorBusy: false,
  doctorFailure: null,
  fixBusy: null,
  fixResults: {},

  async runDoctor() {
    const marks = {
      busy: { doctorBusy: true, doctorFailure: null },
      idle: { doctorBusy: false },
      failed: doctorFailed,
    };
    const outcome = await runAction(set, marks, () => api.doctor(), plainReply);
    if (outcome.ok) set({ report: outcome.value });
  },

  async loadDiagnosis() {
    const outcome = await runAction(set, { failed: doctorFailed }, () => api.getDiagnosis(), plainReply);
    // A push may have arrived meanwhile: only a newer diagnosis replaces the one shown.
    if (outcome.ok && outcome.value && get().diagnosis === null) get().diagnosisChanged(outcome.value);
  },

  diagnosisChanged(diagnosis) {
    set({ diagnosis, report: diagnosis.report });
  },

  async applyFix(fixId) {
    const marks = { busy: { fixBusy: fixId, doctorFailure: null }, idle: { fixBusy: null }, failed: doctorFailed };
    const applied = await runAction(set, marks, () => api.applyFix(fixId), plainReply);
    if (!applied.ok) return null;
    const outcome = applied.value;
    set({ fixResults: { ...get().fixResults, [fixId]: outcome } });
    // What the fix changed, in main's words (never a bare "applied").
    const label =
      get()
        .report?.findings.flatMap((f) => f.fixes)
        .find((f) => f.id === fixId)?.label ?? fixId;
    const said = outcome.ok ? t('doctor.fixApplied', outcome.message, label) : t('doctor.fixFailed', outcome.message);
    get().pushToast(outcome.ok ? 'success' : 'error', said);
    // Some fixes are a page to visit (Copr's token page, its web login): main names it, we open it.
    if (outcome.ok && outcome.url) await get().openExternalUrl(outcome.url);
    // What was wrong may be gone now (or something else may show): look again.
    await get().runDoctor();
    return outcome;
  },

  async fetchDoctorReport() {
    const outcome = await runAction(set, { failed: doctorFailed }, () => api.doctorReport(), plainReply);
    return outcome.ok && typeof outcome.value === 'string' ? outcome.value : null;
  },
});
