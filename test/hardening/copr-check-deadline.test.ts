/**
 * Hardening, round two: one deadline for a whole Copr check. With a Fedora KDC that accepts and
 * never answers and three Fedora caches beside a work primary, the GSSAPI login fails at once (the
 * work realm has no Copr service) and the search for a working ticket asks the silent KDC once per
 * cache, each call with its own limit. The check must still end at its overall deadline with a
 * typed timeout. Only "it ended, and said timed-out" is asserted; the cap is a guard far above the
 * deadline and below what the per-call limits add up to.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCoprFailure } from '../../electron/services/copr/messages.js';
import { createCoprService } from '../../electron/services/copr/service.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { Tally } from '../support/faults/counts.js';
import { startBlackholeServer } from '../support/net.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

/** Each Kerberos call's own limit: three of them in a row would take 30 s. */
const PER_CALL_MS = 10_000;
const CHECK_DEADLINE_MS = 2_000;
/** Above the deadline with a wide margin, below the 30 s the per-call limits allow without it. */
const CAP_MS = 20_000;

let realm: TestRealm;
const tally = new Tally();

beforeAll(async () => {
  realm = await startRealm();
});
afterAll(async () => {
  await tally.record('copr-check-deadline');
  await realm?.stop();
});

async function capped<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still running after the test's cap of ${CAP_MS} ms`)), CAP_MS);
  });
  try {
    return await Promise.race([promise, cap]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a whole Copr check has one deadline', () => {
  it('three Fedora caches and a silent Fedora KDC: the check ends at its deadline with timed-out', async () => {
    const ccname = realm.newCollection('DIR');
    const dir = ccname.slice('DIR:'.length);
    // Obtained while the real KDC answers: three Fedora caches (alice twice, in two caches), then the work primary.
    await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password);
    await realm.kinit(ccname, USERS.bob.fedora, USERS.bob.password);
    await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password, ['-c', `DIR::${join(dir, 'tktsecond')}`]);
    await realm.kinit(ccname, USERS.alice.work, USERS.alice.password);
    const blackhole = realm.adopt(await startBlackholeServer());
    const config = realm.writeKrb5Config('check-deadline', { fedoraKdc: `127.0.0.1:${blackhole.port}` });
    const home = await mkdtemp(join(realm.dir, 'home-deadline-'));
    await mkdir(join(home, '.config'), { recursive: true });
    await writeFile(join(home, '.config', 'copr'), '[copr-cli]\ncopr_url = https://copr.fedorainfracloud.test\n');
    const krb = createKrbService({ env: { ...realm.env(ccname), KRB5_CONFIG: config, HOME: home } });
    const status = await krb.status();
    const fedoraCaches = status.ok ? status.value.caches.filter((c) => c.realm === 'FEDORAPROJECT.ORG') : [];
    expect(fedoraCaches.filter((c) => c.state === 'valid')).toHaveLength(3);
    expect(status.ok && status.value.primary).toBe(USERS.alice.work);

    const copr = createCoprService({ krb, timeoutMs: PER_CALL_MS, checkDeadlineMs: CHECK_DEADLINE_MS });
    const check = await capped(copr.check(), 'copr check with a silent Fedora KDC');
    tally.add('inputs tried');
    tally.add('faults injected');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error.kind, !check.ok ? describeCoprFailure(check.error) : '').toBe('timed-out');
    expect(!check.ok && describeCoprFailure(check.error)).toMatch(/did not answer within/);
  });
});
