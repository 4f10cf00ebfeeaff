import { mkdir, readdir, realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import kerberos from 'kerberos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrbService, type KrbServiceOptions } from '../../electron/services/kerberos/service.js';
import { execaRunner, type Runner } from '../../electron/services/process/run.js';
import type { KrbStatus } from '../../shared/krb.js';
import { startBlackholeServer } from '../support/net.js';
import { COPR_TEST_HOST, USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS, skipWhereUnavailable } from '../support/realm/setups.js';

/** The realm of the setup running now; the setups run one after the other. */
let realm: TestRealm;

/** A service on `ccname` in the test realm, with the real runner (recording the programs it ran). */
function service(ccname: string, extra: Partial<KrbServiceOptions> & { envOverrides?: Record<string, string> } = {}) {
  const calls: string[][] = [];
  const run: Runner = (file, args, options) => {
    calls.push([file, ...args]);
    return execaRunner(file, args, options);
  };
  const tempDir = join(realm.dir, 'armor-tmp');
  const krb = createKrbService({ run, env: { ...realm.env(ccname), ...extra.envOverrides }, tempDir, ...extra });
  return { krb, calls, tempDir };
}

async function statusOf(krb: ReturnType<typeof service>['krb']): Promise<KrbStatus> {
  const result = await krb.status();
  if (!result.ok) throw new Error(`status failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** What the real `klist` (no options) calls the primary: the judge of whether a switch worked. */
async function klistPrimary(ccname: string): Promise<string | null> {
  const out = await execa('klist', [], { env: realm.env(ccname), extendEnv: false, reject: false });
  return /^Default principal: (.+)$/m.exec(out.stdout)?.[1] ?? null;
}

const { alice, bob, otpuser } = USERS;

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
  });
  afterAll(async () => {
    await realm?.stop();
  });

  describe.each(setup.collectionTypes)('a %s collection', (type) => {
    let ccname: string;
    const collection = skipWhereUnavailable(() => realm, type);
    beforeAll(() => {
      if (collection.available()) ccname = realm.newCollection(type);
    });

    it('starts empty, with its type and whether it can switch', async () => {
      const { krb } = service(ccname);
      const status = await statusOf(krb);
      expect(status.caches).toEqual([]);
      expect(status.primary).toBeNull();
      expect(status.collection).toEqual({ name: ccname, type, switchable: type !== 'FILE' });
    });

    it('logs in with a password, and shows the ticket with its times, flags and enctypes', async () => {
      const { krb, calls } = service(ccname);
      const before = Date.now();
      const result = await krb.login({ principal: alice.fedora, password: alice.password });
      expect(result.ok).toBe(true);
      expect(calls.flat()).not.toContain(alice.password);
      const status = await statusOf(krb);
      expect(status.primary).toBe(alice.fedora);
      const [cache] = status.caches;
      expect(cache).toMatchObject({
        principal: alice.fedora,
        realm: 'FEDORAPROJECT.ORG',
        primary: true,
        state: 'valid',
      });
      const ticket = cache!.tickets[0]!;
      expect(ticket.server).toBe('krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG');
      expect(ticket.flags).toEqual(
        expect.arrayContaining(['forwardable', 'renewable', 'initial', 'pre-authenticated']),
      );
      expect(ticket.sessionEnctype).toMatch(/aes|camellia/);
      // klist prints whole seconds in local time; the service reports UTC instants.
      expect(Date.parse(ticket.starts)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(Date.parse(ticket.expires) - Date.parse(ticket.starts)).toBe(10 * 3600 * 1000);
      expect(Date.parse(cache!.renewUntil!) - Date.parse(ticket.starts)).toBe(7 * 24 * 3600 * 1000);
    });

    if (type === 'FILE') {
      it('replaces the first identity with the second, and refuses to switch', async () => {
        const { krb, calls } = service(ccname);
        expect((await krb.login({ principal: alice.work, password: alice.password })).ok).toBe(true);
        const status = await statusOf(krb);
        expect(status.caches.map((c) => c.principal)).toEqual([alice.work]);
        calls.length = 0;
        const switched = await krb.switchTo(alice.fedora);
        expect(switched).toMatchObject({ ok: false, error: { kind: 'not-switchable' } });
        expect(calls.filter(([file]) => file === 'kswitch')).toEqual([]);
      });
    } else {
      it('reproduces the documented case: a work ticket after the Fedora one becomes primary; switch fixes it', async () => {
        const { krb } = service(ccname);
        expect((await krb.login({ principal: alice.work, password: alice.password })).ok).toBe(true);
        let status = await statusOf(krb);
        expect(status.primary).toBe(alice.work);
        expect(status.caches.map((c) => c.principal).sort()).toEqual([alice.work, alice.fedora].sort());
        expect(await klistPrimary(ccname)).toBe(alice.work);

        const switched = await krb.switchTo(alice.fedora);
        expect(switched.ok).toBe(true);
        status = await statusOf(krb);
        expect(status.primary).toBe(alice.fedora);
        expect(status.caches.filter((c) => c.primary).map((c) => c.principal)).toEqual([alice.fedora]);
        expect(await klistPrimary(ccname)).toBe(alice.fedora);
      });

      it('says "no such cache" when switching to an identity without a ticket', async () => {
        const { krb } = service(ccname);
        expect(await krb.switchTo(bob.fedora)).toMatchObject({ ok: false, error: { kind: 'no-such-cache' } });
      });

      it('renews the primary ticket and a named one', async () => {
        const { krb } = service(ccname);
        const primary = await krb.renew();
        expect(primary).toMatchObject({ ok: true, value: { principal: alice.fedora } });
        expect(await klistPrimary(ccname)).toBe(alice.fedora);
        const named = await krb.renew(alice.work);
        expect(named).toMatchObject({ ok: true, value: { principal: alice.work } });
      });

      it('destroys one identity, then all', async () => {
        const { krb } = service(ccname);
        const one = await krb.destroy(alice.work);
        expect(one.ok && one.value.caches.map((c) => c.principal)).toEqual([alice.fedora]);
        expect(await krb.destroy(alice.work)).toMatchObject({ ok: false, error: { kind: 'no-such-cache' } });
        const all = await krb.destroyAll();
        expect(all.ok && all.value.caches).toEqual([]);
        expect(await klistPrimary(ccname)).toBeNull();
      });
    }
  });

  describe('which identity GSSAPI uses for the Copr host (not in [domain_realm])', () => {
    /** One SPNEGO step for HTTP@copr host: obtaining the service ticket is the part that fails. */
    async function gssapiWorks(env: Record<string, string>): Promise<boolean> {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const client = await kerberos.initializeClient(`HTTP@${COPR_TEST_HOST}`, {
          mechOID: kerberos.GSS_MECH_OID_SPNEGO,
        });
        await client.step('');
        return true;
      } catch {
        return false;
      } finally {
        for (const key of Object.keys(env)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    }

    it('fails with the work ticket primary, and works once switch makes the Fedora one primary', async () => {
      const ccname = realm.newCollection();
      const { krb } = service(ccname);
      await realm.kinit(ccname, alice.fedora, alice.password);
      await realm.kinit(ccname, alice.work, alice.password);
      expect((await statusOf(krb)).primary).toBe(alice.work);
      expect(await gssapiWorks(realm.env(ccname))).toBe(false);
      expect((await krb.switchTo(alice.fedora)).ok).toBe(true);
      expect(await gssapiWorks(realm.env(ccname))).toBe(true);
    });
  });

  describe('the Fedora login (anonymous PKINIT armor, then FAST)', () => {
    it('logs in an OTP account with password and code, and removes the armor cache', async () => {
      const ccname = realm.newCollection();
      const { krb, calls, tempDir } = service(ccname);
      await mkdir(tempDir, { recursive: true });
      const result = await krb.login({ principal: 'otpuser', password: otpuser.password, otp: '123456', fedora: true });
      expect(result).toMatchObject({
        ok: true,
        value: { principal: otpuser.fedora, status: { primary: otpuser.fedora } },
      });
      // Snapshots (klist) come before and after; the kinit runs are armor, then the armored login.
      const kinits = calls.filter(([file]) => file === 'kinit');
      expect(kinits[0]!.slice(0, 3)).toEqual(['kinit', '-n', '@FEDORAPROJECT.ORG']);
      expect(kinits[1]!.slice(0, 2)).toEqual(['kinit', '-T']);
      expect(kinits).toHaveLength(2);
      expect(calls.flat().join(' ')).not.toMatch(/otpuserpw|123456/);
      expect(await readdir(tempDir)).toEqual([]);
    });

    it('logs in a password-only account through the same flow', async () => {
      const { krb } = service(realm.newCollection());
      expect(await krb.login({ principal: alice.fedora, password: alice.password, fedora: true })).toMatchObject({
        ok: true,
      });
    });

    it('says the code was rejected for a wrong OTP, and still removes the armor', async () => {
      const { krb, tempDir } = service(realm.newCollection());
      await mkdir(tempDir, { recursive: true });
      const result = await krb.login({
        principal: otpuser.fedora,
        password: otpuser.password,
        otp: '654321',
        fedora: true,
      });
      expect(result).toMatchObject({ ok: false, error: { kind: 'otp-rejected', principal: otpuser.fedora } });
      expect(await readdir(tempDir)).toEqual([]);
    });

    it('explains that an OTP account needs armor when logged in without it', async () => {
      const { krb } = service(realm.newCollection());
      const result = await krb.login({ principal: otpuser.fedora, password: otpuser.password, otp: '123456' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'otp-needs-armor' } });
    });

    it('reports anonymous PKINIT as unavailable when the realm has no PKINIT anchors', async () => {
      const config = realm.writeKrb5Config('no-anchors', { noPkinitAnchors: true });
      const { krb } = service(realm.newCollection(), { envOverrides: { KRB5_CONFIG: config } });
      const result = await krb.login({ principal: alice.fedora, password: alice.password, fedora: true });
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'anonymous-pkinit-unavailable', realm: 'FEDORAPROJECT.ORG' },
      });
    });

    it("reports the realm as not configured on a laptop without Fedora's snippet", async () => {
      const config = realm.writeKrb5Config('no-fedora', { omitFedoraRealm: true });
      const { krb } = service(realm.newCollection(), { envOverrides: { KRB5_CONFIG: config } });
      const result = await krb.login({ principal: 'alice', password: alice.password, fedora: true });
      expect(result).toMatchObject({ ok: false, error: { kind: 'realm-not-configured', realm: 'FEDORAPROJECT.ORG' } });
    });
  });

  describe('failures come back as typed values', () => {
    it.each([
      ['wrong password', { principal: alice.fedora, password: 'wrong' }, 'wrong-password'],
      ['unknown principal', { principal: 'nosuch@FEDORAPROJECT.ORG', password: 'x' }, 'unknown-principal'],
      ['password expired', { principal: USERS.expired.fedora, password: USERS.expired.password }, 'password-expired'],
      ['disabled account', { principal: USERS.disabled.fedora, password: USERS.disabled.password }, 'account-disabled'],
      ['unknown realm', { principal: 'alice@NO.SUCH.REALM', password: 'x' }, 'realm-not-configured'],
    ] as const)('%s', async (_name, request, kind) => {
      const { krb } = service(realm.newCollection());
      const result = await krb.login(request);
      expect(result).toMatchObject({ ok: false, error: { kind } });
    });

    it('refuses a hostile principal before running anything', async () => {
      const { krb, calls } = service(realm.newCollection());
      for (const principal of ['-c/etc/passwd', 'a@b@c', 'alice\n@EXAMPLE.COM', '']) {
        expect(await krb.login({ principal, password: 'x' })).toMatchObject({
          ok: false,
          error: { kind: 'invalid-input', field: 'principal' },
        });
        expect(await krb.switchTo(principal)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
        expect(await krb.destroy(principal)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
      }
      expect(await krb.login({ principal: 'alice', password: 'pw\nsecond line' })).toMatchObject({
        ok: false,
        error: { field: 'password' },
      });
      expect(await krb.login({ principal: 'alice', password: 'pw', otp: '12ab', fedora: true })).toMatchObject({
        ok: false,
        error: { field: 'otp' },
      });
      expect(calls.filter(([file]) => file !== 'klist')).toEqual([]);
    });

    it('reports an unreachable KDC', async () => {
      const config = realm.writeKrb5Config('refused', { fedoraKdc: '127.0.0.1:9' });
      const { krb } = service(realm.newCollection(), { envOverrides: { KRB5_CONFIG: config } });
      const result = await krb.login({ principal: alice.fedora, password: alice.password });
      expect(result).toMatchObject({ ok: false, error: { kind: 'kdc-unreachable', realm: 'FEDORAPROJECT.ORG' } });
    });

    it('stops kinit when a KDC accepts the connection and never answers', async () => {
      const blackhole = realm.adopt(await startBlackholeServer());
      const config = realm.writeKrb5Config('blackhole', { fedoraKdc: `127.0.0.1:${blackhole.port}` });
      const { krb } = service(realm.newCollection(), {
        envOverrides: { KRB5_CONFIG: config },
        kinitTimeoutMs: 1_500,
      });
      const result = await krb.login({ principal: alice.fedora, password: alice.password });
      expect(result).toMatchObject({ ok: false, error: { kind: 'timed-out', tool: 'kinit' } });
    });

    it('says which tool is missing', async () => {
      // A login looks at the collection first (klist), then runs kinit: a PATH with klist alone.
      const onlyKlist = join(realm.dir, 'only-klist');
      await mkdir(onlyKlist, { recursive: true });
      await symlink(
        await realpath(execaSync('sh', ['-c', 'command -v klist']).stdout.trim()),
        join(onlyKlist, 'klist'),
      );
      const { krb } = service(realm.newCollection(), { envOverrides: { PATH: onlyKlist } });
      expect(await krb.login({ principal: alice.fedora, password: alice.password })).toMatchObject({
        ok: false,
        error: { kind: 'tool-missing', tool: 'kinit' },
      });
      const { krb: bare } = service(realm.newCollection(), { envOverrides: { PATH: '/nonexistent' } });
      expect(await bare.status()).toMatchObject({ ok: false, error: { kind: 'tool-missing', tool: 'klist' } });
      expect(await bare.login({ principal: alice.fedora, password: alice.password })).toMatchObject({
        ok: false,
        error: { kind: 'tool-missing', tool: 'klist' },
      });
    });

    it('cannot renew a ticket that is not renewable', async () => {
      const config = realm.writeKrb5Config('norenew', { renewable: false });
      const ccname = realm.newCollection();
      const { krb } = service(ccname, { envOverrides: { KRB5_CONFIG: config } });
      expect((await krb.login({ principal: bob.fedora, password: bob.password })).ok).toBe(true);
      const status = await statusOf(krb);
      expect(status.caches[0]!.renewUntil).toBeNull();
      expect(await krb.renew()).toMatchObject({ ok: false, error: { kind: 'not-renewable' } });
    });

    it('shows an expired ticket as expired and cannot renew it', async () => {
      const ccname = realm.newCollection();
      const { krb } = service(ccname);
      expect((await krb.login({ principal: USERS.shorty.fedora, password: USERS.shorty.password })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, (USERS.shorty.lifetimeSeconds + 1.5) * 1000));
      const status = await statusOf(krb);
      expect(status.caches[0]).toMatchObject({ principal: USERS.shorty.fedora, state: 'expired' });
      expect(await krb.renew()).toMatchObject({ ok: false, error: { kind: 'ticket-expired' } });
    });

    it('lists the empty cache a failed kinit leaves behind (DIR) as empty, not as an error', async () => {
      const ccname = realm.newCollection();
      const { krb } = service(ccname);
      await realm.kinit(ccname, alice.fedora, alice.password);
      await krb.login({ principal: 'nosuch@FEDORAPROJECT.ORG', password: 'x' });
      const status = await statusOf(krb);
      expect(status.primary).toBe(alice.fedora);
      const rows = status.caches.map((c) => [c.principal, c.state]);
      // A DIR collection keeps the empty file a failed kinit made; sssd-kcm makes no cache at all.
      if (realm.collectionType === 'DIR') {
        expect(rows).toEqual(
          expect.arrayContaining([
            [alice.fedora, 'valid'],
            [null, 'empty'],
          ]),
        );
      } else {
        expect(rows).toEqual([[alice.fedora, 'valid']]);
      }
    });

    it('after the primary cache is destroyed: DIR has no primary, KCM promotes the cache left', async () => {
      const ccname = realm.newCollection();
      const { krb } = service(ccname);
      await realm.kinit(ccname, alice.fedora, alice.password);
      await realm.kinit(ccname, alice.work, alice.password);
      expect((await krb.destroy(alice.work)).ok).toBe(true);
      const status = await statusOf(krb);
      const kcm = realm.collectionType === 'KCM';
      expect(status.primary).toBe(kcm ? alice.fedora : null);
      expect(status.caches.map((c) => [c.principal, c.primary])).toEqual([[alice.fedora, kcm]]);
      expect(await klistPrimary(ccname)).toBe(kcm ? alice.fedora : null);
    });
  });

  describe.each(setup.collectionTypes.filter((t) => t !== 'FILE'))(
    'the primary stays where it is (%s collection)',
    (type) => {
      skipWhereUnavailable(() => realm, type);

      /** Three identities, the Fedora one primary (the state Copr needs). */
      async function threeIdentities() {
        const ccname = realm.newCollection(type);
        await realm.kinit(ccname, alice.work, alice.password);
        await realm.kinit(ccname, bob.fedora, bob.password);
        await realm.kinit(ccname, alice.fedora, alice.password);
        const s = service(ccname);
        expect((await statusOf(s.krb)).primary).toBe(alice.fedora);
        s.calls.length = 0;
        return { ccname, ...s };
      }

      // Automatic renewal in the desktop app calls this same renew(principal) for the cache it renews.
      it.each([alice.work, bob.fedora])('renewing %s (not primary) renews it in place', async (principal) => {
        const { ccname, krb, calls } = await threeIdentities();
        const cache = (await statusOf(krb)).caches.find((c) => c.principal === principal)!.cache;
        const renewed = await krb.renew(principal);
        expect(renewed).toMatchObject({
          ok: true,
          value: { principal, cache, primaryBefore: alice.fedora, primaryAfter: alice.fedora },
        });
        expect(calls.filter(([file]) => file === 'kinit')).toEqual([['kinit', '-R', '-c', cache]]);
        expect((await statusOf(krb)).primary).toBe(alice.fedora);
        expect(await klistPrimary(ccname)).toBe(alice.fedora);
      });

      it.each([alice.work, bob.fedora])('destroying %s (not primary) leaves the primary alone', async (principal) => {
        const { ccname, krb } = await threeIdentities();
        const destroyed = await krb.destroy(principal);
        expect(destroyed).toMatchObject({
          ok: true,
          value: { destroyed: principal, primaryBefore: alice.fedora, primaryAfter: alice.fedora },
        });
        expect(destroyed.ok && destroyed.value.caches.map((c) => c.principal)).not.toContain(principal);
        expect(await klistPrimary(ccname)).toBe(alice.fedora);
      });

      it('a login says it moved the primary out of the Copr realm, and offers the fixes', async () => {
        const ccname = realm.newCollection(type);
        await realm.kinit(ccname, alice.fedora, alice.password);
        const { krb } = service(ccname);
        const result = await krb.login({ principal: alice.work, password: alice.password });
        expect(result).toMatchObject({
          ok: true,
          value: {
            principal: alice.work,
            primaryBefore: alice.fedora,
            primaryAfter: alice.work,
            primaryMove: {
              from: alice.fedora,
              to: alice.work,
              moved: true,
              keepPrimary: 'not-asked',
              coprRealm: 'FEDORAPROJECT.ORG',
              leftCoprRealm: true,
              fixes: [
                { kind: 'switch', principal: alice.fedora },
                { kind: 'pin-copr', principal: alice.fedora },
              ],
            },
          },
        });
        expect(await klistPrimary(ccname)).toBe(alice.work);
      });

      it('a login with keepPrimary puts the previous primary back, as klist confirms', async () => {
        const ccname = realm.newCollection(type);
        await realm.kinit(ccname, alice.fedora, alice.password);
        const { krb } = service(ccname);
        const result = await krb.login({ principal: alice.work, password: alice.password, keepPrimary: true });
        expect(result).toMatchObject({
          ok: true,
          value: {
            principal: alice.work,
            primaryAfter: alice.fedora,
            status: { primary: alice.fedora },
            primaryMove: {
              from: alice.fedora,
              to: alice.fedora,
              moved: false,
              keepPrimary: 'restored',
              leftCoprRealm: false,
            },
          },
        });
        expect(result.ok && result.value.status.caches.map((c) => c.principal).sort()).toEqual(
          [alice.fedora, alice.work].sort(),
        );
        expect(await klistPrimary(ccname)).toBe(alice.fedora);
      });
    },
  );

  describe('bare names and wrong-case realms give true reports', () => {
    /** alice in both realms, the Fedora one primary; the client's default realm is EXAMPLE.COM. */
    async function aliceTwice() {
      const ccname = realm.newCollection();
      await realm.kinit(ccname, alice.work, alice.password);
      await realm.kinit(ccname, alice.fedora, alice.password);
      return { ccname, ...service(ccname) };
    }

    it('switch alice acts on alice@EXAMPLE.COM and says so', async () => {
      const { ccname, krb } = await aliceTwice();
      expect(await krb.switchTo('alice')).toMatchObject({
        ok: true,
        value: { principal: alice.work, primaryBefore: alice.fedora, primaryAfter: alice.work },
      });
      expect(await klistPrimary(ccname)).toBe(alice.work);
    });

    it('renew alice renews alice@EXAMPLE.COM and the primary stays', async () => {
      const { ccname, krb } = await aliceTwice();
      expect(await krb.renew('alice')).toMatchObject({
        ok: true,
        value: { principal: alice.work, primaryBefore: alice.fedora, primaryAfter: alice.fedora },
      });
      expect(await klistPrimary(ccname)).toBe(alice.fedora);
    });

    it('destroy alice destroys alice@EXAMPLE.COM and the Fedora primary stays', async () => {
      const { ccname, krb } = await aliceTwice();
      expect(await krb.destroy('alice')).toMatchObject({
        ok: true,
        value: { destroyed: alice.work, primary: alice.fedora, primaryAfter: alice.fedora },
      });
      expect(await klistPrimary(ccname)).toBe(alice.fedora);
    });

    it('login carol logs in carol@EXAMPLE.COM and names her', async () => {
      const { krb } = await aliceTwice();
      expect(await krb.login({ principal: 'carol', password: USERS.carol.password })).toMatchObject({
        ok: true,
        value: { principal: USERS.carol.work, primaryAfter: USERS.carol.work, primaryMove: { leftCoprRealm: true } },
      });
    });

    it('refuses a realm in the wrong case with the right spelling, before running anything', async () => {
      const { krb, calls } = await aliceTwice();
      const wrongCase = { ok: false, error: { kind: 'invalid-input', field: 'principal', suggestion: alice.work } };
      expect(await krb.switchTo('alice@example.com')).toMatchObject(wrongCase);
      expect(await krb.renew('alice@example.com')).toMatchObject(wrongCase);
      expect(await krb.destroy('alice@Example.Com')).toMatchObject(wrongCase);
      expect(await krb.login({ principal: 'alice@example.com', password: alice.password })).toMatchObject(wrongCase);
      expect(await krb.login({ principal: 'alice@fedoraproject.org', password: 'x', fedora: true })).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input', suggestion: alice.fedora },
      });
      expect(calls).toEqual([]);
      const status = await statusOf(krb);
      expect(status.caches.map((c) => c.principal).sort()).toEqual([alice.fedora, alice.work].sort());
    });
  });

  describe('a FILE cache holds one identity', () => {
    it('refuses a login that is asked to keep the primary, and keeps the ticket it has', async () => {
      const ccname = realm.newCollection('FILE');
      await realm.kinit(ccname, alice.fedora, alice.password);
      const { krb, calls } = service(ccname);
      const result = await krb.login({ principal: alice.work, password: alice.password, keepPrimary: true });
      expect(result).toMatchObject({ ok: false, error: { kind: 'not-switchable' } });
      expect(calls.filter(([file]) => file === 'kinit')).toEqual([]);
      expect((await statusOf(krb)).primary).toBe(alice.fedora);
    });
  });
});
