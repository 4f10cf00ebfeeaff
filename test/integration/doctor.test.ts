import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCoprService } from '../../electron/services/copr/service.js';
import { createDoctor, type DoctorOptions } from '../../electron/services/doctor/service.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import type { DoctorReport, FindingId } from '../../shared/doctor.js';
import type { KrbFailure } from '../../shared/krb.js';
import { coprDate, startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';

let realm: TestRealm;
let copr: CoprStandIn;
let emptyRoot: string;
const { alice } = USERS;

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
    await realm.kadmin('FEDORAPROJECT.ORG', 'addprinc -pw newbiepw newbie');
    copr = await startCoprStandIn(realm);
    emptyRoot = await mkdtemp(join(realm.dir, 'root-'));
  });
  afterAll(async () => {
    await realm?.stop();
  });

  const configPath = () => join(realm.home, '.config', 'copr');
  async function writeConfig(...lines: string[]) {
    await mkdir(dirname(configPath()), { recursive: true });
    await writeFile(configPath(), `${['[copr-cli]', `copr_url = ${copr.url}`, ...lines].join('\n')}\n`);
  }

  beforeEach(async () => {
    await rm(join(realm.home, '.cache'), { recursive: true, force: true });
    await rm(join(realm.home, '.k5identity'), { force: true });
    await rm(join(realm.home, '.mozilla'), { recursive: true, force: true });
    await copr.setUsers([
      { name: 'alice', webLogin: true, apiLogin: 'alice-api', token: 'alice-token-canary', tokenExpires: coprDate(-2) },
      { name: 'newbie', webLogin: false },
    ]);
    await writeConfig('gssapi = True');
  });

  interface Setup {
    ccname?: string;
    env?: Record<string, string>;
    lastLoginFailure?: KrbFailure | null;
    expiringWithinMs?: number;
  }

  /** The doctor as the CLI builds it, on the test realm and the Copr stand-in. */
  function doctorFor(setup: Setup = {}, extra: Partial<DoctorOptions> = {}) {
    const env = setup.env ?? realm.env(setup.ccname ?? realm.newCollection());
    const krb = createKrbService({
      env,
      ...(setup.expiringWithinMs ? { expiringWithinMs: setup.expiringWithinMs } : {}),
    });
    const coprService = createCoprService({ krb, ca: copr.caPem });
    const doctor = createDoctor({
      krb,
      copr: coprService,
      rootDir: emptyRoot,
      lastLoginFailure: setup.lastLoginFailure ?? null,
      fedoraUser: 'alice',
      ...extra,
    });
    return { krb, copr: coprService, doctor };
  }

  /** Polls `done` (bounded, so a request that never comes fails the test instead of hanging it). */
  async function until(done: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the token request never reached Copr');
  }

  const ids = (r: DoctorReport) => r.findings.map((f) => f.id);
  const finding = (r: DoctorReport, id: FindingId) => r.findings.find((f) => f.id === id);

  async function collection(...logins: Array<[string, string, string[]?]>) {
    const cc = realm.newCollection();
    for (const [principal, password, args] of logins) await realm.kinit(cc, principal, password, args);
    return cc;
  }

  describe('doctor: each finding, its fix, and the finding gone', () => {
    it('no-ticket: log in (needs the password), then it is gone', async () => {
      const { doctor, krb } = doctorFor({ ccname: realm.newCollection() });
      const before = await doctor.run();
      const f = finding(before, 'no-ticket');
      expect(f).toMatchObject({
        severity: 'error',
        fixes: [{ id: 'login-fedora', command: ['ticket-tray', 'login', 'alice', '--fedora'], needsPassword: true }],
      });
      expect(await doctor.applyFix('login-fedora')).toMatchObject({
        ok: false,
        message: expect.stringContaining('needs your password'),
      });
      expect((await krb.login({ principal: 'alice', password: alice.password, fedora: true })).ok).toBe(true);
      expect(ids(await doctor.run())).not.toContain('no-ticket');
    });

    it('wrong-primary: switch fixes it, and Copr then knows the user', async () => {
      const { doctor, copr: service } = doctorFor({
        ccname: await collection([alice.fedora, alice.password], [alice.work, alice.password]),
      });
      const f = finding(await doctor.run(), 'wrong-primary');
      expect(f?.severity).toBe('error');
      expect(f?.detail).toBe(
        'Copr would use alice@EXAMPLE.COM (primary); your ticket alice@FEDORAPROJECT.ORG works: make it primary, or pin it for this host.',
      );
      expect(f?.fixes.map((x) => [x.id, x.command])).toEqual([
        ['switch:alice@FEDORAPROJECT.ORG', ['ticket-tray', 'switch', 'alice@FEDORAPROJECT.ORG']],
        ['pin:alice@FEDORAPROJECT.ORG', ['ticket-tray', 'copr', 'pin', 'alice@FEDORAPROJECT.ORG']],
      ]);
      expect(await doctor.applyFix('switch:alice@FEDORAPROJECT.ORG')).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('wrong-primary');
      expect(await service.check()).toMatchObject({ ok: true, value: { user: 'alice' } });
    });

    it('wrong-primary: pinning for the host fixes it too', async () => {
      const { doctor } = doctorFor({
        ccname: await collection([alice.fedora, alice.password], [alice.work, alice.password]),
      });
      expect(ids(await doctor.run())).toContain('wrong-primary');
      expect(await doctor.applyFix('pin:alice@FEDORAPROJECT.ORG')).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('wrong-primary');
    });

    it('refuses a fix that is not on offer', async () => {
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      expect(await doctor.applyFix('switch:bob@FEDORAPROJECT.ORG')).toMatchObject({
        ok: false,
        message: expect.stringContaining('not a fix'),
      });
    });

    it('ticket-expiring: offers renew (renewable) and a login; a full login clears it', async () => {
      const ccname = await collection([alice.fedora, alice.password, ['-l', '20m']]);
      const { doctor, krb } = doctorFor({ ccname });
      const f = finding(await doctor.run(), 'ticket-expiring');
      expect(f?.fixes.map((x) => x.id)).toEqual(['renew:alice@FEDORAPROJECT.ORG', 'login-fedora']);
      expect(await doctor.applyFix('renew:alice@FEDORAPROJECT.ORG')).toMatchObject({ ok: true });
      expect((await krb.login({ principal: alice.fedora, password: alice.password })).ok).toBe(true);
      expect(ids(await doctor.run())).not.toContain('ticket-expiring');
    });

    it('ticket-expired: past renew-until, only a login helps', async () => {
      const ccname = await collection([USERS.shorty.fedora, USERS.shorty.password]);
      await new Promise((r) => setTimeout(r, (USERS.shorty.lifetimeSeconds + 1.5) * 1000));
      const { doctor, krb } = doctorFor({ ccname });
      const f = finding(await doctor.run(), 'ticket-expired');
      expect(f?.fixes.map((x) => x.id)).toEqual(['login-fedora']);
      expect((await krb.login({ principal: alice.fedora, password: alice.password })).ok).toBe(true);
      expect(ids(await doctor.run())).not.toContain('ticket-expired');
    });

    it('an expired primary beside a live Fedora ticket: its ticket expired, not a wrong identity', async () => {
      const ccname = await collection([alice.fedora, alice.password], [USERS.shorty.fedora, USERS.shorty.password]);
      await new Promise((r) => setTimeout(r, (USERS.shorty.lifetimeSeconds + 1.5) * 1000));
      const { doctor, copr: service } = doctorFor({ ccname });
      const story = `The ticket of ${USERS.shorty.fedora}, the identity Copr uses, has expired and can no longer be renewed: log in to FEDORAPROJECT.ORG again; or make ${alice.fedora} primary, whose FEDORAPROJECT.ORG ticket is still valid`;
      const check = await service.check();
      expect(check).toMatchObject({ ok: false, advice: { expired: { principal: USERS.shorty.fedora } } });
      expect(check.advice.remedies).toEqual([
        { kind: 'log-in', realm: 'FEDORAPROJECT.ORG' },
        { kind: 'switch', principal: alice.fedora },
      ]);
      const report = await doctor.run();
      expect(ids(report)).toEqual(['ticket-expired']);
      expect(finding(report, 'ticket-expired')).toMatchObject({ detail: `${story}.` });
      expect(finding(report, 'ticket-expired')?.fixes.map((x) => x.id)).toEqual([
        'login-fedora',
        `switch:${alice.fedora}`,
      ]);
      expect(await doctor.applyFix(`switch:${alice.fedora}`)).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('ticket-expired');
      expect(await service.check()).toMatchObject({ ok: true, value: { user: 'alice' } });
    });

    it('an expired primary still renewable: renew it first, and renewing brings Copr back', async () => {
      const ccname = await collection(
        [USERS.bob.fedora, USERS.bob.password],
        // A ticket of 10 s, renewable for an hour: MIT renews it after it expired, within renew-until.
        [alice.fedora, alice.password, ['-l', '10s', '-r', '1h']],
      );
      await new Promise((r) => setTimeout(r, 11_500));
      const { doctor, copr: service } = doctorFor({ ccname });
      const check = await service.check();
      expect(check.advice.remedies).toEqual([
        { kind: 'renew', principal: alice.fedora },
        { kind: 'log-in', realm: 'FEDORAPROJECT.ORG' },
        { kind: 'switch', principal: USERS.bob.fedora },
      ]);
      const f = finding(await doctor.run(), 'ticket-expired');
      expect(f?.detail).toContain(`The ticket of ${alice.fedora}, the identity Copr uses, has expired: renew it`);
      expect(f?.fixes.map((x) => x.id)).toEqual([
        `renew:${alice.fedora}`,
        'login-fedora',
        `switch:${USERS.bob.fedora}`,
      ]);
      expect(await doctor.applyFix(`renew:${alice.fedora}`)).toMatchObject({ ok: true });
      expect(await service.check()).toMatchObject({ ok: true, value: { user: 'alice' } });
    });

    it('collection-unsupported: a FILE cache; a collection type in krb5.conf clears it', async () => {
      const file = realm.newCollection('FILE');
      await realm.kinit(file, alice.work, alice.password);
      const { doctor } = doctorFor({ ccname: file });
      expect(finding(await doctor.run(), 'collection-unsupported')).toMatchObject({
        severity: 'error',
        detail: expect.stringContaining('default_ccache_name = KCM:'),
      });
      const dirConfig = realm.writeKrb5Config('dir-default', {});
      const text = (await import('node:fs/promises')).readFile;
      const withDir = (await text(dirConfig, 'utf8')).replace(
        '[libdefaults]',
        `[libdefaults]\n    default_ccache_name = DIR:${join(realm.dir, 'cc-default')}`,
      );
      await writeFile(dirConfig, withDir);
      const env = { ...realm.env(), KRB5_CONFIG: dirConfig };
      delete (env as Record<string, string | undefined>)['KRB5CCNAME'];
      await mkdir(join(realm.dir, 'cc-default'), { recursive: true, mode: 0o700 });
      expect(ids(await doctorFor({ env }).doctor.run())).not.toContain('collection-unsupported');
    });

    it('token-priority, token-expiring and token-rejected; renew-token clears the last two', async () => {
      await writeConfig('login = alice-api', 'token = alice-token-canary', `# expiration date: ${coprDate(-2)}`);
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      const before = await doctor.run();
      expect(ids(before)).toEqual(expect.arrayContaining(['token-priority', 'token-expiring', 'token-rejected']));
      expect(finding(before, 'token-rejected')?.fixes.map((f) => f.id)).toEqual([
        'renew-token',
        'open-token-page',
        'remove-token',
      ]);
      expect(await doctor.applyFix('renew-token')).toMatchObject({
        ok: true,
        message: expect.stringContaining(coprDate(180)),
      });
      const after = ids(await doctor.run());
      expect(after).not.toContain('token-rejected');
      expect(after).not.toContain('token-expiring');
      expect(after).toContain('token-priority');
    });

    it('renew-token hands back the token Copr issued when the config changed to another Copr meanwhile', async () => {
      const newToken = 'doctor-unsaved-token-canary';
      await writeConfig('login = alice-api', 'token = alice-token-canary', `# expiration date: ${coprDate(-2)}`);
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      // Copr's answer arrives a byte at a time: time enough to point the config at another Copr.
      const issued = JSON.stringify({ api_login: 'alice-api', api_token: newToken, expiration: coprDate(180) });
      await copr.override('/api_3/api-token', { mode: 'drip', intervalMs: 15, body: issued });
      await copr.clearRequests();
      try {
        const applying = doctor.applyFix('renew-token');
        await until(async () => (await copr.requests()).some((r) => r.path.startsWith('/api_3/api-token')));
        const elsewhere = (await readFile(configPath(), 'utf8')).replace(copr.url, 'https://copr.elsewhere.example');
        await writeFile(configPath(), elsewhere);
        const outcome = await applying;
        expect(outcome).toMatchObject({
          ok: false,
          unsavedToken: { path: configPath(), login: 'alice-api', token: newToken, expires: coprDate(180) },
        });
        // The sentence (the part that may be logged or shown in a toast) never carries the token.
        expect(outcome.message).not.toContain(newToken);
        expect(await readFile(configPath(), 'utf8')).not.toContain(newToken);
      } finally {
        await copr.override('/api_3/api-token', null);
      }
    });

    it('token-priority: removing the token hands Copr back to Kerberos', async () => {
      await writeConfig('login = alice-api', 'token = alice-token-canary');
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      expect(ids(await doctor.run())).toContain('token-priority');
      const open = await doctor.applyFix('open-token-page');
      expect(open).toMatchObject({ ok: true, url: `${copr.url}/api` });
      expect(await doctor.applyFix('remove-token')).toMatchObject({ ok: true });
      const after = await doctor.run();
      expect(ids(after)).not.toContain('token-priority');
      expect(after.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });

    it('gssapi-disabled, then api-gssapi-off: "gssapi = True" clears both', async () => {
      await writeConfig('gssapi = False');
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      expect(finding(await doctor.run(), 'gssapi-disabled')?.severity).toBe('error');
      expect(await doctor.applyFix('gssapi-on')).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('gssapi-disabled');
      await writeConfig();
      expect(finding(await doctor.run(), 'api-gssapi-off')?.severity).toBe('info');
      expect(await doctor.applyFix('gssapi-on')).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('api-gssapi-off');
    });

    it('config-invalid: names the file and line', async () => {
      await writeFile(configPath(), `[copr-cli]\ncopr_url = ${copr.url}\ngssapi = maybe\n`);
      const { doctor } = doctorFor();
      const f = finding(await doctor.run(), 'config-invalid');
      expect(f?.evidence).toEqual([`${configPath()}:3`]);
      await writeConfig('gssapi = True');
      expect(ids(await doctor.run())).not.toContain('config-invalid');
    });

    it('copr-new-user: the fix is the web login page; after it, the finding is gone', async () => {
      const { doctor } = doctorFor({ ccname: await collection(['newbie@FEDORAPROJECT.ORG', 'newbiepw']) });
      const f = finding(await doctor.run(), 'copr-new-user');
      expect(f?.fixes.map((x) => x.id)).toEqual(['open-copr-login']);
      expect(await doctor.applyFix('open-copr-login')).toMatchObject({ ok: true, url: copr.url });
      await copr.addUser({ name: 'newbie', webLogin: true });
      expect(ids(await doctor.run())).not.toContain('copr-new-user');
    });

    it('stale-session: a saved session without a ticket; clearing it removes the finding', async () => {
      const cookie = await copr.createSession('alice');
      const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
      await mkdir(dirname(cache), { recursive: true });
      await writeFile(cache, JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }));
      const { doctor } = doctorFor();
      expect(ids(await doctor.run())).toEqual(expect.arrayContaining(['stale-session', 'no-ticket']));
      expect(await doctor.applyFix('clear-session')).toMatchObject({ ok: true });
      expect(ids(await doctor.run())).not.toContain('stale-session');
    });

    it.each([
      ['realm-not-configured', { omitFedoraRealm: true }],
      ['kdc-unreachable', { fedoraKdc: '127.0.0.1:9' }],
      ['otp-needs-armor', { noPkinitAnchors: true }],
    ] as const)('%s: from krb5.conf and a password-free probe; the right krb5.conf clears it', async (id, variant) => {
      const broken = realm.writeKrb5Config(`doctor-${id}`, variant);
      const ccname = realm.newCollection();
      const { doctor } = doctorFor({ env: { ...realm.env(ccname), KRB5_CONFIG: broken } });
      expect(ids(await doctor.run())).toContain(id);
      expect(ids(await doctorFor({ ccname }).doctor.run())).not.toContain(id);
    });

    it.each([
      ['wrong-password', { principal: alice.fedora, password: 'wrong' }],
      ['password-expired', { principal: USERS.expired.fedora, password: USERS.expired.password }],
    ] as const)('%s: from a real failed login; gone after a good one', async (id, request) => {
      const ccname = realm.newCollection();
      const { krb } = doctorFor({ ccname });
      const failed = await krb.login(request);
      expect(failed.ok).toBe(false);
      const lastLoginFailure = failed.ok ? null : failed.error;
      expect(ids(await doctorFor({ ccname, lastLoginFailure }).doctor.run())).toContain(id);
      expect((await krb.login({ principal: alice.fedora, password: alice.password })).ok).toBe(true);
      expect(ids(await doctorFor({ ccname, lastLoginFailure: null }).doctor.run())).not.toContain(id);
    });

    it('browser-negotiate: a Firefox profile without the setting is a warning; with it, info', async () => {
      const profile = join(realm.home, '.mozilla', 'firefox', 'abc.default');
      await mkdir(profile, { recursive: true });
      await writeFile(
        join(realm.home, '.mozilla', 'firefox', 'profiles.ini'),
        '[Profile0]\nName=default\nIsRelative=1\nPath=abc.default\nDefault=1\n',
      );
      await writeFile(join(profile, 'prefs.js'), 'user_pref("browser.startup.page", 3);\n');
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      expect(finding(await doctor.run(), 'browser-negotiate')?.severity).toBe('warning');
      await writeFile(
        join(profile, 'user.js'),
        'user_pref("network.negotiate-auth.trusted-uris", ".fedorainfracloud.test");\n',
      );
      expect(finding(await doctor.run(), 'browser-negotiate')?.severity).toBe('info');
    });

    it('session-hides-identity-problem: the wrong primary behind a valid saved session is a warning, not OK', async () => {
      const { doctor } = doctorFor({
        ccname: await collection([alice.fedora, alice.password], [alice.work, alice.password]),
      });
      const cookie = await copr.createSession('alice');
      const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
      await mkdir(dirname(cache), { recursive: true });
      await writeFile(cache, JSON.stringify({ name: 'alice', session: cookie, expiration: Date.now() / 1000 + 3600 }));
      const before = await doctor.run();
      const f = finding(before, 'session-hides-identity-problem');
      expect(f).toMatchObject({ severity: 'warning', detail: expect.stringContaining('when the session expires') });
      expect(f?.fixes.map((x) => x.id)).toEqual([
        'switch:alice@FEDORAPROJECT.ORG',
        'pin:alice@FEDORAPROJECT.ORG',
        'clear-session',
      ]);
      expect(ids(before)).not.toContain('wrong-primary');
      expect(await doctor.applyFix('clear-session')).toMatchObject({ ok: true });
      const after = ids(await doctor.run());
      expect(after).toContain('wrong-primary');
      expect(after).not.toContain('session-hides-identity-problem');
    });

    it('session-cache-corrupt: an error with "clear it"; applying it removes the finding', async () => {
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      const cache = join(realm.home, '.cache', 'copr', `${new URL(copr.url).host}-session`);
      await mkdir(dirname(cache), { recursive: true });
      await writeFile(cache, '{"name": "alice", "session": "abc", "expiration": "tomorrow"}');
      const f = finding(await doctor.run(), 'session-cache-corrupt');
      expect(f).toMatchObject({ severity: 'error', fixes: [{ id: 'clear-session', label: 'Clear it' }] });
      expect(await doctor.applyFix('clear-session')).toMatchObject({ ok: true });
      const after = await doctor.run();
      expect(ids(after)).not.toContain('session-cache-corrupt');
      expect(after.findings.filter((x) => x.severity === 'error')).toEqual([]);
    });

    it('fix commands carry the --copr-config the diagnosis used', async () => {
      const other = join(realm.home, 'other.conf');
      await writeFile(other, `[copr-cli]\ncopr_url = ${copr.url}\ngssapi = False\n`);
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) }, { configPath: other });
      expect(finding(await doctor.run(), 'gssapi-disabled')?.fixes[0]?.command).toEqual([
        'ticket-tray',
        'copr',
        'config',
        '--gssapi',
        'on',
        '--copr-config',
        other,
      ]);
    });

    it('a healthy machine: no errors', async () => {
      const { doctor } = doctorFor({ ccname: await collection([alice.fedora, alice.password]) });
      const report = await doctor.run();
      expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    });
  });
});
