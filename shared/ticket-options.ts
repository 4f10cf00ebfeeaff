/**
 * What a login may ask of the KDC besides the password: how long the ticket lasts, how long it may
 * be renewed, and whether it may be forwarded (kinit's -l, -r and -f/-F). The window checks them as
 * they are typed and main checks them again, with these same rules, before they reach kinit.
 */
import { type Result, err, ok } from './result.js';

export interface TicketOptions {
  /** How long the ticket should last, e.g. `10h`, `1d`, `1h30m`. Absent: krb5.conf's `ticket_lifetime`. */
  readonly lifetime?: string;
  /** How long it should stay renewable, e.g. `7d`. Absent: krb5.conf's `renew_lifetime`. */
  readonly renewableLifetime?: string;
  /** true asks for a forwardable ticket, false for one that is not. Absent: krb5.conf's `forwardable`. */
  readonly forwardable?: boolean;
}

export type DurationField = 'lifetime' | 'renewableLifetime';

/** Why an option was refused, and which one. */
export interface TicketOptionRefusal {
  readonly field: DurationField;
  readonly reason: string;
}

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;

/** The bounds every duration keeps to: a shorter ticket is useless, a longer one no KDC grants. */
export const DURATION_LIMITS = { minSeconds: 60, maxSeconds: 365 * 86_400 } as const;

/**
 * Days, hours, minutes and seconds in that order, each at most once, with no spaces inside:
 * `10h`, `1d`, `30m`, `1h30m`, `2d12h`. A subset of what kinit reads, so kinit reads it the same way.
 */
const DURATION = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?(?:(\d{1,8})s)?$/;

const GRAMMAR_HINT = 'Write a duration such as 10h, 1d, 30m or 1h30m (d days, h hours, m minutes, s seconds).';

/** The number of seconds `text` means, or the sentence that says why it cannot be used. */
export function parseDuration(text: string): Result<number, string> {
  const typed = text.trim().toLowerCase();
  if (typed === '') return err('The duration is empty. ' + GRAMMAR_HINT);
  const parts = DURATION.exec(typed);
  if (parts === null) return err(`"${text.trim().slice(0, 20)}" is not a duration. ${GRAMMAR_HINT}`);
  const units: readonly Unit[] = ['d', 'h', 'm', 's'];
  const seconds = units.reduce((sum, unit, i) => sum + Number(parts[i + 1] ?? 0) * UNIT_SECONDS[unit], 0);
  if (seconds < DURATION_LIMITS.minSeconds) return err('A duration must be at least 1 minute.');
  if (seconds > DURATION_LIMITS.maxSeconds) return err('A duration must be at most 365 days.');
  return ok(seconds);
}

/**
 * Checks options from an untrusted source (the renderer, the command line) and returns them
 * normalised (durations lower-case, without surrounding spaces), or the first one refused.
 */
export function validateTicketOptions(options: TicketOptions): Result<TicketOptions, TicketOptionRefusal> {
  const out: { lifetime?: string; renewableLifetime?: string; forwardable?: boolean } = {};
  for (const field of ['lifetime', 'renewableLifetime'] as const) {
    const text = options[field];
    if (text === undefined) continue;
    const parsed = parseDuration(text);
    if (!parsed.ok) return err({ field, reason: `${durationLabel(field)}: ${parsed.error}` });
    out[field] = text.trim().toLowerCase();
  }
  if (options.forwardable !== undefined) out.forwardable = options.forwardable;
  return ok(out);
}

const durationLabel = (field: DurationField) => (field === 'lifetime' ? 'Lifetime' : 'Renewable lifetime');

/** Whether any option is set (an empty set leaves everything to krb5.conf). */
export const hasTicketOptions = (options: TicketOptions | undefined): boolean =>
  options !== undefined &&
  (options.lifetime !== undefined || options.renewableLifetime !== undefined || options.forwardable !== undefined);

/** `36000` → "10 hours", `5400` → "1 hour 30 minutes", `604800` → "7 days": the two largest units. */
export function durationInWords(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const names: ReadonlyArray<readonly [Unit, string]> = [
    ['d', 'day'],
    ['h', 'hour'],
    ['m', 'minute'],
    ['s', 'second'],
  ];
  const words: string[] = [];
  let rest = whole;
  for (const [unit, name] of names) {
    const count = Math.floor(rest / UNIT_SECONDS[unit]);
    rest -= count * UNIT_SECONDS[unit];
    if (count > 0 && words.length < 2) words.push(`${count} ${name}${count === 1 ? '' : 's'}`);
    else if (words.length > 0) break;
  }
  return words.length > 0 ? words.join(' ') : '0 seconds';
}
