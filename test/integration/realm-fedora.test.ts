/**
 * Proves the Fedora-like flavour of the harness against the real MIT tools: a KCM collection from
 * a private sssd_kcm, FEDORAPROJECT.ORG only through the HTTPS KdcProxy, krb5.conf from snippets,
 * and nothing left running or written outside the realm directory afterwards.
 */
import { readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canConnect } from '../support/net.js';
import { FEDORA_REALM, USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

let realm: TestRealm;

beforeAll(async () => {
  realm = await startRealm({ flavour: 'fedora' });
});

afterAll(async () => {
  await realm?.stop();
});

function tool(file: string, args: readonly string[], env: Record<string, string>, input = '') {
  return execa(file, args, { env, extendEnv: false, input, reject: false, timeout: 15_000 });
}

const { alice, otpuser } = USERS;

function acceptsUnix(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    conn.once('connect', () => resolve(Boolean(conn.destroy())));
    conn.once('error', () => resolve(false));
  });
}

describe('Fedora-like realm', () => {
  it('assembles krb5.conf from includedir snippets, with KCM as the default cache', async () => {
    const main = await readFile(realm.krb5Config, 'utf8');
    expect(main).toMatch(/^includedir .*krb5\.conf\.d\/$/m);
    expect(main).toContain('dns_canonicalize_hostname = fallback');
    const snippets = path.join(realm.dir, 'krb5.conf.d');
    expect((await readdir(snippets)).sort()).toEqual(['example_com', 'fedoraproject_org', 'kcm_default_ccache']);
    expect(await readFile(path.join(snippets, 'kcm_default_ccache'), 'utf8')).toContain('default_ccache_name = KCM:');
    expect(await readFile(path.join(snippets, 'fedoraproject_org'), 'utf8')).toContain(`kdc = ${realm.proxyUrl}`);
    expect(realm.env()).not.toHaveProperty('KRB5CCNAME');
  });

  it('keeps both realms in one KCM collection; kswitch moves the primary', async () => {
    const env = realm.env(realm.newCollection());
    const before = await realm.proxyRequests();
    expect((await tool('kinit', [alice.fedora], env, `${alice.password}\n`)).exitCode).toBe(0);
    expect(await realm.proxyRequests()).toBeGreaterThan(before);
    const afterFedora = await realm.proxyRequests();
    expect((await tool('kinit', [alice.work], env, `${alice.password}\n`)).exitCode).toBe(0);
    // The work realm is reached directly: the proxy saw nothing.
    expect(await realm.proxyRequests()).toBe(afterFedora);

    const list = await tool('klist', ['-l'], env);
    const rows = list.stdout.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^alice@EXAMPLE\.COM +KCM:0(:\d+)?$/);
    expect(rows).toContainEqual(expect.stringMatching(/^alice@FEDORAPROJECT\.ORG +KCM:0(:\d+)?$/));
    expect((await tool('kswitch', ['-p', alice.fedora], env)).exitCode).toBe(0);
    expect((await tool('klist', [], env)).stdout).toContain(`Default principal: ${alice.fedora}`);
  });

  it('does the Fedora login (anonymous PKINIT armor, then password + OTP) through the proxy', async () => {
    const env = realm.env(realm.newCollection());
    const armor = `FILE:${path.join(realm.dir, 'armor-fedora')}`;
    const before = await realm.proxyRequests();
    const anon = await tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], env);
    expect(anon.exitCode, anon.stderr).toBe(0);
    const login = await tool('kinit', ['-T', armor, otpuser.fedora], env, `${otpuser.tokenValue}\n`);
    expect(login.exitCode, login.stderr).toBe(0);
    expect((await tool('klist', [], env)).stdout).toContain(`Default principal: ${otpuser.fedora}`);
    expect(await realm.proxyRequests()).toBeGreaterThanOrEqual(before + 3);
  });

  it('empties the KCM collection when a new one is asked for', async () => {
    const env = realm.env(realm.newCollection());
    expect((await tool('kinit', [alice.fedora], env, `${alice.password}\n`)).exitCode).toBe(0);
    realm.newCollection('KCM');
    expect((await tool('klist', ['-A', '-s'], env)).exitCode).not.toBe(0);
  });

  it('cannot reach FEDORAPROJECT.ORG once the proxy is down, and can again after a restart', async () => {
    const env = realm.env(realm.newCollection());
    await realm.stopProxy();
    try {
      const down = await tool('kinit', [alice.fedora], env, `${alice.password}\n`);
      expect(down.stderr).toMatch(/Cannot contact any KDC for realm 'FEDORAPROJECT\.ORG'/);
    } finally {
      await realm.startProxy();
    }
    expect((await tool('kinit', [alice.fedora], env, `${alice.password}\n`)).exitCode).toBe(0);
  });

  it('stops sssd_kcm and the proxy at teardown, and removes its directory', async () => {
    const other = await startRealm({ flavour: 'fedora' });
    expect(await canConnect(other.proxyPort)).toBe(true);
    expect(await acceptsUnix(other.kcmSocket)).toBe(true);
    await other.stop();
    expect(await canConnect(other.proxyPort)).toBe(false);
    expect(await acceptsUnix(other.kcmSocket)).toBe(false);
    await expect(readdir(other.dir)).rejects.toThrow(/ENOENT/);
  });
});
