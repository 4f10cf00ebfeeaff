import {
  COMMANDS,
  type CommandSpec,
  GLOBAL_OPTIONS,
  type OptionSpec,
  TOP_LEVEL_WORDS,
  commandName,
  commandsUnder,
} from './commands.js';
import { COMPLETE_WORD } from './complete-word.js';

/** What a command line asks for, decided from the command table alone (nothing is loaded or run). */
export type ParsedLine =
  | RunLine
  | { readonly kind: 'help'; readonly command: CommandSpec | null; readonly under: string | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'complete'; readonly words: readonly string[] }
  | { readonly kind: 'usage-error'; readonly message: string; readonly helpFor: string };

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** A command to run: its options and arguments, and the words after its name as typed. */
export interface RunLine {
  readonly kind: 'run';
  readonly command: CommandSpec;
  readonly options: OptionValues;
  readonly args: readonly string[];
  readonly words: readonly string[];
}

const usageError = (message: string, helpFor = 'ticket-tray --help'): ParsedLine => ({
  kind: 'usage-error',
  message,
  helpFor,
});

const isHelpFlag = (word: string) => word === '--help' || word === '-h';

export function parseCommandLine(argv: readonly string[]): ParsedLine {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help', command: null, under: null };
  if (first === COMPLETE_WORD) return { kind: 'complete', words: rest };
  if (isHelpFlag(first)) return { kind: 'help', command: null, under: null };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') return helpFor(rest);
  if (first.startsWith('-')) return usageError(unknownOption(first, GLOBAL_OPTIONS));
  const found = findCommand(argv);
  if ('error' in found) return found.error;
  return parseOptions(found.command, argv.slice(found.command.path.length));
}

/** `help copr check` is `copr check --help`. */
function helpFor(words: readonly string[]): ParsedLine {
  if (words.length === 0) return { kind: 'help', command: null, under: null };
  const found = findCommand(words);
  if ('error' in found) return found.error;
  return { kind: 'help', command: found.command, under: null };
}

type Found = { readonly command: CommandSpec } | { readonly error: ParsedLine };

function findCommand(words: readonly string[]): Found {
  const [first = '', second] = words;
  const under = commandsUnder(first);
  if (under.length === 0) {
    const command = COMMANDS.find((c) => c.path.length === 1 && c.path[0] === first);
    if (command) return { command };
    return { error: usageError(`unknown command "${first}"${didYouMean(first, TOP_LEVEL_WORDS)}.`) };
  }
  if (second === undefined || isHelpFlag(second))
    return second === undefined
      ? { error: usageError(`"${first}" needs a subcommand: ${subcommandList(under)}.`, `ticket-tray ${first} --help`) }
      : { error: { kind: 'help', command: null, under: first } };
  const command = under.find((c) => c.path[1] === second);
  if (command) return { command };
  const names = under.map((c) => c.path[1]!);
  return {
    error: usageError(
      `unknown ${first} subcommand "${second}"${didYouMean(second, names)}.`,
      `ticket-tray ${first} --help`,
    ),
  };
}

const subcommandList = (under: readonly CommandSpec[]) => under.map((c) => c.path[1]).join(', ');

/** Options anywhere, `--name value` or `--name=value`; after `--` every word is an argument. */
function parseOptions(command: CommandSpec, words: readonly string[]): ParsedLine {
  const options: Record<string, string | boolean> = {};
  const args: string[] = [];
  const helpHint = `ticket-tray ${commandName(command)} --help`;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (isHelpFlag(word)) return { kind: 'help', command, under: null };
    if (!word.startsWith('-') || word === '-') {
      args.push(word);
      continue;
    }
    const [flag, inline] = splitInline(word);
    const option = command.options.find((o) => `--${o.name}` === flag || (o.short && `-${o.short}` === flag));
    if (!option) return usageError(unknownOption(flag, command.options, command), helpHint);
    if (option.value === undefined) {
      if (inline !== undefined) return usageError(`--${option.name} takes no value.`, helpHint);
      options[option.name] = true;
      continue;
    }
    const value = inline ?? words[++i];
    if (value === undefined) return usageError(`--${option.name} needs a value (${option.value}).`, helpHint);
    const problem = valueProblem(option, value);
    if (problem) return usageError(problem, helpHint);
    options[option.name] = value;
  }
  const problem = argumentProblem(command, options, args);
  return problem ? usageError(problem, helpHint) : { kind: 'run', command, options, args, words };
}

function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

function valueProblem(option: OptionSpec, value: string): string | null {
  const source = option.values;
  if (source && typeof source === 'object' && !source.choices.includes(value))
    return `--${option.name} takes ${source.choices.join(' or ')}, not "${value}"${didYouMean(value, source.choices)}.`;
  return null;
}

function argumentProblem(command: CommandSpec, options: OptionValues, args: readonly string[]): string | null {
  const name = commandName(command);
  for (const [a, b] of command.exclusive ?? [])
    if (options[a] !== undefined && options[b] !== undefined) return `use --${a} or --${b}, not both.`;
  const { eitherOr } = command;
  if (eitherOr) {
    const given = args.length > 0;
    if (given === Boolean(options[eitherOr.option]))
      return `${name} takes <${eitherOr.positional}> or --${eitherOr.option} (one of them).`;
  }
  const required = command.positionals.filter((p) => !p.optional).length;
  if (args.length < required && !eitherOr) return `${name} needs <${command.positionals[args.length]!.name}>.`;
  if (args.length > command.positionals.length)
    return command.positionals.length === 0
      ? `${name} takes no arguments (got "${args[0]}").`
      : `${name} takes at most ${command.positionals.length} argument (got ${args.length}).`;
  const choices = command.positionals.map((p, i) => [p, args[i]] as const);
  for (const [p, value] of choices)
    if (value !== undefined && p.values && typeof p.values === 'object' && !p.values.choices.includes(value))
      return `<${p.name}> is ${p.values.choices.join(', ')}, not "${value}"${didYouMean(value, p.values.choices)}.`;
  return null;
}

function unknownOption(flag: string, options: readonly OptionSpec[], command?: CommandSpec): string {
  const where = command ? ` for ${commandName(command)}` : '';
  const names = options.map((o) => `--${o.name}`);
  const suggestion = didYouMean(flag, command ? [...names, '--help'] : names);
  if (suggestion) return `unknown option ${flag}${where}${suggestion}.`;
  // An option that exists on another command is a likelier slip than a typo.
  const owner = COMMANDS.find((c) => c.options.some((o) => `--${o.name}` === flag));
  return owner
    ? `unknown option ${flag}${where} (it belongs to ${commandName(owner)}).`
    : `unknown option ${flag}${where}.`;
}

/** `, did you mean "x"?` for the closest candidate within a typo's reach, else nothing. */
export function didYouMean(typed: string, candidates: readonly string[]): string {
  const best = closest(typed, candidates);
  return best === null ? '' : `; did you mean ${best}?`;
}

export function closest(typed: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // A third of the word may be wrong (at least one letter, at most three): `--jsno`, `stauts`, `renwe`.
  const reach = Math.min(3, Math.max(1, Math.floor(typed.replace(/^-+/, '').length / 3)));
  return bestDistance <= reach ? best : null;
}

/** Damerau–Levenshtein (optimal string alignment): a swap of two neighbours counts as one edit. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}
