/**
 * Run-time type checks for fuzzed results: TypeScript's types say what a parser returns, these
 * prove it for every input. A shape returns the problems it found (empty: well formed), each
 * naming the path to the offending field.
 */

export type Shape = (value: unknown, path: string) => string[];

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const bad = (path: string, what: string, v: unknown) => [
  `${path || 'value'} should be ${what}, is ${kindOf(v)}${typeof v === 'string' ? ` ${JSON.stringify(v.slice(0, 40))}` : typeof v === 'number' ? ` ${v}` : ''}`,
];

/** A string; `nonEmpty` and `noNewline` narrow it further. */
export const str =
  (o: { nonEmpty?: boolean; noNewline?: boolean; max?: number } = {}): Shape =>
  (v, path) => {
    if (typeof v !== 'string') return bad(path, 'a string', v);
    if (o.nonEmpty && v === '') return bad(path, 'a non-empty string', v);
    if (o.noNewline && /[\n]/.test(v)) return bad(path, 'a string without a line break', v);
    if (o.max !== undefined && v.length > o.max) return [`${path} is ${v.length} characters long (at most ${o.max})`];
    return [];
  };

/** A finite number; `int` for whole numbers, with optional bounds. */
export const num =
  (o: { int?: boolean; min?: number; max?: number } = {}): Shape =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(path, 'a finite number', v);
    if (o.int && !Number.isInteger(v)) return bad(path, 'a whole number', v);
    if (o.min !== undefined && v < o.min) return bad(path, `at least ${o.min}`, v);
    if (o.max !== undefined && v > o.max) return bad(path, `at most ${o.max}`, v);
    return [];
  };

export const bool: Shape = (v, path) => (typeof v === 'boolean' ? [] : bad(path, 'a boolean', v));

/** One of the given primitive values. */
export const oneOf =
  (...values: readonly unknown[]): Shape =>
  (v, path) =>
    values.includes(v) ? [] : bad(path, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);

export const nullable =
  (shape: Shape): Shape =>
  (v, path) =>
    v === null ? [] : shape(v, path);

export const optional =
  (shape: Shape): Shape =>
  (v, path) =>
    v === undefined ? [] : shape(v, path);

/** The first shape that accepts the value; otherwise the problems of each. */
export const either =
  (...shapes: readonly Shape[]): Shape =>
  (v, path) => {
    const all: string[] = [];
    for (const shape of shapes) {
      const problems = shape(v, path);
      if (problems.length === 0) return [];
      all.push(...problems);
    }
    return [`${path || 'value'} matches no alternative: ${all.slice(0, 4).join(' | ')}`];
  };

export const array =
  (item: Shape, o: { max?: number } = {}): Shape =>
  (v, path) => {
    if (!Array.isArray(v)) return bad(path, 'an array', v);
    if (o.max !== undefined && v.length > o.max) return [`${path} has ${v.length} items (at most ${o.max})`];
    const problems: string[] = [];
    for (let i = 0; i < v.length && problems.length < 5; i++) problems.push(...item(v[i], `${path}[${i}]`));
    return problems;
  };

/**
 * A plain object with exactly these keys (`exact`, the default) or at least these. Optional keys are
 * shapes made with `optional` and may be absent.
 */
export const obj =
  (fields: Readonly<Record<string, Shape>>, o: { exact?: boolean } = {}): Shape =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(path, 'an object', v);
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return [`${path || 'value'} should be a plain object`];
    const problems: string[] = [];
    const record = v as Record<string, unknown>;
    for (const [key, shape] of Object.entries(fields))
      problems.push(...shape(Object.hasOwn(record, key) ? record[key] : undefined, path ? `${path}.${key}` : key));
    if (o.exact !== false) {
      for (const key of Object.keys(record))
        if (!Object.hasOwn(fields, key))
          problems.push(`${path || 'value'} has an unexpected key ${JSON.stringify(key)}`);
    }
    return problems;
  };

/** A `Result<T, E>` as shared/result.ts makes it. */
export const result = (value: Shape, error: Shape): Shape =>
  either(obj({ ok: oneOf(true), value }), obj({ ok: oneOf(false), error }));

/** A custom predicate. */
export const where =
  (what: string, test: (v: unknown) => boolean): Shape =>
  (v, path) =>
    test(v) ? [] : bad(path, what, v);

/** Checks `value` against `shape`; the problems, or none. */
export const problemsOf = (shape: Shape, value: unknown): string[] => shape(value, '');
