/**
 * Small statistics and timing helpers for the benchmarks. Nothing here asserts a timing: the
 * figures are measured, printed and recorded, and the reader compares them with the goals.
 */
import { performance } from 'node:perf_hooks';

/** Median, p95 and the rest of a sample, in the sample's unit (milliseconds unless said otherwise). */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile (p in 0..100) of an unsorted sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: round(median(values)),
    p95: round(percentile(values, 95)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds taken by `fn`. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A comparison of sample A with sample B: both summaries, and A/B at the median and at p95. */
export interface Comparison {
  readonly a: Summary;
  readonly b: Summary;
  /** median(A) / median(B) */
  readonly ratio: number;
  /** p95(A) / p95(B) */
  readonly ratioP95: number;
  /** The median of A/B within each round (the pairs ran back to back): robust to drift between rounds. */
  readonly pairedRatio: number;
  /**
   * 95% bootstrap interval of median(A)/median(B), resampling whole rounds: how far the ratio could
   * move by chance on this machine at this moment. A goal inside it is neither clearly met nor missed.
   */
  readonly ratioCi95: readonly [number, number];
  readonly samplesA: readonly number[];
  readonly samplesB: readonly number[];
}

export function compare(samplesA: readonly number[], samplesB: readonly number[]): Comparison {
  return {
    a: summarize(samplesA),
    b: summarize(samplesB),
    ratio: round(median(samplesA) / median(samplesB), 3),
    ratioP95: round(percentile(samplesA, 95) / percentile(samplesB, 95), 3),
    pairedRatio: round(median(samplesA.map((a, i) => a / samplesB[i]!)), 3),
    ratioCi95: bootstrapRatio(samplesA, samplesB),
    samplesA: samplesA.map((v) => round(v, 3)),
    samplesB: samplesB.map((v) => round(v, 3)),
  };
}

/** Percentile bootstrap (1000 resamples of rounds, fixed seed) of median(A)/median(B). */
function bootstrapRatio(samplesA: readonly number[], samplesB: readonly number[]): [number, number] {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const n = Math.min(samplesA.length, samplesB.length);
  const ratios: number[] = [];
  for (let r = 0; r < 1000; r++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      a.push(samplesA[k]!);
      b.push(samplesB[k]!);
    }
    ratios.push(median(a) / median(b));
  }
  return [round(percentile(ratios, 2.5), 3), round(percentile(ratios, 97.5), 3)];
}

/** One thing to time; `before` runs untimed before each of its runs (e.g. clearing a session cache). */
export interface Contender {
  readonly name: string;
  readonly run: () => Promise<unknown>;
  readonly before?: () => Promise<unknown>;
}

/**
 * Runs the contenders in turn, `runs` recorded rounds after `warmup` unrecorded ones, rotating which
 * goes first every round (A B C, B C A, C A B, …; for two: A B, B A, …) so that drift (CPU
 * frequency, caches, a busy neighbour) and any "the next one is cheaper" effect fall on all of them
 * equally. Returns each contender's samples in milliseconds.
 */
export async function interleaved(opts: {
  runs: number;
  warmup?: number;
  contenders: readonly Contender[];
}): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(opts.contenders.map((c) => [c.name, []]));
  const warmup = opts.warmup ?? 3;
  const n = opts.contenders.length;
  for (let round = 0; round < warmup + opts.runs; round++) {
    for (let k = 0; k < n; k++) {
      const contender = opts.contenders[(round + k) % n]!;
      await contender.before?.();
      const ms = await time(contender.run);
      if (round >= warmup) samples[contender.name]!.push(ms);
    }
  }
  return samples;
}

/** {@link interleaved} for two: A against B. */
export async function sideBySide(opts: {
  runs: number;
  warmup?: number;
  a: () => Promise<unknown>;
  b: () => Promise<unknown>;
}): Promise<Comparison> {
  const samples = await interleaved({
    runs: opts.runs,
    warmup: opts.warmup ?? 3,
    contenders: [
      { name: 'a', run: opts.a },
      { name: 'b', run: opts.b },
    ],
  });
  return compare(samples['a']!, samples['b']!);
}

/** One row of the printed table (and of the JSON). */
export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly unit: 'ms' | 'KB' | 'CPU s/h' | 'requests';
  readonly median: number | null;
  readonly p95: number | null;
  /** The baseline's median, when the row compares against one. */
  readonly baselineMedian?: number | null;
  readonly baseline?: string;
  readonly ratio?: number | null;
  readonly ratioCi95?: readonly [number, number];
  /** Human-readable goal, e.g. `ratio ≤ 1.2`. */
  readonly goal: string;
  /** null when there is no goal to meet (informational rows). */
  readonly met: boolean | null;
  readonly note?: string;
}

/** The table, as fixed-width text. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['measure', 'median', 'p95', 'baseline (median)', 'ratio (95% CI)', 'goal', 'met?'];
  const fmt = (v: number | null | undefined, unit = '') =>
    v === null || v === undefined || Number.isNaN(v) ? '—' : `${fmtNum(v)}${unit}`;
  const body = rows.map((r) => [
    `${r.section}: ${r.measure}`,
    fmt(r.median, ` ${r.unit}`),
    fmt(r.p95, ` ${r.unit}`),
    r.baseline ? `${r.baseline} ${fmt(r.baselineMedian, ` ${r.unit}`)}` : '—',
    r.ratio === undefined || r.ratio === null
      ? '—'
      : `${r.ratio.toFixed(2)}×${r.ratioCi95 ? ` (${r.ratioCi95[0].toFixed(2)}–${r.ratioCi95[1].toFixed(2)})` : ''}`,
    r.goal,
    (r.met === null ? '—' : r.met ? 'yes' : 'NO') + (spansGoal(r) ? '*' : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Whether a ratio row's 95% interval contains its goal (`ratio ≤ X` or `ratio < X`): then chance alone could flip "met?". */
export function spansGoal(r: Row): boolean {
  const limit = /ratio [≤<] ([\d.]+)/.exec(r.goal)?.[1];
  return Boolean(r.ratioCi95 && limit && r.ratioCi95[0] <= Number(limit) && Number(limit) <= r.ratioCi95[1]);
}

function fmtNum(v: number): string {
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
