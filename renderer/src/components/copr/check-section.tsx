/** "Check now": ask Copr who you are, as copr-cli or the Python API would, and show the answer. */
import { useState } from 'react';
import type { CoprAdvice, CoprCheck, CoprRemedy, CoprSemantics } from '../../../../shared/copr';
import { t } from '../../i18n';
import { selectBusy, selectCheckOutdated } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from '../common/icon';
import { describeProblem } from '../common/problem-message';
import { clientWord, methodName } from './copr-words';

/** Remedies the working-ticket block offers as buttons; the others are said under "What to do:". */
const BUTTON_REMEDIES: ReadonlySet<CoprRemedy['kind']> = new Set(['switch', 'pin']);

function Facts({ check, at }: { readonly check: CoprCheck; readonly at: string | null }) {
  const principal = check.ok ? check.value.principal : null;
  return (
    <ul className="facts">
      <li>{t('copr.check.client', clientWord(check.semantics))}</li>
      {/* The method tried, whatever came of it; the verdict above says what did. */}
      <li>{t('copr.check.method', methodName(check.method))}</li>
      {principal && <li>{t('copr.check.principal', principal)}</li>}
      <li>{t('copr.check.duration', t('format.seconds', check.durationMs))}</li>
      {at && <li>{t('copr.check.at', t('format.dateTime', at))}</li>}
      {/* How the login that worked was made; a failed check made none. */}
      {check.ok && check.session === 'reused' && <li>{t('copr.check.session.reused')}</li>}
      {check.ok && check.session === 'created' && <li>{t('copr.check.session.created')}</li>}
    </ul>
  );
}

/** Another ticket that works, with the two ways to make GSSAPI use it. */
function WorkingTicket({ advice, working }: { readonly advice: CoprAdvice; readonly working: string }) {
  const { switchPrimary, pinCopr } = useActions();
  const busy = useAppStore(selectBusy);
  return (
    <div className="working">
      <p>
        {advice.identity ? t('copr.workingAlternative', advice.identity, working) : t('copr.check.working', working)}
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
  );
}

function CheckResult({ check, at }: { readonly check: CoprCheck; readonly at: string | null }) {
  const { advice } = check;
  const outdated = useAppStore(selectCheckOutdated);
  const working = advice.workingPrincipal;
  const said = advice.remedies.filter((r) => !(working && BUTTON_REMEDIES.has(r.kind)));
  return (
    <div className={`check-result ${check.ok ? 'ok' : 'failed'}${outdated ? ' outdated' : ''}`}>
      {outdated && (
        <p className="outdated-note">
          <Icon name="warning" /> {t('copr.check.outdated', outdated)}
        </p>
      )}
      <p className="verdict">
        <Icon name={check.ok ? 'ok' : 'error'} />{' '}
        <strong>{check.ok ? t('copr.check.ok', check.value.user) : t('copr.check.failed')}</strong>
      </p>
      <Facts check={check} at={at} />
      {check.ok && check.value.staleSession && (
        <p className="warning">
          <Icon name="warning" /> {t('copr.check.stale')}
        </p>
      )}
      {check.sessionRejected && <p>{t('copr.check.sessionRejected')}</p>}
      {!check.ok && (
        <p className="problem-text">
          <span className="visually-hidden">{t('failure.prefix')} </span>
          {describeProblem({ source: 'copr', failure: check.error })}
        </p>
      )}
      {said.length > 0 && (
        <p>
          {t(
            'copr.check.advice',
            said.map((r) => t('copr.remedy', r)),
          )}
        </p>
      )}
      {working && <WorkingTicket advice={advice} working={working} />}
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
