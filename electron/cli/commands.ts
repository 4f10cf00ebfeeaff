/**
 * The command table: every command, its arguments and options, with help text and an example.
 * The parser, `--help`, the usage errors, the shell completions and the man page are all made
 * from it, so they cannot disagree. Pure data: loading it must cost nothing (`--version`).
 */

/** What a completion offers for a value: principals in the collection, fix ids of the last diagnosis, file paths, or fixed words. */
export type ValueSource = 'principal' | 'fix-id' | 'file' | 'url' | { readonly choices: readonly string[] };

export interface OptionSpec {
  /** Without the leading dashes. */
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in help (PATH, URL); absent for a flag. */
  readonly value?: string;
  readonly values?: ValueSource;
  readonly help: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly optional?: boolean;
  readonly values?: ValueSource;
  readonly help: string;
}

export interface Example {
  readonly line: string;
  readonly says: string;
}

export interface CommandSpec {
  /** The words that name it: ['status'], ['copr', 'check']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** More about it, for `<command> --help` and the man page; plain sentences. */
  readonly details?: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
  /** Pairs of options that cannot be given together. */
  readonly exclusive?: readonly (readonly [string, string])[];
  /** A positional and an option that stand in for one another: exactly one is required. */
  readonly eitherOr?: { readonly positional: string; readonly option: string };
  readonly examples: readonly Example[];
}

export interface Group {
  readonly title: string;
  readonly commands: readonly CommandSpec[];
}

/** Exit statuses, as help, the man page and README document them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
export type CliExit = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'success (for doctor: no problem is an error)'],
  [EXIT.failed, 'the action failed, or copr check / doctor found a problem; one line on stderr says why'],
  [EXIT.usage, 'the command line was wrong: unknown command or option, missing or extra argument'],
  [EXIT.interrupted, 'interrupted with Ctrl-C'],
];

const JSON_OPTION: OptionSpec = {
  name: 'json',
  help: 'print the result as JSON on stdout (field names are fixed; times in ISO 8601 UTC)',
};
const COPR_CONFIG: OptionSpec = {
  name: 'copr-config',
  value: 'PATH',
  values: 'file',
  help: 'the Copr config file to use (default ~/.config/copr), for a staging or private instance',
};

const PRINCIPAL = (help: string, optional = false): PositionalSpec => ({
  name: 'principal',
  values: 'principal',
  help,
  ...(optional ? { optional } : {}),
});

const KERBEROS: readonly CommandSpec[] = [
  {
    path: ['status'],
    summary: 'every credential cache, the primary one, times and flags',
    details: 'Lists the whole collection, like klist -A; * marks the primary cache. Times are local.',
    positionals: [],
    options: [JSON_OPTION],
    examples: [
      { line: 'ticket-tray status', says: 'the table of caches' },
      { line: "ticket-tray status --json | jq -r '.primary'", says: 'the primary principal, for a script' },
    ],
  },
  {
    path: ['login'],
    summary: 'get a ticket; the password is read from stdin, or typed without echo at a terminal',
    details:
      "With --fedora, the Fedora login (anonymous PKINIT armor, then the password and an optional one-time code, read from the second line of stdin). A name without a realm gets FEDORAPROJECT.ORG with --fedora, and krb5.conf's default_realm otherwise. The new identity becomes the primary one, as with kinit, unless --keep-primary; when that takes the primary out of the realm Copr needs, the result says so and how to fix it. --lifetime, --renewable-life and --forwardable ask the KDC for more (or less) than krb5.conf does; the KDC may cap what it grants, and the result says so.",
    positionals: [PRINCIPAL('who to log in as, e.g. alice@FEDORAPROJECT.ORG')],
    options: [
      { name: 'fedora', help: "Fedora's login flow, with an optional one-time code" },
      {
        name: 'keep-primary',
        help: 'leave the primary identity where it is: the new ticket is added beside it',
      },
      { name: 'lifetime', value: 'DURATION', help: 'how long the ticket lasts, e.g. 10h, 1d, 1h30m (kinit -l)' },
      {
        name: 'renewable-life',
        value: 'DURATION',
        help: 'how long it may be renewed, e.g. 7d (kinit -r)',
      },
      { name: 'forwardable', help: 'ask for a forwardable ticket (kinit -f)' },
      { name: 'no-forwardable', help: 'ask for a ticket that is not forwardable (kinit -F)' },
      JSON_OPTION,
    ],
    exclusive: [['forwardable', 'no-forwardable']],
    examples: [
      { line: 'ticket-tray login --fedora alice', says: 'prompts for the password and one-time code' },
      {
        line: 'ticket-tray login --lifetime 1d --renewable-life 7d alice@EXAMPLE.COM',
        says: 'asks for a day-long ticket; the result says if the KDC granted less',
      },
      {
        line: 'printf \'%s\\n\' "$PW" | ticket-tray login alice@EXAMPLE.COM',
        says: 'a script: the password on the first line of stdin',
      },
    ],
  },
  {
    path: ['passwd'],
    summary: 'change a password (kpasswd); typed without echo at a terminal, else read from stdin',
    details:
      "Reads the current password, the new one and the new one again (three lines of stdin when it is not a terminal). Without a principal, the primary identity's password. Success means a login with the new password worked. A Fedora account's password is changed at Fedora Accounts (https://accounts.fedoraproject.org/): the command says so and changes nothing. A refusal by the realm's password policy prints the server's own words.",
    positionals: [PRINCIPAL('whose password to change (default: the primary identity)', true)],
    options: [JSON_OPTION],
    examples: [
      { line: 'ticket-tray passwd alice@EXAMPLE.COM', says: 'prompts for the current and the new password' },
      {
        line: 'printf \'%s\\n\' "$OLD" "$NEW" "$NEW" | ticket-tray passwd --json',
        says: 'a script: the three passwords on three lines of stdin',
      },
    ],
  },
  {
    path: ['switch'],
    summary: "make that principal's cache the primary one (kswitch -p)",
    positionals: [PRINCIPAL('a principal with a cache in the collection')],
    options: [JSON_OPTION],
    examples: [{ line: 'ticket-tray switch alice@FEDORAPROJECT.ORG', says: 'Copr and Koji now use the Fedora ticket' }],
  },
  {
    path: ['renew'],
    summary: "renew the primary ticket, or that principal's (kinit -R)",
    positionals: [PRINCIPAL('the principal to renew (default: the primary one)', true)],
    options: [JSON_OPTION],
    examples: [{ line: 'ticket-tray renew', says: 'the primary ticket lasts longer, up to its renew-until time' }],
  },
  {
    path: ['destroy'],
    summary: "destroy one principal's tickets, or all of them (kdestroy)",
    positionals: [PRINCIPAL('whose tickets to destroy', true)],
    options: [{ name: 'all', help: 'destroy every cache in the collection' }, JSON_OPTION],
    eitherOr: { positional: 'principal', option: 'all' },
    examples: [
      { line: 'ticket-tray destroy alice@EXAMPLE.COM', says: 'only the work ticket goes' },
      { line: 'ticket-tray destroy --all', says: 'the whole collection is emptied' },
    ],
  },
];

const COPR: readonly CommandSpec[] = [
  {
    path: ['copr', 'check'],
    summary: 'prove who Copr thinks you are, by the method copr-cli would use',
    details:
      'Logs in to Copr with the API token or Kerberos, as copr-cli would (or the Python API, with --api-semantics), and asks Copr who you are. When a saved session answers, a fresh Kerberos login is checked beside it (and not saved), with a warning when the session hides that it fails or names another user. Exit status 0 only when Copr confirmed a user.',
    positionals: [],
    options: [
      { name: 'api-semantics', help: 'decide the method as the Python API would (GSSAPI only with gssapi = True)' },
      JSON_OPTION,
      COPR_CONFIG,
    ],
    examples: [{ line: 'ticket-tray copr check', says: 'the method, the user Copr confirmed, and advice on failure' }],
  },
  {
    path: ['copr', 'pin'],
    summary: 'make GSSAPI use that principal for the Copr host, whatever the primary (~/.k5identity)',
    details:
      "A name without a realm gets krb5.conf's default_realm, as the MIT tools add it. The principal must be in the realm the Copr host's service lives in: FEDORAPROJECT.ORG for Fedora's Copr; for another instance, the realm krb5.conf maps its host to, or the realm of a ticket that works for it. Anything else is refused with the reason, unless --force.",
    positionals: [PRINCIPAL('the principal Copr should get')],
    options: [
      { name: 'force', help: "pin it even in a realm the Copr host's service does not live in" },
      JSON_OPTION,
      COPR_CONFIG,
    ],
    examples: [{ line: 'ticket-tray copr pin alice@FEDORAPROJECT.ORG', says: 'Copr works whichever cache is primary' }],
  },
  {
    path: ['copr', 'unpin'],
    summary: 'remove the pin for the Copr host',
    positionals: [],
    options: [JSON_OPTION, COPR_CONFIG],
    examples: [{ line: 'ticket-tray copr unpin', says: 'GSSAPI chooses by itself again' }],
  },
  {
    path: ['copr', 'session'],
    summary: 'show (or clear) the login session saved with copr-cli',
    positionals: [],
    options: [
      { name: 'clear', help: 'remove the saved session, so the next call logs in afresh' },
      JSON_OPTION,
      COPR_CONFIG,
    ],
    examples: [{ line: 'ticket-tray copr session --clear', says: 'forget the saved login' }],
  },
  {
    path: ['copr', 'config'],
    summary: 'show the Copr config and which method each client uses, or edit it',
    positionals: [],
    options: [
      { name: 'set-url', value: 'URL', values: 'url', help: 'set copr_url' },
      { name: 'gssapi', value: 'on|off', values: { choices: ['on', 'off'] }, help: 'turn Kerberos login on or off' },
      JSON_OPTION,
      COPR_CONFIG,
    ],
    examples: [
      { line: 'ticket-tray copr config', says: "the config, the token expiry and each client's method" },
      { line: 'ticket-tray copr config --gssapi on', says: 'the Python API may use Kerberos too' },
    ],
  },
  {
    path: ['copr', 'renew-token'],
    summary: 'get a new API token through a Kerberos login and write it into the config',
    positionals: [],
    options: [JSON_OPTION, COPR_CONFIG],
    examples: [{ line: 'ticket-tray copr renew-token', says: 'the expired token is replaced' }],
  },
];

const TROUBLESHOOTING: readonly CommandSpec[] = [
  {
    path: ['doctor'],
    summary: 'name every login problem found, with its fixes; apply one; or write a report',
    details:
      'Without options, lists the findings with the command that fixes each; exit status 0 when none is an error. --fix applies one fix by its id; --report prints a diagnostic report for a forum post or bug, never holding a password, one-time code, token or cookie.',
    positionals: [],
    options: [
      { name: 'fix', value: 'FIX-ID', values: 'fix-id', help: 'apply the fix with that id (from the findings)' },
      { name: 'report', help: 'print a diagnostic report to paste into a forum post or bug' },
      JSON_OPTION,
      COPR_CONFIG,
    ],
    exclusive: [['fix', 'report']],
    examples: [
      { line: 'ticket-tray doctor', says: 'the findings, each with its fix' },
      { line: 'ticket-tray doctor --fix switch:alice@FEDORAPROJECT.ORG', says: 'apply one of them' },
    ],
  },
];

const SHELL: readonly CommandSpec[] = [
  {
    path: ['completion'],
    summary: 'print the shell completion script for bash, zsh or fish',
    details:
      'The rpm and deb install these already. From a checkout: source <(ticket-tray completion bash) in ~/.bashrc.',
    positionals: [{ name: 'shell', values: { choices: ['bash', 'zsh', 'fish'] }, help: 'bash, zsh or fish' }],
    options: [],
    examples: [{ line: 'ticket-tray completion fish > ~/.config/fish/completions/ticket-tray.fish', says: '' }],
  },
];

export const GROUPS: readonly Group[] = [
  { title: 'Kerberos', commands: KERBEROS },
  { title: 'Copr', commands: COPR },
  { title: 'Troubleshooting', commands: TROUBLESHOOTING },
  { title: 'Shell', commands: SHELL },
];

export const COMMANDS: readonly CommandSpec[] = GROUPS.flatMap((g) => g.commands);

/** Words that only start a longer command (`copr`), with the commands under them. */
export function commandsUnder(word: string): readonly CommandSpec[] {
  return COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === word);
}

export const TOP_LEVEL_WORDS: readonly string[] = [...new Set(COMMANDS.map((c) => c.path[0]!))];

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', help: 'show help (also after a command: ticket-tray copr check --help)' },
  { name: 'version', short: 'V', help: 'print the version' },
];

export const ENVIRONMENT_HELP: readonly (readonly [string, string])[] = [
  ['KRB5CCNAME', 'the credential cache collection, honoured as the MIT tools honour it'],
  ['KRB5_CONFIG', 'the Kerberos configuration, as for the MIT tools'],
  ['HOME', 'locates ~/.config/copr, ~/.cache/copr and ~/.k5identity'],
  ['XDG_CACHE_HOME', 'where the fix ids of the last diagnosis are kept for completion (default ~/.cache)'],
];

/** The command's name as typed: "copr check". */
export const commandName = (c: CommandSpec): string => c.path.join(' ');
