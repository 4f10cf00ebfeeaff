import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS, skipWhereUnavailable } from '../support/realm/setups.js';

/** The realm of the setup running now; the setups run one after the other. */
let realm: TestRealm;

const cli = (ccname: string, args: string[], input = '') => runCli(realm.env(ccname), args, input);

const { alice, otpuser } = USERS;

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
  });
  afterAll(async () => {
    await realm?.stop();
  });

  describe('ticket-tray CLI (Kerberos commands)', () => {
    const ccname = () => collection;
    let collection: string;
    beforeAll(() => {
      collection = realm.newCollection();
    });

    it('status --json on an empty collection', async () => {
      const out = await cli(ccname(), ['status', '--json']);
      expect(out.exitCode).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({
        collection: { name: collection, type: realm.collectionType, switchable: true },
        primary: null,
        caches: [],
      });
    });

    it('login reads the password from stdin and never echoes it', async () => {
      const out = await cli(ccname(), ['login', alice.fedora], `${alice.password}\n`);
      expect(out).toMatchObject({ exitCode: 0, stderr: '' });
      expect(out.stdout).toBe(`Logged in as ${alice.fedora}.\n`);
      expect(out.stdout).not.toContain(alice.password);
    });

    it('login --fedora takes the OTP code from the second line', async () => {
      const out = await cli(ccname(), ['login', 'otpuser', '--fedora'], `${otpuser.password}\n123456\n`);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toContain(otpuser.fedora);
    });

    it('reproduces the wrong primary, and switch fixes it (klist agrees)', async () => {
      expect((await cli(ccname(), ['login', alice.work], `${alice.password}\n`)).exitCode).toBe(0);
      const before = JSON.parse((await cli(ccname(), ['status', '--json'])).stdout);
      expect(before.primary).toBe(alice.work);
      const out = await cli(ccname(), ['switch', alice.fedora]);
      expect(out).toMatchObject({ exitCode: 0, stdout: `${alice.fedora} is now the primary identity.\n` });
      const klist = await execa('klist', [], { env: realm.env(collection), extendEnv: false });
      expect(klist.stdout).toContain(`Default principal: ${alice.fedora}`);
    });

    it('status --json has the fixed field names', async () => {
      const status = JSON.parse((await cli(ccname(), ['status', '--json'])).stdout);
      expect(Object.keys(status)).toEqual(expect.arrayContaining(['collection', 'primary', 'caches']));
      expect(status.caches).toHaveLength(3);
      // sssd-kcm names the primary KCM:<uid> and the others KCM:<uid>:<n>, as Fedora users see them.
      if (realm.collectionType === 'KCM') {
        for (const cache of status.caches) expect(cache.cache).toMatch(/^KCM:0(:\d+)?$/);
      }
      for (const cache of status.caches) {
        expect(Object.keys(cache)).toEqual(
          expect.arrayContaining([
            'cache',
            'principal',
            'realm',
            'primary',
            'state',
            'expires',
            'renewUntil',
            'tickets',
          ]),
        );
        expect(['valid', 'expiring', 'expired', 'empty']).toContain(cache.state);
        for (const t of cache.tickets) {
          expect(Object.keys(t)).toEqual(
            expect.arrayContaining([
              'server',
              'starts',
              'expires',
              'renewUntil',
              'flags',
              'sessionEnctype',
              'ticketEnctype',
            ]),
          );
          expect(new Date(t.expires).toISOString()).toBe(t.expires);
        }
      }
    });

    it('status prints a readable table with the primary marked', async () => {
      const out = await cli(ccname(), ['status']);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toMatch(new RegExp(`^\\*\\s+${alice.fedora.replace('.', '\\.')}\\s+valid`, 'm'));
      expect(out.stdout).toContain(`Primary:    ${alice.fedora}`);
    });

    it('rejects unknown commands and options with exit 2 and a usage hint', async () => {
      for (const args of [['frobnicate'], ['status', '--yaml'], ['switch'], ['destroy']]) {
        const out = await cli(ccname(), args);
        expect(out.exitCode).toBe(2);
        expect(out.stderr).toMatch(/^ticket-tray: .*\(see ticket-tray (\w+ )?--help\)\n$/);
      }
    });

    it('renew, with and without a principal', async () => {
      expect((await cli(ccname(), ['renew'])).exitCode).toBe(0);
      const out = await cli(ccname(), ['renew', alice.work]);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toMatch(/^Renewed alice@EXAMPLE\.COM; it now expires at /);
    });

    it('fails with exit 1 and one plain line on stderr', async () => {
      const wrong = await cli(ccname(), ['login', alice.fedora], 'wrong\n');
      expect(wrong.exitCode).toBe(1);
      expect(wrong.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(wrong.stderr).toMatch(
        /^ticket-tray: The password for alice@FEDORAPROJECT\.ORG was not accepted\..*Password incorrect/,
      );
      const missing = await cli(ccname(), ['switch', 'nobody@FEDORAPROJECT.ORG']);
      expect(missing).toMatchObject({
        exitCode: 1,
        stderr: expect.stringMatching(/You have no ticket for nobody@FEDORAPROJECT\.ORG/),
      });
      const hostile = await cli(ccname(), ['destroy', '--', '-A']);
      expect(hostile.exitCode).toBe(1);
      expect(hostile.stderr).toMatch(/cannot start with "-"/);
    });

    it('destroy one, then --all', async () => {
      expect((await cli(ccname(), ['destroy', alice.work])).exitCode).toBe(0);
      expect((await cli(ccname(), ['destroy', '--all'])).exitCode).toBe(0);
      const status = JSON.parse((await cli(ccname(), ['status', '--json'])).stdout);
      expect(status.caches).toEqual([]);
    });

    it('honours KRB5CCNAME: a FILE cache is reported as such', async () => {
      const file = realm.newCollection('FILE');
      const status = JSON.parse((await cli(file, ['status', '--json'])).stdout);
      expect(status.collection).toEqual({ name: file, type: 'FILE', switchable: false });
    });
  });

  describe.each(setup.collectionTypes.filter((t) => t !== 'FILE'))(
    'the CLI keeps the primary where it is (%s collection)',
    (type) => {
      skipWhereUnavailable(() => realm, type);

      it('renew of each non-primary identity leaves the Fedora primary alone', async () => {
        const ccname = realm.newCollection(type);
        await realm.kinit(ccname, alice.work, alice.password);
        await realm.kinit(ccname, USERS.bob.fedora, USERS.bob.password);
        await realm.kinit(ccname, alice.fedora, alice.password);
        for (const principal of [alice.work, USERS.bob.fedora]) {
          const out = await cli(ccname, ['renew', principal, '--json']);
          expect(out.exitCode).toBe(0);
          expect(JSON.parse(out.stdout)).toMatchObject({
            principal,
            primaryBefore: alice.fedora,
            primaryAfter: alice.fedora,
          });
          expect(await klistPrimary(ccname)).toBe(alice.fedora);
        }
      });

      it('login says when it moved the primary away from Copr, and --keep-primary keeps it', async () => {
        const ccname = realm.newCollection(type);
        await realm.kinit(ccname, alice.fedora, alice.password);
        const kept = await cli(ccname, ['login', alice.work, '--keep-primary'], `${alice.password}\n`);
        expect(kept).toMatchObject({ exitCode: 0, stderr: '' });
        expect(kept.stdout).toBe(`Logged in as ${alice.work}.\n${alice.fedora} is still the primary identity.\n`);
        expect(await klistPrimary(ccname)).toBe(alice.fedora);

        const moved = await cli(ccname, ['login', alice.work], `${alice.password}\n`);
        expect(moved.exitCode).toBe(0);
        expect(moved.stdout).toContain(`${alice.work} is now the primary identity instead of ${alice.fedora}.`);
        expect(moved.stdout).toContain('Copr needs an identity in FEDORAPROJECT.ORG');
        expect(moved.stdout).toContain(`ticket-tray switch ${alice.fedora}`);
        expect(moved.stdout).toContain(`ticket-tray copr pin ${alice.fedora}`);
        expect(await klistPrimary(ccname)).toBe(alice.work);
      });
    },
  );

  describe('the CLI with bare names and wrong-case realms', () => {
    let ccname: string;
    beforeAll(async () => {
      ccname = realm.newCollection();
      await realm.kinit(ccname, alice.work, alice.password);
      await realm.kinit(ccname, alice.fedora, alice.password);
    });

    it.each([
      [['switch', 'alice@example.com']],
      [['renew', 'alice@example.com']],
      [['destroy', 'alice@EXAMPLE.com']],
      [['login', 'alice@example.com']],
    ])('%j is refused with the right spelling', async (args) => {
      const out = await cli(ccname, args, `${alice.password}\n`);
      expect(out).toMatchObject({ exitCode: 1, stdout: '' });
      expect(out.stderr).toBe(`ticket-tray: Realm names are case-sensitive: did you mean ${alice.work}?\n`);
      expect(await klistPrimary(ccname)).toBe(alice.fedora);
    });

    it('renew alice, switch alice, login carol and destroy alice name the full principal', async () => {
      const renew = await cli(ccname, ['renew', 'alice']);
      expect(renew).toMatchObject({ exitCode: 0, stderr: '' });
      expect(renew.stdout).toMatch(/^Renewed alice@EXAMPLE\.COM; it now expires at \d{4}-/);
      expect(await klistPrimary(ccname)).toBe(alice.fedora);

      const login = await cli(ccname, ['login', 'carol', '--keep-primary'], `${USERS.carol.password}\n`);
      expect(login).toMatchObject({ exitCode: 0, stderr: '' });
      expect(login.stdout).toMatch(/^Logged in as carol@EXAMPLE\.COM\.\n/);

      const destroy = await cli(ccname, ['destroy', 'carol']);
      expect(destroy).toMatchObject({ exitCode: 0, stdout: 'Destroyed the tickets of carol@EXAMPLE.COM.\n' });
      expect(await klistPrimary(ccname)).toBe(alice.fedora);

      const switched = await cli(ccname, ['switch', 'alice']);
      expect(switched).toMatchObject({ exitCode: 0, stdout: 'alice@EXAMPLE.COM is now the primary identity.\n' });
      expect(await klistPrimary(ccname)).toBe(alice.work);

      const destroyPrimary = await cli(ccname, ['destroy', 'alice', '--json']);
      expect(JSON.parse(destroyPrimary.stdout)).toMatchObject({
        destroyed: alice.work,
        primaryBefore: alice.work,
        // sssd-kcm makes the remaining cache primary; DIR and KEYRING are left with none.
        primaryAfter: realm.collectionType === 'KCM' ? alice.fedora : null,
      });
    });
  });
});

/** What the real `klist` calls the primary. */
async function klistPrimary(ccname: string): Promise<string | null> {
  const out = await execa('klist', [], { env: realm.env(ccname), extendEnv: false, reject: false });
  return /^Default principal: (.+)$/m.exec(out.stdout)?.[1] ?? null;
}
