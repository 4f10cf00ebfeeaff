import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';

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

    it('rejects unknown commands and options with a usage hint', async () => {
      for (const args of [['frobnicate'], ['status', '--yaml'], ['switch'], ['destroy']]) {
        const out = await cli(ccname(), args);
        expect(out.exitCode).toBe(1);
        expect(out.stderr).toMatch(/^ticket-tray: .*\(see ticket-tray --help\)\n$/);
      }
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
});
