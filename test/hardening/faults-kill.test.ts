/**
 * Hardening, item 5 (the files): the editing process killed at any moment, and the file changed by
 * someone else while an edit runs. The edit runs in a child node process over the built product
 * (test/support/faults/child.mjs); a test-only `--import` hook (test/support/faults/fs-hook.mjs) can pause it at an
 * exact point — before the temporary file is created, before the backup's rename, before the final
 * rename — so a kill or a concurrent change lands exactly there. Random kills (no hook) cover the
 * rest. Afterwards the file must hold exactly the old content or exactly the new one, never neither
 * and never half, and nothing but the documented `.<name>.tt-<hex>.tmp` temporary files may remain.
 *
 * Needs the build (`npx tsc --build`), as the CLI tests do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editCoprConfig, loadCoprConfig } from '../../electron/services/copr/config.js';
import { Tally } from '../support/faults/counts.js';

const CHILD = fileURLToPath(new URL('../support/faults/child.mjs', import.meta.url));
const HOOK = fileURLToPath(new URL('../support/faults/fs-hook.mjs', import.meta.url));
const RANDOM_KILLS = 120;
const PARALLEL = 4;
/** The documented temporary-file pattern of atomic-file.ts (for `copr` and its `copr.bak`). */
const TEMP = /^\.copr(\.bak)?\.tt-[0-9a-f]{12}\.tmp$/;

/** A config big enough (~64 KiB) that writing it is many write(2) calls, so a torn write would show. */
const PADDING = Array.from(
  { length: 800 },
  (_, i) => `# padding line ${String(i).padStart(4, '0')}: ${'x'.repeat(60)}`,
).join('\n');
const OLD = `[copr-cli]\ncopr_url = https://copr.fedorainfracloud.org\nlogin = kill-login\ntoken = killtokenzzzzzzzzzzzzzzzzzzzzz\ngssapi = True\n${PADDING}\n`;
const NEW = OLD.replace('gssapi = True', 'gssapi = False');

let base: string;
const tally = new Tally();

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tt-faults-kill-'));
});
afterAll(async () => {
  tally.add('data lost', 0); // present even when nothing was lost
  await tally.record('faults-kill');
  await rm(base, { recursive: true, force: true });
});

interface Child {
  readonly proc: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(job: Record<string, unknown>, pause?: { point: string; target: string }): Child {
  const proc = spawn(process.execPath, [...(pause ? [`--import=${HOOK}`] : []), CHILD, JSON.stringify(job)], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      ...(pause ? { FAULT_PAUSE: pause.point, FAULT_TARGET: pause.target } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const l of [...listeners]) l();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (!m) return;
          cleanup();
          resolve(m[0]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `child did not print ${pattern} within ${timeoutMs} ms; stdout: ${out.slice(-300)} stderr: ${err.slice(-500)}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        void exited.then(() =>
          setTimeout(() => {
            if (listeners.has(check)) {
              cleanup();
              reject(
                new Error(
                  `child exited before printing ${pattern}; stdout: ${out.slice(-300)} stderr: ${err.slice(-500)}`,
                ),
              );
            }
          }, 20),
        );
        listeners.add(check);
        check();
      });
    },
  };
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  const { signal } = await child.exited;
  expect(signal).toBe('SIGKILL');
}

/** The directory after a kill: the file's content, the backup's, and the temporary files left. */
async function inspect(dir: string) {
  const names = await readdir(dir);
  const temps = names.filter((n) => TEMP.test(n));
  // A killed editor leaves its edit lock file: empty, and its lock was released with the process.
  const lock = names.includes('copr.lock') ? await readFile(join(dir, 'copr.lock'), 'utf8') : null;
  expect(lock === null || lock === '', 'the lock file holds nothing').toBe(true);
  const others = names.filter((n) => n !== 'copr' && n !== 'copr.bak' && n !== 'copr.lock' && !TEMP.test(n));
  const file = await readFile(join(dir, 'copr'), 'utf8').catch(() => null);
  const bak = names.includes('copr.bak') ? await readFile(join(dir, 'copr.bak'), 'utf8') : null;
  return { names, temps, others, file, bak };
}

/** After any kill: exactly old or new, a backup (if any) exactly old or new, nothing unexpected; the product then reads and edits the file as if nothing happened. */
async function expectIntact(dir: string, what: string): Promise<{ temps: string[]; file: string }> {
  const seen = await inspect(dir);
  expect(seen.others, `${what}: unexpected files`).toEqual([]);
  expect(
    seen.file === OLD || seen.file === NEW,
    `${what}: the file holds neither the old nor the new content (${seen.file?.length ?? 'missing'} bytes)`,
  ).toBe(true);
  if (seen.bak !== null) expect(seen.bak === OLD || seen.bak === NEW, `${what}: the backup is torn`).toBe(true);
  for (const temp of seen.temps)
    expect((await stat(join(dir, temp))).mode & 0o777, `${what}: ${temp} mode`).toBe(0o600);
  return { temps: seen.temps, file: seen.file! };
}

/** The product ignores leftover temporary files: it loads the file and edits it, and leaves them as they are. */
async function expectProductIgnoresLeftovers(dir: string, temps: readonly string[]) {
  const path = join(dir, 'copr');
  const loaded = await loadCoprConfig(path, true);
  expect(loaded.ok).toBe(true);
  if (!loaded.ok) return;
  const edited = await editCoprConfig(loaded.value, { gssapi: !loaded.value.summary.gssapi });
  expect(edited.ok).toBe(true);
  const after = await inspect(dir);
  expect(after.temps.filter((t) => !temps.includes(t))).toEqual([]); // the new edit left nothing
  expect(after.names).not.toContain('copr.lock'); // the next edit takes the lock and removes the file
  // A fresh leftover may belong to a writer still at work, so it stays; once a minute old it is
  // abandoned, and the next write removes it (it may hold the token).
  const old = new Date(Date.now() - 5 * 60_000);
  for (const t of after.temps) await utimes(join(dir, t), old, old);
  const reloaded = await loadCoprConfig(path, true);
  expect(reloaded.ok && (await editCoprConfig(reloaded.value, { gssapi: !reloaded.value.summary.gssapi })).ok).toBe(
    true,
  );
  expect((await inspect(dir)).temps).toEqual([]);
  return after.temps.length;
}

async function freshDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(base, `${name}-`));
  await writeFile(join(dir, 'copr'), OLD, { mode: 0o600 });
  return dir;
}

describe('killed at an exact point (the hook pauses, then SIGKILL)', () => {
  it('between the temporary write and the rename: the old content stays, the backup is the old content, the complete new content is in a leftover temp file', async () => {
    const dir = await freshDir('rename-target');
    const path = join(dir, 'copr');
    const child = startChild(
      { op: 'copr-edit', path, edits: { gssapi: false } },
      { point: 'rename-target', target: path },
    );
    await child.waitFor(/PAUSED rename-target/);
    await kill(child);
    tally.add('faults injected');
    const { temps, file } = await expectIntact(dir, 'killed before the rename');
    expect(file).toBe(OLD);
    expect(await readFile(join(dir, 'copr.bak'), 'utf8')).toBe(OLD);
    expect(temps).toHaveLength(1);
    expect(await readFile(join(dir, temps[0]!), 'utf8')).toBe(NEW);
    tally.add('temporary files left by SIGKILL (a later write removes them once a minute old)', temps.length);
    expect(await expectProductIgnoresLeftovers(dir, temps)).toBe(1);
  });

  it('before the backup is renamed into place: the old content stays, two temporary files remain', async () => {
    const dir = await freshDir('rename-backup');
    const path = join(dir, 'copr');
    const child = startChild(
      { op: 'copr-edit', path, edits: { gssapi: false } },
      { point: 'rename-backup', target: path },
    );
    await child.waitFor(/PAUSED rename-backup/);
    await kill(child);
    tally.add('faults injected');
    const { temps, file } = await expectIntact(dir, 'killed before the backup rename');
    expect(file).toBe(OLD);
    expect(temps.sort()).toEqual([expect.stringMatching(/^\.copr\.bak\.tt-/), expect.stringMatching(/^\.copr\.tt-/)]);
    tally.add('temporary files left by SIGKILL (a later write removes them once a minute old)', temps.length);
    await expectProductIgnoresLeftovers(dir, temps);
  });
});

describe('the file changed by someone else during an edit', () => {
  /** Pauses the edit just before its temporary file (so before its last look), lets `meddle` change the file, then lets it go on. */
  async function editWhile(meddle: (path: string) => Promise<void>, op: Record<string, unknown>, file = 'copr') {
    const dir = await mkdtemp(join(base, 'changed-'));
    const path = join(dir, file);
    await writeFile(path, file === 'copr' ? OLD : '# mine\nbob@EXAMPLE.COM realm=EXAMPLE.COM\n', { mode: 0o600 });
    const child = startChild({ ...op, path }, { point: 'temp-open', target: path });
    await child.waitFor(/PAUSED temp-open/);
    await meddle(path);
    child.proc.stdin!.write('go\n');
    const line = await child.waitFor(/\{.*\}\n/);
    await child.exited;
    tally.add('faults injected');
    tally.add('inputs tried');
    return { dir, path, result: JSON.parse(line) as { ok: boolean; error?: { kind: string } } };
  }

  it('the Copr config rewritten meanwhile: file-changed, their content kept, no backup, no temporary file', async () => {
    const theirs = `${OLD}# saved by an editor meanwhile\n`;
    const { dir, path, result } = await editWhile((p) => writeFile(p, theirs), {
      op: 'copr-edit',
      edits: { gssapi: false },
    });
    expect(result).toEqual({ ok: false, error: { kind: 'file-changed', path } });
    expect(await readFile(path, 'utf8')).toBe(theirs);
    expect(await readdir(dir)).toEqual(['copr']);
  });

  it('the Copr config deleted meanwhile: file-changed, and nothing is created', async () => {
    const { dir, result } = await editWhile((p) => rm(p), { op: 'copr-edit', edits: { gssapi: false } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'file-changed' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('the Copr config saved again with the same bytes meanwhile: not a change, the edit goes through', async () => {
    const { path, result } = await editWhile((p) => writeFile(p, OLD), { op: 'copr-edit', edits: { gssapi: false } });
    expect(result).toMatchObject({ ok: true });
    expect(await readFile(path, 'utf8')).toBe(NEW);
  });

  it('~/.k5identity rewritten during a pin, and during an unpin: file-changed, their content kept', async () => {
    const theirs = '# theirs\ncarol@EXAMPLE.COM realm=EXAMPLE.COM\n';
    const pin = await editWhile(
      (p) => writeFile(p, theirs),
      { op: 'pin', principal: 'alice@FEDORAPROJECT.ORG', host: 'copr.fedorainfracloud.org' },
      '.k5identity',
    );
    expect(pin.result).toMatchObject({ ok: false, error: { kind: 'file-changed' } });
    expect(await readFile(pin.path, 'utf8')).toBe(theirs);
    expect(await readdir(pin.dir)).toEqual(['.k5identity']);
    const dir = await mkdtemp(join(base, 'unpin-'));
    const path = join(dir, '.k5identity');
    await writeFile(path, 'alice@FEDORAPROJECT.ORG host=copr.fedorainfracloud.org\n');
    const child = startChild(
      { op: 'unpin', path, host: 'copr.fedorainfracloud.org' },
      { point: 'temp-open', target: path },
    );
    await child.waitFor(/PAUSED temp-open/);
    await writeFile(path, theirs);
    child.proc.stdin!.write('go\n');
    expect(JSON.parse(await child.waitFor(/\{.*\}\n/))).toMatchObject({ ok: false, error: { kind: 'file-changed' } });
    await child.exited;
    expect(await readFile(path, 'utf8')).toBe(theirs);
    tally.add('faults injected');
    tally.add('inputs tried');
  });
});

describe('killed at random moments', () => {
  it(`${RANDOM_KILLS} kills of a process editing in a loop: always exactly the old or the new content, never neither, never half`, async () => {
    let leaked = 0;
    let runsWithLeftovers = 0;
    let edits = 0;
    let sawOld = 0;
    let sawNew = 0;
    const dataLost: string[] = [];
    const one = async (run: number) => {
      const dir = await freshDir(`random-${run}`);
      const child = startChild({ op: 'copr-toggle', path: join(dir, 'copr') });
      await child.waitFor(/ready\n/);
      // A random moment: sometimes before the first edit finished, mostly somewhere inside a later one.
      await sleep(Math.floor(Math.random() * 60));
      await kill(child);
      edits += (child.output().match(/\./g) ?? []).length;
      try {
        const { temps, file } = await expectIntact(dir, `run ${run}`);
        if (file === OLD) sawOld++;
        else sawNew++;
        leaked += temps.length;
        if (temps.length > 0) runsWithLeftovers++;
        await expectProductIgnoresLeftovers(dir, temps);
      } catch (error) {
        dataLost.push(`run ${run}: ${(error as Error).message.split('\n')[0]}`);
      }
      await rm(dir, { recursive: true, force: true });
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < RANDOM_KILLS) await one(next++);
      }),
    );
    tally.add('faults injected', RANDOM_KILLS);
    tally.add('inputs tried', RANDOM_KILLS);
    tally.add('random kills', RANDOM_KILLS);
    tally.add('edits completed before the kills', edits);
    tally.add('random kills that left the old content', sawOld);
    tally.add('random kills that left the new content', sawNew);
    tally.add('random kills that left temporary files (inside a write)', runsWithLeftovers);
    tally.add('temporary files left by SIGKILL (a later write removes them once a minute old)', leaked);
    tally.add('data lost', dataLost.length);
    for (const d of dataLost) tally.note('data lost', d);
    expect(dataLost).toEqual([]);
    // The kills did land in different places: both contents were seen, and some inside a write.
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
    expect(runsWithLeftovers).toBeGreaterThan(0);
  });
});
