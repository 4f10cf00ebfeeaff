/** Why the last change to a setting was not saved, shown next to that setting's control. */
import type { Settings } from '../../../../shared/settings';
import { useAppStore } from '../../store/store-context';
import { ProblemMessage } from '../common/problem-message';

/** The failure of the last change, when it changed any of `keys`. */
export function SettingsFailure({ keys }: { readonly keys: readonly (keyof Settings)[] }) {
  const failure = useAppStore((s) => s.settingsFailure);
  if (!failure || !failure.keys.some((key) => keys.includes(key))) return null;
  // A refused config file is said at the path field of the form that named it, not here again.
  if (failure.problem.source === 'settings' && failure.problem.configPath !== undefined) return null;
  return <ProblemMessage problem={failure.problem} />;
}
