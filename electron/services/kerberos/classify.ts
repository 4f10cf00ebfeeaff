import type { KrbFailure, KrbTool } from '../../../shared/krb.js';
import type { RunOutcome } from '../process/run.js';

/** What the caller knows about the run that failed, to fill in the failure. */
export interface FailureContext {
  readonly tool: KrbTool;
  readonly principal?: string;
  readonly realm?: string;
  readonly timeoutMs: number;
  /** Set for the anonymous-PKINIT (armor) step of the Fedora login. */
  readonly armorStep?: boolean;
}

/** The tool's own message: stderr (and the prompts kinit writes to stdout, which say "Password expired"), trimmed. */
export function toolMessage(outcome: RunOutcome): string {
  if (outcome.kind === 'spawn-failed') return outcome.code;
  const lines = `${outcome.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.join(' ').slice(0, 500);
}

type Rule = readonly [RegExp, (m: RegExpExecArray, ctx: FailureContext, detail: string) => KrbFailure];

const principalOf = (ctx: FailureContext) => ctx.principal ?? '';

/**
 * MIT krb5 messages (LC_ALL=C) and what they mean; first match wins. Recorded outputs are in
 * test/fixtures/kerberos. Order matters: "Pre-authentication failed: Invalid argument" (an OTP
 * account without FAST armor) must be seen before the generic preauthentication failure.
 */
const RULES: readonly Rule[] = [
  [/Password incorrect/, (_m, c, d) => ({ kind: 'wrong-password', principal: principalOf(c), detail: d })],
  [
    /Pre-authentication failed: Invalid argument/,
    (_m, c, d) => ({ kind: 'otp-needs-armor', principal: principalOf(c), detail: d }),
  ],
  [/Preauthentication failed/, (_m, c, d) => ({ kind: 'wrong-password', principal: principalOf(c), detail: d })],
  [
    /Error constructing AP-REQ armor/,
    (_m, c, d) => ({ kind: 'anonymous-pkinit-unavailable', realm: c.realm ?? '', detail: d }),
  ],
  [
    /Client '(WELLKNOWN\/ANONYMOUS@[^']*)' not found/,
    (_m, c, d) => ({ kind: 'anonymous-pkinit-unavailable', realm: c.realm ?? '', detail: d }),
  ],
  [
    /Client '([^']*)' not found in Kerberos database/,
    (m, _c, d) => ({ kind: 'unknown-principal', principal: m[1]!, detail: d }),
  ],
  [/Cannot find KDC for realm "([^"]*)"/, (m, _c, d) => ({ kind: 'realm-not-configured', realm: m[1]!, detail: d })],
  [/Cannot contact any KDC for realm '([^']*)'/, (m, _c, d) => ({ kind: 'kdc-unreachable', realm: m[1]!, detail: d })],
  [/Password (?:has )?expired/i, (_m, c, d) => ({ kind: 'password-expired', principal: principalOf(c), detail: d })],
  [/Clock skew too great/, (_m, _c, d) => ({ kind: 'clock-skew', detail: d })],
  [
    /Client's credentials have been revoked/,
    (_m, c, d) => ({ kind: 'account-disabled', principal: principalOf(c), detail: d }),
  ],
  [
    /Client's entry in database has expired/,
    (_m, c, d) => ({ kind: 'account-expired', principal: principalOf(c), detail: d }),
  ],
  [/Ticket expired/, (_m, _c, d) => ({ kind: 'ticket-expired', detail: d })],
  [/KDC can't fulfill requested option while renewing/, (_m, _c, d) => ({ kind: 'not-renewable', detail: d })],
  [
    /Matching credential not found|No credentials cache found/,
    (_m, c, d) => ({ kind: 'no-such-cache', principal: principalOf(c), detail: d }),
  ],
  [
    /Malformed representation of principal/,
    () => ({
      kind: 'invalid-input',
      field: 'principal',
      reason: 'kinit could not read it as a principal name (user@REALM).',
    }),
  ],
];

/**
 * Turns a failed MIT tool run into a typed failure with the tool's message as detail. Pure: the
 * unit tests feed it the recorded outputs. Never sees argv or stdin, so a secret cannot leak here.
 */
export function classifyFailure(outcome: RunOutcome, ctx: FailureContext): KrbFailure {
  switch (outcome.kind) {
    case 'spawn-failed':
      return outcome.code === 'ENOENT'
        ? { kind: 'tool-missing', tool: ctx.tool }
        : {
            kind: 'unexpected',
            tool: ctx.tool,
            exitCode: null,
            detail: `could not start ${ctx.tool}: ${outcome.code}`,
          };
    case 'timed-out':
      return { kind: 'timed-out', tool: ctx.tool, seconds: Math.round(ctx.timeoutMs / 1000) };
    case 'killed':
      return {
        kind: 'unexpected',
        tool: ctx.tool,
        exitCode: null,
        detail: `${ctx.tool} was stopped by ${outcome.signal}`,
      };
    case 'exited':
      break;
  }
  const detail = toolMessage(outcome);
  // kinit writes "Password expired.  You must change it now." to stdout, where its prompts go.
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  for (const [pattern, make] of RULES) {
    const m = pattern.exec(text);
    if (m) {
      const failure = make(m, ctx, detail);
      return ctx.armorStep ? armorFailure(failure, ctx, detail) : failure;
    }
  }
  const failure: KrbFailure = { kind: 'unexpected', tool: ctx.tool, exitCode: outcome.exitCode, detail };
  return ctx.armorStep ? armorFailure(failure, ctx, detail) : failure;
}

/** In the armor step, anything but a missing realm or an unreachable KDC means anonymous PKINIT does not work here. */
function armorFailure(failure: KrbFailure, ctx: FailureContext, detail: string): KrbFailure {
  if (failure.kind === 'realm-not-configured' || failure.kind === 'kdc-unreachable' || failure.kind === 'clock-skew')
    return failure;
  return { kind: 'anonymous-pkinit-unavailable', realm: ctx.realm ?? '', detail };
}
