/**
 * "Check now": ask Copr who you are, as copr-cli or the Python API would, and show the answer in
 * the order a person needs it: the verdict, what went wrong in plain words, what to do with a
 * button for each fix, and only then, folded, the technical detail (the raw GSSAPI text, the facts).
 */
import { type Ref, useRef, useState } from 'react';
import type { CoprCheck, CoprFailure, CoprSemantics } from '../../../../shared/copr';
import { t } from '../../i18n';
import { useFocusLanding } from '../../lib/use-focus-landing';
import { selectCheckOutdated } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from '../common/icon';
import { describeProblem, problemDetail } from '../common/problem-message';
import { clientWord, methodName } from './copr-words';
import { type AfterFix, RemedyButtons } from './remedy-buttons';

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

/** The facts and what the tool or server said, folded: for those who want them, not in the way. */
function TechnicalDetails({ check, at }: { readonly check: CoprCheck; readonly at: string | null }) {
  const detail = check.ok ? null : problemDetail({ source: 'copr', failure: check.error });
  return (
    <details className="technical">
      <summary>{t('copr.check.technical')}</summary>
      <Facts check={check} at={at} />
      {detail && <pre className="detail">{detail}</pre>}
    </details>
  );
}

/** What to do, as a sentence: the working ticket's, or the remedies as alternatives. */
function Advice({ check }: { readonly check: CoprCheck }) {
  const { advice } = check;
  // An expired ticket of the right identity: renewing or logging in is the story, another ticket second.
  if (advice.expired && advice.identity) {
    const other = advice.remedies.find((r) => r.kind === 'switch');
    return <p>{t('copr.expiredIdentity', advice.expired, advice.identity.realm, other?.principal ?? null)}</p>;
  }
  const working = advice.workingPrincipal;
  if (working) {
    return (
      <p>
        {advice.identity ? t('copr.workingAlternative', advice.identity, working) : t('copr.check.working', working)}
      </p>
    );
  }
  if (advice.remedies.length === 0) return null;
  return (
    <p>
      {t(
        'copr.check.advice',
        advice.remedies.map((r) => t('copr.remedy', r)),
      )}
    </p>
  );
}

/** The plain sentence of a failed check; the raw text behind it is in the technical details. */
const failureSentence = (failure: CoprFailure): string => describeProblem({ source: 'copr', failure });

function CheckResult(props: {
  readonly check: CoprCheck;
  readonly at: string | null;
  readonly resultRef: Ref<HTMLDivElement>;
  readonly after: AfterFix;
}) {
  const { check, at, resultRef, after } = props;
  // A check taken before the primary, a pin, the config or the session changed no longer holds.
  const outdated = useAppStore(selectCheckOutdated);
  return (
    <div
      ref={resultRef}
      tabIndex={-1}
      className={`check-result focus-target ${check.ok ? 'ok' : 'failed'}${outdated ? ' outdated' : ''}`}
    >
      {outdated && (
        <p className="outdated-note">
          <Icon name="warning" /> {t('copr.check.outdated', outdated)}
        </p>
      )}
      <p className="verdict">
        <Icon name={check.ok ? 'ok' : 'error'} />{' '}
        <strong>{check.ok ? t('copr.check.ok', check.value.user) : t('copr.check.failed')}</strong>
      </p>
      {!check.ok && (
        <p className="problem-text">
          <span className="visually-hidden">{t('failure.prefix')} </span>
          {failureSentence(check.error)}
        </p>
      )}
      {check.ok && check.value.staleSession && (
        <p className="warning">
          <Icon name="warning" /> {t('copr.check.stale')}
        </p>
      )}
      {check.sessionRejected && <p>{t('copr.check.sessionRejected')}</p>}
      <Advice check={check} />
      <RemedyButtons remedies={check.advice.remedies} semantics={check.semantics} after={after} />
      <TechnicalDetails check={check} at={at} />
    </div>
  );
}

function SemanticsChoice(props: { readonly semantics: CoprSemantics; readonly onChange: (s: CoprSemantics) => void }) {
  return (
    <fieldset className="inline">
      <legend>{t('copr.check.as')}</legend>
      {(['cli', 'api'] as const).map((s) => (
        <label key={s} className="radio">
          <input
            type="radio"
            name="copr-semantics"
            value={s}
            checked={props.semantics === s}
            onChange={() => props.onChange(s)}
          />
          {clientWord(s)}
        </label>
      ))}
    </fieldset>
  );
}

/** The check part of the Copr view: first in it, since it is what the view is for. */
export function CoprCheckSection() {
  const { checkCopr } = useActions();
  const lastCheck = useAppStore((s) => s.lastCheck);
  const lastCheckAt = useAppStore((s) => s.lastCheckAt);
  const coprBusy = useAppStore((s) => s.coprBusy);
  const [semantics, setSemantics] = useState<CoprSemantics>('cli');
  const land = useFocusLanding();
  const checkRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  // Reading the overview (local files) need not hold up a check.
  const held = coprBusy !== null && coprBusy !== 'overview';
  const after: AfterFix = { land, checkButton: () => checkRef.current };
  return (
    <section aria-labelledby="copr-check-heading">
      <h3 id="copr-check-heading">{t('copr.check.heading')}</h3>
      <SemanticsChoice semantics={semantics} onChange={setSemantics} />
      <div className="actions">
        {/* Held rather than disabled while it runs, so that focus stays; then it moves to the result. */}
        <button
          ref={checkRef}
          type="button"
          className="primary"
          aria-disabled={held || undefined}
          onClick={(e) => {
            if (!held)
              land(
                () => checkCopr(semantics),
                () => resultRef.current,
                e.currentTarget,
              );
          }}
        >
          {t('copr.check.now')}
        </button>
      </div>
      <div aria-live="polite">
        {lastCheck && <CheckResult check={lastCheck} at={lastCheckAt} resultRef={resultRef} after={after} />}
      </div>
    </section>
  );
}
