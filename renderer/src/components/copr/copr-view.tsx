/**
 * The Copr view: which profile, then the check and its result first (it is what the view is for),
 * the session and the pin, and the configuration folded at the end.
 */
import { useEffect, useId } from 'react';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { type TextKey, t } from '../../i18n';
import { useNow } from '../../lib/use-now';
import type { CoprAction } from '../../store';
import { selectBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { ProblemMessage } from '../common/problem-message';
import { CoprCheckSection } from './check-section';
import { CoprConfigSection } from './config-section';
import { CoprSessionSection } from './session-section';

const BUSY: Readonly<Record<CoprAction, TextKey>> = {
  overview: 'copr.busy.overview',
  check: 'copr.busy.check',
  'clear-session': 'copr.busy.clearSession',
  pin: 'copr.busy.pin',
  unpin: 'copr.busy.unpin',
  gssapi: 'copr.busy.gssapi',
};

/**
 * Which Copr instance the view shows. The choice is also the tray's (one active instance, as in
 * Settings), so the hint says so and a toast confirms it: it never changes the tray silently.
 */
function ProfileSelector() {
  const { selectCoprProfile, pushToast } = useActions();
  const profiles = useAppStore((s) => s.settings?.coprProfiles ?? DEFAULT_SETTINGS.coprProfiles);
  const chosen = useAppStore((s) => s.coprProfile ?? s.settings?.activeCoprProfile ?? 0);
  const hintId = useId();
  const choose = async (index: number) => {
    const trayFollows = await selectCoprProfile(index);
    const name = profiles[index]?.name;
    if (name === undefined) return;
    // Only what happened: a choice that could not be saved leaves the tray where it was.
    if (trayFollows) pushToast('info', t('copr.profile.changed', name));
    else pushToast('error', t('copr.profile.notSaved', name));
  };
  // One instance: nothing to choose, and nothing the tray could lose.
  if (profiles.length < 2) return null;
  return (
    <div className="field inline">
      <label htmlFor="copr-profile">{t('copr.profile')}</label>
      <select
        id="copr-profile"
        value={chosen}
        aria-describedby={hintId}
        onChange={(e) => void choose(Number(e.target.value))}
      >
        {profiles.map((profile, index) => (
          <option key={index} value={index}>
            {profile.name}
          </option>
        ))}
      </select>
      <p id={hintId} className="hint fieldset-hint">
        {t('copr.profile.hint')}
      </p>
    </div>
  );
}

/** The Copr view. */
export function CoprView() {
  const { loadOverview } = useActions();
  const overview = useAppStore((s) => s.overview);
  const overviewProblem = useAppStore((s) => s.overviewFailure);
  const coprProblem = useAppStore((s) => s.coprFailure);
  const coprBusy = useAppStore((s) => s.coprBusy);
  const busy = useAppStore(selectBusy);
  // Which identity GSSAPI would pick depends on the caches: read the overview again when they change.
  const primary = useAppStore((s) => s.status?.primary ?? null);
  const takenAt = useAppStore((s) => s.status?.takenAt ?? null);
  const settingsLoaded = useAppStore((s) => s.settings !== null);
  const now = useNow();

  useEffect(() => {
    void loadOverview();
  }, [loadOverview, primary, takenAt, settingsLoaded]);

  const disabled = busy;
  return (
    <>
      <ProfileSelector />
      <p className="progress-line" role="status" aria-live="polite">
        {coprBusy ? t(BUSY[coprBusy]) : ''}
      </p>
      {coprProblem && <ProblemMessage problem={coprProblem.problem} />}
      {overviewProblem && <ProblemMessage problem={overviewProblem} />}
      <CoprCheckSection />
      {overview && <CoprSessionSection overview={overview} now={now} disabled={disabled} />}
      {overview && <CoprConfigSection overview={overview} now={now} disabled={disabled} />}
    </>
  );
}
