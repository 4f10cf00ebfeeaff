/**
 * Logging in with a password (and a one-time code), and what that does to the primary identity:
 * kinit makes the cache it used primary, which silently breaks Copr when the new identity is in
 * another realm. The result says so, and `keepPrimary` puts the previous primary back.
 */
import {
  FEDORA_REALM,
  type KeepPrimaryOutcome,
  type KrbChange,
  type KrbFailure,
  type KrbStatus,
  type KrbTool,
  type LoginRequest,
} from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { describeGrant, loginTicket } from '../../../shared/ticket-grant.js';
import { type TicketOptions, parseDuration, validateTicketOptions } from '../../../shared/ticket-options.js';
import type { RunOutcome } from '../process/run.js';
import { classifyFailure } from './classify.js';
import { createFedoraLogin, type FedoraLoginOptions } from './fedora-login.js';
import type { QualifyName } from './names.js';
import { describeMove } from './primary-move.js';
import { cacheOf, type Snapshots } from './snapshot.js';
import type { KrbToolbox } from './toolbox.js';

export interface LoginOptions extends FedoraLoginOptions {
  /** Run Fedora's `fkinit` for Fedora logins instead of the built-in armored flow. */
  readonly useFkinit?: boolean | undefined;
  /** The realm Copr's Kerberos login needs. */
  readonly coprRealm: string;
}

export function createLogin(box: KrbToolbox, snapshots: Snapshots, qualify: QualifyName, options: LoginOptions) {
  const fedora = createFedoraLogin(box, options);

  async function login(request: LoginRequest): Promise<Result<KrbChange, KrbFailure>> {
    const checked = await checkLoginRequest(request, qualify);
    if (!checked.ok) return checked;
    const { principal, ticketOptions } = checked.value;
    const before = await snapshots.status();
    if (!before.ok) return before;
    const replaces = wouldReplacePrimary(request, principal, before.value);
    if (replaces) return err(replaces);
    const obtained = await obtainTicket(principal, request, kinitOptionArgs(ticketOptions));
    if (!obtained.ok) return obtained;
    const after = await ticketAfterLogin(principal, request.fedora && options.useFkinit ? 'fkinit' : 'kinit');
    if (!after.ok) return after;
    const settled = request.keepPrimary
      ? await restorePrimary(before.value, after.value)
      : { status: after.value, outcome: 'not-asked' as const };
    const [from, to] = [before.value.primary, settled.status.primary];
    const ticket = loginTicketOf(settled.status, principal);
    return ok({
      principal,
      status: settled.status,
      primaryBefore: from,
      primaryAfter: to,
      primaryMove: describeMove(from, to, settled.outcome, options.coprRealm),
      ...(ticket ? { granted: describeGrant(ticketOptions, ticket) } : {}),
    });
  }

  /**
   * Runs the login itself: plain kinit, the armored Fedora flow, or fkinit. fkinit builds its own
   * kinit command line, so the options do not reach it; the grant read afterwards says what it got.
   */
  async function obtainTicket(
    principal: string,
    request: LoginRequest,
    optionArgs: readonly string[],
  ): Promise<Result<null, KrbFailure>> {
    const otp = request.otp ?? '';
    // FreeIPA reads password and one-time code as one value, concatenated, on one prompt.
    const input = `${request.password}${otp}\n`;
    const viaFkinit = request.fedora === true && options.useFkinit === true;
    const attempt: Result<RunOutcome, KrbFailure> = !request.fedora
      ? ok(await box.tool('kinit', [...optionArgs, principal], input, box.kinitTimeoutMs))
      : viaFkinit
        ? ok(await fedora.fkinit(principal, request.password, otp))
        : await fedora.armoredKinit(principal, input, optionArgs);
    if (!attempt.ok) return attempt;
    const outcome = attempt.value;
    if (outcome.kind !== 'exited') {
      const tool = viaFkinit ? 'fkinit' : 'kinit';
      return err(classifyFailure(outcome, { tool, principal, timeoutMs: box.kinitTimeoutMs }));
    }
    if (outcome.exitCode !== 0) return err(loginFailure(outcome, principal, otp !== ''));
    return ok(null);
  }

  /** The snapshot after a login that exited 0, if it really holds a ticket for `principal`. */
  async function ticketAfterLogin(principal: string, tool: KrbTool): Promise<Result<KrbStatus, KrbFailure>> {
    const after = await snapshots.status();
    if (!after.ok) return after;
    const cache = cacheOf(after.value, principal);
    if (cache && cache.state !== 'empty') return after;
    const detail = `the login ended without an error, but there is no ticket for ${principal}`;
    return err({ kind: 'unexpected', tool, exitCode: 0, detail });
  }

  /** Makes the primary of `before` primary again (kinit moved it), and says from a fresh snapshot whether it is. */
  async function restorePrimary(
    before: KrbStatus,
    after: KrbStatus,
  ): Promise<{ status: KrbStatus; outcome: KeepPrimaryOutcome }> {
    const previous = before.caches.find((c) => c.primary);
    if (!previous || after.primary === before.primary) return { status: after, outcome: 'not-needed' };
    // kswitch's exit status proves nothing (it exits 0 for a cache that is gone): the snapshot decides.
    await box.tool('kswitch', ['-c', previous.cache]);
    const again = await snapshots.status();
    if (!again.ok) return { status: after, outcome: 'failed' };
    return { status: again.value, outcome: again.value.primary === before.primary ? 'restored' : 'failed' };
  }

  return { login, probeFedoraLogin: fedora.probeFedoraLogin };
}

const badPrincipal = (reason: string): KrbFailure => ({ kind: 'invalid-input', field: 'principal', reason });

/** The ticket-granting ticket of `principal`'s cache in a snapshot. */
function loginTicketOf(status: KrbStatus, principal: string) {
  const cache = cacheOf(status, principal);
  return cache ? loginTicket(cache) : null;
}

/**
 * kinit's options for what was asked. Durations go as whole seconds (`5400s`), a form every kinit
 * reads the same way; -F asks explicitly for a ticket that is not forwardable, whatever krb5.conf says.
 */
export function kinitOptionArgs(options: TicketOptions): string[] {
  const seconds = (text: string | undefined) => {
    const parsed = text === undefined ? null : parseDuration(text);
    return parsed?.ok ? `${parsed.value}s` : null;
  };
  const lifetime = seconds(options.lifetime);
  const renewable = seconds(options.renewableLifetime);
  return [
    ...(lifetime ? ['-l', lifetime] : []),
    ...(renewable ? ['-r', renewable] : []),
    ...(options.forwardable === undefined ? [] : [options.forwardable ? '-f' : '-F']),
  ];
}

interface CheckedLogin {
  readonly principal: string;
  readonly ticketOptions: TicketOptions;
}

/**
 * Refuses what cannot be right before anything runs and returns the full principal and the
 * normalised options; a line break would let a value spill into another prompt. A Fedora login's
 * bare name is a Fedora account.
 */
async function checkLoginRequest(
  request: LoginRequest,
  qualify: QualifyName,
): Promise<Result<CheckedLogin, KrbFailure>> {
  const qualified = await qualify(request.principal, request.fedora ? { defaultRealm: FEDORA_REALM } : {});
  if (!qualified.ok) return qualified;
  const ticketOptions = validateTicketOptions(request.options ?? {});
  if (!ticketOptions.ok) return err({ kind: 'invalid-input', ...ticketOptions.error });
  if (request.password === '')
    return err({ kind: 'invalid-input', field: 'password', reason: 'The password is empty.' });
  if (/[\r\n\0]/.test(request.password))
    return err({ kind: 'invalid-input', field: 'password', reason: 'The password contains a line break.' });
  if (request.otp && !/^\d{6,8}$/.test(request.otp)) {
    return err({ kind: 'invalid-input', field: 'otp', reason: 'The one-time code should be 6 to 8 digits.' });
  }
  const realm = realmOf(qualified.value);
  if (request.fedora && realm !== FEDORA_REALM)
    return err(badPrincipal(`A Fedora account is in ${FEDORA_REALM}, not ${realm}.`));
  return ok({ principal: qualified.value, ticketOptions: ticketOptions.value });
}

/**
 * A collection that holds one identity (a FILE cache) cannot keep its primary through a login of
 * another: kinit would replace it. Asked to keep it, say so before anything is lost.
 */
function wouldReplacePrimary(request: LoginRequest, principal: string, before: KrbStatus): KrbFailure | null {
  const replaced = before.primary !== null && before.primary !== principal;
  return request.keepPrimary && replaced && !before.collection.switchable
    ? { kind: 'not-switchable', collection: before.collection }
    : null;
}

/** A failed login, refined by what kinit prompted for: behind FAST, an OTP account says "Enter OTP Token Value". */
function loginFailure(outcome: RunOutcome & { kind: 'exited' }, principal: string, otpGiven: boolean): KrbFailure {
  const failure = classifyFailure(outcome, { tool: 'kinit', principal, realm: realmOf(principal) ?? '', timeoutMs: 0 });
  const otpPrompt = outcome.stdout.includes('Enter OTP Token Value');
  if (failure.kind === 'wrong-password' && (otpPrompt || otpGiven)) {
    return { kind: 'otp-rejected', principal, detail: failure.detail };
  }
  return failure;
}
