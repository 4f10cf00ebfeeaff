/**
 * Python's `configparser.ConfigParser()` with its default settings, which is what python-copr reads
 * `~/.config/copr` with: `=` and `:` delimiters, `#`/`;` comment lines, no inline comments,
 * indented continuation lines, strict duplicate checks, a `[DEFAULT]` section every section
 * inherits, lower-cased keys and `%`-interpolation. Every physical line is also classified, so the
 * editor can change one value and keep everything else byte for byte.
 * Checked against CPython 3.11 (`Lib/configparser.py`, `RawConfigParser._read`).
 */
import { type Result, err, ok } from '../../../shared/result.js';
import { firstOf } from '../../../shared/text-safety.js';

/** One line as Python's text-mode file reads it (universal newlines), with the ending it had. */
export interface PhysicalLine {
  readonly text: string;
  readonly eol: '' | '\n' | '\r\n' | '\r';
}

/** What configparser made of a line; `continuation` lines extend `key`'s value. */
export type IniLineKind =
  | { readonly kind: 'blank' }
  | { readonly kind: 'comment' }
  | { readonly kind: 'header'; readonly section: string }
  | { readonly kind: 'option'; readonly section: string; readonly key: string }
  | { readonly kind: 'continuation'; readonly section: string; readonly key: string }
  | { readonly kind: 'invalid'; readonly section: string | null };

/** A key as stored: `parts` are its first value and continuation lines, joined with `\n` on read. */
export interface IniOption {
  readonly key: string;
  readonly line: number;
  readonly parts: string[];
}

/** Where configparser would refuse the file, in words a user can act on (never quoting a value). */
export interface IniError {
  readonly line: number | null;
  readonly message: string;
}

/** A whole file as configparser reads it, plus each line's role for line-preserving edits. */
export interface IniScan {
  readonly lines: readonly PhysicalLine[];
  /** Parallel to `lines`. */
  readonly kinds: readonly IniLineKind[];
  /** Section name → key → option. `DEFAULT` holds the defaults every section inherits. */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, IniOption>>;
  /** The first error configparser would raise while reading, or null. */
  readonly error: IniError | null;
}

/** configparser's `default_section`: its keys are visible from every section. */
export const DEFAULT_SECTION = 'DEFAULT';
const MAX_INTERPOLATION_DEPTH = 10;
/**
 * Limits python-copr does not have: `%(name)s` references that expand without end (a "billion
 * laughs") are refused rather than expanded for minutes into gigabytes.
 */
const MAX_INTERPOLATED_LENGTH = 65_536;
const MAX_INTERPOLATION_REFERENCES = 10_000;
/** `str.isspace()` in Python: what `strip()` removes and what `\s` matches in configparser's regexes. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const SPACE_CHAR = new RegExp(`[${PY_SPACE}]`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);

/** Python's `str.rstrip()` / `str.strip()` (JavaScript's trim differs on U+FEFF, U+0085 and U+001C–U+001F). */
export const pyRstrip = (s: string) => {
  // A loop, not `/[…]+$/`: that regex backtracks quadratically over a long run of spaces inside a line.
  let end = s.length;
  while (end > 0 && SPACE_CHAR.test(s[end - 1]!)) end--;
  return s.slice(0, end);
};
export const pyStrip = (s: string) => pyRstrip(s.replace(LEADING_SPACE, ''));

/** Splits like Python's universal-newline reading: `\r\n`, `\r` and `\n` all end a line. */
export function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const ending = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = ending.exec(text); m !== null; m = ending.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] as PhysicalLine['eol'] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

interface ScanState {
  section: string | null;
  option: IniOption | null;
  indentLevel: number;
  readonly sections: Map<string, Map<string, IniOption>>;
  fatal: IniError | null;
  readonly parsingErrors: number[];
}

/** Reads `text` as configparser does, recording the first error it would raise instead of stopping. */
export function scanIni(text: string): IniScan {
  const lines = splitLines(text);
  const st: ScanState = {
    section: null,
    option: null,
    indentLevel: 0,
    sections: new Map(),
    fatal: null,
    parsingErrors: [],
  };
  const kinds = lines.map((line, i) => scanLine(st, line.text, i + 1));
  return { lines, kinds, sections: st.sections, error: st.fatal ?? parsingError(st.parsingErrors) };
}

function scanLine(st: ScanState, raw: string, n: number): IniLineKind {
  const clean = pyStrip(raw);
  if (/^[#;]/.test(clean)) return { kind: 'comment' };
  if (clean === '') {
    // empty_lines_in_values: a blank line belongs to the value being read (trailing ones are stripped later).
    if (st.section !== null && st.option) st.option.parts.push('');
    return { kind: 'blank' };
  }
  const indent = raw.search(NON_SPACE);
  if (st.section !== null && st.option && indent > st.indentLevel) {
    st.option.parts.push(clean);
    return { kind: 'continuation', section: st.section, key: st.option.key };
  }
  st.indentLevel = indent;
  const header = /^\[([\s\S]+)\]/.exec(clean);
  if (header) return enterSection(st, header[1]!, n);
  if (st.section === null) {
    st.fatal ??= missingHeader(n, raw);
    return { kind: 'invalid', section: null };
  }
  return addOption(st, st.section, clean, n);
}

function enterSection(st: ScanState, name: string, n: number): IniLineKind {
  st.option = null;
  if (name !== DEFAULT_SECTION && st.sections.has(name)) {
    st.fatal ??= {
      line: n,
      message: `[${name}] appears a second time on line ${n}; Python's configparser rejects duplicate sections (DuplicateSectionError).`,
    };
  }
  if (!st.sections.has(name)) st.sections.set(name, new Map());
  st.section = name;
  return { kind: 'header', section: name };
}

function addOption(st: ScanState, section: string, clean: string, n: number): IniLineKind {
  const at = clean.search(/[=:]/);
  const rawKey = at < 0 ? '' : pyRstrip(clean.slice(0, at));
  if (rawKey === '') {
    st.parsingErrors.push(n);
    if (at >= 0) st.option = null; // configparser sets an empty option name, which ends continuation
    return { kind: 'invalid', section };
  }
  const key = rawKey.toLowerCase();
  const options = st.sections.get(section)!;
  if (options.has(key)) {
    st.fatal ??= {
      line: n,
      message: `\`${key}\` is set twice in [${section}] (again on line ${n}); Python's configparser rejects duplicate keys (DuplicateOptionError).`,
    };
    return { kind: 'option', section, key };
  }
  const option: IniOption = { key, line: n, parts: [pyStrip(clean.slice(at + 1))] };
  options.set(key, option);
  st.option = option;
  return { kind: 'option', section, key };
}

function missingHeader(n: number, raw: string): IniError {
  const bom =
    n === 1 && raw.startsWith('\ufeff')
      ? ' The file starts with an invisible byte-order mark (BOM); save it as UTF-8 without one.'
      : '';
  return {
    line: n,
    message: `Line ${n} comes before any [section] header, so Python's configparser rejects the file (MissingSectionHeaderError).${bom}`,
  };
}

/** How many further bad lines a ParsingError names before it only counts them. */
const MORE_LINES_SHOWN = 10;

function parsingError(lines: readonly number[]): IniError | null {
  const [first, ...more] = lines;
  if (first === undefined) return null;
  // A file of a million bad lines must not make a megabytes-long message: the first few, then a count.
  const others =
    more.length === 0
      ? ''
      : more.length === 1
        ? ` Line ${more[0]} has the same problem.`
        : ` Lines ${firstOf(more.map(String), MORE_LINES_SHOWN)} have the same problem.`;
  return {
    line: first,
    message: `Line ${first} is neither \`key = value\`, a [section] header nor a comment, so Python's configparser rejects the file (ParsingError).${others}`,
  };
}

/** A key as a section sees it: its own, else the `[DEFAULT]` one. */
export function lookupOption(scan: IniScan, section: string, key: string): IniOption | undefined {
  return scan.sections.get(section)?.get(key) ?? scan.sections.get(DEFAULT_SECTION)?.get(key);
}

/** The stored (raw) value: continuation lines joined with `\n`, trailing whitespace removed. */
export const joinedValue = (option: IniOption) => pyRstrip(option.parts.join('\n'));

/**
 * `section.get(key)` with BasicInterpolation: `%%` is a literal `%`, `%(name)s` the value of another
 * key of the section (or DEFAULT); anything else after `%` is an error. null when the key is absent.
 */
export function getInterpolated(scan: IniScan, section: string, key: string): Result<string | null, IniError> {
  const option = lookupOption(scan, section, key);
  if (!option) return ok(null);
  return interpolate(scan, section, option, joinedValue(option), 1, { references: 0 });
}

function interpolate(
  scan: IniScan,
  section: string,
  option: IniOption,
  value: string,
  depth: number,
  budget: { references: number },
): Result<string, IniError> {
  const fail = (what: string) =>
    err({ line: option.line, message: `\`${option.key}\` on line ${option.line} ${what}` });
  if (depth > MAX_INTERPOLATION_DEPTH)
    return fail('refers to other keys more than 10 levels deep (InterpolationDepthError).');
  let out = '';
  let rest = value;
  for (let p = rest.indexOf('%'); p >= 0; p = rest.indexOf('%')) {
    out += rest.slice(0, p);
    rest = rest.slice(p);
    if (rest[1] === '%') {
      out += '%';
      rest = rest.slice(2);
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(rest);
    if (!ref)
      return fail(
        'has a `%` that is not `%%` or `%(name)s`; configparser interpolates values, so write `%%` for a literal percent sign (InterpolationSyntaxError).',
      );
    rest = rest.slice(ref[0].length);
    if (++budget.references > MAX_INTERPOLATION_REFERENCES)
      return fail(
        `refers to other keys more than ${MAX_INTERPOLATION_REFERENCES} times through \`%(name)s\`; configparser would take practically forever to expand it.`,
      );
    const target = lookupOption(scan, section, ref[1]!.toLowerCase());
    if (!target) return fail('refers with `%(name)s` to a key that is not set (InterpolationMissingOptionError).');
    const inner = joinedValue(target);
    if (!inner.includes('%')) out += inner;
    else {
      const expanded = interpolate(scan, section, target, inner, depth + 1, budget);
      if (!expanded.ok) return expanded;
      out += expanded.value;
    }
    if (out.length > MAX_INTERPOLATED_LENGTH)
      return fail(
        `expands to more than ${MAX_INTERPOLATED_LENGTH} characters through \`%(name)s\` references; configparser would run out of memory.`,
      );
  }
  return ok(out + rest);
}

const BOOLEAN_STATES = new Map<string, boolean>([
  ['1', true],
  ['yes', true],
  ['true', true],
  ['on', true],
  ['0', false],
  ['no', false],
  ['false', false],
  ['off', false],
]);

/** `getboolean`: 1/yes/true/on and 0/no/false/off in any case; null when absent. */
export function parseIniBoolean(value: string): boolean | undefined {
  return BOOLEAN_STATES.get(value.toLowerCase());
}
