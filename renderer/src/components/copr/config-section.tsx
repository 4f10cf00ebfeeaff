/**
 * What the Copr config says and what follows from it: file, URL, user, token expiry, which method
 * copr-cli and the Python API would each use and why, which Kerberos identity would be used, and
 * the gssapi switch.
 */
import { useRef } from 'react';
import type { CoprOverview } from '../../../../shared/copr';
import { realmOf } from '../../../../shared/principal';
import { t } from '../../i18n';
import { useFocusLanding } from '../../lib/use-focus-landing';
import { useActions } from '../../store/store-context';
import { Icon } from '../common/icon';
import { clientWord, methodWord, whyWord } from './copr-words';

function tokenLine(overview: CoprOverview, now: number): string {
  const { hasToken, tokenExpires } = overview.config;
  if (!hasToken) return t('copr.config.token.none');
  if (!tokenExpires) return t('copr.config.token.present');
  const left = Date.parse(tokenExpires) - now;
  return left > 0
    ? t('copr.config.token.expires', t('format.date', tokenExpires), t('format.duration', left))
    : t('copr.config.token.expired', t('format.date', tokenExpires));
}

function IdentityLine({ overview }: { readonly overview: CoprOverview }) {
  const { identity, config } = overview;
  if (!identity.wouldUse) {
    return (
      <p className="warning">
        <Icon name="warning" /> {t('copr.identity.none', config.host, identity.realm)}
      </p>
    );
  }
  const wrongRealm = realmOf(identity.wouldUse) !== identity.realm;
  return (
    <p className={wrongRealm ? 'warning' : undefined}>
      {wrongRealm && <Icon name="warning" />}{' '}
      {t('copr.identity.line', identity.wouldUse, config.host, whyWord(identity.why))}
      {wrongRealm && <> {t('copr.identity.wrongRealm', identity.realm)}</>}
    </p>
  );
}

/** The gssapi switch: a button turned off once it is in force, so focus then lands on what it now says. */
function GssapiSwitch({ overview, disabled }: { readonly overview: CoprOverview; readonly disabled: boolean }) {
  const { setCoprGssapi } = useActions();
  const land = useFocusLanding();
  const stateRef = useRef<HTMLParagraphElement>(null);
  const { gssapi } = overview.config;
  const set = (on: boolean) =>
    land(
      () => setCoprGssapi(on),
      () => stateRef.current,
    );
  return (
    <>
      <h4>{t('copr.gssapi.heading')}</h4>
      <p ref={stateRef} tabIndex={-1} className="focus-target">
        {gssapi === null ? t('copr.gssapi.unset') : gssapi ? t('copr.gssapi.on') : t('copr.gssapi.off')}
      </p>
      <div className="actions">
        <button type="button" disabled={disabled || gssapi === true} onClick={() => set(true)}>
          {t('copr.gssapi.turnOn')}
        </button>
        <button type="button" disabled={disabled || gssapi === false} onClick={() => set(false)}>
          {t('copr.gssapi.turnOff')}
        </button>
      </div>
    </>
  );
}

/**
 * The configuration part of the Copr view, folded: what the config says and what follows from it
 * is for those who want to know why; the check above says whether it works.
 */
export function CoprConfigSection({
  overview,
  now,
  disabled,
}: {
  readonly overview: CoprOverview;
  readonly now: number;
  readonly disabled: boolean;
}) {
  const { config } = overview;
  const user = config.username ?? config.login;
  return (
    <details className="config-details">
      <summary>{t('copr.config.summary')}</summary>
      <section aria-labelledby="copr-config-heading">
        <h3 id="copr-config-heading">{t('copr.config.heading')}</h3>
        <p>{t('copr.config.path', config.path)}</p>
        {!config.exists && <p className="hint">{t('copr.config.missing')}</p>}
        <p>{t('copr.config.url', config.coprUrl)}</p>
        {user && <p>{t('copr.config.user', user)}</p>}
        <p>{tokenLine(overview, now)}</p>
      </section>
      <section aria-labelledby="copr-methods-heading">
        <h3 id="copr-methods-heading">{t('copr.methods.heading')}</h3>
        <ul className="methods">
          {[overview.cli, overview.api].map((choice) => (
            <li key={choice.semantics}>
              <p>
                <strong>{t('copr.methods.would', clientWord(choice.semantics), methodWord(choice.method))}</strong>
              </p>
              <p className="hint">{choice.reason}</p>
            </li>
          ))}
        </ul>
        <IdentityLine overview={overview} />
        <GssapiSwitch overview={overview} disabled={disabled} />
      </section>
    </details>
  );
}
