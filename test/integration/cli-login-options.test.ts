/**
 * `ticket-tray login` with --lifetime, --renewable-life and --[no-]forwardable, run as a user runs
 * the built command against the throwaway KDC: the options take effect (as `status --json` sees the
 * ticket afterwards, not as kinit's exit says), a KDC cap is said in words, and a wrong command line
 * or a bad duration is refused before any ticket is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheInfo, KrbStatus } from '../../shared/krb.js';
import { loginTicket } from '../../shared/ticket-grant.js';
import { runCli } from '../support/cli.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';

/** The realm of the setup running now; the setups run one after the other. */
let realm: TestRealm;

const cli = (ccname: string, args: string[], input = '') => runCli(realm.env(ccname), args, input);

const { alice } = USERS;

/** What `status --json` says about `principal`'s login ticket: its lifetime in seconds and its flags. */
async function ticketOf(ccname: string, principal: string) {
  const out = await cli(ccname, ['status', '--json']);
  expect(out.exitCode).toBe(0);
  const status = JSON.parse(out.stdout) as KrbStatus;
  const cache = status.caches.find((c: CacheInfo) => c.principal === principal);
  const ticket = cache ? loginTicket(cache) : null;
  if (!ticket) throw new Error(`status --json shows no ticket for ${principal}: ${out.stdout}`);
  return { lifetime: (Date.parse(ticket.expires) - Date.parse(ticket.starts)) / 1000, flags: ticket.flags };
}

/** How many caches `status --json` lists: a refused login must not have left one behind. */
async function cacheCount(ccname: string): Promise<number> {
  return (JSON.parse((await cli(ccname, ['status', '--json'])).stdout) as KrbStatus).caches.length;
}

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
  });
  afterAll(async () => {
    await realm?.stop();
  });

  it('--lifetime 1h --no-forwardable takes effect, though krb5.conf asks for 10 hours and forwardable', async () => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', '--lifetime', '1h', '--no-forwardable', alice.work], `${alice.password}\n`);
    expect(out).toMatchObject({ exitCode: 0, stderr: '' });
    // Granted in full: nothing to report beyond the login itself.
    expect(out.stdout).toBe(`Logged in as ${alice.work}.\n`);
    const ticket = await ticketOf(ccname, alice.work);
    expect(ticket.lifetime).toBeGreaterThan(3600 - 60);
    expect(ticket.lifetime).toBeLessThanOrEqual(3600 + 5);
    expect(ticket.flags).not.toContain('forwardable');
  });

  it('--json carries granted: what was asked, what the ticket allows, and no shortfall', async () => {
    const ccname = realm.newCollection();
    const out = await cli(
      ccname,
      ['login', alice.work, '--lifetime', '2h', '--renewable-life', '3d', '--forwardable', '--json'],
      `${alice.password}\n`,
    );
    expect(out).toMatchObject({ exitCode: 0, stderr: '' });
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({
      principal: alice.work,
      granted: {
        asked: { lifetime: '2h', renewableLifetime: '3d', forwardable: true },
        forwardable: true,
        shortfalls: [],
      },
    });
    expect(Object.keys(result.granted)).toEqual(
      expect.arrayContaining(['asked', 'lifetimeSeconds', 'renewableSeconds', 'forwardable', 'shortfalls']),
    );
    expect(result.granted.lifetimeSeconds).toBeGreaterThan(7200 - 60);
    expect(result.granted.lifetimeSeconds).toBeLessThanOrEqual(7200 + 5);
    expect(result.granted.renewableSeconds).toBeGreaterThan(3 * 86_400 - 60);
    expect(result.granted.renewableSeconds).toBeLessThanOrEqual(3 * 86_400 + 5);
    expect((await ticketOf(ccname, alice.work)).flags).toContain('forwardable');
  });

  it('says in words when the KDC grants less than asked (the realm caps tickets at 10 hours)', async () => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', alice.work, '--lifetime', '1d'], `${alice.password}\n`);
    expect(out).toMatchObject({ exitCode: 0, stderr: '' });
    expect(out.stdout).toBe(`Logged in as ${alice.work}.\nThe KDC granted 10 hours, less than the 1 day asked.\n`);
  });

  it('--forwardable with --no-forwardable is a usage error (exit 2), before the password is read', async () => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', '--forwardable', '--no-forwardable', alice.work], `${alice.password}\n`);
    expect(out).toMatchObject({ exitCode: 2, stdout: '' });
    expect(out.stderr).toMatch(
      /^ticket-tray: use --forwardable or --no-forwardable, not both \(see ticket-tray login --help\)\n$/,
    );
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(await cacheCount(ccname)).toBe(0);
  });

  it('--lifetime without its value is a usage error (exit 2)', async () => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', alice.work, '--lifetime'], `${alice.password}\n`);
    expect(out).toMatchObject({ exitCode: 2, stdout: '' });
    expect(out.stderr).toMatch(/^ticket-tray: --lifetime needs a value .*\(see ticket-tray login --help\)\n$/);
    expect(await cacheCount(ccname)).toBe(0);
  });

  it.each([
    [['--lifetime', '1 week'], /Lifetime: "1 week" is not a duration\. Write a duration such as 10h/],
    [['--renewable-life', '400d'], /Renewable lifetime: A duration must be at most 365 days\./],
    [['--lifetime=-l'], /Lifetime: "-l" is not a duration\./],
    // The table takes the word after --lifetime as its value, whatever it starts with: refused the same way.
    [['--lifetime', '-l'], /Lifetime: "-l" is not a duration\./],
  ])('a bad duration %j fails (exit 1) with one line on stderr, and asks for no ticket', async (flags, said) => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', alice.work, ...flags], `${alice.password}\n`);
    expect(out).toMatchObject({ exitCode: 1, stdout: '' });
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^ticket-tray: /);
    expect(out.stderr).toMatch(said);
    expect(out.stderr).not.toContain(alice.password);
    expect(await cacheCount(ccname)).toBe(0);
  });

  it('a bad duration with --json is the failure document, exit 1', async () => {
    const ccname = realm.newCollection();
    const out = await cli(ccname, ['login', alice.work, '--lifetime', '10x', '--json'], `${alice.password}\n`);
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Lifetime/) } });
  });
});
