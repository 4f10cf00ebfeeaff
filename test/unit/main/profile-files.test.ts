/** A Copr profile is saved only when the config file it names is there to read; null always is. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFileProblem, refusedProfileFile } from '../../../electron/main/settings/profile-files.js';
import { openSettingsStore } from '../../../electron/main/settings/store.js';
import { DEFAULT_SETTINGS } from '../../../shared/settings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-profile-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('configFileProblem', () => {
  it('accepts a readable file; names a missing path and a directory in a plain sentence', async () => {
    const file = join(dir, 'copr-stg');
    await writeFile(file, '[copr-cli]\n');
    expect(await configFileProblem(file)).toBeNull();
    const missing = join(dir, 'copr-typo');
    expect(await configFileProblem(missing)).toBe(
      `The Copr config file ${missing} does not exist. Check the path, or create the file first.`,
    );
    expect(await configFileProblem(join(file, 'below-a-file'))).toContain('does not exist');
    await mkdir(join(dir, 'folder'));
    expect(await configFileProblem(join(dir, 'folder'))).toBe(
      `${join(dir, 'folder')} is not a file: enter the path of a Copr config file.`,
    );
  });
});

describe('refusedProfileFile', () => {
  const saved = { ...DEFAULT_SETTINGS, coprProfiles: [{ name: 'Fedora', configPath: null }] };

  it('lets null (python-copr’s default, which may not exist yet) through, and refuses a new missing file', async () => {
    const missing = join(dir, 'nope');
    expect(await refusedProfileFile(saved, { coprProfiles: [{ name: 'Fedora', configPath: null }] })).toBeNull();
    expect(
      await refusedProfileFile(saved, { coprProfiles: [...saved.coprProfiles, { name: 'X', configPath: missing }] }),
    ).toEqual({ configPath: missing, reason: expect.stringContaining(missing) });
  });

  it('does not look again at a file already saved, so other changes still save after it went away', async () => {
    const gone = join(dir, 'gone');
    const withGone = { ...saved, coprProfiles: [...saved.coprProfiles, { name: 'Old', configPath: gone }] };
    expect(await refusedProfileFile(withGone, { coprProfiles: withGone.coprProfiles.slice(0, 1) })).toBeNull();
    expect(await refusedProfileFile(withGone, { coprProfiles: withGone.coprProfiles })).toBeNull();
  });

  it('in the store: the update is refused with the path, and nothing is written', async () => {
    const path = join(dir, 'ticket-tray', 'settings.json');
    const store = await openSettingsStore(path);
    const missing = join(dir, 'copr-typo');
    const result = await store.update({
      coprProfiles: [...DEFAULT_SETTINGS.coprProfiles, { name: 'X', configPath: missing }],
    });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'invalid', configPath: missing, reason: expect.stringContaining(missing) },
    });
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    const real = join(dir, 'copr-real');
    await writeFile(real, '[copr-cli]\n');
    const added = await store.update({
      coprProfiles: [...DEFAULT_SETTINGS.coprProfiles, { name: 'X', configPath: real }],
    });
    expect(added.ok).toBe(true);
  });
});
