/**
 * What one look (`klist -A -f -e` on a collection left alone) costs in CPU through each way of
 * running a tool: ours (user+sys of this process, `process.cpuUsage`) and the reaped klist's
 * (`/proc/self/stat` cutime+cstime). CPU time, not wall time: on a loaded machine a look waits for
 * a core, but it does not use more of one. The runners take turns in short blocks, so a change in
 * the machine's load falls on all of them alike.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runner } from '../electron/services/process/run.js';
import { USERS, type TestRealm } from '../test/support/realm/realm.js';
import { round } from './stats.js';

export interface RunnerCostRow {
  readonly type: 'KEYRING' | 'KCM';
  readonly runner: string;
  readonly looks: number;
  /** This process's CPU per look, ms. */
  readonly selfMsPerLook: number;
  /** klist's CPU per look, ms (clock-tick resolution, summed over all looks). */
  readonly childMsPerLook: number;
  readonly totalMsPerLook: number;
  /** At one look a minute (the hidden pace): CPU seconds per hour. */
  readonly hiddenCpuSecondsPerHour: number;
}

/** CPU seconds used by this process, and by its exited (reaped) children, so far. */
export function cpuNow(): { self: number; children: number } {
  const usage = process.cpuUsage();
  // /proc/self/stat fields 16 and 17 (1-based): cutime and cstime, in clock ticks (USER_HZ, 100 on Linux).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return { self: (usage.user + usage.system) / 1e6, children: ticks / 100 };
}

/** Runs `looks` looks through each runner, in rotating blocks of `block`, after a few warm-up looks each. */
export async function benchRunnerCost(
  realm: TestRealm,
  type: 'KEYRING' | 'KCM',
  runners: Readonly<Record<string, Runner>>,
  looks: number,
  options: { block?: number; gapMs?: number } = {},
): Promise<RunnerCostRow[]> {
  const block = options.block ?? 10;
  const gapMs = options.gapMs ?? 0;
  const ccname = realm.newCollection(type);
  await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password);
  const env = realm.env(ccname);
  const names = Object.keys(runners);
  const spent = new Map(names.map((n) => [n, { self: 0, children: 0, looks: 0 }]));
  const look = async (name: string) => {
    const out = await runners[name]!('klist', ['-A', '-f', '-e'], { env, timeoutMs: 5_000 });
    if (out.kind !== 'exited' || out.exitCode !== 0) throw new Error(`${name}: klist failed: ${JSON.stringify(out)}`);
  };
  for (const name of names) for (let i = 0; i < 5; i++) await look(name);
  for (let round_ = 0; round_ * block < looks; round_++) {
    const order = names.map((_, i) => names[(i + round_) % names.length]!);
    for (const name of order) {
      const before = cpuNow();
      for (let i = 0; i < block; i++) {
        // A gap lets caches and the JIT's hot paths go cold, as between the hidden window's looks.
        if (gapMs > 0) await sleep(gapMs);
        await look(name);
      }
      const after = cpuNow();
      const s = spent.get(name)!;
      s.self += after.self - before.self;
      s.children += after.children - before.children;
      s.looks += block;
    }
  }
  return names.map((name) => {
    const s = spent.get(name)!;
    const self = (s.self / s.looks) * 1000;
    const child = (s.children / s.looks) * 1000;
    return {
      type,
      runner: name,
      looks: s.looks,
      selfMsPerLook: round(self, 2),
      childMsPerLook: round(child, 2),
      totalMsPerLook: round(self + child, 2),
      hiddenCpuSecondsPerHour: round(((self + child) * 60) / 1000, 3),
    };
  });
}
