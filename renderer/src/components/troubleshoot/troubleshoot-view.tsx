/** The Troubleshoot view: the doctor's findings with their fixes, "Run again" and "Copy report". */
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n';
import { useActions, useAppStore, useAppStoreApi } from '../../store/store-context';
import { Icon } from '../common/icon';
import { ProblemMessage } from '../common/problem-message';
import { FindingItem } from './finding-item';

type CopyState =
  { readonly state: 'idle' | 'copying' | 'copied' | 'failed' } | { readonly state: 'manual'; readonly text: string };

/** Copies the report; where the clipboard is refused, shows it selected for Ctrl+C instead. */
function CopyReport() {
  const { fetchDoctorReport } = useActions();
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const manualRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (copy.state === 'manual') manualRef.current?.select();
  }, [copy]);

  async function run() {
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
      <button type="button" onClick={() => void run()} disabled={copy.state === 'copying'}>
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

  const store = useAppStoreApi();
  // Only on opening the view ("Run again" is the way to look again); the live state, not this
  // render's, decides, so a second mount (StrictMode) does not run it twice.
  useEffect(() => {
    const { report: shown, doctorBusy } = store.getState();
    if (!shown && !doctorBusy) void runDoctor();
  }, [store, runDoctor]);

  const findings = report?.findings ?? [];
  return (
    <>
      <div className="actions view-actions">
        <button type="button" className="primary" onClick={() => void runDoctor()} disabled={running}>
          {t('doctor.runAgain')}
        </button>
        <CopyReport />
      </div>
      <p className="progress-line" role="status" aria-live="polite">
        {running
          ? t('doctor.running')
          : report
            ? t('doctor.summary', findings.length, t('format.dateTime', report.checkedAt))
            : ''}
      </p>
      {report && localOnly && !running && <p className="hint">{t('doctor.localOnly')}</p>}
      {problem && <ProblemMessage problem={problem} />}
      {report && findings.length === 0 && (
        <p className="all-good">
          <Icon name="ok" /> {t('doctor.noFindings')}
        </p>
      )}
      {findings.length > 0 && (
        <ul className="findings">
          {findings.map((finding, i) => (
            <li key={`${finding.id}-${i}`}>
              <FindingItem finding={finding} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
