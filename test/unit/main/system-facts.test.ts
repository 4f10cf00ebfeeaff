import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHome } from '../../../electron/main/settings/xdg.js';
import { hasStatusNotifierHost, parseNameHasOwner } from '../../../electron/main/tray/host.js';
import { SMALL_FILE_LIMIT } from '../../../electron/services/files/safe-read.js';
import { detectSystemRenewal, kcmRenewsTickets } from '../../../electron/services/kerberos/system-renewal.js';
import type { RunOutcome, Runner } from '../../../electron/services/process/run.js';

describe('sssd-kcm renewal', () => {
  it('reads tgt_renewal in the [kcm] section; a later file wins', () => {
    expect(kcmRenewsTickets(['[kcm]\ntgt_renewal = true\nkrb5_renew_interval = 60m\n'])).toBe(true);
    expect(kcmRenewsTickets(['[kcm]\ntgt_renewal = True'])).toBe(true);
    expect(kcmRenewsTickets(['[sssd]\ntgt_renewal = true\n[kcm]\n# tgt_renewal = true\n'])).toBe(false);
    expect(kcmRenewsTickets(['[kcm]\ntgt_renewal = true', '[ kcm ]\ntgt_renewal = false'])).toBe(false);
    expect(kcmRenewsTickets([''])).toBe(false);
  });

  it('is only asked for a KCM collection, and reads sssd.conf and conf.d in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tt-sssd-'));
    try {
      await mkdir(join(dir, 'conf.d'));
      await writeFile(join(dir, 'sssd.conf'), '[kcm]\ntgt_renewal = false\n');
      await writeFile(join(dir, 'conf.d', '50-kcm.conf'), '[kcm]\ntgt_renewal = true\n');
      await writeFile(join(dir, 'conf.d', 'notes.txt'), '[kcm]\ntgt_renewal = false\n');
      expect(await detectSystemRenewal('KCM', join(dir, 'sssd.conf'), join(dir, 'conf.d'))).toBe(true);
      expect(await detectSystemRenewal('DIR', join(dir, 'sssd.conf'), join(dir, 'conf.d'))).toBe(false);
      expect(await detectSystemRenewal('KCM', join(dir, 'missing.conf'), join(dir, 'missing.d'))).toBe(false);
      // A FIFO in conf.d is skipped without blocking; a huge sssd.conf is not read.
      execFileSync('mkfifo', [join(dir, 'conf.d', '60-fifo.conf')]);
      expect(await detectSystemRenewal('KCM', join(dir, 'sssd.conf'), join(dir, 'conf.d'))).toBe(true);
      await writeFile(join(dir, 'huge.conf'), `[kcm]\ntgt_renewal = true\n${'#'.repeat(SMALL_FILE_LIMIT)}\n`);
      expect(await detectSystemRenewal('KCM', join(dir, 'huge.conf'), join(dir, 'missing.d'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('whether the desktop shows tray icons', () => {
  const answer =
    (outcome: RunOutcome): Runner =>
    async () =>
      outcome;

  it('reads the bus answer', () => {
    expect(parseNameHasOwner('method return time=1 sender=org.freedesktop.DBus\n   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('method return\n   boolean false\n')).toBe(false);
    expect(parseNameHasOwner('')).toBeNull();
  });

  it('asks the session bus for the StatusNotifierWatcher on Linux only; unknown when it cannot ask', async () => {
    const calls: string[][] = [];
    const spy: Runner = async (file, args) => (
      calls.push([file, ...args]),
      { kind: 'exited', exitCode: 0, stdout: 'boolean false', stderr: '' }
    );
    expect(await hasStatusNotifierHost({}, 'linux', spy)).toBe(false);
    expect(calls[0]).toContain('string:org.kde.StatusNotifierWatcher');
    expect(await hasStatusNotifierHost({}, 'darwin', spy)).toBeNull();
    expect(await hasStatusNotifierHost({}, 'linux', answer({ kind: 'spawn-failed', code: 'ENOENT' }))).toBeNull();
    expect(
      await hasStatusNotifierHost({}, 'linux', answer({ kind: 'exited', exitCode: 1, stdout: '', stderr: 'no bus' })),
    ).toBeNull();
  });
});

describe('XDG config home', () => {
  it('follows the base directory spec', () => {
    expect(configHome({ XDG_CONFIG_HOME: '/c', HOME: '/h' })).toBe('/c');
    expect(configHome({ XDG_CONFIG_HOME: 'c', HOME: '/h' })).toBe('/h/.config');
    expect(configHome({ HOME: '/h' })).toBe('/h/.config');
  });
});
