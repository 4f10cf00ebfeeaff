/**
 * The Settings view: the warnings before expiry, automatic renewal, start at login, the tray icon's
 * look, and the Copr instances. Each change is saved at once with `updateSettings` (just that key),
 * and said: a toast when it worked, the reason next to the control when it did not.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { SETTINGS_LIMITS } from '../../../../shared/limits';
import type { Settings } from '../../../../shared/settings';
import { t } from '../../i18n';
import { parseWarnings, warningsText } from '../../lib/settings-input';
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

/** The warning times typed, or why they cannot be sent. */
function readWarnings(text: string): { readonly value: readonly number[] } | { readonly error: string } {
  const parsed = parseWarnings(text);
  if (parsed.ok) return { value: parsed.value };
  const { min, max, maxCount } = SETTINGS_LIMITS.warnBeforeMinutes;
  switch (parsed.error) {
    case 'not-whole':
      return { error: t('settings.warnings.error.notWhole') };
    case 'out-of-range':
      return { error: t('settings.warnings.error.outOfRange', min, max) };
    case 'too-many':
      return { error: t('settings.warnings.error.tooMany', maxCount) };
  }
}

/** "Warn before expiry": a few times in minutes, checked here before anything is sent. */
function WarningsField({ current }: { readonly current: readonly number[] }) {
  const save = useSaveSetting();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const { min, max, maxCount } = SETTINGS_LIMITS.warnBeforeMinutes;
  const text = draft ?? warningsText(current);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readWarnings(text);
    if ('error' in read) {
      setError(read.error);
      inputRef.current?.focus();
      return;
    }
    setError(null);
    if (await save('warnBeforeMinutes', read.value, t('settings.saved.warnBeforeMinutes', read.value))) setDraft(null);
  }

  const describedBy = [`${id}-current`, `${id}-hint`, ...(error ? [`${id}-error`] : [])].join(' ');
  return (
    <form className="field" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={id}>{t('settings.warnings.label')}</label>
      <div className="input-row">
        <input
          ref={inputRef}
          id={id}
          className="minutes-list"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <button type="submit">{t('settings.warnings.save')}</button>
      </div>
      <p id={`${id}-current`} className="current-value">
        {t('settings.warnings.current', current)}
      </p>
      <p id={`${id}-hint`} className="hint">
        {t('settings.warnings.hint', maxCount, min, max)}
      </p>
      {error && (
        // An alert: after Enter the focus is already in the field, so moving it there says nothing.
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <SettingsFailure keys={['warnBeforeMinutes']} />
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
        <WarningsField current={settings.warnBeforeMinutes} />
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
