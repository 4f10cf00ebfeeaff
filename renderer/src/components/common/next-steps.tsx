/** The buttons that follow a Kerberos failure's sentence: the next step it suggests, one click away. */
import { FEDORA_REALM } from '../../../../shared/krb';
import { realmOf, withRealm } from '../../../../shared/principal';
import { t } from '../../i18n';
import { prefillForPrincipal } from '../../lib/login-prefill';
import type { LoginPrefill, Problem } from '../../store';
import { useActions } from '../../store/store-context';

/** Where Fedora account passwords are changed. */
export const FEDORA_ACCOUNTS_URL = 'https://accounts.fedoraproject.org/';

/**
 * What to offer after `problem`. `principal` is the identity the failed operation was about, if
 * any; `inLoginView` leaves out "Log in again" where the form is already on screen.
 */
export function NextSteps({
  problem,
  principal,
  inLoginView = false,
}: {
  readonly problem: Problem;
  readonly principal: string | null;
  readonly inLoginView?: boolean;
}) {
  const { openLogin, setView, openExternalUrl: openExternal } = useActions();
  if (problem.source !== 'krb') return null;
  const f = problem.failure;
  const logIn = (prefill: LoginPrefill | null) => (
    <button type="button" onClick={() => openLogin(prefill)}>
      {t('next.logIn')}
    </button>
  );
  const troubleshoot = (
    <button type="button" onClick={() => setView('troubleshoot')}>
      {t('next.troubleshoot')}
    </button>
  );
  switch (f.kind) {
    case 'ticket-expired':
    case 'not-renewable':
    case 'no-such-cache':
      return inLoginView ? null : logIn(principal ? prefillForPrincipal(principal) : null);
    case 'otp-needs-armor':
      return (
        <button type="button" onClick={() => openLogin(prefillForPrincipal(withRealm(f.principal, FEDORA_REALM)))}>
          {t('next.useFedora')}
        </button>
      );
    case 'password-expired':
      return realmOf(f.principal) === FEDORA_REALM ? (
        <button type="button" onClick={() => void openExternal(FEDORA_ACCOUNTS_URL)}>
          {t('next.fedoraAccounts')}
        </button>
      ) : null;
    case 'realm-not-configured':
    case 'kdc-unreachable':
    case 'anonymous-pkinit-unavailable':
    case 'clock-skew':
    case 'tool-missing':
    case 'timed-out':
    case 'not-switchable':
    case 'unexpected':
      return troubleshoot;
    default:
      return null;
  }
}
