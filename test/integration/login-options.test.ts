/**
 * Login options against the real KDC: kinit's -l, -r and -f/-F take effect (the snapshot shows the
 * end time, the renew-until time and the F flag), and a KDC that grants less than asked is reported.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { execaRunner, type Runner } from '../../electron/services/process/run.js';
import type { KrbChange, LoginRequest } from '../../shared/krb.js';
import { describeGrantShortfalls, loginTicket } from '../../shared/ticket-grant.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';
import { SETUPS } from '../support/realm/setups.js';

let realm: TestRealm;
const { alice, carol } = USERS;

/** Logs in on a fresh collection of the setup's own type; returns the change and the programs run. */
async function loginWith(request: LoginRequest): Promise<{ change: KrbChange; calls: string[][] }> {
  const calls: string[][] = [];
  const run: Runner = (file, args, options) => {
    calls.push([file, ...args]);
    return execaRunner(file, args, options);
  };
  const krb = createKrbService({ run, env: realm.env(realm.newCollection()), tempDir: join(realm.dir) });
  const result = await krb.login(request);
  if (!result.ok) throw new Error(`login failed: ${JSON.stringify(result.error)}`);
  return { change: result.value, calls };
}

/** The ticket-granting ticket of the login, from the snapshot taken after it. */
function tgtOf(change: KrbChange) {
  const cache = change.status.caches.find((c) => c.principal === change.principal);
  const ticket = cache ? loginTicket(cache) : null;
  if (!ticket) throw new Error(`no ticket for ${change.principal}`);
  const seconds = (until: string | null) =>
    until === null ? null : (Date.parse(until) - Date.parse(ticket.starts)) / 1000;
  return { ticket, lifetime: seconds(ticket.expires)!, renewable: seconds(ticket.renewUntil) };
}

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
  });
  afterAll(async () => {
    await realm?.stop();
  });

  it('a plain login gets the lifetime, renewable lifetime and forwardable flag it asked for', async () => {
    const options = { lifetime: '2h', renewableLifetime: '3d', forwardable: true };
    const { change, calls } = await loginWith({ principal: carol.work, password: carol.password, options });
    expect(calls.find((c) => c[0] === 'kinit')).toEqual(['kinit', '-l', '7200s', '-r', '259200s', '-f', carol.work]);
    const tgt = tgtOf(change);
    expect(tgt.lifetime).toBeGreaterThan(7200 - 60);
    expect(tgt.lifetime).toBeLessThanOrEqual(7200 + 5);
    expect(tgt.renewable).toBeGreaterThan(259_200 - 60);
    expect(tgt.renewable).toBeLessThanOrEqual(259_200 + 5);
    expect(tgt.ticket.flags).toContain('forwardable');
    expect(change.granted).toMatchObject({ asked: options, forwardable: true, shortfalls: [] });
  });

  it('asked not to be forwardable, the ticket is not, though krb5.conf says forwardable = true', async () => {
    const { change } = await loginWith({
      principal: carol.work,
      password: carol.password,
      options: { forwardable: false },
    });
    expect(tgtOf(change).ticket.flags).not.toContain('forwardable');
    expect(change.granted?.forwardable).toBe(false);
  });

  it('says so when the KDC grants less than asked (the realm caps tickets at 10 hours, renewal at 7 days)', async () => {
    const options = { lifetime: '1d', renewableLifetime: '30d' };
    const { change } = await loginWith({ principal: carol.work, password: carol.password, options });
    const tgt = tgtOf(change);
    expect(tgt.lifetime).toBeLessThanOrEqual(10 * 3600 + 5);
    expect(tgt.renewable).toBeLessThanOrEqual(7 * 86_400 + 5);
    expect(change.granted?.shortfalls.map((s) => s.kind)).toEqual(['lifetime', 'renewable-lifetime']);
    expect(describeGrantShortfalls(change.granted)).toBe(
      'The KDC granted 10 hours, less than the 1 day asked. The KDC allows renewing for 7 days, less than the 30 days asked.',
    );
  });

  it("Fedora's armored login passes the options to its kinit too", async () => {
    const options = { lifetime: '3h', forwardable: false };
    const { change, calls } = await loginWith({ principal: 'alice', password: alice.password, fedora: true, options });
    const kinit = calls.find((c) => c[0] === 'kinit' && c.includes('-T'));
    expect(kinit?.slice(3)).toEqual(['-l', '10800s', '-F', alice.fedora]);
    const tgt = tgtOf(change);
    expect(tgt.lifetime).toBeGreaterThan(10_800 - 60);
    expect(tgt.lifetime).toBeLessThanOrEqual(10_800 + 5);
    expect(tgt.ticket.flags).not.toContain('forwardable');
    expect(change.granted?.shortfalls).toEqual([]);
  });

  it('refuses a bad duration before anything runs', async () => {
    const calls: string[][] = [];
    const run: Runner = (file, args, options) => {
      calls.push([file, ...args]);
      return execaRunner(file, args, options);
    };
    const krb = createKrbService({ run, env: realm.env(realm.newCollection()) });
    const result = await krb.login({ principal: carol.work, password: carol.password, options: { lifetime: '1h -f' } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input', field: 'lifetime' } });
    expect(calls.filter((c) => c[0] === 'kinit')).toEqual([]);
  });
});
