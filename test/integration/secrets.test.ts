import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { startDelayProxy } from '../support/net.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

const CANARY_PASSWORD = 'canary-pw-7f3c9e1a';
const CANARY_OTP = '918273';

let realm: TestRealm;
beforeAll(async () => {
  realm = await startRealm();
  await realm.kadmin('FEDORAPROJECT.ORG', `addprinc -pw ${CANARY_PASSWORD} canary`);
  realm.setOtpValue(`${CANARY_PASSWORD}${CANARY_OTP}`);
});
afterAll(async () => {
  await realm?.stop();
});

interface Scan {
  leaks: string[];
  kinitSeen: number;
}

/** Reads argv and environment of every process on the machine, looking for the canaries. */
async function scanProcesses(scan: Scan, ccname: string): Promise<void> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    for (const part of ['cmdline', 'environ'] as const) {
      const text = await readFile(`/proc/${pid}/${part}`, 'latin1').catch(() => '');
      if (text.includes(CANARY_PASSWORD) || text.includes(CANARY_OTP))
        scan.leaks.push(`${pid}/${part}: ${text.replaceAll('\0', ' ')}`);
      if (part === 'environ' && text.includes(ccname)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '');
        if (cmdline.startsWith('kinit')) scan.kinitSeen++;
      }
    }
  }
}

/** Runs `login` against a KDC behind a slow proxy and scans /proc until it ends. */
async function loginWhileScanning(
  principal: string,
  otp: string,
  fedora: boolean,
): Promise<{ scan: Scan; ok: boolean; ccname: string; tempDir: string }> {
  const proxy = realm.adopt(await startDelayProxy(realm.kdcPort, 250));
  const config = realm.writeKrb5Config(`slow-${proxy.port}`, { fedoraKdc: `127.0.0.1:${proxy.port}` });
  const ccname = realm.newCollection('DIR');
  const tempDir = realm.dir;
  const krb = createKrbService({ env: { ...realm.env(ccname), KRB5_CONFIG: config }, tempDir });
  const scan: Scan = { leaks: [], kinitSeen: 0 };
  let done = false;
  const login = krb.login({ principal, password: CANARY_PASSWORD, otp, fedora }).finally(() => {
    done = true;
  });
  while (!done) {
    await scanProcesses(scan, ccname);
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await login;
  return { scan, ok: result.ok, ccname, tempDir };
}

/** Every file under `dir`, read as text. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'latin1')));
}

describe('secrets reach kinit on stdin only', () => {
  it('a password login: never in any process argv or environment, nor on disk', async () => {
    const { scan, ok, ccname } = await loginWhileScanning('canary@FEDORAPROJECT.ORG', '', false);
    expect(ok).toBe(true);
    expect(scan.kinitSeen).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
    const cacheDir = ccname.slice('DIR:'.length);
    for (const text of await filesUnder(cacheDir)) expect(text).not.toContain(CANARY_PASSWORD);
  });

  it('a Fedora login with OTP: neither password nor code in argv, environment or the armor directory', async () => {
    const { scan, ok, ccname } = await loginWhileScanning(USERS.otpuser.fedora, CANARY_OTP, true);
    expect(ok).toBe(true);
    expect(scan.kinitSeen).toBeGreaterThan(1);
    expect(scan.leaks).toEqual([]);
    for (const text of await filesUnder(ccname.slice('DIR:'.length))) {
      expect(text).not.toContain(CANARY_PASSWORD);
      expect(text).not.toContain(CANARY_OTP);
    }
  });
});
