import { APP_NAME, APP_VERSION } from '../../shared/app-info.js';
import {
  type CommandSpec,
  ENVIRONMENT_HELP,
  EXIT_CODE_HELP,
  GLOBAL_OPTIONS,
  GROUPS,
  type OptionSpec,
  commandName,
  commandsUnder,
} from './commands.js';

/** `status [--json]`, `destroy [<principal>] [--all] [--json]`: the synopsis of one command. */
export function synopsis(command: CommandSpec): string {
  const positionals = command.positionals.map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const options = command.options.map((o) => `[${optionUsage(o)}]`);
  return [APP_NAME, ...command.path, ...positionals, ...options].join(' ');
}

export const optionUsage = (o: OptionSpec): string => `--${o.name}${o.value ? ` ${o.value}` : ''}`;

const COLUMN = 28;

/** Two columns: the term, then its text (on the next line when the term is long). */
function row(term: string, text: string, indent = '  '): string {
  const left = `${indent}${term}`;
  return left.length < COLUMN ? `${left.padEnd(COLUMN)}${text}` : `${left}\n${' '.repeat(COLUMN)}${text}`;
}

export function versionText(): string {
  return `${APP_NAME} ${APP_VERSION}\n`;
}

/** `ticket-tray --help`: every command in one screen, then the exit statuses and environment. */
export function mainHelp(): string {
  const lines = [`Usage: ${APP_NAME} <command> [options]`, ''];
  for (const group of GROUPS) {
    lines.push(`${group.title}:`);
    for (const c of group.commands) lines.push(row(commandName(c), c.summary));
    lines.push('');
  }
  lines.push('Options:');
  for (const o of GLOBAL_OPTIONS) lines.push(row(`-${o.short}, --${o.name}`, o.help));
  lines.push('', ...exitStatusLines(), '', 'Environment:');
  for (const [name, text] of ENVIRONMENT_HELP) lines.push(row(name, text));
  lines.push('', `${APP_NAME} <command> --help shows a command's arguments, options and examples.`);
  return `${lines.join('\n')}\n`;
}

function exitStatusLines(): string[] {
  return ['Exit status:', ...EXIT_CODE_HELP.map(([code, text]) => row(String(code), text))];
}

/** `ticket-tray copr --help`: the commands under one word. */
export function groupHelp(word: string): string {
  const lines = [`Usage: ${APP_NAME} ${word} <subcommand> [options]`, ''];
  for (const c of commandsUnder(word)) lines.push(row(c.path.slice(1).join(' '), c.summary));
  lines.push('', `${APP_NAME} ${word} <subcommand> --help shows its options and an example.`);
  return `${lines.join('\n')}\n`;
}

/** `ticket-tray <command> --help`: what it does, each argument and option, and examples. */
export function commandHelp(command: CommandSpec): string {
  const lines = [`Usage: ${synopsis(command)}`, '', `${capitalise(command.summary)}.`];
  if (command.details) lines.push('', ...wrap(command.details, 80));
  if (command.positionals.length > 0) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(row(`<${p.name}>`, p.help));
  }
  lines.push('', 'Options:');
  for (const o of command.options) lines.push(row(optionUsage(o), o.help));
  lines.push(row('-h, --help', 'show this help'));
  lines.push('', command.examples.length === 1 ? 'Example:' : 'Examples:');
  for (const e of command.examples) lines.push(`  $ ${e.line}`, ...(e.says ? [`    ${e.says}`] : []));
  lines.push('', ...exitStatusLines());
  return `${lines.join('\n')}\n`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Breaks prose at spaces so no line is longer than `width`. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
