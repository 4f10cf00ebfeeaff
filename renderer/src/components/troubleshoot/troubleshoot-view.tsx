/**
 * The Troubleshoot view: the doctor's findings with their fixes, "Run again" and "Copy report".
 * Problems (errors, warnings) come first; notes (information that may not concern the user, such
 * as what Python scripts would do) are folded under them. The buttons are held rather than
 * disabled while they work, so focus stays; a fix that makes its finding go away says what it
 * changed where the finding was, and focus lands on that sentence.
 */
import { useEffect, useRef, useState } from 'react';
import type { Finding } from '../../../../shared/doctor';
import { t } from '../../i18n';
import { useFocusLanding } from '../../lib/use-focus-landing';
import { useActions, useAppStore, useAppStoreApi } from '../../store/store-context';
import { Icon } from '../common/icon';
import { ProblemMessage } from '../common/problem-message';
import { type ApplyFix, FindingItem } from './finding-item';
import { UnsavedTokenNotice } from './unsaved-token';

type CopyState =
  { readonly state: 'idle' | 'copying' | 'copied' | 'failed' } | { readonly state: 'manual'; readonly text: string };

/** Copies the report; where the clipboard is refused, shows it selected (and focused) for Ctrl+C instead. */
function CopyReport() {
  const { fetchDoctorReport } = useActions();
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const manualRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (copy.state !== 'manual') return;
    manualRef.current?.focus();
    manualRef.current?.select();
  }, [copy]);

  async function run() {
    if (copy.state === 'copying') return;
    setCopy({ state: 'copying' });
    const text = await fetchDoctorReport();
    if (text === null) return setCopy({ state: 'failed' });
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopy({ state: 'copied' });
    } catch {
      setCopy({ state: 'manual', text });
    }
  }

  return (
    <>
      <button type="button" onClick={() => void run()} aria-disabled={copy.state === 'copying' || undefined}>
        {t('doctor.copy')}
      </button>
      <div className="copy-result" role="status" aria-live="polite">
        {copy.state === 'copied' && t('doctor.copied')}
        {copy.state === 'failed' && t('doctor.copyFailed')}
        {copy.state === 'manual' && t('doctor.copyManual')}
      </div>
      {copy.state === 'manual' && (
        <textarea
          ref={manualRef}
          className="report"
          readOnly
          value={copy.text}
          aria-label={t('doctor.reportLabel')}
          rows={8}
        />
      )}
    </>
  );
}

/** What a fix that made its finding go away changed. */
interface Fixed {
  readonly title: string;
  readonly message: string;
}

/** `apply` for the fix buttons, and the sentence to show (and focus) once a finding is fixed. */
function useApplyFix() {
  const { applyFix } = useActions();
  const store = useAppStoreApi();
  const land = useFocusLanding();
  const [fixed, setFixed] = useState<Fixed | null>(null);
  const fixedRef = useRef<HTMLParagraphElement>(null);
  const apply: ApplyFix = (fix, finding, button) => {
    setFixed(null);
    const run = async () => {
      const outcome = await applyFix(fix.id);
      const still = store.getState().report?.findings.some((f) => f.id === finding.id) ?? false;
      // What changed, in main's words; had it none, the fix's label says what was done.
      if (outcome?.ok && !still)
        setFixed({ title: finding.title, message: t('doctor.fixApplied', outcome.message, fix.label) });
    };
    // Where the finding is still there, its button keeps focus; where it went, the sentence takes it.
    land(run, () => fixedRef.current ?? (button.isConnected ? button : null));
  };
  return { apply, fixed, fixedRef };
}

/**
 * A new token the config could not take is shown under its fix; where that fix is no longer on
 * offer (the finding went away when the doctor looked again), it is shown here, so it is not lost.
 */
function UnsavedTokensWithoutFix({ findings }: { readonly findings: readonly Finding[] }) {
  const results = useAppStore((s) => s.fixResults);
  const offered = new Set(findings.flatMap((f) => f.fixes.map((fix) => fix.id)));
  const orphans = Object.values(results).filter((r) => r.unsavedToken && !offered.has(r.fixId));
  return orphans.map((r) => <UnsavedTokenNotice key={r.fixId} token={r.unsavedToken!} />);
}

/** Problems first; notes folded under them, since they may not concern the user. */
function FindingList({ findings, onApply }: { readonly findings: readonly Finding[]; readonly onApply: ApplyFix }) {
  const problems = findings.filter((f) => f.severity !== 'info');
  const notes = findings.filter((f) => f.severity === 'info');
  const list = (items: readonly Finding[]) => (
    <ul className="findings">
      {items.map((finding, i) => (
        <li key={`${finding.id}-${i}`}>
          <FindingItem finding={finding} onApply={onApply} />
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {problems.length > 0 && list(problems)}
      {notes.length > 0 && (
        <details className="notes">
          <summary>{t('doctor.notes', notes.length)}</summary>
          {list(notes)}
        </details>
      )}
    </>
  );
}

/**
 * The Troubleshoot view; runs the doctor when first opened without a diagnosis, and then shows
 * each diagnosis main pushes after a change (no need to run it again by hand).
 */
export function TroubleshootView() {
  const { runDoctor } = useActions();
  const report = useAppStore((s) => s.report);
  const running = useAppStore((s) => s.doctorBusy);
  const problem = useAppStore((s) => s.doctorFailure);
  // The findings shown are main's diagnosis after a change, made without asking Copr.
  const localOnly = useAppStore((s) => s.diagnosis !== null && !s.diagnosis.network && s.report === s.diagnosis.report);
  const { apply, fixed, fixedRef } = useApplyFix();

  const store = useAppStoreApi();
  // Only on opening the view ("Run again" is the way to look again); the live state, not this
  // render's, decides, so a second mount (StrictMode) does not run it twice.
  // Opened with nothing shown, or with only main's local diagnosis (which cannot ask Copr, so it
  // cannot name a Copr-side problem): run the whole doctor once, as the view always did.
  useEffect(() => {
    const { report: shown, doctorBusy, diagnosis } = store.getState();
    const onlyLocal = shown !== null && diagnosis !== null && !diagnosis.network && shown === diagnosis.report;
    if ((!shown || onlyLocal) && !doctorBusy) void runDoctor();
  }, [store, runDoctor]);

  const findings = report?.findings ?? [];
  const problems = findings.filter((f) => f.severity !== 'info').length;
  return (
    <>
      <div className="actions view-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            if (!running) void runDoctor();
          }}
          aria-disabled={running || undefined}
        >
          {t('doctor.runAgain')}
        </button>
        <CopyReport />
      </div>
      <p className="progress-line" role="status" aria-live="polite">
        {running
          ? t('doctor.running')
          : report
            ? t('doctor.summary', problems, t('format.dateTime', report.checkedAt))
            : ''}
      </p>
      {report && localOnly && !running && <p className="hint">{t('doctor.localOnly')}</p>}
      {fixed && (
        <p ref={fixedRef} tabIndex={-1} className="outcome ok focus-target">
          <Icon name="ok" /> {t('doctor.fixedFinding', fixed.title, fixed.message)}
        </p>
      )}
      {problem && <ProblemMessage problem={problem} />}
      <UnsavedTokensWithoutFix findings={findings} />
      {report && problems === 0 && (
        <p className="all-good">
          <Icon name="ok" /> {t('doctor.noFindings')}
        </p>
      )}
      <FindingList findings={findings} onApply={apply} />
    </>
  );
}
