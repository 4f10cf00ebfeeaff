/**
 * Changing a password with MIT's kpasswd, for realms that run a password-change service (kadmind).
 * Fedora accounts are refused: Fedora changes passwords in its account system, not over kpasswd.
 *
 * kpasswd reads the old password, then the new one twice, a line each from stdin when stdin is
 * not a terminal, so the passwords travel only there. What it prints on each failure is recorded in
 * test/fixtures/kerberos/kpasswd_* and described in docs/test-realm.md.
 */
import {
  FEDORA_ACCOUNTS_URL,
  FEDORA_REALM,
  type PasswordChangeFailure,
  type PasswordChangeRequest,
  type PasswordChanged,
} from '../../../shared/krb.js';
import { MAX_PASSWORD_LENGTH } from '../../../shared/limits.js';
import { realmOf } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { terminalSafe } from '../../../shared/text-safety.js';
import type { RunOutcome } from '../process/run.js';
import { classifyFailure, toolMessage } from './classify.js';
import type { QualifyName } from './names.js';
import type { Snapshots } from './snapshot.js';
import type { KrbToolbox } from './toolbox.js';

/** kpasswd's line before the password server's reason for refusing. */
const REJECTED = 'Password change rejected:';

/**
 * Changes the password of `request.principal`. Success is decided by logging in with the new
 * password, not by kpasswd's "Password changed.": the login is what the user will do next, and it
 * also catches a server that acknowledged a change it did not make. The login goes to a MEMORY
 * cache of the kinit process, so it leaves no ticket in the user's collection and moves no primary.
 */
export function createPasswordChange(box: KrbToolbox, snapshots: Snapshots, qualify: QualifyName, timeoutMs: number) {
  return async function changePassword(
    request: PasswordChangeRequest,
  ): Promise<Result<PasswordChanged, PasswordChangeFailure>> {
    const checked = await checkPasswordRequest(request, qualify);
    if (!checked.ok) return checked;
    const principal = checked.value;
    const { oldPassword, newPassword } = request;
    const input = `${oldPassword}\n${newPassword}\n${newPassword}\n`;
    const armor = { KRB5CCNAME: await armorCache(snapshots, principal) };
    const outcome = await box.tool('kpasswd', [principal], input, timeoutMs, armor);
    const changed = classifyKpasswd(outcome, principal, timeoutMs);
    if (!changed.ok) return changed;
    const confirmed = await confirmByLogin(box, principal, newPassword);
    if (!confirmed.ok) return confirmed;
    return ok({ principal, confirmedBy: 'new-password-login', changedAt: new Date(box.now()).toISOString() });
  };
}

/** Stands for "no armor": a MEMORY cache is empty in a new process, so kpasswd finds no principal in it. */
const NO_ARMOR = 'MEMORY:ticket-tray-no-armor';

/**
 * The cache kpasswd should see as its default. kpasswd uses the default cache (the primary) as
 * FAST armor whenever it holds a principal, and armor from another realm fails ("Server not
 * found in Kerberos database": there is no cross-realm key), so a Fedora contributor whose primary
 * is the Fedora identity could never change a work password. A live cache of the same realm still
 * gives armor (a realm that requires FAST needs it); without one, kpasswd goes unarmored.
 */
async function armorCache(snapshots: Snapshots, principal: string): Promise<string> {
  const status = await snapshots.status();
  if (!status.ok) return NO_ARMOR;
  const realm = realmOf(principal);
  const live = status.value.caches.filter((c) => c.realm === realm && (c.state === 'valid' || c.state === 'expiring'));
  const own = live.find((c) => c.principal === principal);
  return (own ?? live[0])?.cache ?? NO_ARMOR;
}

async function confirmByLogin(
  box: KrbToolbox,
  principal: string,
  password: string,
): Promise<Result<null, PasswordChangeFailure>> {
  // The cache name is not a secret; MEMORY caches live and die with the kinit process.
  const args = ['-c', 'MEMORY:ticket-tray-password-check', principal];
  const outcome = await box.tool('kinit', args, `${password}\n`, box.kinitTimeoutMs);
  if (outcome.kind === 'exited' && outcome.exitCode === 0) return ok(null);
  const detail = outcome.kind === 'exited' || outcome.kind === 'spawn-failed' ? toolMessage(outcome) : outcome.kind;
  return err({ kind: 'change-not-confirmed', principal, detail });
}

const invalid = (field: 'old-password' | 'new-password', reason: string): PasswordChangeFailure => ({
  kind: 'invalid-input',
  field,
  reason,
});

/** Why a password cannot be passed on as a line of kpasswd's stdin, or null. */
export function passwordProblem(password: string, which: 'current' | 'new'): string | null {
  const name = which === 'current' ? 'The current password' : 'The new password';
  if (password === '') return `${name} is empty.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `${name} is longer than ${MAX_PASSWORD_LENGTH} characters.`;
  // A line break would end the answer early and spill the rest into kpasswd's next prompt.
  if (/[\r\n\0]/.test(password)) return `${name} contains a line break.`;
  return null;
}

/** The full principal, once the request is one kpasswd can be given; Fedora accounts are sent elsewhere. */
async function checkPasswordRequest(
  request: PasswordChangeRequest,
  qualify: QualifyName,
): Promise<Result<string, PasswordChangeFailure>> {
  const qualified = await qualify(request.principal);
  if (!qualified.ok) return qualified;
  const principal = qualified.value;
  if (realmOf(principal) === FEDORA_REALM) return err({ kind: 'fedora-account', principal, url: FEDORA_ACCOUNTS_URL });
  const oldProblem = passwordProblem(request.oldPassword, 'current');
  if (oldProblem) return err(invalid('old-password', oldProblem));
  const newProblem = passwordProblem(request.newPassword, 'new');
  if (newProblem) return err(invalid('new-password', newProblem));
  return ok(principal);
}

/**
 * What a kpasswd run means. Pure, for the unit tests on recorded runs. kpasswd names the step that
 * failed ("getting initial ticket" from the KDC, "changing password" at kadmind), which is what
 * tells a KDC that is down from a password service that is down.
 */
export function classifyKpasswd(
  outcome: RunOutcome,
  principal: string,
  timeoutMs: number,
): Result<null, PasswordChangeFailure> {
  if (outcome.kind !== 'exited') return err(classifyFailure(outcome, { tool: 'kpasswd', principal, timeoutMs }));
  const rejected = outcome.stdout.indexOf(REJECTED);
  if (rejected >= 0) return err(policyFailure(outcome.stdout.slice(rejected + REJECTED.length)));
  if (outcome.exitCode === 0 && /^Password changed\.$/m.test(outcome.stdout)) return ok(null);
  return err(kpasswdStepFailure(outcome, principal, timeoutMs));
}

function kpasswdStepFailure(
  outcome: RunOutcome & { kind: 'exited' },
  principal: string,
  timeoutMs: number,
): PasswordChangeFailure {
  const detail = toolMessage(outcome);
  const realm = realmOf(principal) ?? '';
  if (/Preauthentication failed|Password incorrect/.test(outcome.stderr))
    return { kind: 'wrong-old-password', principal, detail };
  if (/Cannot contact any KDC .*changing password/.test(outcome.stderr))
    return { kind: 'password-server-unreachable', realm, detail };
  if (/Cannot contact any KDC .*getting initial ticket/.test(outcome.stderr))
    return { kind: 'kdc-unreachable', realm, detail };
  if (/Client not found in Kerberos database/.test(outcome.stderr))
    return { kind: 'unknown-principal', principal, detail };
  if (outcome.exitCode === 0)
    return { kind: 'unexpected', tool: 'kpasswd', exitCode: 0, detail: detail || 'no answer' };
  return classifyFailure(outcome, { tool: 'kpasswd', principal, realm, timeoutMs });
}

/**
 * The password server's reason (kadmind's policy texts, as MIT words them). Its text is kept,
 * escaped and bounded, since it comes from the server and may name numbers and dates we do not parse.
 */
export function policyFailure(reason: string): PasswordChangeFailure {
  const serverText = terminalSafe(reason.replace(/\s+/g, ' ').trim());
  if (/too short/i.test(reason)) {
    const minLength = /at least (\d+) characters/.exec(reason)?.[1];
    return { kind: 'password-too-short', minLength: minLength ? Number(minLength) : null, serverText };
  }
  if (/character classes/i.test(reason)) {
    const minClasses = /at least (\d+) character classes/.exec(reason)?.[1];
    return { kind: 'password-too-simple', minClasses: minClasses ? Number(minClasses) : null, serverText };
  }
  if (/used previously/i.test(reason)) return { kind: 'password-reused', serverText };
  if (/too recently/i.test(reason)) return { kind: 'password-changed-too-recently', serverText };
  return { kind: 'password-rejected', serverText };
}
