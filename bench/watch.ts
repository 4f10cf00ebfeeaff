/**
 * 2. Change detection: a kinit, kswitch or kdestroy run from outside (as in a terminal) until the
 * watchCollection subscriber is told, for DIR, FILE and KEYRING collections, and KCM from the
 * Fedora-like realm's sssd-kcm; and the idle cost of watching, in CPU seconds per hour, with the
 * window shown and hidden.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { createPollPolicy } from '../electron/main/app/poll-policy.js';
import { watchLooks } from '../electron/main/app/services.js';
import { createKrbService } from '../electron/services/kerberos/service.js';
import { everyMs, watchCollection } from '../electron/services/kerberos/watch.js';
import { execaRunner } from '../electron/services/process/run.js';
import { spawnRunner } from '../electron/services/process/spawn-runner.js';
import type { KrbStatus } from '../shared/krb.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { USERS, type TestRealm } from '../test/support/realm/realm.js';
import { benchRunnerCost, cpuNow, type RunnerCostRow } from './runner-cost.js';
import { type Summary, round, summarize } from './stats.js';

const { alice, bob } = USERS;
type CollectionType = 'DIR' | 'FILE' | 'KEYRING' | 'KCM';
/** The collections with no file to watch, which the app polls at the pace the window sets. */
type PolledType = 'KEYRING' | 'KCM';

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
  const timed = {
    collection: krb.collection,
    listCollection: () => (snapshotStarts.push(performance.now()), krb.listCollection()),
    statusFromListing: krb.statusFromListing,
  };
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

type Service = ReturnType<typeof watchLooks>;

/** One idle row: a collection left alone, watched as the app watches it with the window shown or hidden. */
export interface IdleRow {
  readonly type: 'DIR' | PolledType;
  /** DIR is event-driven whatever the window does: one row stands for both. */
  readonly window: 'shown' | 'hidden' | 'either';
  readonly mode: 'files' | 'poll';
  /** The time between looks during the measurement. */
  readonly paceMs: number;
  /** Looks measured: from the end of one look to the end of the `looks`-th after it. */
  readonly looks: number;
  readonly seconds: number;
  /** CPU of the looks (ours, from each look's start to its end, plus klist's), per hour of the interval. */
  readonly looksCpuSecondsPerHour: number;
  /** This whole process and its reaped children over the interval, background work included (compare `baseline`). */
  readonly processCpuSecondsPerHour: number;
  /** The CPU one look cost, on average (ours plus klist). */
  readonly cpuMsPerLook: number;
}

export interface IdleResult {
  readonly rows: readonly IdleRow[];
  /** One look's CPU through each runner, back to back (the hidden rows pay one such look a minute). */
  readonly runners: readonly RunnerCostRow[];
  /** Node with no watch at all, same method, for comparison. */
  readonly baseline: { readonly seconds: number; readonly selfCpuSecondsPerHour: number };
}

/**
 * The idle cost of watching, per hour, measured over whole cycles of the real pace: from the end of
 * one look to the end of the `looks`-th after it, so the window never cuts a cycle. Shown, KEYRING
 * and KCM are looked at every 5 s (12 looks, a minute); hidden, once a minute (`hiddenLooks` looks:
 * klist's CPU is counted in clock ticks of 10 ms, so a single look of about 10 ms reads as 0, 10 or
 * 20, and one look alone would swing the hourly figure by ±0.6 s). DIR has its 60 s safety
 * re-read, window or not. `hiddenPaceMs` shortens the hidden pace (BENCH_QUICK), and the row says so.
 * The looks go through the service the app's watch uses (`watchLooks`).
 */
export async function benchIdle(
  realm: TestRealm,
  options: {
    types: ReadonlyArray<'DIR' | PolledType>;
    shownLooks: number;
    hiddenLooks: number;
    hiddenPaceMs?: number;
    runnerLooks: number;
  },
): Promise<IdleResult> {
  const baseSeconds = 5;
  const b0 = cpuNow();
  await sleep(baseSeconds * 1000);
  const b1 = cpuNow();
  const rows: IdleRow[] = [];
  const runners: RunnerCostRow[] = [];
  for (const type of options.types) {
    if (type === 'DIR') {
      rows.push(await idleRow(realm, 'DIR', 'either', 1));
      continue;
    }
    rows.push(await idleRow(realm, type, 'shown', options.shownLooks));
    rows.push(await idleRow(realm, type, 'hidden', options.hiddenLooks, options.hiddenPaceMs));
    runners.push(
      ...(await benchRunnerCost(realm, type, { execa: execaRunner, spawn: spawnRunner }, options.runnerLooks)),
    );
  }
  return {
    rows,
    runners,
    baseline: { seconds: baseSeconds, selfCpuSecondsPerHour: round(((b1.self - b0.self) / baseSeconds) * 3600, 3) },
  };
}

async function idleRow(
  realm: TestRealm,
  type: IdleRow['type'],
  window: IdleRow['window'],
  looks: number,
  paceOverrideMs?: number,
): Promise<IdleRow> {
  const ccname = realm.newCollection(type);
  await realm.kinit(ccname, alice.fedora, alice.password);
  const ends = lookEnds(watchLooks(realm.env(ccname)));
  let changes = 0;
  const watch = await watchCollection(ends.service, () => changes++);
  const policy = createPollPolicy({ watch, settings: { current: () => DEFAULT_SETTINGS }, now: Date.now });
  policy.windowVisibility(window === 'shown');
  if (paceOverrideMs !== undefined) watch.setPace(everyMs(paceOverrideMs));
  try {
    // Measuring starts at the end of a look; one now saves waiting a whole hidden cycle for it.
    const started = ends.next();
    watch.checkNow();
    await started;
    const t0 = performance.now();
    const c0 = cpuNow();
    const inLooks0 = ends.selfCpuInLooks();
    for (let i = 0; i < looks; i++) await ends.next();
    const c1 = cpuNow();
    const seconds = (performance.now() - t0) / 1000;
    if (changes !== 0) throw new Error(`idle ${type} watch reported ${changes} changes`);
    const children = c1.children - c0.children;
    const looksCpu = ends.selfCpuInLooks() - inLooks0 + children;
    const perHour = (v: number) => round((v / seconds) * 3600, 3);
    return {
      type,
      window,
      mode: watch.mode,
      paceMs: round((seconds * 1000) / looks, 0),
      looks,
      seconds: round(seconds, 1),
      looksCpuSecondsPerHour: perHour(looksCpu),
      processCpuSecondsPerHour: perHour(c1.self - c0.self + children),
      cpuMsPerLook: round((looksCpu / looks) * 1000, 2),
    };
  } finally {
    watch.close();
  }
}

/**
 * The service, with a promise for the end of each look and the CPU this process spent inside looks
 * (between this process's other work, which the whole-process figure includes and this one does not).
 */
function lookEnds(krb: Service) {
  let waiting: (() => void) | null = null;
  let inLooks = 0;
  const ended = () => setImmediate(() => waiting?.());
  return {
    service: {
      collection: krb.collection,
      listCollection: async () => {
        const start = process.cpuUsage();
        const out = await krb.listCollection();
        const used = process.cpuUsage(start);
        inLooks += (used.user + used.system) / 1e6;
        // An idle collection's listing is the same as the last one: the look ends here, nothing parsed.
        ended();
        return out;
      },
      statusFromListing: krb.statusFromListing,
    },
    selfCpuInLooks: () => inLooks,
    next: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
  };
}
