/**
 * Settings › Copr instances: the profiles (name and config file), which one is active (a radio
 * group: choosing one saves it), removing one (confirmed, never the only one) and adding one.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { SETTINGS_LIMITS } from '../../../../shared/limits';
import type { CoprProfile, Settings } from '../../../../shared/settings';
import { t } from '../../i18n';
import { type ProfileErrors, checkNewProfile } from '../../lib/settings-input';
import { usePending } from '../../lib/use-pending';
import { useActions, useAppStoreApi } from '../../store/store-context';
import { ConfirmDialog } from '../common/confirm-dialog';
import { TextField } from '../common/text-field';
import { SettingsFailure } from './settings-failure';

/** "Config file: …", python-copr's default named as such. */
const configFileLine = (profile: CoprProfile): string =>
  t('settings.copr.configFile', profile.configPath ?? t('settings.copr.defaultPath'));

function ProfileItem({
  profile,
  active,
  removable,
  onActivate,
  onRemove,
}: {
  readonly profile: CoprProfile;
  readonly active: boolean;
  readonly removable: boolean;
  readonly onActivate: () => void;
  readonly onRemove: () => void;
}) {
  const pathId = useId();
  return (
    <li className={`profile${active ? ' is-active' : ''}`}>
      <label className="radio">
        <input
          type="radio"
          name="active-copr-profile"
          checked={active}
          onChange={onActivate}
          aria-describedby={pathId}
        />
        <span className="profile-name">{profile.name}</span>
      </label>
      <p id={pathId} className="profile-path">
        {configFileLine(profile)}
      </p>
      {removable && (
        <button
          type="button"
          className="danger"
          aria-label={t('settings.copr.removeFor', profile.name)}
          onClick={onRemove}
        >
          {t('settings.copr.remove')}
        </button>
      )}
    </li>
  );
}

/** The form that adds a profile, checked as main checks it before anything is sent. */
function AddProfileForm({ profiles }: { readonly profiles: readonly CoprProfile[] }) {
  const { addCoprProfile, pushToast } = useActions();
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [errors, setErrors] = useState<ProfileErrors>({});
  /** Main's sentence when it refused the config file itself (missing, not a file, unreadable). */
  const [fileRefused, setFileRefused] = useState<string | null>(null);
  const store = useAppStoreApi();
  const nameRef = useRef<HTMLInputElement>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const headingId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkNewProfile(name, path, profiles);
    if (!checked.ok) {
      setErrors(checked.errors);
      (checked.errors.name ? nameRef : pathRef).current?.focus();
      return;
    }
    setErrors({});
    setFileRefused(null);
    if (await addCoprProfile(checked.value)) {
      pushToast('success', t('settings.saved.profileAdded', checked.value.name));
      setName('');
      setPath('');
      return;
    }
    const problem = store.getState().settingsFailure?.problem;
    if (problem?.source === 'settings' && problem.configPath === checked.value.configPath) {
      setFileRefused(problem.reason);
      pathRef.current?.focus();
    }
  }

  const nameError =
    errors.name === 'invalid'
      ? t('settings.copr.error.name', SETTINGS_LIMITS.maxNameLength)
      : errors.name === 'duplicate'
        ? t('settings.copr.error.duplicate', name.trim())
        : null;
  return (
    <form className="add-profile" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <h4 id={headingId}>{t('settings.copr.add.heading')}</h4>
      <TextField
        label={t('settings.copr.add.name')}
        hint={t('settings.copr.add.nameHint')}
        value={name}
        onValue={(value) => {
          setName(value);
          if (errors.name) setErrors({ ...errors, name: undefined });
        }}
        error={nameError}
        inputRef={nameRef}
        autoComplete="off"
      />
      <TextField
        label={t('settings.copr.add.path')}
        hint={t('settings.copr.add.pathHint')}
        value={path}
        onValue={(value) => {
          setPath(value);
          if (errors.path) setErrors({ ...errors, path: undefined });
          setFileRefused(null);
        }}
        error={errors.path ? t('settings.copr.error.path') : fileRefused}
        inputRef={pathRef}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
      />
      <div className="actions">
        <button type="submit">{t('settings.copr.add.submit')}</button>
      </div>
    </form>
  );
}

/** The Copr instances part of the Settings view. */
export function CoprProfilesSection({ settings }: { readonly settings: Settings }) {
  const { setActiveCoprProfile, removeCoprProfile, pushToast } = useActions();
  const [removing, setRemoving] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { coprProfiles: profiles, activeCoprProfile: active } = settings;
  const [shownActive, saving] = usePending(active);
  const target = removing === null ? undefined : profiles[removing];

  function activate(index: number) {
    const profile = profiles[index];
    if (!profile) return;
    void saving(index, async () => {
      if (await setActiveCoprProfile(index)) pushToast('success', t('settings.saved.profileActive', profile.name));
    });
  }

  async function remove(index: number, profile: CoprProfile) {
    setRemoving(null);
    if (await removeCoprProfile(index)) {
      pushToast('success', t('settings.saved.profileRemoved', profile.name));
      // The button that was used is gone: keep the focus in this part of the view.
      headingRef.current?.focus();
    }
  }

  /** Who becomes active when the active profile is removed: the first of the others. */
  const nextActive = profiles.find((_, i) => i !== removing);
  return (
    <section aria-labelledby="settings-copr-heading">
      <h3 id="settings-copr-heading" ref={headingRef} tabIndex={-1}>
        {t('settings.copr.heading')}
      </h3>
      <p className="hint">{t('settings.copr.intro')}</p>
      <fieldset className="profiles">
        <legend>{t('settings.copr.activeLegend')}</legend>
        <ul>
          {profiles.map((profile, index) => (
            <ProfileItem
              key={index}
              profile={profile}
              active={index === shownActive}
              removable={profiles.length > 1}
              onActivate={() => activate(index)}
              onRemove={() => setRemoving(index)}
            />
          ))}
        </ul>
      </fieldset>
      {profiles.length === 1 && <p className="hint">{t('settings.copr.onlyOne')}</p>}
      <SettingsFailure keys={['coprProfiles', 'activeCoprProfile']} />
      {profiles.length < SETTINGS_LIMITS.maxProfiles ? (
        <AddProfileForm profiles={profiles} />
      ) : (
        <p className="hint">{t('settings.copr.add.full', SETTINGS_LIMITS.maxProfiles)}</p>
      )}
      {removing !== null && target && (
        <ConfirmDialog
          title={t('settings.copr.confirm.title', target.name)}
          body={
            removing === active && nextActive
              ? t('settings.copr.confirm.bodyActive', nextActive.name)
              : t('settings.copr.confirm.body')
          }
          confirmLabel={t('settings.copr.confirm.confirm')}
          onConfirm={() => void remove(removing, target)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
