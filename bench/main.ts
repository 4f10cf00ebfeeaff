/**
 * `npm run bench`: measures the app next to the tools it wraps, side by side in one run, on the
 * throwaway test realm (see bench/README.md). Prints one table and writes the same figures, with
 * the machine and versions, to out/bench/results.json. Nothing here asserts a timing.
 */
import '../test/support/map-hosts.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHOWN_POLL_MS } from '../electron/main/app/poll-policy.js';
import { startRealm, type TestRealm } from '../test/support/realm/realm.js';
import { benchCli, type CliResult } from './cli.js';
import { benchCopr, type CoprResult } from './copr.js';
import { benchPaint, buildRenderer, type BundleResult, type PaintResult } from './renderer.js';
import { addBenchPrincipals, benchSnapshot, type SnapshotResult } from './snapshot.js';
import { type Row, formatTable, round, spansGoal } from './stats.js';
import { benchDetection, benchIdle, type DetectionResult, type IdleResult } from './watch.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const RESULTS = join(ROOT, 'out', 'bench', 'results.json');

/**
 * How many recorded runs each measurement takes (after its warm-up runs); sized for about 2–3
 * minutes in all. BENCH_QUICK=1 takes a few of each, to check that the benchmark itself works.
 */
const QUICK = process.env['BENCH_QUICK'] === '1';
const RUNS = QUICK
  ? {
      snapshot: { 1: 5, 10: 5, 50: 5 } as Record<number, number>,
      detection: { DIR: 1, FILE: 1, KEYRING: 1, KEYRING_FAST: 1 },
      idle: { shownLooks: 2, hiddenPaceMs: 5_000 } as { shownLooks: number; hiddenPaceMs?: number },
      copr: 3,
      paint: 3,
      cli: 5,
    }
  : {
      snapshot: { 1: 120, 10: 100, 50: 80 } as Record<number, number>,
      detection: { DIR: 6, FILE: 10, KEYRING: 2, KEYRING_FAST: 4 },
      idle: { shownLooks: 12 } as { shownLooks: number; hiddenPaceMs?: number },
      copr: 25,
      paint: 25,
      cli: 40,
    };
/** BENCH_ONLY=snapshot,detection,idle,copr,cli,renderer runs only those sections (for working on the benchmark). */
const ONLY = new Set(
  (process.env['BENCH_ONLY'] ?? 'snapshot,detection,idle,copr,cli,renderer').split(',').map((s) => s.trim()),
);
const GOALS = {
  snapshotRatio: 1.2,
  detectionMs: 300,
  coprRatio: 1.5,
  cliStatusRatio: 1.5,
  cliVersionRatio: 1.2,
  paintMs: 50,
  bundleKiB: 150,
};

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function tool(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    }).trim();
  } catch (error) {
    return `unavailable (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Linux pressure stall information: the share of time some runnable task waited for a CPU (other work on the machine). */
function cpuPressure(): string {
  try {
    return /^some (.*)$/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unavailable';
  }
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism(),
    cpuModel: model,
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
    cpuPressureAtStart: cpuPressure(),
  };
}

function versions() {
  return {
    node: process.version,
    krb5: tool('klist', ['-V']).replace(/^Kerberos 5 version /, ''),
    curl: tool('curl', ['--version']).split('\n')[0] ?? '',
    commit: tool('git', ['-C', ROOT, 'rev-parse', 'HEAD']),
    dirty: tool('git', ['-C', ROOT, 'status', '--porcelain']).length > 0,
  };
}

/** Runs one section; a failure is recorded and the other sections still run. */
async function section<T>(name: string, errors: Record<string, string>, fn: () => Promise<T>): Promise<T | null> {
  const started = Date.now();
  log(`${name}…`);
  try {
    const value = await fn();
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    errors[name] = (error as Error).stack ?? String(error);
    log(`${name} FAILED: ${(error as Error).message}`);
    return null;
  }
}

function rows(r: {
  snapshot: SnapshotResult[] | null;
  detection: DetectionResult[];
  idle: IdleResult | null;
  copr: CoprResult | null;
  cli: CliResult | null;
  bundle: BundleResult | null;
  paint: PaintResult | null;
}): Row[] {
  const out: Row[] = [];
  for (const s of r.snapshot ?? []) {
    out.push({
      section: 'Snapshot',
      measure: `status() vs klist -A -f -e, ${s.caches} cache${s.caches === 1 ? '' : 's'} (own JS ${s.inProcess.median} ms)`,
      unit: 'ms',
      median: s.status.median,
      p95: s.status.p95,
      baseline: 'klist',
      baselineMedian: s.klist.median,
      ratio: s.ratio,
      ratioCi95: s.ratioCi95,
      goal: `ratio ≤ ${GOALS.snapshotRatio}`,
      met: s.ratio <= GOALS.snapshotRatio,
    });
  }
  for (const d of r.detection) {
    const polled = d.mode === 'poll';
    const limit = polled ? d.intervalMs : GOALS.detectionMs;
    out.push({
      section: 'Change detection',
      measure: `${d.type}${polled ? ` (poll ${d.intervalMs} ms${d.intervalMs === SHOWN_POLL_MS ? ', as with the window shown' : ''})` : ' (inotify)'}, exit → callback, n=${d.latency.n}`,
      unit: 'ms',
      median: d.latency.median,
      p95: d.latency.p95,
      goal: polled ? `p95 ≤ ${limit} ms (poll)` : `p95 ≤ ${limit} ms`,
      met: d.latency.p95 <= limit,
    });
  }
  for (const row of r.idle?.rows ?? []) {
    const how = row.mode === 'files' ? 'file events, 60 s safety re-read' : `poll every ${row.paceMs / 1000} s`;
    out.push({
      section: 'Idle watching',
      measure: `${row.type}, window ${row.window} (${how}), ${row.seconds} s measured, looks (ours + klist)`,
      unit: 'CPU s/h',
      median: row.looksCpuSecondsPerHour,
      p95: null,
      goal: row.type === 'KEYRING' && row.window === 'hidden' ? '≤ 2 CPU s/h' : '(none)',
      met: row.type === 'KEYRING' && row.window === 'hidden' ? row.looksCpuSecondsPerHour <= 2 : null,
    });
  }
  if (r.copr) {
    const { coldVsCurl: c, warmVsCold: w } = r.copr;
    out.push({
      section: 'Copr check',
      measure: 'cold (SPNEGO login + auth-check) vs curl --negotiate',
      unit: 'ms',
      median: c.a.median,
      p95: c.a.p95,
      baseline: 'curl',
      baselineMedian: c.b.median,
      ratio: c.ratio,
      ratioCi95: c.ratioCi95,
      goal: `ratio ≤ ${GOALS.coprRatio}`,
      met: c.ratio <= GOALS.coprRatio,
    });
    out.push({
      section: 'Copr check',
      measure: 'warm (saved session) vs cold',
      unit: 'ms',
      median: w.a.median,
      p95: w.a.p95,
      baseline: 'cold',
      baselineMedian: w.b.median,
      ratio: w.ratio,
      ratioCi95: w.ratioCi95,
      goal: 'ratio < 1',
      met: w.ratio < 1,
    });
  }
  if (r.cli) {
    const rowsOf = [
      ['`ticket-tray status` (2 caches) vs `node -e 0`', r.cli.statusVsNode, GOALS.cliStatusRatio],
      ['`ticket-tray --version` vs `node -e 0`', r.cli.versionVsNode, GOALS.cliVersionRatio],
    ] as const;
    for (const [measure, c, goal] of rowsOf)
      out.push({
        section: 'Command line',
        measure,
        unit: 'ms',
        median: c.a.median,
        p95: c.a.p95,
        baseline: 'node -e 0',
        baselineMedian: c.b.median,
        ratio: c.ratio,
        ratioCi95: c.ratioCi95,
        goal: `ratio ≤ ${goal}`,
        met: c.ratio <= goal,
      });
  }
  if (r.paint) {
    out.push({
      section: 'Renderer',
      measure: `data → first paint of 50 caches (Chromium), n=${r.paint.painted.n}`,
      unit: 'ms',
      median: r.paint.painted.median,
      p95: r.paint.painted.p95,
      goal: `p95 ≤ ${GOALS.paintMs} ms`,
      met: r.paint.painted.p95 <= GOALS.paintMs,
    });
  }
  if (r.bundle) {
    const kib = round(r.bundle.jsGzipBytes / 1024, 1);
    out.push({
      section: 'Renderer',
      measure: `JavaScript, gzip -9 (${r.bundle.files.length} file${r.bundle.files.length === 1 ? '' : 's'}, ${round(r.bundle.jsBytes / 1024, 0)} KiB raw)`,
      unit: 'KB',
      median: kib,
      p95: null,
      goal: `≤ ${GOALS.bundleKiB} KiB`,
      met: kib <= GOALS.bundleKiB,
    });
  }
  return out;
}

class Skip extends Error {}

export async function main(): Promise<number> {
  const startedAt = new Date();
  const t0 = Date.now();
  const errors: Record<string, string> = {};
  const info = { machine: machine(), versions: versions() };
  log(`${info.machine.nproc} × ${info.machine.cpuModel}, node ${info.versions.node}, krb5 ${info.versions.krb5}`);

  // The renderer build first: it is CPU-heavy and must not overlap any timing.
  const bundle = ONLY.has('renderer') ? await section('renderer build', errors, buildRenderer) : null;

  let realm: TestRealm | null = null;
  const detection: DetectionResult[] = [];
  let snapshot: SnapshotResult[] | null = null;
  let idle: IdleResult | null = null;
  let copr: CoprResult | null = null;
  let cli: CliResult | null = null;
  let keyring: { ok: boolean; reason?: string } = { ok: false, reason: 'not probed' };
  try {
    if (!['snapshot', 'detection', 'idle', 'copr', 'cli'].some((name) => ONLY.has(name))) throw new Skip();
    realm = await startRealm();
    const r = realm;
    keyring = await r.keyringAvailable();
    if (!keyring.ok) log(`KEYRING skipped: ${keyring.reason}`);
    if (ONLY.has('snapshot')) {
      await section('principals', errors, () => addBenchPrincipals(r, 50));
      snapshot = await section('snapshot', errors, () => benchSnapshot(r, [1, 10, 50], (n) => RUNS.snapshot[n] ?? 30));
    }
    for (const type of ONLY.has('detection') ? (['DIR', 'FILE'] as const) : []) {
      const d = await section(`detection ${type}`, errors, () => benchDetection(r, type, RUNS.detection[type]));
      if (d) detection.push(d);
    }
    if (keyring.ok && ONLY.has('detection')) {
      const slow = await section('detection KEYRING (poll 5 s)', errors, () =>
        benchDetection(r, 'KEYRING', RUNS.detection.KEYRING),
      );
      if (slow) detection.push(slow);
      const fast = await section('detection KEYRING (poll 250 ms)', errors, () =>
        benchDetection(r, 'KEYRING', RUNS.detection.KEYRING_FAST, 250),
      );
      if (fast) detection.push(fast);
    }
    if (ONLY.has('idle'))
      idle = await section('idle watching', errors, () => benchIdle(r, { keyring: keyring.ok, ...RUNS.idle }));
    if (ONLY.has('copr')) copr = await section('copr check', errors, () => benchCopr(r, RUNS.copr));
    if (ONLY.has('cli')) cli = await section('command line', errors, () => benchCli(r, RUNS.cli));
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
  } finally {
    await realm?.stop();
  }
  const paint = bundle ? await section('renderer paint', errors, () => benchPaint(RUNS.paint)) : null;

  const table = rows({ snapshot, detection, idle, copr, cli, bundle, paint });
  const durationSeconds = round((Date.now() - t0) / 1000, 1);
  const results = {
    date: startedAt.toISOString(),
    durationSeconds,
    ...info,
    machine: {
      ...info.machine,
      loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)),
      cpuPressureAtEnd: cpuPressure(),
    },
    versions: { ...info.versions, chromium: paint?.browser ?? null },
    method: {
      interleaving:
        'A and B alternate, the first of each pair swapping every round (three-way: rotating); medians and nearest-rank p95',
      ratio:
        'median(A) / median(B); ratioCi95 = 95% percentile-bootstrap interval over rounds; ratioP95 = p95(A) / p95(B) and pairedRatio = median of A/B within each round, in details',
      runs: RUNS,
      quick: QUICK,
      only: [...ONLY],
      keyring,
    },
    rows: table,
    details: { snapshot, detection, idle, copr, cli, renderer: { bundle, paint } },
    errors,
  };
  mkdirSync(join(ROOT, 'out', 'bench'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  process.stdout.write(
    `\nTicket Tray benchmarks, ${startedAt.toISOString()} — ${info.machine.nproc} × ${info.machine.cpuModel}, node ${info.versions.node}, krb5 ${info.versions.krb5}\n`,
  );
  process.stdout.write(
    'Medians and p95 in ms unless said; ratio = median / baseline median, measured side by side (95% bootstrap interval); latency goals are judged on p95.\n',
  );
  process.stdout.write(
    `CPU pressure (some) at start: ${info.machine.cpuPressureAtStart}; load average ${info.machine.loadAverageAtStart.join(' ')} on ${info.machine.nproc} CPUs.\n\n`,
  );
  process.stdout.write(`${formatTable(table)}\n`);
  if (table.some(spansGoal))
    process.stdout.write(
      '* the goal lies inside the 95% interval: on this machine, at this moment, the difference is within the noise.\n',
    );
  process.stdout.write('\n');
  for (const [name, error] of Object.entries(errors))
    process.stdout.write(`ERROR in ${name}: ${error.split('\n')[0]}\n`);
  process.stdout.write(`Wrote ${RESULTS.replace(`${ROOT}/`, '')} (${durationSeconds} s).\n`);
  return Object.keys(errors).length ? 1 : 0;
}
