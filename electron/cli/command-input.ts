import type { RunLine } from './parse.js';

/**
 * What a command runs on: its arguments and options, as the command table's parser accepted them
 * (known options only, values of the right kind, the right number of arguments). The commands
 * read these instead of parsing their words a second time.
 */
export type CommandInput = Pick<RunLine, 'args' | 'options'>;

/** Whether a flag (`--json`, `--all`) was given. */
export const flagGiven = (input: CommandInput, name: string): boolean => input.options[name] === true;

/** An option's value (`--copr-config PATH`), or undefined when it was not given. */
export function optionValue(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' ? value : undefined;
}
