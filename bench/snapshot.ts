/**
 * 1. Snapshot: the status service against a bare `klist -A -f -e`, same environment, with 1, 10 and
 * 50 caches in one DIR collection, and in the KCM collection of the Fedora-like realm (sssd-kcm).
 * Goal: ratio of medians at most 1.2.
 */
import { execa } from 'execa';
import { createKrbService } from '../electron/services/kerberos/service.js';
import type { TestRealm } from '../test/support/realm/realm.js';
import { type Comparison, type Summary, sideBySide, summarize, time } from './stats.js';

export const BENCH_PASSWORD = 'benchpw';
/** `bench01@FEDORAPROJECT.ORG` … `bench50@FEDORAPROJECT.ORG`. */
export const benchPrincipal = (i: number) => `bench${String(i).padStart(2, '0')}@FEDORAPROJECT.ORG`;

/** Adds bench01…benchNN to FEDORAPROJECT.ORG (one kadmin.local run each, about 20 ms apiece). */
export async function addBenchPrincipals(realm: TestRealm, count: number): Promise<void> {
  for (let i = 1; i <= count; i++)
    await realm.kadmin('FEDORAPROJECT.ORG', `addprinc -pw ${BENCH_PASSWORD} ${benchPrincipal(i).split('@')[0]}`);
}

export interface SnapshotResult {
  readonly type: 'DIR' | 'KCM';
  readonly caches: number;
  readonly status: Comparison['a'];
  readonly klist: Comparison['b'];
  readonly ratio: number;
  readonly ratioP95: number;
  readonly pairedRatio: number;
  readonly ratioCi95: readonly [number, number];
  readonly samples: { readonly status: readonly number[]; readonly klist: readonly number[] };
  /**
   * status() with a runner that hands back this collection's recorded klist output at once: the
   * service's own cost (collection, primary file, parsing, building the snapshot) without the process.
   */
  readonly inProcess: Summary;
}

export async function benchSnapshot(
  realm: TestRealm,
  sizes: readonly number[],
  runs: (caches: number) => number,
  type: 'DIR' | 'KCM' = 'DIR',
): Promise<SnapshotResult[]> {
  const ccname = realm.newCollection(type);
  const env = realm.env(ccname);
  const krb = createKrbService({ env });
  const results: SnapshotResult[] = [];
  let have = 0;
  for (const size of sizes) {
    // A kinit of a principal with no cache in a DIR or KCM collection makes a new cache (and makes it primary).
    while (have < size) await realm.kinit(ccname, benchPrincipal(++have), BENCH_PASSWORD);
    const check = await krb.status();
    if (!check.ok || check.value.caches.length !== size) {
      throw new Error(
        `setup: expected ${size} caches, status said ${JSON.stringify(check.ok ? check.value.caches.length : check.error)}`,
      );
    }
    const comparison = await sideBySide({
      runs: runs(size),
      warmup: 5,
      a: async () => {
        const result = await krb.status();
        if (!result.ok) throw new Error(`status() failed: ${JSON.stringify(result.error)}`);
      },
      // What the service runs, bare: same program, arguments and environment (the runner adds LC_ALL=C too).
      b: async () => {
        const result = await execa('klist', ['-A', '-f', '-e'], {
          env: { ...env, LC_ALL: 'C' },
          extendEnv: false,
          reject: false,
          verbose: 'none',
        });
        if (result.exitCode !== 0) throw new Error(`klist failed: ${String(result.stderr)}`);
      },
    });
    const recorded = await execa('klist', ['-A', '-f', '-e'], {
      env: { ...env, LC_ALL: 'C' },
      extendEnv: false,
      reject: false,
      verbose: 'none',
    });
    const outcome = {
      kind: 'exited' as const,
      exitCode: recorded.exitCode ?? 0,
      stdout: String(recorded.stdout),
      stderr: String(recorded.stderr),
    };
    const noProcess = createKrbService({ env, run: async () => outcome });
    const inProcess: number[] = [];
    for (let i = 0; i < 220; i++) {
      const ms = await time(() => noProcess.status());
      if (i >= 20) inProcess.push(ms);
    }
    results.push({
      type,
      caches: size,
      inProcess: summarize(inProcess),
      status: comparison.a,
      klist: comparison.b,
      ratio: comparison.ratio,
      ratioP95: comparison.ratioP95,
      pairedRatio: comparison.pairedRatio,
      ratioCi95: comparison.ratioCi95,
      samples: { status: comparison.samplesA, klist: comparison.samplesB },
    });
  }
  return results;
}
