/**
 * A small, dependency-free fuzzing kit for the hardening suite (test/hardening): a seeded PRNG,
 * text generators and mutators, a runner that bounds the time of every call, and a linearity check.
 *
 * Seeds: every suite derives its own seed from one base seed, fixed by default and overridable
 * with `FUZZ_SEED` (decimal or 0x-hex), so a failure names the seed and the case that replays it.
 *
 * Time: the parsers are synchronous, so a catastrophic regular expression cannot be interrupted by
 * a promise timeout. Every call runs through `node:vm` with a `timeout`, whose watchdog terminates
 * the running JavaScript (including a backtracking regex) and turns it into an error we can report.
 * The times measured here back safety properties (no pathological blow-up), never speed claims.
 */
import vm from 'node:vm';

// ---------------------------------------------------------------------------------------------
// Seeds and the PRNG

/** The base seed when FUZZ_SEED is not set. */
export const DEFAULT_FUZZ_SEED = 0x7e11a7;

/** FUZZ_SEED (decimal or 0x-hex) or the default; an unreadable value is an error, not a silent default. */
export function baseSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env['FUZZ_SEED']?.trim();
  if (text === undefined || text === '') return DEFAULT_FUZZ_SEED;
  const value = /^0x[0-9a-f]+$/i.test(text)
    ? Number.parseInt(text.slice(2), 16)
    : /^\d+$/.test(text)
      ? Number(text)
      : Number.NaN;
  if (!Number.isSafeInteger(value))
    throw new Error(`FUZZ_SEED must be a whole number (decimal or 0x-hex), not ${JSON.stringify(text)}`);
  return value >>> 0;
}

/** FNV-1a, 32 bits: turns a suite's name into a seed offset. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed a suite uses: the base seed mixed with the suite's name. */
export function suiteSeed(suite: string, seed = baseSeed()): number {
  return (seed ^ hash32(suite)) >>> 0;
}

/** xoshiro128** seeded through splitmix32: fast, and good enough for test data. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(readonly seed: number) {
    let x = seed >>> 0;
    const split = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = split();
    this.s1 = split();
    this.s2 = split();
    this.s3 = split();
  }

  /** 32 random bits. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let r = this.float() * total;
    for (const [w, item] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1]![1];
  }

  /** A small length, usually short, sometimes long: most bugs need few characters, some need many. */
  length(max: number): number {
    const r = this.float();
    return Math.min(max, r < 0.6 ? this.int(16) : r < 0.9 ? this.int(256) : this.int(max + 1));
  }

  /** An independent generator for a sub-task (its sequence does not depend on how much this one was used). */
  fork(label: string): Rng {
    return new Rng((this.seed ^ hash32(label)) >>> 0);
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

// ---------------------------------------------------------------------------------------------
// Characters and text

/** Characters that trip parsers: controls, NUL, Unicode line breaks and spaces, BOM, bidi, lone surrogates. */
export const AWKWARD_CHARS: readonly string[] = [
  '\0',
  '\x01',
  '\x07',
  '\b',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\x1b',
  '\x1c',
  '\x1f',
  '\x7f',
  '\x85',
  '\xa0',
  '\xad',
  '\u1680',
  '\u2000',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u3000',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udfff',
  '\u{1f600}',
  '\u{10ffff}',
  'é',
  'ß',
  'İ',
  'ı',
  'ſ',
  'K',
  'с',
  'ο',
  '。',
  '／',
  '％',
  '＝',
  '［',
  '］',
];

/** Printable ASCII. */
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** One random character: mostly ASCII, sometimes awkward, sometimes any code point. */
export function randomChar(rng: Rng): string {
  const r = rng.float();
  if (r < 0.7) return rng.pick(ASCII);
  if (r < 0.9) return rng.pick(AWKWARD_CHARS);
  const cp = rng.chance(0.8) ? rng.int(0x10000) : rng.range(0x10000, 0x10ffff);
  return String.fromCodePoint(cp);
}

/** A run of one kind: the building block of random inputs. */
function randomRun(rng: Rng, tokens: readonly string[]): string {
  const kind = rng.weighted<string>([
    [4, 'token'],
    [3, 'ascii'],
    [1, 'space'],
    [1, 'newline'],
    [1, 'awkward'],
    [1, 'digits'],
  ]);
  const n = rng.length(64) + 1;
  switch (kind) {
    case 'token':
      return tokens.length ? rng.pick(tokens) : randomChar(rng);
    case 'ascii':
      return Array.from({ length: n }, () => rng.pick(ASCII)).join('');
    case 'space':
      return Array.from({ length: n }, () => rng.pick([' ', '\t', ' ', '\r', '\v', '\f', '\xa0'])).join('');
    case 'newline':
      return rng.pick(['\n', '\r\n', '\r', '\n\n']);
    case 'digits':
      return String(rng.int(10 ** rng.range(1, 6)));
    default:
      return Array.from({ length: Math.min(n, 8) }, () => randomChar(rng)).join('');
  }
}

/** Random text built from runs of tokens, ASCII, whitespace, line breaks, awkward characters and digits. */
export function randomText(rng: Rng, tokens: readonly string[], maxRuns = 80): string {
  const runs = rng.length(maxRuns);
  let out = '';
  for (let i = 0; i < runs; i++) out += randomRun(rng, tokens);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations

export interface MutateOptions {
  /** Strings of the format (keywords, separators): inserted by the token mutations. */
  readonly tokens: readonly string[];
  /** Other real inputs, spliced in by the crossover mutation. */
  readonly donors: readonly string[];
  /** The longest line the huge-line mutation makes (kept moderate: the linearity check covers sizes). */
  readonly hugeMax?: number;
}

export interface Mutated {
  readonly text: string;
  /** The mutations applied, in order (counted for the report). */
  readonly ops: readonly string[];
}

type Mutation = (rng: Rng, text: string, o: MutateOptions) => string;

const splitKeep = (text: string) => text.split(/(?<=\n)/);

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'byte-flip': (rng, text) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    for (let k = rng.range(1, 4); k > 0; k--) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
    return bytes.toString('utf8');
  },
  'line-delete': (rng, text) => {
    const lines = splitKeep(text);
    lines.splice(rng.int(lines.length), rng.range(1, 3));
    return lines.join('');
  },
  'line-duplicate': (rng, text) => {
    const lines = splitKeep(text);
    const i = rng.int(lines.length);
    const copies = rng.chance(0.1) ? rng.range(2, 200) : 1;
    lines.splice(i, 0, ...Array.from({ length: copies }, () => lines[i] ?? ''));
    return lines.join('');
  },
  'line-swap': (rng, text) => {
    const lines = splitKeep(text);
    const i = rng.int(lines.length);
    const j = rng.int(lines.length);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('');
  },
  'line-shuffle': (rng, text) => {
    const lines = splitKeep(text);
    for (let i = lines.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    return lines.join('');
  },
  'value-swap': (rng, text) => {
    // Moves what follows a separator on one line to another line: a value on the wrong key.
    const lines = splitKeep(text);
    const i = rng.int(lines.length);
    const j = rng.int(lines.length);
    const sep = /[=:]\s*/;
    const a = lines[i] ?? '';
    const b = lines[j] ?? '';
    const ma = sep.exec(a);
    const mb = sep.exec(b);
    if (!ma || !mb) return text;
    lines[i] = a.slice(0, ma.index + ma[0].length) + b.slice(mb.index + mb[0].length);
    return lines.join('');
  },
  truncate: (rng, text) => text.slice(0, rng.int(text.length + 1)),
  'huge-line': (rng, text, o) => {
    const size = rng.range(1024, o.hugeMax ?? 64 * 1024);
    const unit =
      rng.weighted<string>([
        [2, rng.pick(o.tokens.length ? o.tokens : ['x'])],
        [1, ' '],
        [1, '\t'],
        [1, 'a'],
        [1, randomChar(rng)],
        [1, randomRun(rng, o.tokens)],
      ]) || 'x';
    const line = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const at = rng.int(text.length + 1);
    return rng.chance(0.5)
      ? `${text.slice(0, at)}${line}${text.slice(at)}`
      : `${text.slice(0, at)}\n${line}\n${text.slice(at)}`;
  },
  'insert-awkward': (rng, text) => {
    let out = text;
    for (let k = rng.range(1, 6); k > 0; k--) {
      const at = rng.int(out.length + 1);
      out = out.slice(0, at) + rng.pick(AWKWARD_CHARS) + out.slice(at);
    }
    return out;
  },
  'insert-nul': (rng, text) => {
    const at = rng.int(text.length + 1);
    return `${text.slice(0, at)}${'\0'.repeat(rng.range(1, 8))}${text.slice(at)}`;
  },
  crlf: (_rng, text) => text.replace(/\r?\n/g, '\r\n'),
  'cr-only': (_rng, text) => text.replace(/\r?\n/g, '\r'),
  'mixed-eol': (rng, text) => text.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\r'])),
  bom: (_rng, text) => `\ufeff${text}`,
  'insert-token': (rng, text, o) => {
    if (!o.tokens.length) return text;
    let out = text;
    for (let k = rng.range(1, 4); k > 0; k--) {
      const at = rng.int(out.length + 1);
      out = out.slice(0, at) + rng.pick(o.tokens) + out.slice(at);
    }
    return out;
  },
  crossover: (rng, text, o) => {
    if (!o.donors.length) return text;
    const donor = rng.pick(o.donors);
    const from = rng.int(donor.length + 1);
    const piece = donor.slice(from, from + rng.length(2000));
    const at = rng.int(text.length + 1);
    return text.slice(0, at) + piece + text.slice(at + (rng.chance(0.5) ? rng.length(200) : 0));
  },
  'repeat-block': (rng, text) => {
    const from = rng.int(text.length + 1);
    const block = text.slice(from, from + rng.length(400));
    return text.slice(0, from) + block.repeat(rng.range(2, 30)) + text.slice(from);
  },
  digits: (rng, text) => text.replace(/\d/g, (d) => (rng.chance(0.2) ? String(rng.int(10)) : d)),
  'number-extremes': (rng, text) =>
    text.replace(/\d+/, () => rng.pick(['0', '00', '99', '9999', '-1', '4294967296', '1e309', 'NaN'])),
  whitespace: (rng, text) =>
    text.replace(/[ \t]+/g, (s) => (rng.chance(0.3) ? rng.pick(['', ' ', '\t', '  ', ' \t ', '\xa0', '\u3000']) : s)),
  'case-flip': (rng, text) =>
    text.replace(/[a-zA-Z]/g, (c) =>
      rng.chance(0.1) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c,
    ),
  'char-delete': (rng, text) => {
    let out = text;
    for (let k = rng.range(1, 8); k > 0 && out.length; k--) {
      const at = rng.int(out.length);
      out = out.slice(0, at) + out.slice(at + 1);
    }
    return out;
  },
  'char-insert': (rng, text) => {
    let out = text;
    for (let k = rng.range(1, 8); k > 0; k--) {
      const at = rng.int(out.length + 1);
      out = out.slice(0, at) + randomChar(rng) + out.slice(at);
    }
    return out;
  },
  empty: () => '',
};

/** The names of every mutation, for reports. */
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Applies one to four random mutations. `huge-line`, `empty` and `line-shuffle` are rarer than the rest. */
export function mutate(rng: Rng, text: string, options: MutateOptions): Mutated {
  const ops: string[] = [];
  let out = text;
  for (
    let k = rng.weighted([
      [5, 1],
      [3, 2],
      [2, 3],
      [1, 4],
    ]);
    k > 0;
    k--
  ) {
    const op = rng.weighted<string>(
      MUTATION_NAMES.map((name) => [
        name === 'huge-line' ? 0.25 : name === 'empty' || name === 'line-shuffle' ? 0.2 : 1,
        name,
      ]),
    );
    out = MUTATIONS[op]!(rng, out, options);
    ops.push(op);
  }
  return { text: out, ops };
}

// ---------------------------------------------------------------------------------------------
// Bounded calls

export type Outcome<R> =
  | { readonly kind: 'returned'; readonly value: R; readonly ms: number }
  | { readonly kind: 'threw'; readonly error: unknown; readonly ms: number }
  | { readonly kind: 'timed-out'; readonly ms: number };

const context = vm.createContext({ job: null as unknown, out: null as unknown });
const runJob = new vm.Script('out = job()');

/**
 * A parser's own time, as the smaller of two clocks that each err on one side only: wall-clock
 * time grows when a busy machine runs something else, and this process's CPU time grows when
 * Node's garbage collector works on its helper threads in parallel (a 1 MB input allocates).
 * The wall-clock watchdog only catches a hang, with this much slack over the budget.
 */
const WALL_CLOCK_SLACK = 5;

function startClocks(): () => number {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
  };
}

/**
 * Runs `fn` synchronously within a budget of `capMs` milliseconds of its own time (see
 * `startClocks`): an input that takes longer is `timed-out`, and a watchdog interrupts even a
 * running regex once `WALL_CLOCK_SLACK` times the budget has passed on the clock.
 */
export function runBounded<R>(fn: () => R, capMs: number): Outcome<R> {
  const shell = () => {
    const elapsed = startClocks();
    try {
      return { kind: 'returned' as const, value: fn(), ms: elapsed() };
    } catch (error) {
      return { kind: 'threw' as const, error, ms: elapsed() };
    }
  };
  const elapsed = startClocks();
  context['job'] = shell;
  try {
    runJob.runInContext(context, { timeout: Math.max(1, Math.ceil(capMs * WALL_CLOCK_SLACK)) });
    const out = context['out'] as Outcome<R>;
    return out.ms > capMs ? { kind: 'timed-out', ms: out.ms } : out;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { kind: 'timed-out', ms: elapsed() };
    throw error;
  } finally {
    context['job'] = null;
    context['out'] = null;
  }
}

/** A short, printable preview of an input for failure messages (never the whole thing). */
export function preview(value: unknown, max = 160): string {
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? JSON.stringify(value)
        : (JSON.stringify(value, (_k, v: unknown) =>
            typeof v === 'bigint' ? `${v}n` : typeof v === 'function' || typeof v === 'symbol' ? String(v) : v,
          ) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  const size = typeof value === 'string' ? ` (${value.length} chars)` : '';
  return text.length > max ? `${text.slice(0, max)}…${size}` : `${text}${size}`;
}

const describeError = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 200);

// ---------------------------------------------------------------------------------------------
// The fuzz loop

/**
 * The time a call on `bytes` of input may take: 0.5 s plus 10 ms per KB, at most 2 s. The parsers
 * take well under a millisecond per KB; this ceiling is a safety property (no pathological
 * blow-up, such as catastrophic regex backtracking, which takes seconds to hours), not a speed
 * claim, and is generous enough for a loaded machine.
 */
export function ceilingMs(bytes: number): number {
  return Math.min(2000, 500 + bytes / 100);
}

export interface FuzzCase<A> {
  readonly input: A;
  /** What made it (`random`, `fixture:klist_A`, mutation names), counted for the report. */
  readonly origin: readonly string[];
}

export interface FuzzOptions<A, R> {
  readonly name: string;
  readonly seed: number;
  readonly cases: number;
  generate(rng: Rng, index: number): FuzzCase<A>;
  run(input: A): R;
  /** Problems with a result (empty when it is well formed). Runs outside the time bound. */
  check(result: R, input: A): readonly string[];
  size(input: A): number;
  /** Stop after this many failing cases (a broken parser should fail fast, not time out the suite). */
  readonly maxFailures?: number;
  /**
   * After this many over-time cases, inputs larger than `skipLargerThan` are skipped (and counted),
   * so the run still looks for exceptions and malformed results without paying a timeout per case.
   */
  readonly maxOverTime?: number;
  readonly skipLargerThan?: number;
}

export interface FuzzReport {
  readonly name: string;
  readonly seed: number;
  readonly cases: number;
  readonly exceptions: number;
  readonly malformed: number;
  readonly overTime: number;
  /** Large inputs not run after `maxOverTime` over-time cases. */
  readonly skipped: number;
  readonly failures: readonly string[];
  readonly slowestMs: number;
  readonly slowestBytes: number;
  readonly largestBytes: number;
  readonly totalBytes: number;
  readonly origins: Readonly<Record<string, number>>;
}

/** Runs `cases` generated inputs, each bounded in time, and checks every result. Never throws for a bad case. */
export function fuzz<A, R>(o: FuzzOptions<A, R>): FuzzReport {
  const rng = new Rng(o.seed);
  const failures: string[] = [];
  const origins: Record<string, number> = {};
  let exceptions = 0;
  let malformed = 0;
  let overTime = 0;
  let slowestMs = 0;
  let slowestBytes = 0;
  let largestBytes = 0;
  let totalBytes = 0;
  let ran = 0;
  let skipped = 0;
  const maxFailures = o.maxFailures ?? 8;
  const maxOverTime = o.maxOverTime ?? 2;
  const skipLargerThan = o.skipLargerThan ?? 4096;
  for (let i = 0; i < o.cases && failures.length < maxFailures; i++) {
    const c = o.generate(rng, i);
    const bytes = o.size(c.input);
    if (overTime >= maxOverTime && bytes > skipLargerThan) {
      skipped++;
      continue;
    }
    ran++;
    totalBytes += bytes;
    largestBytes = Math.max(largestBytes, bytes);
    for (const origin of c.origin) origins[origin] = (origins[origin] ?? 0) + 1;
    const fail = (what: string) =>
      failures.push(
        `${o.name} case #${i} (seed ${o.seed}, FUZZ_SEED=${baseSeed()}): ${what}; origin ${c.origin.join('+')}; input ${preview(c.input)}`,
      );
    const ceiling = ceilingMs(bytes);
    let outcome = runBounded(() => o.run(c.input), ceiling);
    // A pause of the whole process (GC, a busy machine) is not the parser's fault: one retry.
    if (outcome.kind === 'timed-out' || outcome.ms > ceiling) outcome = runBounded(() => o.run(c.input), ceiling);
    if (outcome.kind !== 'timed-out' && outcome.ms > slowestMs) {
      slowestMs = outcome.ms;
      slowestBytes = bytes;
    }
    if (outcome.kind === 'timed-out') {
      overTime++;
      fail(`did not finish within ${ceiling} ms for ${bytes} bytes (twice)`);
    } else if (outcome.kind === 'threw') {
      exceptions++;
      fail(`threw ${describeError(outcome.error)}`);
    } else {
      const problems = o.check(outcome.value, c.input);
      if (problems.length) {
        malformed++;
        fail(`malformed result: ${problems.slice(0, 3).join('; ')}`);
      }
    }
  }
  return {
    name: o.name,
    seed: o.seed,
    cases: ran,
    exceptions,
    malformed,
    overTime,
    skipped,
    failures,
    slowestMs,
    slowestBytes,
    largestBytes,
    totalBytes,
    origins,
  };
}

// ---------------------------------------------------------------------------------------------
// Linearity

export interface Pump {
  /** What the input looks like, e.g. "a cache name with a long run of spaces". */
  readonly name: string;
  /** An input of about `bytes` bytes (the same shape at every size). */
  build(bytes: number): string;
}

export interface LinearityOptions {
  readonly small?: number;
  readonly large?: number;
  /** A linear parser takes ~10× as long for 10× the input; quadratic ~100×. */
  readonly ratio?: number;
  /** Below this, differences are noise (GC, scheduling). */
  readonly floorMs?: number;
  /** The small input must finish within this. */
  readonly smallCapMs?: number;
  /** The large input must finish within this, whatever the ratio. */
  readonly largeCapMs?: number;
}

export interface LinearityResult {
  readonly pump: string;
  readonly smallMs: number | null;
  readonly largeMs: number | null;
  /** null when the pump passed. */
  readonly problem: string | null;
}

const LINEARITY_DEFAULTS = {
  small: 100_000,
  large: 1_000_000,
  ratio: 40,
  floorMs: 1000,
  smallCapMs: 1000,
  largeCapMs: 2000,
};

/**
 * Whether `run` stays (about) linear on a pumped input: the large input (1 MB) may take at most
 * `ratio` times the small one (100 KB), and never more than `largeCapMs`. This is what catastrophic
 * backtracking and quadratic loops break; a linear parser passes with a wide margin. An exception
 * is a failure too (a parser must not throw on any text).
 */
export function checkLinearity(
  pump: Pump,
  run: (text: string) => unknown,
  options: LinearityOptions = {},
): LinearityResult {
  const o = { ...LINEARITY_DEFAULTS, ...options };
  const small = pump.build(o.small);
  const large = pump.build(o.large);
  const time = (text: string, cap: number): { ms: number | null; problem: string | null } => {
    const outcome = runBounded(() => run(text), cap);
    if (outcome.kind === 'timed-out')
      return { ms: null, problem: `${text.length} chars did not finish within ${cap} ms` };
    if (outcome.kind === 'threw')
      return { ms: outcome.ms, problem: `${text.length} chars: threw ${describeError(outcome.error)}` };
    return { ms: outcome.ms, problem: null };
  };
  const best = (text: string, cap: number, tries: number) => {
    let result = time(text, cap);
    for (let t = 1; t < tries && result.problem === null; t++) {
      const again = time(text, cap);
      if (again.problem !== null || (again.ms ?? Infinity) < (result.ms ?? Infinity)) result = again;
    }
    return result;
  };
  let s = best(small, o.smallCapMs, 2);
  if (s.problem) return { pump: pump.name, smallMs: s.ms, largeMs: null, problem: s.problem };
  let l = best(large, o.largeCapMs, 1);
  const limit = () => Math.min(o.largeCapMs, Math.max(o.floorMs, o.ratio * (s.ms ?? 0)));
  if (l.problem === null && (l.ms ?? 0) > limit()) {
    // Noise is one-sided (a pause only makes things slower): measure both once more and keep the best.
    s = best(small, o.smallCapMs, 2);
    if (s.problem) return { pump: pump.name, smallMs: s.ms, largeMs: null, problem: s.problem };
    l = best(large, o.largeCapMs, 2);
  }
  if (l.problem) return { pump: pump.name, smallMs: s.ms, largeMs: l.ms, problem: l.problem };
  const problem =
    (l.ms ?? 0) > limit()
      ? `${large.length} chars took ${l.ms!.toFixed(0)} ms, ${(l.ms! / Math.max(s.ms!, 0.001)).toFixed(0)}× the ${small.length} chars (${s.ms!.toFixed(1)} ms); allowed ${limit().toFixed(0)} ms`
      : null;
  return { pump: pump.name, smallMs: s.ms, largeMs: l.ms, problem };
}

/** What a suite reports about its pumps: how many, how many failed, and the slowest 1 MB input. */
export function linearitySummary(results: readonly LinearityResult[]): Record<string, string | number> {
  const slowest = results.reduce<LinearityResult | null>(
    (a, r) => ((r.largeMs ?? -1) > (a?.largeMs ?? -1) ? r : a),
    null,
  );
  return {
    linearityPumps: results.length,
    linearityFailures: results.filter((r) => r.problem !== null).length,
    slowestLargeInputMs: Number((slowest?.largeMs ?? 0).toFixed(1)),
    slowestLargeInput: slowest?.pump ?? '',
  };
}

/** Repeats `unit` to about `bytes` characters between `prefix` and `suffix`. */
export function pumped(prefix: string, unit: string, suffix: string): (bytes: number) => string {
  return (bytes) =>
    prefix + unit.repeat(Math.max(1, Math.ceil((bytes - prefix.length - suffix.length) / unit.length))) + suffix;
}
