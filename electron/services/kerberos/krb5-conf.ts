/**
 * A reader for MIT krb5's configuration ("profile") files, enough to answer what the tray needs to
 * know without asking libkrb5: which credential cache is the default, which realm a host belongs
 * to, and whether a realm has a KDC configured. It follows MIT's parser (util/profile/prof_parse.c)
 * and lookup rules, but never throws: where MIT would refuse a file, it records a problem and goes on.
 */
// Not node:fs/promises: its load is a noticeable part of a `ticket-tray status` (see safe-read.ts).
import { readdir } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { describeReadProblem, readRegularFile } from '../files/safe-read.js';

/** A line the parser could not use. MIT's parser would reject the file for any of these (krb5 then fails to start). */
export interface Krb5Problem {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** A problem found while loading, with the file it is in. */
export interface Krb5ConfigProblem extends Krb5Problem {
  readonly file: string;
}

/** `tag = value`. `path` lists the enclosing `{ }` subsections, e.g. `['FEDORAPROJECT.ORG']` for a realm's `kdc`. */
export interface Krb5Relation {
  readonly kind: 'relation';
  readonly section: string;
  readonly path: readonly string[];
  readonly tag: string;
  readonly value: string;
  readonly line: number;
}

/** The opening of a `tag = {` subsection; `path` ends with its own tag. Kept so empty subsections still count. */
export interface Krb5Subsection {
  readonly kind: 'subsection';
  readonly section: string;
  readonly path: readonly string[];
  readonly line: number;
}

/** An `include FILE` or `includedir DIR` line; the loader follows it. */
export interface Krb5Directive {
  readonly kind: 'include' | 'includedir';
  readonly target: string;
  readonly line: number;
}

export type Krb5Item = Krb5Relation | Krb5Subsection | Krb5Directive;

function isDirective(item: Krb5Item): item is Krb5Directive {
  return item.kind === 'include' || item.kind === 'includedir';
}

/** One parsed file, in file order (directives stay where they were, as their position decides precedence). */
export interface Krb5ConfFile {
  readonly source: string | undefined;
  readonly items: readonly Krb5Item[];
  readonly problems: readonly Krb5Problem[];
}

/** A relation or subsection of the merged configuration, with the file it came from. */
export type Krb5Entry = (Krb5Relation | Krb5Subsection) & { readonly file: string };

/**
 * The merged configuration of all files, in MIT's precedence order: earlier files (and, within a
 * file, earlier lines, with included files at the place of their directive) come first.
 */
export interface Krb5Config {
  /** Files actually read, in reading order. */
  readonly files: readonly string[];
  readonly problems: readonly Krb5ConfigProblem[];
  readonly entries: readonly Krb5Entry[];
  /** All values of a relation, in precedence order: `values('realms', 'FEDORAPROJECT.ORG', 'kdc')`. */
  values(section: string, ...names: string[]): string[];
  /** A `[libdefaults]` setting; the first value wins, as in MIT. */
  libdefault(name: string): string | undefined;
  /** All values of `tag` in the realm's `[realms]` subsection. */
  realmValues(realm: string, tag: string): string[];
  /** Realms with a subsection in `[realms]`, first appearance first. */
  realms(): string[];
  /** `[domain_realm]` as `[domain, realm]` pairs, in precedence order. */
  domainRealmEntries(): [string, string][];
}

/** What the loader needs from the file system; tests hand in their own. */
export interface Krb5ConfFs {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
}

/** The environment variables the loader reads (a `process.env` fits). */
export type Krb5Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_CONFIG = '/etc/krb5.conf';
/** C's isspace() in the C locale, which MIT's parser uses. */
const SPACE = ' \t\n\v\f\r';

/** Bounded, and never blocking on a FIFO (files/safe-read.ts); failures keep the errno shape the loader reads. */
async function readConfFile(path: string): Promise<string> {
  const read = await readRegularFile(path);
  if (read.state === 'file') return read.bytes.toString('utf8');
  const code = read.state === 'absent' ? 'ENOENT' : read.code;
  throw Object.assign(new Error(describeReadProblem('it', code)), { code });
}

const nodeFs: Krb5ConfFs = {
  readFile: readConfFile,
  readdir: (path) => promisify(readdir)(path),
};

interface ParseState {
  mode: 'preamble' | 'lines' | 'brace';
  section: string | null;
  path: string[];
  pending: { tag: string; line: number } | null;
  items: Krb5Item[];
  problems: Krb5Problem[];
}

/**
 * Parses one file's text in MIT profile syntax. Include directives are recorded, not followed (that
 * needs the file system: see loadKrb5Config). Never throws; unusable lines land in `problems`.
 */
export function parseKrb5Conf(text: string, source?: string): Krb5ConfFile {
  const state: ParseState = { mode: 'preamble', section: null, path: [], pending: null, items: [], problems: [] };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => parseLine(trimLineEnd(raw), index + 1, state));
  return { source, items: state.items, problems: state.problems };
}

/** Drops trailing CRs (a loop, not `/[\r\n]+$/`, which backtracks quadratically over a run of CRs inside a line). */
function trimLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\r' || text[end - 1] === '\n')) end--;
  return text.slice(0, end);
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && SPACE.includes(ch);
}

function skipSpace(text: string): string {
  let i = 0;
  while (isSpace(text[i])) i++;
  return text.slice(i);
}

function trimEndSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

/** `word` at the very start of the line, followed by whitespace: how MIT spots include, includedir and module. */
function directiveArgument(line: string, word: string): string | null {
  return line.startsWith(word) && isSpace(line[word.length]) ? trimEndSpace(skipSpace(line.slice(word.length))) : null;
}

function problem(state: ParseState, line: number, text: string, reason: string): void {
  state.problems.push({ line, text, reason });
}

function parseLine(line: string, lineNo: number, state: ParseState): void {
  // MIT honours these anywhere, whatever the parser's state, but only in the first column.
  for (const kind of ['include', 'includedir'] as const) {
    const target = directiveArgument(line, kind);
    if (target === null) continue;
    if (target === '')
      problem(state, lineNo, line, `${kind} without a ${kind === 'include' ? 'file' : 'directory'} name`);
    else state.items.push({ kind, target, line: lineNo });
    return;
  }
  if (state.mode === 'preamble') {
    if (directiveArgument(line, 'module') !== null) {
      problem(state, lineNo, line, 'module directives (profile plug-ins) are not supported');
      return;
    }
    // MIT treats everything before the first line starting with `[` as a comment.
    if (!line.startsWith('[')) return;
    state.mode = 'lines';
  }
  if (state.mode === 'brace' && !openPendingSubsection(line, lineNo, state)) return;
  parseStdLine(line, lineNo, state);
}

/** After `tag =` alone on a line, MIT wants the next line to start with `{`. Returns whether the line still needs parsing. */
function openPendingSubsection(line: string, lineNo: number, state: ParseState): boolean {
  const pending = state.pending;
  state.mode = 'lines';
  state.pending = null;
  if (pending === null) return true;
  if (skipSpace(line).startsWith('{')) {
    pushSubsection(state, pending.tag, pending.line, line);
    return false;
  }
  problem(state, lineNo, line, `expected "{" to open subsection "${pending.tag}" (line ${pending.line})`);
  return true;
}

/**
 * Subsections nested deeper than this are not kept (real files nest two or three deep): every item
 * carries its whole path, so a file of ever-deeper `a = {` lines would cost time and memory
 * quadratic in its length.
 */
const MAX_SUBSECTION_DEPTH = 32;

function pushSubsection(state: ParseState, tag: string, line: number, text: string): void {
  if (state.section === null) return;
  state.path.push(tag);
  if (state.path.length > MAX_SUBSECTION_DEPTH)
    problem(state, line, text, `subsection nested more than ${MAX_SUBSECTION_DEPTH} deep: ignored`);
  else state.items.push({ kind: 'subsection', section: state.section, path: [...state.path], line });
}

function parseStdLine(line: string, lineNo: number, state: ParseState): void {
  const text = skipSpace(line);
  const first = text[0];
  if (first === undefined || first === '#' || first === ';') return;
  if (first === '[') parseSectionHeader(text, line, lineNo, state);
  else if (first === '}') closeSubsection(line, lineNo, state);
  else parseRelation(text, line, lineNo, state);
}

function parseSectionHeader(text: string, raw: string, lineNo: number, state: ParseState): void {
  const close = text.indexOf(']');
  if (close < 0) {
    problem(state, lineNo, raw, 'section header without "]"');
    return;
  }
  if (state.path.length > 0) {
    problem(state, lineNo, raw, `section header inside the unclosed subsection "${state.path.join('/')}"`);
    state.path = [];
  }
  state.section = text.slice(1, close);
  // `[name]*` marks the section final (later files cannot add to it); the marker is accepted and ignored.
  const rest = text.slice(close + 1).replace(/^\*/, '');
  if (skipSpace(rest) !== '') problem(state, lineNo, raw, 'text after the section header');
}

function closeSubsection(line: string, lineNo: number, state: ParseState): void {
  // `}*` marks the subsection final: accepted and ignored.
  if (state.path.length === 0) problem(state, lineNo, line, '"}" without an open subsection');
  else state.path.pop();
}

function parseRelation(text: string, line: string, lineNo: number, state: ParseState): void {
  const eq = text.indexOf('=');
  const tag = eq > 0 ? relationTag(text.slice(0, eq)) : null;
  if (tag === null) {
    problem(
      state,
      lineNo,
      line,
      eq < 0 ? 'expected "tag = value"' : eq === 0 ? 'relation without a tag' : 'whitespace inside a tag',
    );
    return;
  }
  if (state.section === null) {
    problem(state, lineNo, line, 'relation outside any [section]');
    return;
  }
  const value = skipSpace(text.slice(eq + 1));
  if (value === '') {
    state.mode = 'brace';
    state.pending = { tag, line: lineNo };
  } else if (value.startsWith('"')) {
    pushRelation(state, tag, unquote(value.slice(1)), lineNo);
  } else if (value.startsWith('{') && skipSpace(value.slice(1)) === '') {
    pushSubsection(state, tag, lineNo, line);
  } else {
    pushRelation(state, tag, trimEndSpace(value), lineNo);
  }
}

/** The tag left of `=`: one word (trailing blanks allowed), cut at a `*` final marker. null if it has inner whitespace. */
function relationTag(left: string): string | null {
  let end = 0;
  while (end < left.length && !isSpace(left[end])) end++;
  if (skipSpace(left.slice(end)) !== '') return null;
  const word = left.slice(0, end);
  const star = word.indexOf('*');
  return star < 0 ? word : word.slice(0, star);
}

function pushRelation(state: ParseState, tag: string, value: string, line: number): void {
  if (state.section === null || state.path.length > MAX_SUBSECTION_DEPTH) return;
  state.items.push({ kind: 'relation', section: state.section, path: [...state.path], tag, value, line });
}

/** A quoted value after its opening quote, as MIT reads it: up to the closing quote; `\n`, `\t`, `\b` and `\<char>` escapes. */
function unquote(text: string): string {
  let out = '';
  for (let i = 0; i < text.length && text[i] !== '"'; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch !== '\\' || next === undefined) {
      out += ch;
      continue;
    }
    out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
    i++;
  }
  return out;
}

/**
 * Builds a merged configuration from files already parsed, in precedence order. Their include
 * directives are not followed (use loadKrb5Config for that). Handy for text from elsewhere and tests.
 */
export function krb5ConfigFromFiles(parsed: readonly Krb5ConfFile[]): Krb5Config {
  const entries: Krb5Entry[] = [];
  const problems: Krb5ConfigProblem[] = [];
  const files: string[] = [];
  for (const file of parsed) {
    const name = file.source ?? '(text)';
    if (file.source !== undefined) files.push(file.source);
    for (const item of file.items) if (!isDirective(item)) entries.push({ ...item, file: name });
    for (const p of file.problems) problems.push({ ...p, file: name });
  }
  return makeConfig(files, problems, entries);
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function makeConfig(files: string[], problems: Krb5ConfigProblem[], entries: Krb5Entry[]): Krb5Config {
  const values = (section: string, ...names: string[]): string[] => {
    const tag = names.at(-1);
    const path = names.slice(0, -1);
    return entries.flatMap((e) =>
      e.kind === 'relation' && e.section === section && e.tag === tag && samePath(e.path, path) ? [e.value] : [],
    );
  };
  return {
    files,
    problems,
    entries,
    values,
    libdefault: (name) => values('libdefaults', name)[0],
    realmValues: (realm, tag) => values('realms', realm, tag),
    realms: () => [
      ...new Set(
        entries.flatMap((e) =>
          e.kind === 'subsection' && e.section === 'realms' && e.path.length === 1 ? e.path : [],
        ),
      ),
    ],
    domainRealmEntries: () =>
      entries.flatMap((e): [string, string][] =>
        e.kind === 'relation' && e.section === 'domain_realm' && e.path.length === 0 ? [[e.tag, e.value]] : [],
      ),
  };
}

interface LoadState {
  readonly fs: Krb5ConfFs;
  readonly files: string[];
  readonly problems: Krb5ConfigProblem[];
  readonly entries: Krb5Entry[];
}

/** Where an include failed: the directive's line in the including file. */
interface IncludeSite {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The configuration files MIT reads: KRB5_CONFIG (colon-separated) replaces the default /etc/krb5.conf. */
export function krb5ConfigPaths(env: Krb5Env): string[] {
  const list = env['KRB5_CONFIG'];
  return list === undefined ? [DEFAULT_CONFIG] : list.split(':').filter((path) => path !== '');
}

/**
 * Reads and merges the configuration as libkrb5 would for this environment: the KRB5_CONFIG files
 * (or /etc/krb5.conf), missing ones skipped, includes followed in place. Never throws: unreadable
 * includes and syntax errors are reported in `problems`.
 */
export async function loadKrb5Config(env: Krb5Env, fs: Krb5ConfFs = nodeFs): Promise<Krb5Config> {
  const state: LoadState = { fs, files: [], problems: [], entries: [] };
  for (const path of krb5ConfigPaths(env)) await loadFile(state, path, [], null);
  return makeConfig(state.files, state.problems, state.entries);
}

/** Reads one file; `site` is null for a top-level file, whose absence MIT ignores (an include's absence is an error). */
async function loadFile(
  state: LoadState,
  path: string,
  chain: readonly string[],
  site: IncludeSite | null,
): Promise<void> {
  if (chain.includes(path)) {
    if (site) state.problems.push({ ...site, reason: `include loop: ${[...chain, path].join(' -> ')}` });
    return;
  }
  let text: string;
  try {
    text = await state.fs.readFile(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EISDIR' || (site === null && code === 'ENOENT')) return;
    const where = site ?? { file: path, line: 0, text: '' };
    state.problems.push({ ...where, reason: `cannot read ${path}: ${errorText(error)}` });
    return;
  }
  if (!state.files.includes(path)) state.files.push(path);
  const parsed = parseKrb5Conf(text, path);
  for (const p of parsed.problems) state.problems.push({ ...p, file: path });
  for (const item of parsed.items) {
    if (isDirective(item)) await loadDirective(state, item, path, [...chain, path]);
    else state.entries.push({ ...item, file: path });
  }
}

async function loadDirective(
  state: LoadState,
  item: Krb5Directive,
  file: string,
  chain: readonly string[],
): Promise<void> {
  const site: IncludeSite = { file, line: item.line, text: `${item.kind} ${item.target}` };
  if (!isAbsolute(item.target)) {
    state.problems.push({ ...site, reason: `${item.kind} needs an absolute path` });
    return;
  }
  if (item.kind === 'include') {
    await loadFile(state, item.target, chain, site);
    return;
  }
  let names: string[];
  try {
    names = await state.fs.readdir(item.target);
  } catch (error) {
    state.problems.push({ ...site, reason: `cannot read directory ${item.target}: ${errorText(error)}` });
    return;
  }
  for (const name of names.filter(isIncludableName).sort(compareBytes))
    await loadFile(state, join(item.target, name), chain, site);
}

/**
 * Whether includedir reads a file of this name: MIT takes names of only letters, digits, `-` and
 * `_`, or ending in `.conf`, never dotfiles, so editor backups and .rpmsave files stay out.
 */
export function isIncludableName(name: string): boolean {
  if (name.startsWith('.')) return false;
  return name.endsWith('.conf') || /^[A-Za-z0-9_-]+$/.test(name);
}

/** strcmp() order, which MIT sorts includedir names in (not the locale's). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The realm `[domain_realm]` maps a host to, as MIT's profile host-realm module finds it: the
 * lower-cased host (trailing dot dropped), then each ever-shorter suffix, with and without its
 * leading dot. For `a.b.example.org`: `a.b.example.org`, `.b.example.org`, `b.example.org`,
 * `.example.org`, `example.org`, `.org`, `org`. null when nothing matches, and for IP addresses;
 * MIT would then try DNS or the default realm, which is the caller's decision.
 */
export function realmForHost(conf: Pick<Krb5Config, 'values'>, host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '' || isIP(name) !== 0) return null;
  let suffix: string | null = name;
  while (suffix !== null && suffix !== '') {
    const realm = conf.values('domain_realm', suffix)[0];
    if (realm !== undefined) return realm;
    if (suffix.startsWith('.')) suffix = suffix.slice(1);
    else {
      const dot = suffix.indexOf('.');
      suffix = dot < 0 ? null : suffix.slice(dot);
    }
  }
  return null;
}

/** Whether krb5.conf names a KDC for the realm; if not, MIT must find one through DNS SRV records. */
export function hasRealmKdc(conf: Pick<Krb5Config, 'realmValues'>, realm: string): boolean {
  return conf.realmValues(realm, 'kdc').length > 0;
}
