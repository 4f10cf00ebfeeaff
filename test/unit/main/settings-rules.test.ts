/**
 * The warning list's rules: what a patch or the file may hold, how it is normalised, and how a
 * file from before the list (one `notifyBeforeMinutes`) is read.
 */
import { describe, expect, it } from 'vitest';
import {
  checkSetting,
  settingsFromJson,
  validateSettingsPatch,
  warningsFromSingleLead,
} from '../../../electron/main/settings/rules.js';
import { DEFAULT_SETTINGS, earliestWarningMinutes } from '../../../shared/settings.js';

describe('warnBeforeMinutes', () => {
  it('defaults to 30, 10 and 5 minutes', () => {
    expect(DEFAULT_SETTINGS.warnBeforeMinutes).toEqual([30, 10, 5]);
  });

  it('drops repeats and puts the largest first', () => {
    expect(checkSetting('warnBeforeMinutes', [5, 30, 10, 30])).toEqual({ ok: true, value: [30, 10, 5] });
    expect(checkSetting('warnBeforeMinutes', [1440, 1])).toEqual({ ok: true, value: [1440, 1] });
  });

  it('takes an empty list: no warnings', () => {
    expect(checkSetting('warnBeforeMinutes', [])).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['not a list', 30],
    ['zero', [30, 0]],
    ['more than a day', [1441]],
    ['negative', [-5]],
    ['a fraction', [2.5]],
    ['text', ['30']],
    ['null inside', [null]],
    ['six times', [60, 50, 40, 30, 20, 10]],
  ])('refuses %s, in words', (_what, value) => {
    const checked = checkSetting('warnBeforeMinutes', value);
    expect(checked).toEqual({
      ok: false,
      error: 'must be a list of at most 5 whole numbers of minutes from 1 to 1440',
    });
  });

  it('counts the limit after repeats are dropped', () => {
    expect(checkSetting('warnBeforeMinutes', [60, 30, 30, 10, 5, 5, 1])).toEqual({
      ok: true,
      value: [60, 30, 10, 5, 1],
    });
  });

  it('a patch is normalised the same way, and the old key is no setting any more', () => {
    expect(validateSettingsPatch({ warnBeforeMinutes: [10, 30] })).toEqual({
      ok: true,
      value: { warnBeforeMinutes: [30, 10] },
    });
    expect(validateSettingsPatch({ notifyBeforeMinutes: 30 })).toEqual({
      ok: false,
      error: 'unknown setting "notifyBeforeMinutes"',
    });
  });

  it('the earliest warning is the largest; none gives 0', () => {
    expect(earliestWarningMinutes({ warnBeforeMinutes: [45, 10] })).toBe(45);
    expect(earliestWarningMinutes({ warnBeforeMinutes: [] })).toBe(0);
  });
});

describe('a settings file from before the warning list', () => {
  it('keeps its one warning as the first, followed by the default ones after it', () => {
    expect(settingsFromJson({ notifyBeforeMinutes: 45 }).settings.warnBeforeMinutes).toEqual([45, 30, 10, 5]);
    expect(settingsFromJson({ notifyBeforeMinutes: 30 }).settings.warnBeforeMinutes).toEqual([30, 10, 5]);
    expect(settingsFromJson({ notifyBeforeMinutes: 8 }).settings.warnBeforeMinutes).toEqual([8, 5]);
    expect(settingsFromJson({ notifyBeforeMinutes: 1440 }).settings.warnBeforeMinutes).toEqual([1440, 30, 10, 5]);
  });

  it('0 (warning off) stays off', () => {
    expect(settingsFromJson({ notifyBeforeMinutes: 0 })).toEqual({
      settings: { ...DEFAULT_SETTINGS, warnBeforeMinutes: [] },
      problems: [],
    });
  });

  it('loses nothing else, and reports no problem', () => {
    const read = settingsFromJson({ notifyBeforeMinutes: 15, autoRenew: false, fedoraUser: 'alice' });
    expect(read).toEqual({
      settings: { ...DEFAULT_SETTINGS, autoRenew: false, fedoraUser: 'alice', warnBeforeMinutes: [15, 10, 5] },
      problems: [],
    });
  });

  it('the list wins when a file has both', () => {
    expect(settingsFromJson({ notifyBeforeMinutes: 45, warnBeforeMinutes: [20] }).settings.warnBeforeMinutes).toEqual([
      20,
    ]);
  });

  it('a nonsense old value gives the defaults and a problem naming it', () => {
    const read = settingsFromJson({ notifyBeforeMinutes: 'soon' });
    expect(read.settings.warnBeforeMinutes).toEqual([30, 10, 5]);
    expect(read.problems).toEqual(['notifyBeforeMinutes must be a whole number from 0 to 1440']);
    expect(warningsFromSingleLead(-1)).toMatchObject({ ok: false });
    expect(warningsFromSingleLead(2.5)).toMatchObject({ ok: false });
  });
});
