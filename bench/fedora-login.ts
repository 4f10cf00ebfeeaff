/**
 * 4. The Fedora login through the KdcProxy, on the Fedora-like realm: our login service (anonymous
 * PKINIT armor, then password and one-time code inside FAST, with the snapshots before and after
 * that decide success) against the two plain kinit runs a user would type for the same login.
 * Wall time side by side, and the HTTPS requests each login sends, counted at the proxy.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { createKrbService } from '../electron/services/kerberos/service.js';
import { FEDORA_REALM, OTP_CODE, USERS, type TestRealm } from '../test/support/realm/realm.js';
import { type Comparison, compare, interleaved } from './stats.js';

const { otpuser } = USERS;

export interface ProxyLoginResult {
  /** A = our login, B = `kinit -n` then `kinit -T`. */
  readonly loginVsKinit: Comparison;
  /** HTTPS requests the proxy answered per login, for each of a few untimed logins. */
  readonly requests: { readonly login: readonly number[]; readonly kinit: readonly number[] };
  readonly kinitCommands: readonly string[];
}

export async function benchProxyLogin(realm: TestRealm, runs: number): Promise<ProxyLoginResult> {
  if (realm.flavour !== 'fedora') throw new Error('the proxy login needs the Fedora-like realm');
  const ccname = realm.newCollection('KCM');
  const env = realm.env(ccname);
  const krb = createKrbService({ env });
  const armor = `FILE:${join(realm.dir, 'bench-armor')}`;

  const ours = async () => {
    const result = await krb.login({
      principal: otpuser.fedora,
      password: otpuser.password,
      otp: OTP_CODE,
      fedora: true,
    });
    if (!result.ok) throw new Error(`login failed: ${JSON.stringify(result.error)}`);
  };
  // What a user types for the same login (fkinit does the same two steps). The armor cache is
  // removed after each, as our login removes its own.
  const tool = async (args: readonly string[], input = '') => {
    const result = await execa('kinit', args, { env, extendEnv: false, input, reject: false, timeout: 30_000 });
    if (result.exitCode !== 0) throw new Error(`kinit ${args.join(' ')} failed: ${String(result.stderr)}`);
  };
  const plain = async () => {
    await tool(['-n', `@${FEDORA_REALM}`, '-c', armor]);
    await tool(['-T', armor, otpuser.fedora], `${otpuser.tokenValue}\n`);
    await rm(armor.slice('FILE:'.length), { force: true });
  };

  const requests = { login: await requestsPer(realm, ours), kinit: await requestsPer(realm, plain) };
  const samples = await interleaved({
    runs,
    warmup: 2,
    contenders: [
      { name: 'login', run: ours },
      { name: 'kinit', run: plain },
    ],
  });
  return {
    loginVsKinit: compare(samples['login']!, samples['kinit']!),
    requests,
    kinitCommands: [`kinit -n @${FEDORA_REALM} -c ${armor}`, `kinit -T ${armor} ${otpuser.fedora}`],
  };
}

/** The requests the proxy logged during each of three untimed logins. */
async function requestsPer(realm: TestRealm, login: () => Promise<void>): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = await settledCount(realm);
    await login();
    counts.push((await settledCount(realm)) - before);
  }
  return counts;
}

/**
 * The proxy logs a request after sending its answer, so the client can be done before the line is
 * written: read the count until it stays the same for a moment.
 */
async function settledCount(realm: TestRealm): Promise<number> {
  let count = await realm.proxyRequests();
  for (;;) {
    await sleep(150);
    const again = await realm.proxyRequests();
    if (again === count) return count;
    count = again;
  }
}
