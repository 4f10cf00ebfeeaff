import { describe, expect, it } from 'vitest';
import { isCliCommand } from '../../electron/cli/command-names.js';
import { COMMANDS, TOP_LEVEL_WORDS, commandName } from '../../electron/cli/commands.js';
import { candidates } from '../../electron/cli/complete.js';
import { bashCompletion, fishCompletion, zshCompletion } from '../../electron/cli/completion-scripts.js';
import { shellLine } from '../../electron/cli/doctor-commands.js';
import { commandHelp, groupHelp, mainHelp } from '../../electron/cli/help.js';
import { manPage, roff } from '../../electron/cli/man-page.js';
import { closest, editDistance, parseCommandLine } from '../../electron/cli/parse.js';

const usage = (argv: string[]) => {
  const line = parseCommandLine(argv);
  if (line.kind !== 'usage-error') throw new Error(`expected a usage error, got ${line.kind}`);
  return line.message;
};

describe('the command line parser', () => {
  it('finds commands and subcommands, options in any order, --name=value and --', () => {
    const line = parseCommandLine(['copr', 'config', '--gssapi=on', '--copr-config', '/tmp/c', '--json']);
    expect(line).toMatchObject({
      kind: 'run',
      command: { path: ['copr', 'config'] },
      options: { gssapi: 'on', 'copr-config': '/tmp/c', json: true },
      args: [],
    });
    expect(parseCommandLine(['destroy', '--', '-A'])).toMatchObject({ kind: 'run', args: ['-A'] });
    expect(parseCommandLine(['switch', '--json', 'a@B'])).toMatchObject({ args: ['a@B'], options: { json: true } });
  });

  it('offers the closest option or command', () => {
    expect(usage(['status', '--jsno'])).toBe('unknown option --jsno for status; did you mean --json?.');
    expect(usage(['stauts'])).toMatch(/unknown command "stauts"; did you mean status\?/);
    expect(usage(['copr', 'chekc'])).toMatch(/did you mean check\?/);
    expect(usage(['copr', 'config', '--gssapi', 'offf'])).toMatch(/takes on or off, not "offf"; did you mean off\?/);
    expect(usage(['--versoin'])).toMatch(/did you mean --version\?/);
    // Nothing close: no guess, but an option another command has is named as such.
    expect(usage(['frobnicate'])).toBe('unknown command "frobnicate".');
    expect(usage(['status', '--all'])).toBe('unknown option --all for status (it belongs to destroy).');
  });

  it('checks arguments against the table', () => {
    expect(usage(['switch'])).toBe('switch needs <principal>.');
    expect(usage(['status', 'extra'])).toMatch(/status takes no arguments/);
    expect(usage(['destroy'])).toMatch(/takes <principal> or --all/);
    expect(usage(['destroy', 'a@B', '--all'])).toMatch(/takes <principal> or --all/);
    expect(usage(['doctor', '--fix', 'x', '--report'])).toBe('use --fix or --report, not both.');
    expect(usage(['doctor', '--fix'])).toBe('--fix needs a value (FIX-ID).');
    expect(usage(['status', '--json=yes'])).toBe('--json takes no value.');
    expect(usage(['copr'])).toMatch(/"copr" needs a subcommand: check, pin/);
  });

  it('help, version and the hidden completion word', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['login', '--help'])).toMatchObject({ kind: 'help', command: { path: ['login'] } });
    expect(parseCommandLine(['help', 'copr', 'pin'])).toMatchObject({
      kind: 'help',
      command: { path: ['copr', 'pin'] },
    });
    expect(parseCommandLine(['copr', '--help'])).toMatchObject({ kind: 'help', under: 'copr' });
    expect(parseCommandLine(['__complete', 'st'])).toEqual({ kind: 'complete', words: ['st'] });
  });

  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(editDistance('status', 'status')).toBe(0);
    expect(editDistance('renwe', 'renew')).toBe(1);
    expect(closest('--x', ['--json', '--all'])).toBeNull();
  });
});

describe('help, man page and completion come from the one table', () => {
  it('every command and option is in the help, and every command has an example', () => {
    const help = mainHelp();
    for (const c of COMMANDS) {
      expect(help).toContain(commandName(c));
      const own = commandHelp(c);
      for (const o of c.options) expect(own).toContain(`--${o.name}`);
      for (const p of c.positionals) expect(own).toContain(`<${p.name}>`);
      expect(c.examples.length).toBeGreaterThan(0);
      expect(own).toMatch(/^Examples?:\n {2}\$ ticket-tray /m);
    }
    expect(help).toMatch(/^ {2}2 +the command line was wrong/m);
    expect(groupHelp('copr')).toContain('renew-token');
  });

  it('the man page has every command and option, escaped for roff', () => {
    const page = manPage('2026-01-02');
    expect(page).toMatch(/^\.TH TICKET-TRAY 1 2026-01-02 /);
    for (const c of COMMANDS) {
      expect(page).toContain(`.SS ${roff(commandName(c))}`);
      for (const o of c.options) expect(page).toContain(roff(`--${o.name}`));
    }
    expect(roff('.x -y \\z')).toBe('\\&.x \\-y \\ez');
    for (const line of page.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('the desktop binary recognises every command word', () => {
    for (const word of [...TOP_LEVEL_WORDS, '--version', '--help', '__complete']) expect(isCliCommand(word)).toBe(true);
    expect(isCliCommand('--hidden')).toBe(false);
  });

  it('completion candidates: commands, options, values, principals and fix ids', async () => {
    const sources = {
      principals: async () => ['alice@FEDORAPROJECT.ORG', 'alice@EXAMPLE.COM'],
      fixIds: async () => ['switch:alice@FEDORAPROJECT.ORG', 'clear-session'],
    };
    expect(await candidates(['st'], sources)).toEqual(['status']);
    expect(await candidates(['copr', ''], sources)).toContain('renew-token');
    expect(await candidates(['status', '--'], sources)).toEqual(['--json', '--help']);
    expect(await candidates(['switch', 'alice@F'], sources)).toEqual(['alice@FEDORAPROJECT.ORG']);
    expect(await candidates(['switch', 'alice@FEDORAPROJECT.ORG', ''], sources)).toEqual([]);
    expect(await candidates(['doctor', '--fix', 'sw'], sources)).toEqual(['switch:alice@FEDORAPROJECT.ORG']);
    expect(await candidates(['copr', 'config', '--gssapi', ''], sources)).toEqual(['on', 'off']);
    expect(await candidates(['copr', 'pin', '--copr-config', 'x', ''], sources)).toHaveLength(2);
    expect(await candidates(['copr', 'check', '--copr-config', ''], sources)).toEqual([]);
    expect(await candidates(['destroy', '--all', '--'], sources)).toEqual(['--json', '--help']);
  });

  it('each completion script asks the command itself, so none holds a stale list', () => {
    for (const script of [bashCompletion(), zshCompletion(), fishCompletion()]) {
      expect(script).toContain('ticket-tray __complete');
      expect(script).not.toContain('renew-token');
    }
  });
});

describe('shellLine: fix commands that run as printed', () => {
  it('quotes only what the shell would read otherwise', () => {
    expect(shellLine(['ticket-tray', 'copr', 'pin', 'alice@FEDORAPROJECT.ORG'])).toBe(
      'ticket-tray copr pin alice@FEDORAPROJECT.ORG',
    );
    expect(shellLine(['--copr-config', "/home/u/it's $HOME/copr", ''])).toBe(
      `--copr-config '/home/u/it'\\''s $HOME/copr' ''`,
    );
  });
});
