/**
 * 2. Change detection: a kinit, kswitch or kdestroy run from outside (as in a terminal) until the
 * watchCollection subscriber is told, for DIR, FILE and KEYRING collections; and the idle cost of
 * watching, in CPU seconds per hour.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { createKrbService } from '../electron/services/kerberos/service.js';
import { watchCollection } from '../electron/services/kerberos/watch.js';
import type { KrbStatus } from '../shared/krb.js';
import { USERS, type TestRealm } from '../test/support/realm/realm.js';
import { type Summary, round, summarize } from './stats.js';

const { alice, bob } = USERS;
type CollectionType = 'DIR' | 'FILE' | 'KEYRING';

/** The snapshots a watch reports, each with the moment the callback ran. */
function recorder() {
  const seen: Array<{ at: number; status: KrbStatus }> = [];
  let wake: (() => void) | null = null;
  return {
    get count() {
      return seen.length;
    },
    onChange(status: KrbStatus) {
      seen.push({ at: performance.now(), status });
      wake?.();
    },
    /** The first report (from index `from`) satisfying `test`; throws after `ms`. */
    async until(test: (s: KrbStatus) => boolean, from: number, ms: number): Promise<{ at: number; status: KrbStatus }> {
      const deadline = performance.now() + ms;
      for (;;) {
        const hit = seen.slice(from).find((entry) => test(entry.status));
        if (hit) return hit;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no matching change within ${ms} ms (saw ${seen.length - from} reports)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1000));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    },
  };
}

interface Op {
  readonly kind: 'kinit' | 'kswitch' | 'kdestroy';
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly input?: string;
  /** The state the subscriber must be told about. */
  readonly expect: (s: KrbStatus) => boolean;
}

const hasPrincipal = (s: KrbStatus, p: string) => s.caches.some((c) => c.principal === p);

/** One round of changes a user makes in a terminal; FILE holds one identity, so it has no kswitch. */
function round_(type: CollectionType): Op[] {
  const kinit = (p: string, password: string, expect: (s: KrbStatus) => boolean): Op => ({
    kind: 'kinit',
    label: `kinit ${p}`,
    file: 'kinit',
    args: [p],
    input: `${password}\n`,
    expect,
  });
  if (type === 'FILE') {
    return [
      kinit(alice.fedora, alice.password, (s) => s.primary === alice.fedora),
      kinit(bob.fedora, bob.password, (s) => s.primary === bob.fedora && !hasPrincipal(s, alice.fedora)),
      { kind: 'kdestroy', label: 'kdestroy', file: 'kdestroy', args: [], expect: (s) => s.caches.length === 0 },
    ];
  }
  return [
    kinit(alice.fedora, alice.password, (s) => s.primary === alice.fedora && s.caches.length === 1),
    kinit(bob.fedora, bob.password, (s) => s.primary === bob.fedora && s.caches.length === 2),
    {
      kind: 'kswitch',
      label: `kswitch -p ${alice.fedora}`,
      file: 'kswitch',
      args: ['-p', alice.fedora],
      expect: (s) => s.primary === alice.fedora && s.caches.length === 2,
    },
    {
      kind: 'kdestroy',
      label: `kdestroy -p ${bob.fedora}`,
      file: 'kdestroy',
      args: ['-p', bob.fedora],
      expect: (s) => !hasPrincipal(s, bob.fedora) && s.caches.length === 1,
    },
    { kind: 'kdestroy', label: 'kdestroy -A', file: 'kdestroy', args: ['-A'], expect: (s) => s.caches.length === 0 },
  ];
}

export interface DetectionResult {
  readonly type: CollectionType;
  readonly mode: 'files' | 'poll';
  readonly intervalMs: number;
  /** Exit of the outside command → callback, all operations together. */
  readonly latency: Summary;
  readonly byKind: Record<string, Summary>;
  /** Exit → start of the snapshot that saw the change (debounce after the file event, or waiting for the poll). */
  readonly untilSnapshot: Summary;
  /** That snapshot (klist) and the callback. */
  readonly snapshot: Summary;
  readonly samples: ReadonlyArray<{
    readonly op: string;
    readonly ms: number;
    readonly untilSnapshot: number;
    readonly snapshot: number;
  }>;
}

/**
 * Runs `rounds` rounds of outside changes against a fresh collection of `type` watched with
 * `pollMs`, timing each from the command's exit (the child's `exit` event) to the callback that
 * reports the expected state. For polled collections each change waits a stratified random delay
 * first, so the changes fall evenly over the poll phase instead of just after a poll (which would
 * always measure nearly the full interval).
 */
export async function benchDetection(
  realm: TestRealm,
  type: CollectionType,
  rounds: number,
  pollMs?: number,
): Promise<DetectionResult> {
  const ccname = realm.newCollection(type);
  const env = realm.env(ccname);
  const krb = createKrbService({ env });
  // The watch's own snapshots, timed: each latency splits into the wait before the snapshot that
  // saw the change started (event debounce, or the poll phase) and that snapshot plus the callback.
  const snapshotStarts: number[] = [];
  const timed = { collection: krb.collection, status: () => (snapshotStarts.push(performance.now()), krb.status()) };
  const rec = recorder();
  const watch = await watchCollection(timed, (s) => rec.onChange(s), pollMs === undefined ? {} : { pollMs });
  const polled = watch.mode === 'poll';
  const ops = Array.from({ length: rounds }, () => round_(type)).flat();
  const phases = shuffled(ops.map((_, i) => (i + Math.random()) / ops.length));
  const samples: Array<{ op: string; kind: string; ms: number; untilSnapshot: number; snapshot: number }> = [];
  try {
    for (const [i, op] of ops.entries()) {
      await sleep(polled ? phases[i]! * watch.intervalMs : 60 + Math.random() * 90);
      const from = rec.count;
      let exitedAt = Number.NaN;
      const child = execa(op.file, op.args, {
        env,
        extendEnv: false,
        input: op.input ?? '',
        reject: false,
        verbose: 'none',
        timeout: 15_000,
      });
      child.once('exit', () => {
        exitedAt = performance.now();
      });
      const result = await child;
      if (result.exitCode !== 0) throw new Error(`${op.label} failed: ${String(result.stderr)}`);
      const hit = await rec.until(op.expect, from, watch.intervalMs + 5_000);
      // The snapshot that reported it: the last one started before the callback.
      const started = snapshotStarts.filter((t) => t <= hit.at).at(-1) ?? Number.NaN;
      samples.push({
        op: op.label,
        kind: op.kind,
        ms: round(hit.at - exitedAt, 3),
        untilSnapshot: round(started - exitedAt, 3),
        snapshot: round(hit.at - started, 3),
      });
    }
  } finally {
    watch.close();
  }
  const kinds = [...new Set(samples.map((s) => s.kind))];
  return {
    type,
    mode: watch.mode,
    intervalMs: watch.intervalMs,
    latency: summarize(samples.map((s) => s.ms)),
    byKind: Object.fromEntries(kinds.map((k) => [k, summarize(samples.filter((s) => s.kind === k).map((s) => s.ms))])),
    untilSnapshot: summarize(samples.map((s) => s.untilSnapshot)),
    snapshot: summarize(samples.map((s) => s.snapshot)),
    samples: samples.map(({ op, ms, untilSnapshot, snapshot }) => ({ op, ms, untilSnapshot, snapshot })),
  };
}

function shuffled<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** CPU seconds used by this process, and by its exited (reaped) children such as klist, so far. */
function cpuNow(): { self: number; children: number } {
  const usage = process.cpuUsage();
  // /proc/self/stat fields 16 and 17 (1-based): cutime and cstime, in clock ticks (USER_HZ, 100 on Linux).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return { self: (usage.user + usage.system) / 1e6, children: ticks / 100 };
}

export interface IdleResult {
  readonly seconds: number;
  readonly watches: string;
  /** Measured over the idle window, extrapolated to an hour. */
  readonly measured: {
    readonly selfCpuSecondsPerHour: number;
    readonly childrenCpuSecondsPerHour: number;
    readonly totalCpuSecondsPerHour: number;
  };
  /** Node with no watch at all, same method, for comparison. */
  readonly baseline: { readonly seconds: number; readonly selfCpuSecondsPerHour: number };
  /**
   * A model that does not depend on where the window falls relative to the 60 s safety poll: the
   * CPU of one snapshot (ours plus the klist children) times the snapshots a watch takes per hour.
   */
  readonly model: {
    readonly cpuMsPerSnapshot: { readonly DIR: number; readonly KEYRING: number | null };
    readonly snapshotsPerHour: { readonly DIR: number; readonly KEYRING: number };
    readonly cpuSecondsPerHour: number;
  };
}

/**
 * The idle cost: one DIR watch (inotify, a 60 s safety poll) and, where the kernel keyring works,
 * one KEYRING watch (a 5 s poll), nothing changing, for `seconds`.
 */
export async function benchIdle(realm: TestRealm, seconds: number, keyring: boolean): Promise<IdleResult> {
  const dirCc = realm.newCollection('DIR');
  await realm.kinit(dirCc, alice.fedora, alice.password);
  const dirKrb = createKrbService({ env: realm.env(dirCc) });
  let keyKrb: ReturnType<typeof createKrbService> | null = null;
  if (keyring) {
    const keyCc = realm.newCollection('KEYRING');
    await realm.kinit(keyCc, alice.fedora, alice.password);
    keyKrb = createKrbService({ env: realm.env(keyCc) });
  }

  // Baseline: this process with nothing to do (a short window: it is close to zero).
  const baseSeconds = 5;
  const b0 = cpuNow();
  await sleep(baseSeconds * 1000);
  const b1 = cpuNow();

  let changes = 0;
  const watches = [await watchCollection(dirKrb, () => changes++)];
  if (keyKrb) watches.push(await watchCollection(keyKrb, () => changes++));
  await sleep(200); // let the initial snapshots' children be reaped
  const c0 = cpuNow();
  await sleep(seconds * 1000);
  const c1 = cpuNow();
  for (const w of watches) w.close();
  if (changes !== 0) throw new Error(`idle watch reported ${changes} changes`);

  const perHour = (v: number, s: number) => round((v / s) * 3600, 3);
  const perSnapshot = async (krb: ReturnType<typeof createKrbService>) => {
    const n = 30;
    const s0 = cpuNow();
    for (let i = 0; i < n; i++) await krb.status();
    const s1 = cpuNow();
    return ((s1.self - s0.self + s1.children - s0.children) / n) * 1000;
  };
  const dirMs = await perSnapshot(dirKrb);
  const keyMs = keyKrb ? await perSnapshot(keyKrb) : null;
  const snapshotsPerHour = { DIR: 3600 / 60, KEYRING: 3600 / 5 };
  const modelSeconds = (dirMs * snapshotsPerHour.DIR + (keyMs ?? 0) * snapshotsPerHour.KEYRING) / 1000;
  return {
    seconds,
    watches: keyKrb
      ? 'one DIR watch (files) + one KEYRING watch (poll 5 s)'
      : 'one DIR watch (files); KEYRING unavailable',
    measured: {
      selfCpuSecondsPerHour: perHour(c1.self - c0.self, seconds),
      childrenCpuSecondsPerHour: perHour(c1.children - c0.children, seconds),
      totalCpuSecondsPerHour: perHour(c1.self - c0.self + c1.children - c0.children, seconds),
    },
    baseline: { seconds: baseSeconds, selfCpuSecondsPerHour: perHour(b1.self - b0.self, baseSeconds) },
    model: {
      cpuMsPerSnapshot: { DIR: round(dirMs, 3), KEYRING: keyMs === null ? null : round(keyMs, 3) },
      snapshotsPerHour,
      cpuSecondsPerHour: round(modelSeconds, 3),
    },
  };
}
