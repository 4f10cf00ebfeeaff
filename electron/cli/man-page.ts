import { APP_NAME, APP_VERSION } from '../../shared/app-info.js';
import { type CommandSpec, ENVIRONMENT_HELP, EXIT_CODE_HELP, GROUPS, commandName } from './commands.js';
import { optionUsage, wrap } from './help.js';

/** Text as roff reads it: backslashes and hyphens escaped, no line starting a request. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

/** Prose as roff text lines of at most 80 bytes, as man page linters ask; roff fills them again. */
const prose = (text: string): string =>
  wrap(roff(text), 78)
    .map((line) => line.replace(/^([.'])/, '\\&$1'))
    .join('\n');

function commandSection(c: CommandSpec): string[] {
  const args = c.positionals.map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const lines = [`.SS ${roff([commandName(c), ...args].join(' '))}`, prose(`${c.summary}.`)];
  if (c.details) lines.push('.PP', prose(c.details));
  for (const p of c.positionals) lines.push('.TP', `.I ${roff(`<${p.name}>`)}`, prose(p.help));
  for (const o of c.options) lines.push('.TP', `.B ${roff(optionUsage(o))}`, prose(o.help));
  for (const e of c.examples) {
    lines.push('.PP', 'Example:', '.PP', '.RS 4', '.EX', roff(`$ ${e.line}`), '.EE', '.RE');
    if (e.says) lines.push('.PP', prose(`${e.says}.`));
  }
  return lines;
}

/** ticket-tray(1), from the command table the help is made from; `date` (YYYY-MM-DD) is the build's. */
export function manPage(date: string): string {
  const lines = [
    `.TH ${APP_NAME.toUpperCase()} 1 ${date} "${APP_NAME} ${APP_VERSION}" "User Commands"`,
    '.SH NAME',
    `${APP_NAME} \\- see, get, switch and fix your Kerberos tickets,`,
    'and check your Copr login',
    '.SH SYNOPSIS',
    `.B ${APP_NAME}`,
    '.I command',
    '.RI [ options ]',
    '.br',
    `.B ${APP_NAME}`,
    '.RB [ \\-\\-help | \\-\\-version ]',
    '.SH DESCRIPTION',
    prose(
      `${APP_NAME} shows every Kerberos credential cache in the collection and which one is primary, gets tickets (also through the Fedora login with a one-time code), switches the primary identity, renews and destroys tickets, proves who Copr thinks you are, and names and fixes login problems. It runs the MIT tools (klist, kinit, kswitch, kdestroy) and reads the Copr configuration as copr-cli does.`,
    ),
    '.PP',
    prose(
      'Every command takes --help, and --json to print its result as JSON on stdout; times are then ISO 8601 UTC, while readable output uses local time. A failure is one plain sentence on stderr.',
    ),
  ];
  for (const group of GROUPS) {
    lines.push(`.SH ${roff(group.title.toUpperCase())} COMMANDS`);
    for (const c of group.commands) lines.push(...commandSection(c));
  }
  lines.push('.SH EXIT STATUS');
  for (const [code, text] of EXIT_CODE_HELP) lines.push('.TP', `.B ${code}`, prose(text));
  lines.push('.SH ENVIRONMENT');
  for (const [name, text] of ENVIRONMENT_HELP) lines.push('.TP', `.B ${name}`, prose(text));
  lines.push(
    '.SH FILES',
    '.TP',
    '.I ~/.config/copr',
    roff('the Copr configuration, read as python-copr reads it'),
    '.TP',
    '.I ~/.cache/copr/<host>\\-session',
    roff('the login session saved by copr-cli and by copr check'),
    '.TP',
    '.I ~/.k5identity',
    roff('which principal GSSAPI uses for which host (copr pin)'),
    '.SH SEE ALSO',
    '.BR klist (1),',
    '.BR kinit (1),',
    '.BR kswitch (1),',
    '.BR kdestroy (1),',
    '.BR k5identity (5),',
    '.BR copr\\-cli (1)',
  );
  return `${lines.join('\n')}\n`;
}
