/**
 * The Settings view: the warning before expiry, automatic renewal, start at login, the tray icon's
 * look, and the Copr instances. Each change is saved at once with `updateSettings` (just that key),
 * and said: a toast when it worked, the reason next to the control when it did not.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { SETTINGS_LIMITS } from '../../../../shared/limits';
import type { Settings } from '../../../../shared/settings';
import { t } from '../../i18n';
import { parseMinutes } from '../../lib/settings-input';
import { usePending } from '../../lib/use-pending';
import { useActions, useAppStore } from '../../store/store-context';
import { ProblemMessage } from '../common/problem-message';
import { CoprProfilesSection } from './copr-profiles-section';
import { SettingsFailure } from './settings-failure';

/** Saves one setting and says so in a toast when main accepted it. */
function useSaveSetting() {
  const { updateSettings, pushToast } = useActions();
  return async <K extends keyof Settings>(key: K, value: Settings[K], saved: string): Promise<boolean> => {
    const ok = await updateSettings({ [key]: value } as Pick<Settings, K>);
    if (ok) pushToast('success', saved);
    return ok;
  };
}

/** The minutes typed, or why they cannot be sent (`badInput`: the browser could not read a number). */
function readMinutes(text: string, badInput: boolean): { readonly value: number } | { readonly error: string } {
  if (badInput) return { error: t('settings.notify.error.notWhole') };
  const parsed = parseMinutes(text);
  if (parsed.ok) return { value: parsed.value };
  const { min, max } = SETTINGS_LIMITS.notifyBeforeMinutes;
  switch (parsed.error) {
    case 'empty':
      return { error: t('settings.notify.error.empty') };
    case 'not-whole':
      return { error: t('settings.notify.error.notWhole') };
    case 'out-of-range':
      return { error: t('settings.notify.error.outOfRange', min, max) };
  }
}

/** "Warn before a ticket expires": minutes, checked here before anything is sent. */
function NotifyBeforeField({ current }: { readonly current: number }) {
  const save = useSaveSetting();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const { min, max } = SETTINGS_LIMITS.notifyBeforeMinutes;
  const text = draft ?? String(current);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readMinutes(text, inputRef.current?.validity.badInput ?? false);
    if ('error' in read) {
      setError(read.error);
      inputRef.current?.focus();
      return;
    }
    setError(null);
    if (await save('notifyBeforeMinutes', read.value, t('settings.saved.notifyBeforeMinutes', read.value)))
      setDraft(null);
  }

  const describedBy = [`${id}-unit`, `${id}-current`, `${id}-hint`, ...(error ? [`${id}-error`] : [])].join(' ');
  return (
    <form className="field" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={id}>{t('settings.notify.label')}</label>
      <div className="input-row">
        <input
          ref={inputRef}
          id={id}
          className="minutes"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={text}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <span id={`${id}-unit`}>{t('settings.notify.unit')}</span>
        <button type="submit">{t('settings.notify.save')}</button>
      </div>
      <p id={`${id}-current`} className="current-value">
        {t('settings.notify.current', current)}
      </p>
      <p id={`${id}-hint`} className="hint">
        {t('settings.notify.hint', min, max)}
      </p>
      {error && (
        // An alert: after Enter the focus is already in the field, so moving it there says nothing.
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <SettingsFailure keys={['notifyBeforeMinutes']} />
    </form>
  );
}

/** A setting that is on or off, saved as soon as it is ticked. */
function SettingCheckbox({
  setting,
  checked,
  label,
  hint,
  saved,
}: {
  readonly setting: 'autoRenew' | 'startAtLogin';
  readonly checked: boolean;
  readonly label: string;
  readonly hint: string;
  readonly saved: (on: boolean) => string;
}) {
  const save = useSaveSetting();
  const [shown, saving] = usePending(checked);
  const hintId = useId();
  const change = (on: boolean) => saving(on, () => save(setting, on, saved(on)));
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={shown}
          aria-describedby={hintId}
          onChange={(e) => void change(e.target.checked)}
        />
        {label}
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
      <SettingsFailure keys={[setting]} />
    </div>
  );
}

/** The tray icon in colour or monochrome. */
function TrayIconsField({ current }: { readonly current: Settings['trayIcons'] }) {
  const save = useSaveSetting();
  const [shown, saving] = usePending(current);
  const hintId = useId();
  const change = (style: Settings['trayIcons']) =>
    saving(style, () => save('trayIcons', style, t('settings.saved.trayIcons', style)));
  return (
    <>
      <fieldset className="inline" aria-describedby={hintId}>
        <legend>{t('settings.trayIcons')}</legend>
        {(['colour', 'monochrome'] as const).map((style) => (
          <label key={style} className="radio">
            <input
              type="radio"
              name="tray-icons"
              value={style}
              checked={shown === style}
              onChange={() => void change(style)}
            />
            {style === 'colour' ? t('settings.trayIcons.colour') : t('settings.trayIcons.monochrome')}
          </label>
        ))}
        <p id={hintId} className="hint fieldset-hint">
          {t('settings.trayIcons.hint')}
        </p>
      </fieldset>
      <SettingsFailure keys={['trayIcons']} />
    </>
  );
}

/** The Settings view. */
export function SettingsView() {
  const settings = useAppStore((s) => s.settings);
  const problem = useAppStore((s) => s.settingsLoadFailure);
  const { loadSettings, clearSettingsFailure } = useActions();

  // A failure from an earlier visit (or from another view's change) is stale now (on mount only).
  useEffect(() => {
    clearSettingsFailure();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only, as said above
  }, []);

  if (!settings) {
    return problem ? (
      <ProblemMessage problem={problem}>
        <button type="button" onClick={() => void loadSettings()}>
          {t('settings.retry')}
        </button>
      </ProblemMessage>
    ) : (
      <p className="progress-line" role="status">
        {t('settings.loading')}
      </p>
    );
  }

  return (
    <div className="settings">
      <section aria-labelledby="settings-tickets-heading">
        <h3 id="settings-tickets-heading">{t('settings.tickets.heading')}</h3>
        <p className="hint">{t('settings.tickets.watching')}</p>
        <NotifyBeforeField current={settings.notifyBeforeMinutes} />
        <SettingCheckbox
          setting="autoRenew"
          checked={settings.autoRenew}
          label={t('settings.autoRenew')}
          hint={t('settings.autoRenew.hint')}
          saved={(on) => t('settings.saved.autoRenew', on)}
        />
      </section>
      <section aria-labelledby="settings-desktop-heading">
        <h3 id="settings-desktop-heading">{t('settings.desktop.heading')}</h3>
        <SettingCheckbox
          setting="startAtLogin"
          checked={settings.startAtLogin}
          label={t('settings.startAtLogin')}
          hint={t('settings.startAtLogin.hint')}
          saved={(on) => t('settings.saved.startAtLogin', on)}
        />
        <TrayIconsField current={settings.trayIcons} />
      </section>
      <CoprProfilesSection settings={settings} />
    </div>
  );
}
