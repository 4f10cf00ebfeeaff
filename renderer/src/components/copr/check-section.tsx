/** "Check now": ask Copr who you are, as copr-cli or the Python API would, and show the answer. */
import { useState } from 'react';
import type { CoprCheck, CoprSemantics } from '../../../../shared/copr';
import { describeWorkingAlternative } from '../../../../shared/copr-messages';
import { t } from '../../i18n';
import { selectBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from '../common/icon';
import { clientWord, methodName } from './copr-words';

const bare = (sentence: string): string => sentence.trim().replace(/[.]+$/, '');

/**
 * Whether the check's advice is the working-ticket sentence: main writes it from the same words
 * (`describeWorkingAlternative`) the working block shows, so it is shown there, once.
 */
function adviceIsWorkingBlock(check: CoprCheck): boolean {
  const { advice, identity, workingPrincipal } = check;
  return (
    advice !== null &&
    identity !== null &&
    workingPrincipal !== null &&
    bare(advice) === bare(describeWorkingAlternative(identity, workingPrincipal))
  );
}

function CheckResult({ check, at }: { readonly check: CoprCheck; readonly at: string | null }) {
  const { switchPrimary, pinCopr } = useActions();
  const busy = useAppStore(selectBusy);
  const error = check.failure ? t('failure.copr', check.failure) : check.error?.message;
  const working = check.workingPrincipal;
  return (
    <div className={`check-result ${check.ok ? 'ok' : 'failed'}`}>
      <p className="verdict">
        <Icon name={check.ok ? 'ok' : 'error'} />{' '}
        <strong>{check.ok && check.user ? t('copr.check.ok', check.user) : t('copr.check.failed')}</strong>
      </p>
      <ul className="facts">
        <li>{t('copr.check.client', clientWord(check.semantics))}</li>
        {/* The method tried, whatever came of it; the verdict above says what did. */}
        <li>{t('copr.check.method', methodName(check.method))}</li>
        {check.principal && <li>{t('copr.check.principal', check.principal)}</li>}
        <li>{t('copr.check.duration', t('format.seconds', check.durationMs))}</li>
        {at && <li>{t('copr.check.at', t('format.dateTime', at))}</li>}
        {/* How the login that worked was made; a failed check made none. */}
        {check.ok && check.session === 'reused' && <li>{t('copr.check.session.reused')}</li>}
        {check.ok && check.session === 'created' && <li>{t('copr.check.session.created')}</li>}
      </ul>
      {check.staleSession && (
        <p className="warning">
          <Icon name="warning" /> {t('copr.check.stale')}
        </p>
      )}
      {check.sessionRejected && <p>{t('copr.check.sessionRejected')}</p>}
      {error && (
        <p className="problem-text">
          <span className="visually-hidden">{t('failure.prefix')} </span>
          {error}
        </p>
      )}
      {check.advice && !adviceIsWorkingBlock(check) && <p>{t('copr.check.advice', check.advice)}</p>}
      {working && (
        <div className="working">
          <p>
            {check.identity ? t('copr.workingAlternative', check.identity, working) : t('copr.check.working', working)}
          </p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void switchPrimary(working)}>
              {t('copr.check.makePrimary', working)}
            </button>
            <button type="button" disabled={busy} onClick={() => void pinCopr(working)}>
              {t('copr.check.pin', working)}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The check part of the Copr view. */
export function CoprCheckSection() {
  const { checkCopr } = useActions();
  const lastCheck = useAppStore((s) => s.lastCheck);
  const lastCheckAt = useAppStore((s) => s.lastCheckAt);
  const coprBusy = useAppStore((s) => s.coprBusy);
  const [semantics, setSemantics] = useState<CoprSemantics>('cli');
  return (
    <section aria-labelledby="copr-check-heading">
      <h3 id="copr-check-heading">{t('copr.check.heading')}</h3>
      <fieldset className="inline">
        <legend>{t('copr.check.as')}</legend>
        {(['cli', 'api'] as const).map((s) => (
          <label key={s} className="radio">
            <input
              type="radio"
              name="copr-semantics"
              value={s}
              checked={semantics === s}
              onChange={() => setSemantics(s)}
            />
            {clientWord(s)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        {/* Reading the overview (local files) need not hold up a check. */}
        <button
          type="button"
          className="primary"
          disabled={coprBusy !== null && coprBusy !== 'overview'}
          onClick={() => void checkCopr(semantics)}
        >
          {t('copr.check.now')}
        </button>
      </div>
      <div aria-live="polite">{lastCheck && <CheckResult check={lastCheck} at={lastCheckAt} />}</div>
    </section>
  );
}
