/**
 * Proves the throwaway-KDC harness against the real MIT tools: collections, FAST armor + OTP,
 * expired and broken accounts, a hung KDC, a slow KDC and KEYRING caches. If this file fails, every
 * other integration test's results are suspect.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlackholeServer, startDelayProxy } from '../support/net.js';
import {
  ANONYMOUS_PRINCIPAL,
  FEDORA_REALM,
  OTP_CODE,
  USERS,
  startRealm,
  type TestRealm,
} from '../support/realm/realm.js';

let realm: TestRealm;

beforeAll(async () => {
  realm = await startRealm();
});

afterAll(async () => {
  await realm?.stop();
});

/** Runs an MIT tool with only the realm's environment; never rejects, never hangs. */
function tool(file: string, args: readonly string[], env: Record<string, string>, input = '', timeout = 10_000) {
  return execa(file, args, { env, extendEnv: false, input, reject: false, timeout });
}

describe('throwaway realm', () => {
  it('holds caches for both realms in one DIR collection', async () => {
    const env = realm.env(realm.newCollection('DIR'));
    const fedora = await tool('kinit', [USERS.alice.fedora], env, 'alicepw\n');
    expect(fedora.exitCode, fedora.stderr).toBe(0);
    // MIT prints the prompt on stdout, without a newline.
    expect(fedora.stdout).toBe('Password for alice@FEDORAPROJECT.ORG: ');
    const work = await tool('kinit', [USERS.alice.work], env, 'alicepw\n');
    expect(work.exitCode, work.stderr).toBe(0);

    const list = await tool('klist', ['-l'], env);
    expect(list.exitCode).toBe(0);
    // Header, dashes, then the primary cache first: the last kinit made EXAMPLE.COM primary.
    const rows = list.stdout.split('\n').slice(2);
    expect(rows[0]).toMatch(/^alice@EXAMPLE\.COM +DIR::/);
    expect(rows).toContainEqual(expect.stringMatching(/^alice@FEDORAPROJECT\.ORG +DIR::/));
  });

  it('does FAST-armored OTP after anonymous PKINIT, like fkinit', async () => {
    const env = realm.env(realm.newCollection('DIR'));
    const armor = `FILE:${path.join(realm.dir, 'armor')}`;
    const anon = await tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], env);
    expect(anon.exitCode, anon.stderr).toBe(0);
    const armorList = await tool('klist', ['-c', armor], env);
    expect(armorList.stdout).toContain(`Default principal: ${ANONYMOUS_PRINCIPAL}`);

    const good = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, `otpuserpw${OTP_CODE}\n`);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toBe('Enter OTP Token Value: ');

    const bad = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, 'otpuserpw654321\n');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Preauthentication failed');
  });

  it('follows setOtpValue for the next code', async () => {
    const env = realm.env(realm.newCollection('DIR'));
    const armor = `FILE:${path.join(realm.dir, 'armor-next')}`;
    await tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], env);
    realm.setOtpValue('otpuserpw999999');
    try {
      const old = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, `otpuserpw${OTP_CODE}\n`);
      expect(old.exitCode).toBe(1);
      const next = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, 'otpuserpw999999\n');
      expect(next.exitCode, next.stderr).toBe(0);
    } finally {
      realm.setOtpValue(USERS.otpuser.tokenValue);
    }
  });

  it('rejects the OTP user without armor exactly like Fedora does', async () => {
    const env = realm.env();
    const result = await tool('kinit', [USERS.otpuser.fedora], env, 'otpuserpw123456\n');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('kinit: Pre-authentication failed: Invalid argument while getting initial credentials');
  });

  it('reports an expired password and a disabled account', async () => {
    const expired = await tool('kinit', [USERS.expired.fedora], realm.env(), 'expiredpw\n');
    expect(expired.exitCode).toBe(1);
    expect(expired.stdout).toContain('Password expired.  You must change it now.');

    const disabled = await tool('kinit', [USERS.disabled.fedora], realm.env(), 'disabledpw\n');
    expect(disabled.exitCode).toBe(1);
    expect(disabled.stderr).toContain("Client's credentials have been revoked");
  });

  it('still gets a ticket through a slow KDC', async () => {
    const proxy = realm.adopt(await startDelayProxy(realm.kdcPort, 100));
    const config = realm.writeKrb5Config('slow', { fedoraKdc: `127.0.0.1:${proxy.port}` });
    const env = { ...realm.env(), KRB5_CONFIG: config };
    const started = Date.now();
    const result = await tool('kinit', [USERS.alice.fedora], env, 'alicepw\n');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // at least one delayed round trip
    await proxy.close();
  });

  // The slow cases wait on clocks, not on each other: run them side by side.
  describe.concurrent('waiting', () => {
    it('lets shorty’s ticket expire after 4 s', async ({ expect }) => {
      const cc = realm.newCollection('DIR');
      const env = realm.env(cc);
      await realm.kinit(cc, USERS.shorty.fedora, USERS.shorty.password);
      expect((await tool('klist', ['-s'], env)).exitCode).toBe(0);
      await sleep(4_000);
      expect((await tool('klist', ['-s'], env)).exitCode).toBe(1);
      expect((await tool('klist', ['-l'], env)).stdout).toContain('(Expired)');
    });

    it('hangs against a KDC that never answers until our timeout fires', async ({ expect }) => {
      const blackhole = realm.adopt(await startBlackholeServer());
      const config = realm.writeKrb5Config('blackhole', { fedoraKdc: `127.0.0.1:${blackhole.port}` });
      const env = { ...realm.env(), KRB5_CONFIG: config };
      const started = Date.now();
      const result = await tool('kinit', [USERS.alice.fedora], env, 'alicepw\n', 2_000);
      expect(result.timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(4_000);
      await blackhole.close();
    });

    it('fails OTP after the RADIUS timeout while the responder is down', async ({ expect }) => {
      const env = realm.env();
      const armor = `FILE:${path.join(realm.dir, 'armor-radius-down')}`;
      await tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], env);
      await realm.stopRadius();
      try {
        const result = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, `${USERS.otpuser.tokenValue}\n`);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toContain('Preauthentication failed');
      } finally {
        await realm.startRadius();
      }
      const again = await tool('kinit', ['-T', armor, USERS.otpuser.fedora], env, `${USERS.otpuser.tokenValue}\n`);
      expect(again.exitCode, again.stderr).toBe(0);
    });
  });

  it('works with a FILE cache', async () => {
    const cc = realm.newCollection('FILE');
    await realm.kinit(cc, USERS.bob.fedora, USERS.bob.password);
    const list = await tool('klist', [], realm.env(cc));
    expect(list.stdout).toContain(`Default principal: ${USERS.bob.fedora}`);
  });

  it('works with a KEYRING collection where the kernel allows it', async (ctx) => {
    const probe = await realm.keyringAvailable();
    if (!probe.ok) {
      ctx.skip(`KEYRING ccache unavailable: ${probe.reason}`);
      return;
    }
    const cc = realm.newCollection('KEYRING');
    await realm.kinit(cc, USERS.alice.fedora, USERS.alice.password);
    await realm.kinit(cc, USERS.carol.work, USERS.carol.password);
    const list = await tool('klist', ['-l'], realm.env(cc));
    expect(list.stdout).toContain(USERS.alice.fedora);
    expect(list.stdout).toContain(USERS.carol.work);
  });

  it('fails fast while the KDC is stopped and recovers after a restart', async () => {
    const env = realm.env();
    await realm.stopKdc();
    try {
      const down = await tool('kinit', [USERS.alice.fedora], env, 'alicepw\n');
      expect(down.exitCode).toBe(1);
      expect(down.stderr).toContain("Cannot contact any KDC for realm 'FEDORAPROJECT.ORG'");
    } finally {
      await realm.startKdc();
    }
    const up = await tool('kinit', [USERS.alice.fedora], env, 'alicepw\n');
    expect(up.exitCode, up.stderr).toBe(0);
  });
});
