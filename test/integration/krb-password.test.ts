import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { execaRunner, type Runner } from '../../electron/services/process/run.js';
import { runCli } from '../support/cli.js';
import { PASSWORD_POLICIES, USERS, WORK_REALM, startRealm, type TestRealm } from '../support/realm/realm.js';

/**
 * Password changes against a real kadmind. Each case that changes a password has its own account,
 * so the cases do not depend on one another's order.
 */
let realm: TestRealm;
let accounts = 0;

beforeAll(async () => {
  realm = await startRealm({ kadmind: true });
});
afterAll(async () => {
  await realm?.stop();
});

/** A new account under the `strict` policy, with a password the policy accepts. */
async function strictAccount(): Promise<{ principal: string; password: string }> {
  const name = `user${++accounts}`;
  const password = `Start-pw-${accounts}-x`;
  await realm.kadmin(WORK_REALM, `addprinc -pw ${password} -policy strict ${name}`);
  return { principal: `${name}@${WORK_REALM}`, password };
}

function service(ccname = realm.newCollection()) {
  const programs: string[] = [];
  const run: Runner = (file, args, options) => {
    programs.push(file);
    return execaRunner(file, args, options);
  };
  return { krb: createKrbService({ run, env: realm.env(ccname) }), programs, ccname };
}

/** Whether a real kinit with `password` works (into a throwaway collection). */
async function canLogIn(principal: string, password: string): Promise<boolean> {
  return realm.kinit(realm.newCollection(), principal, password).then(
    () => true,
    () => false,
  );
}

describe('changing a password through kpasswd and kadmind', () => {
  it('changes it: the new password logs in, the old one no longer does, and no ticket is left behind', async () => {
    const { principal, password } = await strictAccount();
    const { krb, ccname } = service();
    const result = await krb.changePassword({ principal, oldPassword: password, newPassword: 'Brand-New-pw-42' });
    expect(result).toMatchObject({ ok: true, value: { principal, confirmedBy: 'new-password-login' } });
    expect(await canLogIn(principal, 'Brand-New-pw-42')).toBe(true);
    expect(await canLogIn(principal, password)).toBe(false);
    const listing = await execa('klist', ['-l'], { env: realm.env(ccname), extendEnv: false, reject: false });
    expect(listing.stdout).not.toContain(principal);
  });

  it('works while the primary identity is in another realm (kpasswd would take it as FAST armor)', async () => {
    const { principal, password } = await strictAccount();
    const ccname = realm.newCollection();
    await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password);
    const result = await service(ccname).krb.changePassword({
      principal,
      oldPassword: password,
      newPassword: 'Brand-New-pw-42',
    });
    expect(result).toMatchObject({ ok: true, value: { principal } });
  });

  it('uses a live cache of the same realm as armor, and leaves the collection as it was', async () => {
    const { principal, password } = await strictAccount();
    const ccname = realm.newCollection();
    await realm.kinit(ccname, USERS.alice.work, USERS.alice.password);
    await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password);
    const before = await execa('klist', ['-l'], { env: realm.env(ccname), extendEnv: false });
    const result = await service(ccname).krb.changePassword({
      principal,
      oldPassword: password,
      newPassword: 'Brand-New-pw-42',
    });
    expect(result).toMatchObject({ ok: true });
    const after = await execa('klist', ['-l'], { env: realm.env(ccname), extendEnv: false });
    expect(after.stdout).toBe(before.stdout);
  });

  it('says the new password is too short, with the length the policy asks for, and changes nothing', async () => {
    const { principal, password } = await strictAccount();
    const result = await service().krb.changePassword({ principal, oldPassword: password, newPassword: 'Ab-1' });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'password-too-short', minLength: PASSWORD_POLICIES.strict.minLength },
    });
    expect(await canLogIn(principal, password)).toBe(true);
  });

  it('says the new password mixes too few kinds of characters', async () => {
    const { principal, password } = await strictAccount();
    const result = await service().krb.changePassword({
      principal,
      oldPassword: password,
      newPassword: 'onlylowercaseletters',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'password-too-simple', minClasses: 3 } });
  });

  it('refuses the current password as the new one', async () => {
    const { principal, password } = await strictAccount();
    const result = await service().krb.changePassword({ principal, oldPassword: password, newPassword: password });
    expect(result).toMatchObject({ ok: false, error: { kind: 'password-reused' } });
  });

  it('says the current password was wrong, and changes nothing', async () => {
    const { principal, password } = await strictAccount();
    const result = await service().krb.changePassword({
      principal,
      oldPassword: 'Not-the-password-1',
      newPassword: 'Brand-New-pw-42',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'wrong-old-password', principal } });
    expect(await canLogIn(principal, password)).toBe(true);
  });

  it("says a second change within the minimum lifetime is too soon, with the server's date", async () => {
    const { work, password } = USERS.erin;
    const result = await service().krb.changePassword({
      principal: work,
      oldPassword: password,
      newPassword: 'Erin-New-pw-2',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'password-changed-too-recently' } });
    if (!result.ok && 'serverText' in result.error)
      expect(result.error.serverText).toMatch(/Please wait until .+ before/);
    expect(await canLogIn(work, password)).toBe(true);
  });

  it('says the password service is unreachable when kadmind is down, though the KDC answers', async () => {
    const { principal, password } = await strictAccount();
    await realm.stopKadmind();
    try {
      const result = await service().krb.changePassword({
        principal,
        oldPassword: password,
        newPassword: 'Brand-New-pw-42',
      });
      expect(result).toMatchObject({ ok: false, error: { kind: 'password-server-unreachable', realm: WORK_REALM } });
    } finally {
      await realm.startKadmind();
    }
    expect(await canLogIn(principal, password)).toBe(true);
  });

  it('sends a Fedora account to Fedora Accounts without running kpasswd', async () => {
    const { krb, programs } = service();
    const result = await krb.changePassword({
      principal: USERS.alice.fedora,
      oldPassword: USERS.alice.password,
      newPassword: 'Brand-New-pw-42',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'fedora-account' } });
    expect(programs).not.toContain('kpasswd');
  });
});

describe('ticket-tray passwd', () => {
  it('reads the three passwords from stdin, changes the password, and echoes none of them', async () => {
    const { principal, password } = await strictAccount();
    const out = await runCli(
      realm.env(realm.newCollection()),
      ['passwd', principal],
      `${password}\nCli-New-pw-42\nCli-New-pw-42\n`,
    );
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(`Changed the password of ${principal}; logging in with it works.\n`);
    expect(`${out.stdout}${out.stderr}`).not.toMatch(/Start-pw|Cli-New-pw/);
    expect(await canLogIn(principal, 'Cli-New-pw-42')).toBe(true);
  });

  it('without a principal, changes the primary identity’s password (--json)', async () => {
    const { principal, password } = await strictAccount();
    const ccname = realm.newCollection();
    await realm.kinit(ccname, principal, password);
    const out = await runCli(realm.env(ccname), ['passwd', '--json'], `${password}\nCli-New-pw-42\nCli-New-pw-42\n`);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ principal, confirmedBy: 'new-password-login' });
  });

  it('refuses two different new passwords before running kpasswd', async () => {
    const { principal, password } = await strictAccount();
    const out = await runCli(
      realm.env(realm.newCollection()),
      ['passwd', principal],
      `${password}\nCli-New-pw-42\nCli-New-pw-43\n`,
    );
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe('ticket-tray: The two new passwords differ; nothing was changed.\n');
    expect(await canLogIn(principal, password)).toBe(true);
  });

  it("prints a policy refusal with the server's own words", async () => {
    const { principal, password } = await strictAccount();
    const out = await runCli(realm.env(realm.newCollection()), ['passwd', principal], `${password}\nAb-1\nAb-1\n`);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(
      /^ticket-tray: The new password is too short: the server asks for at least 12 characters\. \(New password is too short\. Please choose a password which is at least 12 characters long\.\)\n$/,
    );
  });

  it('sends a Fedora account to Fedora Accounts', async () => {
    const out = await runCli(realm.env(realm.newCollection()), ['passwd', USERS.alice.fedora, '--json'], 'a\nb\nb\n');
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ error: { code: 'fedora-account' } });
  });
});
