/**
 * Firefox's prefs files (prefs.js, user.js, the install's default prefs), read the way Firefox's
 * pref parser reads them. See service.ts.
 */

// ---------------------------------------------------------------------------------------------
// Firefox preference files

/** JavaScript's `\s`: the white space allowed between the tokens of a pref call. */
const JS_SPACES = new Set(
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
);
const PREF_FUNCTIONS = ['user_pref', 'pref', 'sticky_pref'] as const;
/** Characters that may start something other than plain text: a comment, a string, a pref call. */
const PREF_SPECIAL = new Set(['"', "'", '/', '#', 'u', 'p', 's']);

interface PrefCall {
  readonly fn: string;
  /** The name's literal, quotes included. */
  readonly name: string;
  /** The value as written: a literal with its quotes, or other text up to the next `,` or `)`. */
  readonly value: string;
  readonly end: number;
}

/**
 * Reads a prefs file in one pass: comments (`//`, `#`, `/* *\/`), string literals (skipped whole, so
 * "//" inside one is not a comment), and pref calls `fn("name", value[, …])`. Every look-ahead is a
 * table lookup (the next `)`, the next `,` or `)`, the ends of a run of spaces), and a string that
 * never closes is remembered, so reading stays linear in the file's length whatever it holds.
 */
class PrefReader {
  private readonly nextParen: Int32Array;
  private readonly nextStop: Int32Array;
  private readonly spaceRunEnd: Int32Array;
  private readonly spaceRunStart: Int32Array;
  /** Per quote character: a start from which the string never closes (nor does one starting later). */
  private readonly neverCloses = new Map<string, number>();

  constructor(private readonly text: string) {
    const n = text.length;
    this.nextParen = new Int32Array(n + 1).fill(n);
    this.nextStop = new Int32Array(n + 1).fill(n);
    this.spaceRunEnd = new Int32Array(n + 1).fill(n);
    this.spaceRunStart = new Int32Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      const ch = text[i]!;
      this.nextParen[i] = ch === ')' ? i : this.nextParen[i + 1]!;
      this.nextStop[i] = ch === ')' || ch === ',' ? i : this.nextStop[i + 1]!;
      this.spaceRunEnd[i] = JS_SPACES.has(ch) ? this.spaceRunEnd[i + 1]! : i;
    }
    for (let i = 1; i <= n; i++) this.spaceRunStart[i] = JS_SPACES.has(text[i - 1]!) ? this.spaceRunStart[i - 1]! : i;
  }

  /** Where the string literal opening at `at` ends (after its closing quote), or -1 when it never closes. */
  stringEnd(at: number): number {
    const quote = this.text[at]!;
    const never = this.neverCloses.get(quote);
    if (never !== undefined && at >= never) return -1;
    for (let i = at + 1; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === quote) return i + 1;
      if (ch === '\\') i++;
    }
    this.neverCloses.set(quote, at);
    return -1;
  }

  /** The pref call starting at `at`, or null. */
  call(at: number): PrefCall | null {
    const { text } = this;
    const before = text[at - 1];
    if (before !== undefined && /[\w$]/.test(before)) return null;
    const fn = PREF_FUNCTIONS.find((f) => text.startsWith(f, at));
    if (fn === undefined) return null;
    const open = this.spaceRunEnd[at + fn.length]!;
    if (text[open] !== '(') return null;
    const nameStart = this.spaceRunEnd[open + 1]!;
    if (text[nameStart] !== '"' && text[nameStart] !== "'") return null;
    const nameEnd = this.stringEnd(nameStart);
    if (nameEnd < 0) return null;
    const comma = this.spaceRunEnd[nameEnd]!;
    if (text[comma] !== ',') return null;
    const valueStart = this.spaceRunEnd[comma + 1]!;
    const name = text.slice(nameStart, nameEnd);
    if (text[valueStart] === '"' || text[valueStart] === "'") {
      const valueEnd = this.stringEnd(valueStart);
      const end = valueEnd < 0 ? -1 : this.callEnd(valueEnd);
      if (end >= 0) return { fn, name, value: text.slice(valueStart, valueEnd), end };
    }
    // Not a string literal followed by the end of the call: the text up to the next `,` or `)`.
    const stop = this.nextStop[valueStart]!;
    const end = stop < text.length ? this.callEnd(stop) : -1;
    if (end < 0) return null;
    return { fn, name, value: text.slice(valueStart, Math.max(valueStart, this.spaceRunStart[stop]!)), end };
  }

  /** After a value ending at `at`: spaces, then `)` or `, …)`. The end of the call, or -1. */
  private callEnd(at: number): number {
    const next = this.spaceRunEnd[at]!;
    if (this.text[next] === ')') return next + 1;
    if (this.text[next] !== ',') return -1;
    const close = this.nextParen[next]!;
    return close < this.text.length ? close + 1 : -1;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

/** The text of a quoted literal, with the escapes Firefox's pref parser knows (\" \' \\ \n \r \t \xNN \uNNNN). */
function decodeLiteral(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (_all, escape: string) =>
      escape.length > 1 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : (SIMPLE_ESCAPES[escape] ?? escape),
    );
}

/** The last string value given to `name` by one of `functions` in a prefs file; non-string values are ignored. */
export function lastPrefValue(text: string, name: string, functions: readonly string[]): string | null {
  const reader = new PrefReader(text);
  let found: string | null = null;
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if ((ch === '/' && text[pos + 1] === '/') || ch === '#') {
      const newline = text.indexOf('\n', pos);
      pos = newline < 0 ? text.length : newline;
    } else if (ch === '/' && text[pos + 1] === '*') {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? text.length : close + 2;
    } else if (ch === '"' || ch === "'") {
      const end = reader.stringEnd(pos);
      pos = end < 0 ? pos + 1 : end;
    } else if (ch === 'u' || ch === 'p' || ch === 's') {
      const call = reader.call(pos);
      if (call === null) pos++;
      else {
        const isString = call.value.startsWith('"') || call.value.startsWith("'");
        if (functions.includes(call.fn) && isString && decodeLiteral(call.name) === name)
          found = decodeLiteral(call.value);
        pos = call.end;
      }
    } else {
      pos++;
      while (pos < text.length && !PREF_SPECIAL.has(text[pos]!)) pos++;
    }
  }
  return found;
}

/**
 * The value a profile's `prefs.js` or `user.js` gives the string pref `name`, or null when it sets
 * none. Firefox applies the lines in order, so the last `user_pref("name", "…")` wins. Comments
 * (`//`, `#`, `/* *\/`) are skipped, quotes may be single or double, and escapes such as `\"` are
 * decoded, so the result is the value Firefox would use.
 */
export function parseFirefoxPref(text: string, name: string): string | null {
  return lastPrefValue(text, name, ['user_pref']);
}
