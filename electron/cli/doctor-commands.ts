import type { DoctorReport, Finding } from '../../shared/doctor.js';
import { terminalSafe } from '../../shared/text-safety.js';
import type { Doctor } from '../services/doctor/service.js';
import { type CommandInput, flagGiven, optionValue } from './command-input.js';
import type { CliIo, ExitCode } from './io.js';
import { UsageError } from './krb-commands.js';
import { unsavedTokenText } from './output.js';

/** The severity in words, never by colour alone. */
const MARK: Readonly<Record<Finding['severity'], string>> = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' };

/** The readable list of findings, each with its fixes as commands. Details and evidence quote servers and files: each line escaped and bounded. */
export function formatFindings(report: DoctorReport, configPath?: string): string {
  if (report.findings.length === 0) return 'No problems found.\n';
  const out: string[] = [];
  for (const f of report.findings) {
    out.push(`${MARK[f.severity]} ${f.title} [${f.id}]`);
    for (const line of f.detail.split('\n')) out.push(`        ${terminalSafe(line)}`);
    for (const e of f.evidence) out.push(`        seen: ${terminalSafe(e)}`);
    for (const fix of f.fixes)
      out.push(`        fix:  ${fix.label}: ${shellLine(fix.command)}${fix.needsPassword ? '' : `  [${fix.id}]`}`);
    out.push('');
  }
  // Said once, not on every fix line.
  if (report.findings.some((f) => f.fixes.some((fix) => !fix.needsPassword)))
    out.push(
      `Run a fix's command, or apply a fix by the id in brackets: ticket-tray doctor --fix <id>${configPath === undefined ? '' : ` --copr-config ${shellLine([configPath])}`}`,
      '',
    );
  return `${out.join('\n')}`;
}

/**
 * A command as a POSIX shell reads it back: words with anything but safe characters are put in
 * single quotes, so a config path with a space or a `$` runs as printed when copied.
 */
export function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** `doctor [--json] | --fix <id> | --report`, each with `--copr-config PATH`. */
export async function doctorCommand(
  makeDoctor: (configPath?: string) => Doctor,
  io: CliIo,
  input: CommandInput,
): Promise<ExitCode> {
  const values = {
    json: flagGiven(input, 'json'),
    fix: optionValue(input, 'fix'),
    report: flagGiven(input, 'report'),
    'copr-config': optionValue(input, 'copr-config'),
  };
  if (input.args.length > 0) throw new UsageError('doctor takes no arguments');
  if (values.fix !== undefined && values.report) throw new UsageError('use --fix or --report, not both');
  const doctor = makeDoctor(values['copr-config']);
  if (values.report) {
    const report = await doctor.report();
    io.stdout.write(values.json ? `${JSON.stringify({ report }, null, 2)}\n` : report);
    return 0;
  }
  if (values.fix !== undefined) {
    const outcome = await doctor.applyFix(values.fix);
    if (values.json) io.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    else {
      (outcome.ok ? io.stdout : io.stderr).write(
        outcome.ok ? `${terminalSafe(outcome.message)}\n` : `ticket-tray: ${terminalSafe(outcome.message)}\n`,
      );
      if (outcome.unsavedToken) io.stdout.write(unsavedTokenText(outcome.unsavedToken));
    }
    return outcome.ok ? 0 : 1;
  }
  const report = await doctor.run();
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatFindings(report, values['copr-config']));
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
