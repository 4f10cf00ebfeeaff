/**
 * The Log in view: Fedora's flow (FAS username, password, optional OTP) or any realm (principal,
 * password). The principal is checked before anything is sent; the password and code stay in this
 * component's state, are cleared the moment the login starts, and never reach the store. Main
 * remembers the Fedora account name itself; the store reads it back after the login.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { FEDORA_REALM, type LoginRequest, type PrimaryMove } from '../../../../shared/krb';
import { realmOf, validatePrincipal, withRealm } from '../../../../shared/principal';
import { rememberedFor } from '../../../../shared/remembered-logins';
import type { RememberedLogin } from '../../../../shared/settings';
import { hasTicketOptions } from '../../../../shared/ticket-options';
import { t } from '../../i18n';
import { type SecretField, useSecret } from '../../lib/use-secret';
import type { LoginPrefill } from '../../store';
import { selectBusy, selectSavedFedoraUser, selectTicketsBusy, selectTicketsFailureOf } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { NextSteps } from '../common/next-steps';
import { ProblemMessage } from '../common/problem-message';
import { TextField } from '../common/text-field';
import { focusFirstEmpty, focusIdentityCard } from './login-focus';
import { LoginResult } from './login-result';
import { PrimaryChoice, usePrimaryChoice } from './primary-choice-field';
import { TicketOptionsField, useTicketOptions } from './ticket-options-field';

type Mode = 'fedora' | 'other';
type Field = 'user' | 'principal' | 'password' | 'lifetime' | 'renewableLifetime';
type FieldError = { readonly field: Field; readonly message: string };

const selectLoginFailure = selectTicketsFailureOf('login');

/** The Log in view; a new prefill (from another view) starts the form afresh. */
export function LoginView() {
  const prefill = useAppStore((s) => s.loginPrefill);
  const serial = useAppStore((s) => s.loginPrefillSerial);
  return <LoginForm key={serial} prefill={prefill} />;
}

/** The principal to log in as, or the error to show at the field the user typed it in. */
function loginPrincipal(mode: Mode, typedText: string): { readonly principal: string } | FieldError {
  const typed = typedText.trim();
  const field = mode === 'fedora' ? 'user' : 'principal';
  if (mode === 'fedora' && realmOf(typed) !== null && realmOf(typed) !== FEDORA_REALM) {
    return { field, message: t('login.fedoraOtherRealm') };
  }
  const checked = validatePrincipal(mode === 'fedora' && typed !== '' ? withRealm(typed, FEDORA_REALM) : typed);
  if (!checked.ok)
    return { field, message: t('failure.krb', { kind: 'invalid-input', field: 'principal', reason: checked.error }) };
  return { principal: checked.value };
}

/** The form's fields: the mode, the account, the two secrets, and the error shown at one field. */
function useLoginFields(prefill: LoginPrefill | null) {
  const savedUser = useAppStore(selectSavedFedoraUser);
  const [mode, setMode] = useState<Mode>(prefill?.mode ?? 'fedora');
  // The saved name, when settings are already loaded, is there from the start (so focus can skip it).
  const [user, setUser] = useState((prefill?.mode === 'fedora' ? prefill.user : '') || (savedUser ?? ''));
  const [principal, setPrincipal] = useState(prefill?.mode === 'other' ? prefill.principal : '');
  const password = useSecret();
  const otp = useSecret();
  const ticketOptions = useTicketOptions();
  const [error, setError] = useState<FieldError | null>(null);
  const focusRefs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  // The Fedora account name from settings fills an untouched field once settings have loaded
  // (this effect deliberately depends on the saved name only).
  useEffect(() => {
    if (savedUser && user === '') setUser(savedUser);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on the saved name only, as said above
  }, [savedUser]);
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

  const account = { mode, user, setUser, principal, setPrincipal };
  return { account, password, otp, ticketOptions, error, setError, focusRefs, changeMode };
}

type LoginFields = ReturnType<typeof useLoginFields>;

/**
 * The request for the fields, or the error to show. The secrets are handed over and forgotten:
 * the fields are empty before the call even starts.
 */
function takeRequest(fields: LoginFields, keepPrimary: boolean): LoginRequest | FieldError {
  const { account, password, otp } = fields;
  const checked = loginPrincipal(account.mode, account.mode === 'fedora' ? account.user : account.principal);
  if ('field' in checked) return checked;
  if (password.value === '') return { field: 'password', message: t('login.passwordMissing') };
  const options = fields.ticketOptions.take();
  if ('field' in options) return { field: options.field, message: options.reason };
  const extra = { ...(keepPrimary ? { keepPrimary: true } : {}), ...(hasTicketOptions(options) ? { options } : {}) };
  const request: LoginRequest =
    account.mode === 'fedora'
      ? { principal: checked.principal, password: password.value, otp: otp.value.trim(), fedora: true, ...extra }
      : { principal: checked.principal, password: password.value, ...extra };
  password.clear();
  otp.clear();
  return request;
}

/** The principal the fields name now, if they name a valid one (for the primary choice's default). */
function typedPrincipal(account: LoginFields['account']): string | null {
  const checked = loginPrincipal(account.mode, account.mode === 'fedora' ? account.user : account.principal);
  return 'field' in checked ? null : checked.principal;
}

/**
 * The principals remembered from earlier logins, and the entry for the one typed. When the name
 * typed (or chosen from the list) becomes a remembered one, its options fill the fields.
 */
function useRemembered(fields: LoginFields, principal: string | null) {
  const list = useAppStore((s) => s.settings?.rememberedLogins) ?? NO_LOGINS;
  const entry = principal === null ? undefined : rememberedFor(list, principal);
  const { fill } = fields.ticketOptions;
  useEffect(() => {
    if (entry) fill(entry.options);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the name becomes a remembered one, not on every render
  }, [entry?.principal]);
  return { list, entry };
}

const NO_LOGINS: readonly RememberedLogin[] = [];

/** What the account field's list offers: Fedora account names in Fedora mode, full principals otherwise. */
function offeredNames(mode: Mode, list: readonly RememberedLogin[]): string[] {
  if (mode === 'other') return list.map((e) => e.principal);
  const suffix = `@${FEDORA_REALM}`;
  return list.filter((e) => e.principal.endsWith(suffix)).map((e) => e.principal.slice(0, -suffix.length));
}

function LoginForm({ prefill }: { readonly prefill: LoginPrefill | null }) {
  const busy = useAppStore(selectBusy);
  const running = useAppStore((s) => selectTicketsBusy(s)?.action === 'login');
  const failure = useAppStore(selectLoginFailure);
  const { login, setView, clearTicketsFailure } = useActions();
  const fields = useLoginFields(prefill);
  const { account, error, setError } = fields;
  const typed = typedPrincipal(account);
  const choice = usePrimaryChoice(typed);
  const remembered = useRemembered(fields, typed);
  const [moved, setMoved] = useState<PrimaryMove | null>(null);
  // Set after each failed login, so that focus goes to the failure (once it is on screen).
  const [failedSerial, setFailedSerial] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);

  // A failure from an earlier visit is stale now; focus starts in the first field to fill (on mount only).
  useEffect(() => {
    if (failure) clearTicketsFailure();
    if (formRef.current) focusFirstEmpty(formRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only, as said above
  }, []);
  // The submit button was disabled while the login ran, which took focus from it: give it to the failure.
  useEffect(() => {
    if (failedSerial > 0) failureRef.current?.focus();
  }, [failedSerial]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const request = takeRequest(fields, choice.applies && !choice.makePrimary);
    if ('field' in request) return setError(request);
    setError(null);
    setMoved(null);
    const change = await login(request);
    if (!change) return setFailedSerial((n) => n + 1);
    // The login moved the primary away from the identity Copr needs: say so here, with the fixes.
    if (change.primaryMove?.leftCoprRealm) return setMoved(change.primaryMove);
    setView('identities');
    focusIdentityCard(change.principal);
  }

  const fieldError = (field: Field) => (error?.field === field ? error.message : null);
  const focusRef = (field: Field) => (el: HTMLInputElement | null) => void (fields.focusRefs.current[field] = el);
  return (
    <form ref={formRef} className="login" onSubmit={(e) => void submit(e)} noValidate aria-busy={running}>
      <ModeChoice mode={account.mode} onMode={fields.changeMode} />
      <AccountField
        account={account}
        error={fieldError(account.mode === 'fedora' ? 'user' : 'principal')}
        focusRef={focusRef}
        names={offeredNames(account.mode, remembered.list)}
      />
      <SecretFields
        fedora={account.mode === 'fedora'}
        password={fields.password}
        otp={fields.otp}
        error={fieldError('password')}
        focusRef={focusRef('password')}
      />
      <TicketOptionsField state={fields.ticketOptions} remembered={remembered.entry} focusRef={focusRef} />
      {choice.applies && <PrimaryChoice choice={choice} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {account.mode === 'fedora' ? t('login.submitFedora') : t('login.submit')}
        </button>
      </div>
      <LoginProgress />
      {failure && (
        <div ref={failureRef} tabIndex={-1} className="focus-target">
          <ProblemMessage problem={failure.problem}>
            <NextSteps problem={failure.problem} principal={failure.principal} inLoginView />
          </ProblemMessage>
        </div>
      )}
      {moved && <LoginResult move={moved} />}
    </form>
  );
}

function ModeChoice({ mode, onMode }: { readonly mode: Mode; readonly onMode: (mode: Mode) => void }) {
  return (
    <fieldset className="mode">
      <legend>{t('login.kind')}</legend>
      {(['fedora', 'other'] as const).map((m) => (
        <label key={m} className="radio">
          <input type="radio" name="login-kind" value={m} checked={mode === m} onChange={() => onMode(m)} />
          {m === 'fedora' ? t('login.kind.fedora') : t('login.kind.other')}
        </label>
      ))}
    </fieldset>
  );
}

/** The FAS username (Fedora) or the principal (any realm). */
function AccountField(props: {
  readonly account: LoginFields['account'];
  readonly error: string | null;
  readonly focusRef: (field: Field) => (el: HTMLInputElement | null) => void;
  /** Names remembered from earlier logins, offered as the field's suggestions. */
  readonly names: readonly string[];
}) {
  const { account, error, focusRef, names } = props;
  const listId = useId();
  const list = names.length > 0 ? listId : undefined;
  const common = { error, autoComplete: 'username', autoCapitalize: 'none', spellCheck: false, list } as const;
  const field =
    account.mode === 'fedora' ? (
      <TextField
        label={t('login.fasUser')}
        hint={t('login.fasUserHint', FEDORA_REALM)}
        value={account.user}
        onValue={account.setUser}
        inputRef={focusRef('user')}
        {...common}
      />
    ) : (
      <TextField
        label={t('login.principal')}
        hint={t('login.principalHint')}
        value={account.principal}
        onValue={account.setPrincipal}
        inputRef={focusRef('principal')}
        {...common}
      />
    );
  return (
    <>
      {field}
      {list && (
        <datalist id={list}>
          {names.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** The password, and Fedora's one-time code. */
function SecretFields(props: {
  readonly fedora: boolean;
  readonly password: SecretField;
  readonly otp: SecretField;
  readonly error: string | null;
  readonly focusRef: (el: HTMLInputElement | null) => void;
}) {
  const { fedora, password, otp, error, focusRef } = props;
  return (
    <>
      <TextField
        label={t('login.password')}
        type="password"
        value={password.value}
        onValue={password.set}
        error={error}
        inputRef={(el) => {
          password.ref(el);
          focusRef(el);
        }}
        autoComplete="current-password"
      />
      {fedora && (
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
    </>
  );
}

/** "Logging in as …" while the login runs. */
function LoginProgress() {
  const busy = useAppStore(selectTicketsBusy);
  return (
    <div className="progress-line" role="status" aria-live="polite">
      {busy?.action === 'login' && (
        <>
          <progress aria-label={t('login.progressLabel')} />
          <span>{t('busy.login', busy.principal ?? '')}</span>
        </>
      )}
    </div>
  );
}
