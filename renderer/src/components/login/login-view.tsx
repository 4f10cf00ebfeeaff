/**
 * The Log in view: Fedora's flow (FAS username, password, optional OTP) or any realm (principal,
 * password). The principal is checked before anything is sent; the password and code stay in this
 * component's state, are cleared the moment the login starts, and never reach the store.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FEDORA_REALM, type LoginRequest } from '../../../../shared/krb';
import { realmOf, validatePrincipal, withRealm } from '../../../../shared/principal';
import { t } from '../../i18n';
import { useSecret } from '../../lib/use-secret';
import type { LoginPrefill } from '../../store';
import { useActions, useAppStore } from '../../store/store-context';
import { NextSteps } from '../common/next-steps';
import { ProblemMessage } from '../common/problem-message';
import { TextField } from '../common/text-field';

type Mode = 'fedora' | 'other';
type FieldError = { readonly field: 'user' | 'principal' | 'password'; readonly message: string };

/** The Log in view; a new prefill (from another view) starts the form afresh. */
export function LoginView() {
  const prefill = useAppStore((s) => s.loginPrefill);
  const serial = useAppStore((s) => s.loginPrefillSerial);
  return <LoginForm key={serial} prefill={prefill} />;
}

function LoginForm({ prefill }: { readonly prefill: LoginPrefill | null }) {
  const savedUser = useAppStore((s) => s.settings?.fedoraUser ?? null);
  const busy = useAppStore((s) => s.busy);
  const failure = useAppStore((s) => s.ticketFailure);
  const { login, updateSettings, setView, clearTicketFailure } = useActions();
  const [mode, setMode] = useState<Mode>(prefill?.mode ?? 'fedora');
  const [user, setUser] = useState(prefill?.mode === 'fedora' ? prefill.user : '');
  const [principal, setPrincipal] = useState(prefill?.mode === 'other' ? prefill.principal : '');
  const password = useSecret();
  const otp = useSecret();
  const [error, setError] = useState<FieldError | null>(null);
  const focusRefs = useRef<Partial<Record<FieldError['field'], HTMLInputElement | null>>>({});

  // The Fedora account name from settings fills an untouched field once settings have loaded
  // (this effect deliberately depends on the saved name only).
  useEffect(() => {
    if (savedUser && user === '') setUser(savedUser);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on the saved name only, as said above
  }, [savedUser]);
  // A failure from an earlier visit is stale now (on mount only).
  useEffect(() => {
    if (failure?.action === 'login') clearTicketFailure();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only, as said above
  }, []);
  useEffect(() => {
    if (error) focusRefs.current[error.field]?.focus();
  }, [error]);

  function changeMode(next: Mode) {
    // Another account: another password.
    password.clear();
    otp.clear();
    setError(null);
    setMode(next);
  }

  /** The principal to log in as, or the error to show at the field. */
  function target(): { readonly principal: string } | FieldError {
    const typed = (mode === 'fedora' ? user : principal).trim();
    const field = mode === 'fedora' ? 'user' : 'principal';
    if (mode === 'fedora' && realmOf(typed) !== null && realmOf(typed) !== FEDORA_REALM) {
      return { field, message: t('login.fedoraOtherRealm') };
    }
    const checked = validatePrincipal(mode === 'fedora' && typed !== '' ? withRealm(typed, FEDORA_REALM) : typed);
    if (!checked.ok)
      return { field, message: t('failure.krb', { kind: 'invalid-input', field: 'principal', reason: checked.error }) };
    return { principal: checked.value };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = target();
    if ('field' in checked) return setError(checked);
    if (password.value === '') return setError({ field: 'password', message: t('login.passwordMissing') });
    setError(null);
    // Hand the secrets over and forget them: the fields are empty before the call even starts.
    const request: LoginRequest =
      mode === 'fedora'
        ? { principal: checked.principal, password: password.value, otp: otp.value.trim(), fedora: true }
        : { principal: checked.principal, password: password.value };
    password.clear();
    otp.clear();
    const ok = await login(request);
    if (!ok) return;
    const name = user.trim().replace(/@[^@]*$/, '');
    if (mode === 'fedora' && name !== savedUser) void updateSettings({ fedoraUser: name });
    setView('identities');
  }

  const running = busy?.action === 'login';
  const loginFailure = failure?.action === 'login' ? failure : null;
  const fieldError = (field: FieldError['field']) => (error?.field === field ? error.message : null);

  return (
    <form className="login" onSubmit={(e) => void submit(e)} noValidate aria-busy={running}>
      <fieldset className="mode">
        <legend>{t('login.kind')}</legend>
        {(['fedora', 'other'] as const).map((m) => (
          <label key={m} className="radio">
            <input type="radio" name="login-kind" value={m} checked={mode === m} onChange={() => changeMode(m)} />
            {m === 'fedora' ? t('login.kind.fedora') : t('login.kind.other')}
          </label>
        ))}
      </fieldset>
      {mode === 'fedora' ? (
        <TextField
          label={t('login.fasUser')}
          hint={t('login.fasUserHint', FEDORA_REALM)}
          value={user}
          onValue={setUser}
          error={fieldError('user')}
          inputRef={(el) => void (focusRefs.current.user = el)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
      ) : (
        <TextField
          label={t('login.principal')}
          hint={t('login.principalHint')}
          value={principal}
          onValue={setPrincipal}
          error={fieldError('principal')}
          inputRef={(el) => void (focusRefs.current.principal = el)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
      )}
      <TextField
        label={t('login.password')}
        type="password"
        value={password.value}
        onValue={password.set}
        error={fieldError('password')}
        inputRef={(el) => {
          password.ref(el);
          focusRefs.current.password = el;
        }}
        autoComplete="current-password"
      />
      {mode === 'fedora' && (
        <TextField
          label={t('login.otp')}
          hint={t('login.otpHint')}
          type="password"
          value={otp.value}
          onValue={otp.set}
          inputRef={otp.ref}
          autoComplete="one-time-code"
          inputMode="numeric"
        />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          {mode === 'fedora' ? t('login.submitFedora') : t('login.submit')}
        </button>
      </div>
      <div className="progress-line" role="status" aria-live="polite">
        {running && (
          <>
            <progress aria-label={t('login.progressLabel')} />
            <span>{t('busy.login', busy.principal ?? '')}</span>
          </>
        )}
      </div>
      {loginFailure && (
        <ProblemMessage problem={loginFailure.problem}>
          <NextSteps problem={loginFailure.problem} principal={loginFailure.principal} inLoginView />
        </ProblemMessage>
      )}
    </form>
  );
}
