import { TOP_LEVEL_WORDS } from './commands.js';
import { COMPLETE_WORD } from './complete-word.js';

/**
 * The command line's first words. The desktop binary checks its arguments against this list
 * (loading only the command table, not the CLI), so `ticket-tray status` from an installed package
 * runs the command instead of opening the tray.
 */
export const CLI_COMMAND_NAMES: readonly string[] = [
  ...TOP_LEVEL_WORDS,
  'help',
  '--help',
  '-h',
  '--version',
  '-V',
  COMPLETE_WORD,
];

export function isCliCommand(name: string | undefined): boolean {
  return name !== undefined && CLI_COMMAND_NAMES.includes(name);
}
