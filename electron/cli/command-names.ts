/**
 * The command line's top-level commands. The desktop binary checks its arguments against this list
 * (without loading the CLI), so `ticket-tray status` from an installed package runs the command
 * instead of opening the tray.
 */
export const CLI_COMMAND_NAMES = [
  'status',
  'login',
  'switch',
  'renew',
  'destroy',
  'copr',
  'doctor',
  'help',
  '--help',
  '-h',
] as const;

export function isCliCommand(name: string | undefined): boolean {
  return name !== undefined && (CLI_COMMAND_NAMES as readonly string[]).includes(name);
}
