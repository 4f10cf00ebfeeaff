/** One troubleshooter finding: severity in words and icon, what is wrong, the evidence, the fixes. */
import { useId } from 'react';
import type { Finding, Fix, Severity } from '../../../../shared/doctor';
import { type TextKey, t } from '../../i18n';
import { prefillFromFix } from '../../lib/login-prefill';
import { selectBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon, type IconName } from '../common/icon';
import { UnsavedTokenNotice } from './unsaved-token';

const SEVERITY: Readonly<Record<Severity, { readonly word: TextKey; readonly icon: IconName }>> = {
  error: { word: 'severity.error', icon: 'error' },
  warning: { word: 'severity.warning', icon: 'warning' },
  info: { word: 'severity.info', icon: 'info' },
};

/** Applies a fix; `button` is the control that asked, for where focus goes after. */
export type ApplyFix = (fix: Fix, finding: Finding, button: HTMLElement) => void;

function FixControl({
  fix,
  finding,
  onApply,
}: {
  readonly fix: Fix;
  readonly finding: Finding;
  readonly onApply: ApplyFix;
}) {
  const { openLogin, openExternalUrl } = useActions();
  const applying = useAppStore((s) => s.fixBusy);
  const outcome = useAppStore((s) => s.fixResults[fix.id]);
  const fedoraUser = useAppStore((s) => s.settings?.fedoraUser ?? null);
  const busy = useAppStore(selectBusy);
  const held = applying !== null || busy;
  return (
    <li className="fix">
      {fix.needsPassword ? (
        <button type="button" onClick={() => openLogin(prefillFromFix(fix, fedoraUser))}>
          {t('doctor.fixWithPassword', fix.label)}
        </button>
      ) : (
        // Held rather than disabled while it runs, so that focus stays on it.
        <button
          type="button"
          aria-disabled={held || undefined}
          onClick={(e) => {
            if (!held) onApply(fix, finding, e.currentTarget);
          }}
        >
          {applying === fix.id ? t('doctor.applying', fix.label) : fix.label}
        </button>
      )}
      {fix.needsPassword && <p className="hint">{t('doctor.needsPassword')}</p>}
      {fix.command.length > 0 && (
        <p className="hint">
          {t('doctor.command')} <code>{fix.command.join(' ')}</code>
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'outcome ok' : 'outcome failed'} role="status">
          <Icon name={outcome.ok ? 'ok' : 'error'} />{' '}
          <span className="visually-hidden">{outcome.ok ? t('doctor.outcomeOk') : t('doctor.outcomeFailed')} </span>
          {outcome.message}
        </p>
      )}
      {outcome?.unsavedToken && <UnsavedTokenNotice token={outcome.unsavedToken} />}
      {outcome?.ok && outcome.url && (
        <button type="button" className="link" onClick={() => void openExternalUrl(outcome.url!)}>
          {t('doctor.openPage', outcome.url)}
        </button>
      )}
    </li>
  );
}

/** A finding as an article, its title as the heading. */
export function FindingItem({ finding, onApply }: { readonly finding: Finding; readonly onApply: ApplyFix }) {
  const titleId = useId();
  const severity = SEVERITY[finding.severity];
  return (
    <article className={`finding severity-${finding.severity}`} aria-labelledby={titleId}>
      <p className="severity">
        <Icon name={severity.icon} /> {t(severity.word)}
      </p>
      <h3 id={titleId}>{finding.title}</h3>
      <p>{finding.detail}</p>
      {finding.evidence.length > 0 && (
        <details>
          <summary>{t('doctor.evidence', finding.evidence.length)}</summary>
          <ul className="evidence">
            {finding.evidence.map((line, i) => (
              <li key={i}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {finding.fixes.length > 0 && (
        <ul className="fixes">
          {finding.fixes.map((fix) => (
            <FixControl key={fix.id} fix={fix} finding={finding} onApply={onApply} />
          ))}
        </ul>
      )}
    </article>
  );
}
