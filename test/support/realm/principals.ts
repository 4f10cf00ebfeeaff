/**
 * The throwaway realm's databases and principals: kdb5_util and one kadmin.local batch per realm.
 * See realm.ts.
 */
import { appendFile } from 'node:fs/promises';
import { COPR_TEST_HOST, PASSWORD_POLICIES, USERS, WORK_REALM, type Layout } from './config.js';
import { assertOwnKdcProfile, describeRun, runChecked, runTool } from './process.js';

// ---- database and principals ---------------------------------------------------------------------

/**
 * kadmin.local requests per realm, run as one batch on stdin (one process instead of a dozen).
 * kadmin's parser strips double quotes; `""` inside a quoted word is a literal quote. Explicit
 * `+flags` on addprinc replace default_principal_flags, hence the repeated +requires_preauth.
 */
function principalRequests(p: Layout, realm: string): string[] {
  if (realm === WORK_REALM) {
    const { strict, slow } = PASSWORD_POLICIES;
    return [
      'addprinc -pw alicepw alice',
      'addprinc -pw carolpw carol',
      `addpol -minlength ${strict.minLength} -minclasses ${strict.minClasses} -history ${strict.history} strict`,
      `addpol -minlife "${slow.minLife}" slow`,
      `addprinc -pw ${USERS.dave.password} -policy strict dave`,
      `addprinc -pw ${USERS.erin.password} -policy slow erin`,
      'addprinc -randkey HTTP/localhost',
      `ktadd -k "${p.workKeytab}" HTTP/localhost`,
    ];
  }
  return [
    'addprinc -pw alicepw alice',
    'addprinc -pw bobpw bob',
    'addprinc -pw shortypw -maxlife 3s -maxrenewlife 3s shorty',
    // No keys: the only way in is OTP inside FAST armor, like a Fedora account with 2FA.
    // (+requires_hwauth would hide OTP: the otp module is not a hardware module.)
    'addprinc -nokey +requires_preauth otpuser',
    'setstr otpuser otp "[{""type"":""TESTOTP""}]"',
    'addprinc -pw expiredpw -pwexpire "2000-01-01 00:00:00 UTC" expired',
    'addprinc -pw disabledpw +requires_preauth -allow_tix disabled',
    'addprinc -randkey WELLKNOWN/ANONYMOUS',
    `addprinc -randkey HTTP/${COPR_TEST_HOST}`,
    'addprinc -randkey HTTP/localhost',
    `ktadd -k "${p.keytab}" HTTP/${COPR_TEST_HOST} HTTP/localhost`,
  ];
}

export async function populateRealm(p: Layout, env: Record<string, string>, realm: string): Promise<void> {
  await assertOwnKdcProfile(p, env);
  await runChecked('kdb5_util', ['-r', realm, 'create', '-s', '-P', `masterpw-${realm}`], env);
  await runKadmin(p, env, realm, [], `${principalRequests(p, realm).join('\n')}\n`);
}

/**
 * Runs kadmin.local, appends its output to kadmin.local.log, and throws on any error line. kadmin
 * exits 0 even when a request fails, so stderr is the only signal; "No policy specified" is noise.
 */
export async function runKadmin(
  p: Layout,
  env: Record<string, string>,
  realm: string,
  args: readonly string[],
  input = '',
): Promise<string> {
  await assertOwnKdcProfile(p, env);
  const result = await runTool('kadmin.local', ['-r', realm, ...args], env, input);
  await appendFile(p.kadminLog, `### kadmin.local -r ${realm} ${args.join(' ')}\n${result.stdout}\n${result.stderr}\n`);
  const errors = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('No policy specified'));
  if (result.exitCode !== 0 || errors.length > 0) {
    throw new Error(
      `kadmin.local -r ${realm} failed: ${errors.join(' | ') || describeRun(result)} (see ${p.kadminLog})`,
    );
  }
  return result.stdout;
}
