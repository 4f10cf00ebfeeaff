/**
 * What goes wrong on real Fedora machines, each reproduced on the Fedora-like realm (KCM from
 * sssd-kcm, FEDORAPROJECT.ORG behind the KdcProxy), seen failing with the real MIT tools, named by
 * the doctor, and gone once the cause is repaired.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoprService } from '../../electron/services/copr/service.js';
import { createDoctor } from '../../electron/services/doctor/service.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import type { DoctorReport, FindingId } from '../../shared/doctor.js';
import { startCoprStandIn, type CoprStandIn } from '../support/copr/stand-in.js';
import { USERS, startRealm, type TestRealm } from '../support/realm/realm.js';

let realm: TestRealm;
let copr: CoprStandIn;
let emptyRoot: string;
const { alice } = USERS;

beforeAll(async () => {
  realm = await startRealm({ flavour: 'fedora' });
  copr = await startCoprStandIn(realm);
  emptyRoot = await mkdtemp(join(realm.dir, 'root-'));
});
afterAll(async () => {
  await realm?.stop();
});

function doctorFor(env: Record<string, string>, systemRoot = '/') {
  const krb = createKrbService({ env });
  const doctor = createDoctor({
    krb,
    copr: createCoprService({ krb, ca: copr.caPem }),
    rootDir: emptyRoot,
    systemRoot,
    fedoraUser: 'alice',
  });
  return doctor;
}

const ids = (r: DoctorReport) => r.findings.map((f) => f.id);
const finding = (r: DoctorReport, id: FindingId) => r.findings.find((f) => f.id === id);

function kinit(env: Record<string, string>) {
  return execa('kinit', [alice.fedora], { env, extendEnv: false, input: `${alice.password}\n`, reject: false });
}

describe('doctor on a Fedora-like machine', () => {
  it('a healthy one: none of these findings', async () => {
    const env = realm.env(realm.newCollection());
    expect((await kinit(env)).exitCode).toBe(0);
    const found = ids(await doctorFor(env).run());
    for (const id of [
      'kcm-unavailable',
      'k5tls-missing',
      'kdc-proxy-unreachable',
      'kdc-proxy-untrusted',
      'kdc-proxy-error',
      'ccache-type-unknown',
      'sssd-renews-tickets',
    ] as const)
      expect(found).not.toContain(id);
  });

  it('kcm-unavailable: sssd_kcm stopped, then not installed; starting it clears the finding', async () => {
    const env = realm.env(realm.newCollection());
    await realm.stopKcm();
    try {
      expect((await kinit(env)).stderr).toMatch(/Connection refused/);
      const stopped = finding(await doctorFor(env).run(), 'kcm-unavailable');
      expect(stopped).toMatchObject({ severity: 'error', title: expect.stringContaining('not running') });
      expect(stopped?.detail).toContain('systemctl enable --now sssd-kcm.socket');
      expect(stopped?.evidence).toEqual([`nothing listens on ${realm.kcmSocket}`]);
      const absent = finding(await doctorFor(env, emptyRoot).run(), 'kcm-unavailable');
      expect(absent?.title).toContain('not installed');
      expect(absent?.detail).toContain('dnf install sssd-kcm');
    } finally {
      await realm.startKcm();
    }
    expect(ids(await doctorFor(env).run())).not.toContain('kcm-unavailable');
  });

  it('kdc-proxy-unreachable: the proxy stopped; started again, the finding is gone', async () => {
    const env = realm.env(realm.newCollection());
    await realm.stopProxy();
    try {
      expect((await kinit(env)).stderr).toMatch(/Cannot contact any KDC for realm 'FEDORAPROJECT\.ORG'/);
      const f = finding(await doctorFor(env).run(), 'kdc-proxy-unreachable');
      expect(f?.evidence[0]).toBe(`${realm.proxyUrl}: ECONNREFUSED`);
    } finally {
      await realm.startProxy();
    }
    expect(ids(await doctorFor(env).run())).not.toContain('kdc-proxy-unreachable');
  });

  it.each([
    ['a wrong http_anchors', join('pki', 'kdc.pem')],
    ['no http_anchors (system CAs)', null],
  ] as const)('kdc-proxy-untrusted: %s', async (_name, anchors) => {
    const config = realm.writeKrb5Config(`anchors-${anchors ? 'wrong' : 'none'}`, {
      httpAnchors: anchors === null ? null : join(realm.dir, anchors),
    });
    const env = { ...realm.env(realm.newCollection()), KRB5_CONFIG: config };
    expect((await kinit(env)).stderr).toMatch(/Cannot contact any KDC for realm 'FEDORAPROJECT\.ORG'/);
    const f = finding(await doctorFor(env).run(), 'kdc-proxy-untrusted');
    expect(f?.severity).toBe('error');
    expect(f?.detail).toContain(anchors === null ? 'not set' : `FILE:${join(realm.dir, anchors)}`);
    expect(ids(await doctorFor(realm.env(realm.newCollection())).run())).not.toContain('kdc-proxy-untrusted');
  });

  it('kdc-proxy-error: the proxy answers HTTP 500; repaired, the finding is gone', async () => {
    const env = realm.env(realm.newCollection());
    await realm.setProxyFault('http-500');
    try {
      expect((await kinit(env)).exitCode).not.toBe(0);
      const f = finding(await doctorFor(env).run(), 'kdc-proxy-error');
      expect(f?.evidence[0]).toBe(`${realm.proxyUrl}: HTTP 500 Internal Server Error`);
    } finally {
      await realm.setProxyFault('none');
    }
    expect(ids(await doctorFor(env).run())).not.toContain('kdc-proxy-error');
  });

  it("k5tls-missing: MIT's plugins without k5tls; kinit only says it cannot contact the KDC", async () => {
    const real = [
      '/usr/lib64/krb5/plugins',
      '/usr/lib/x86_64-linux-gnu/krb5/plugins',
      '/usr/lib/aarch64-linux-gnu/krb5/plugins',
    ].find((dir) => existsSync(join(dir, 'tls', 'k5tls.so')));
    expect(real, 'k5tls is installed on this machine').toBeDefined();
    const withoutTls = join(realm.dir, 'plugins-without-tls');
    await mkdir(withoutTls, { recursive: true });
    await symlink(join(real!, 'preauth'), join(withoutTls, 'preauth')).catch(() => undefined);
    const config = realm.writeKrb5Config('no-k5tls', { pluginBaseDir: withoutTls });
    const env = { ...realm.env(realm.newCollection()), KRB5_CONFIG: config };
    expect((await kinit(env)).stderr).toMatch(/Cannot contact any KDC for realm 'FEDORAPROJECT\.ORG'/);
    const f = finding(await doctorFor(env).run(), 'k5tls-missing');
    expect(f?.evidence).toEqual([`not found: ${join(withoutTls, 'tls', 'k5tls.so')}`]);
    expect(f?.detail).toContain('apt install krb5-k5tls');
    expect(ids(await doctorFor(realm.env(realm.newCollection())).run())).not.toContain('k5tls-missing');
  });

  it.each(['DIRR:/tmp/x', 'API:'])(
    'ccache-type-unknown: KRB5CCNAME=%s is named with where it comes from',
    async (name) => {
      const env = { ...realm.env(realm.newCollection()), KRB5CCNAME: name };
      const list = await execa('klist', ['-l'], { env, extendEnv: false, reject: false });
      expect(list.stderr).toBe(''); // klist itself says nothing useful: an empty list
      const f = finding(await doctorFor(env).run(), 'ccache-type-unknown');
      expect(f?.evidence).toEqual([`cache name: ${name}`, expect.stringContaining('KRB5CCNAME environment variable')]);
      expect(ids(await doctorFor(realm.env(realm.newCollection())).run())).not.toContain('ccache-type-unknown');
    },
  );

  it('sssd-renews-tickets: read from the sssd.conf the running sssd_kcm uses', async () => {
    const env = realm.env(realm.newCollection());
    await realm.stopKcm();
    await realm.startKcm({ tgtRenewal: true });
    try {
      expect((await kinit(env)).exitCode).toBe(0);
      const f = finding(await doctorFor(env, realm.sssdRoot).run(), 'sssd-renews-tickets');
      expect(f?.severity).toBe('info');
    } finally {
      await realm.stopKcm();
      await realm.startKcm({ tgtRenewal: false });
    }
    expect(ids(await doctorFor(env, realm.sssdRoot).run())).not.toContain('sssd-renews-tickets');
  });
});
