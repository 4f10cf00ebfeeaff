/**
 * The Log in form's folded "Options": lifetime, renewable lifetime and forwardable. Durations are
 * checked as they are typed, with the rules main checks them with again; a principal remembered
 * from an earlier login brings back the options it used, and can be forgotten here.
 */
import { type Ref, useState } from 'react';
import { forgetLogin } from '../../../../shared/remembered-logins';
import type { RememberedLogin } from '../../../../shared/settings';
import {
  type DurationField,
  type TicketOptionRefusal,
  type TicketOptions,
  validateTicketOptions,
} from '../../../../shared/ticket-options';
import { t } from '../../i18n';
import { useActions, useAppStore } from '../../store/store-context';
import { TextField } from '../common/text-field';

type Forwardable = 'default' | 'yes' | 'no';

/** The options' fields as typed, and whether the disclosure is open. */
export function useTicketOptions() {
  const [lifetime, setLifetime] = useState('');
  const [renewableLifetime, setRenewableLifetime] = useState('');
  const [forwardable, setForwardable] = useState<Forwardable>('default');
  const [open, setOpen] = useState(false);

  /** The fields as options: empty ones are left to krb5.conf. */
  function asked(): TicketOptions {
    return {
      ...(lifetime.trim() === '' ? {} : { lifetime }),
      ...(renewableLifetime.trim() === '' ? {} : { renewableLifetime }),
      ...(forwardable === 'default' ? {} : { forwardable: forwardable === 'yes' }),
    };
  }

  /** The options to send, or the first one refused (the disclosure opens to show it). */
  function take(): TicketOptions | TicketOptionRefusal {
    const checked = validateTicketOptions(asked());
    if (checked.ok) return checked.value;
    setOpen(true);
    return checked.error;
  }

  /** Fills the fields with what a principal's last login asked for. */
  function fill(options: TicketOptions) {
    setLifetime(options.lifetime ?? '');
    setRenewableLifetime(options.renewableLifetime ?? '');
    setForwardable(options.forwardable === undefined ? 'default' : options.forwardable ? 'yes' : 'no');
    if (options.lifetime || options.renewableLifetime || options.forwardable !== undefined) setOpen(true);
  }

  /** The refusal of one duration field as typed so far (nothing while it is empty). */
  function refusal(field: DurationField): string | null {
    const text = field === 'lifetime' ? lifetime : renewableLifetime;
    if (text.trim() === '') return null;
    const checked = validateTicketOptions({ [field]: text });
    return checked.ok ? null : checked.error.reason;
  }

  const fields = { lifetime, setLifetime, renewableLifetime, setRenewableLifetime, forwardable, setForwardable };
  return { ...fields, open, setOpen, take, fill, refusal };
}

export type TicketOptionsState = ReturnType<typeof useTicketOptions>;

/** The folded options; `remembered` is the entry for the principal typed, if there is one. */
export function TicketOptionsField(props: {
  readonly state: TicketOptionsState;
  readonly remembered: RememberedLogin | undefined;
  readonly focusRef: (field: DurationField) => Ref<HTMLInputElement>;
}) {
  const { state, remembered, focusRef } = props;
  return (
    <details
      className="login-options"
      open={state.open}
      onToggle={(e) => state.setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{t('login.options')}</summary>
      <TextField
        label={t('login.lifetime')}
        hint={t('login.durationHint')}
        value={state.lifetime}
        onValue={state.setLifetime}
        error={state.refusal('lifetime')}
        inputRef={focusRef('lifetime')}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label={t('login.renewableLifetime')}
        hint={t('login.durationHint')}
        value={state.renewableLifetime}
        onValue={state.setRenewableLifetime}
        error={state.refusal('renewableLifetime')}
        inputRef={focusRef('renewableLifetime')}
        autoComplete="off"
        spellCheck={false}
      />
      <ForwardableChoice value={state.forwardable} onValue={state.setForwardable} />
      {remembered && <ForgetButton principal={remembered.principal} />}
    </details>
  );
}

function ForwardableChoice(props: { readonly value: Forwardable; readonly onValue: (value: Forwardable) => void }) {
  return (
    <div className="field">
      <label>
        {t('login.forwardable')}{' '}
        <select value={props.value} onChange={(e) => props.onValue(e.target.value as Forwardable)}>
          <option value="default">{t('login.forwardable.default')}</option>
          <option value="yes">{t('login.forwardable.yes')}</option>
          <option value="no">{t('login.forwardable.no')}</option>
        </select>
      </label>
    </div>
  );
}

/** Removes a principal (and its options) from the names the form offers. */
function ForgetButton({ principal }: { readonly principal: string }) {
  const { updateSettings } = useActions();
  const list = useAppStore((s) => s.settings?.rememberedLogins ?? []);
  return (
    <div className="actions">
      <button type="button" onClick={() => void updateSettings({ rememberedLogins: forgetLogin(list, principal) })}>
        {t('login.forget', principal)}
      </button>
    </div>
  );
}
