/**
 * What the Copr config says and what follows from it: file, URL, user, token expiry, which method
 * copr-cli and the Python API would each use and why, which Kerberos identity would be used, and
 * the gssapi switch.
 */
import type { CoprOverview } from '../../../../shared/copr';
import { realmOf } from '../../../../shared/principal';
import { t } from '../../i18n';
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

/** The configuration part of the Copr view. */
export function CoprConfigSection({
  overview,
  now,
  disabled,
}: {
  readonly overview: CoprOverview;
  readonly now: number;
  readonly disabled: boolean;
}) {
  const { setCoprGssapi } = useActions();
  const { config } = overview;
  const user = config.username ?? config.login;
  return (
    <>
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
        <h4>{t('copr.gssapi.heading')}</h4>
        <p>
          {config.gssapi === null ? t('copr.gssapi.unset') : config.gssapi ? t('copr.gssapi.on') : t('copr.gssapi.off')}
        </p>
        <div className="actions">
          <button type="button" disabled={disabled || config.gssapi === true} onClick={() => void setCoprGssapi(true)}>
            {t('copr.gssapi.turnOn')}
          </button>
          <button
            type="button"
            disabled={disabled || config.gssapi === false}
            onClick={() => void setCoprGssapi(false)}
          >
            {t('copr.gssapi.turnOff')}
          </button>
        </div>
      </section>
    </>
  );
}
