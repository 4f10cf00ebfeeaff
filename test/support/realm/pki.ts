/**
 * The PKI of the throwaway realm: an openssl CA and the KDC certificate for anonymous PKINIT. See
 * realm.ts.
 */
import { writeFile } from 'node:fs/promises';
import { FEDORA_REALM, lines, type Layout } from './config.js';
import { runChecked } from './process.js';

// ---- PKI -----------------------------------------------------------------------------------------

/**
 * A CA and a KDC certificate for anonymous PKINIT in FEDORAPROJECT.ORG: EC P-256, the KDC cert
 * carrying the id-pkinit-KPKdc EKU (1.3.6.1.5.2.3.5) and the krbtgt/REALM@REALM principal as an
 * id-pkinit-san otherName (1.3.6.1.5.2.2), which MIT's client checks (RFC 4556 §3.2.4).
 */
export async function makePki(p: Layout): Promise<void> {
  await writeFile(p.opensslConf, opensslConf(FEDORA_REALM));
  // OPENSSL_CONF keeps openssl away from the system config.
  const env = { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPENSSL_CONF: p.opensslConf };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await Promise.all([
    runChecked(
      'openssl',
      [
        'req',
        '-x509',
        ...newKey,
        '-keyout',
        p.caKey,
        '-out',
        p.caCert,
        '-subj',
        '/CN=Ticket Tray throwaway KDC CA',
        '-days',
        '2',
        '-extensions',
        'ca_cert',
      ],
      env,
    ),
    runChecked(
      'openssl',
      ['req', '-new', ...newKey, '-keyout', p.kdcKey, '-out', p.kdcCsr, '-subj', `/CN=kdc ${FEDORA_REALM}`],
      env,
    ),
  ]);
  await runChecked(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      p.kdcCsr,
      '-CA',
      p.caCert,
      '-CAkey',
      p.caKey,
      '-CAcreateserial',
      '-out',
      p.kdcCert,
      '-days',
      '2',
      '-extfile',
      p.opensslConf,
      '-extensions',
      'kdc_cert',
    ],
    env,
  );
}

/**
 * A TLS server certificate for the KdcProxy, issued by the same CA, valid for the names clients
 * use in `kdc = https://localhost:PORT/KdcProxy` (k5tls checks the host name against it).
 */
export async function makeProxyCert(p: Layout): Promise<void> {
  const env = { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPENSSL_CONF: p.opensslConf };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await runChecked(
    'openssl',
    ['req', '-new', ...newKey, '-keyout', p.proxyKey, '-out', p.proxyCsr, '-subj', '/CN=localhost'],
    env,
  );
  await runChecked(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      p.proxyCsr,
      '-CA',
      p.caCert,
      '-CAkey',
      p.caKey,
      '-CAcreateserial',
      '-out',
      p.proxyCert,
      '-days',
      '2',
      '-extfile',
      p.opensslConf,
      '-extensions',
      'proxy_cert',
    ],
    env,
  );
}

function opensslConf(realm: string): string {
  return lines([
    '[req]',
    'distinguished_name = dn',
    '[dn]',
    '[ca_cert]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    '[kdc_cert]',
    'basicConstraints = CA:FALSE',
    'keyUsage = nonRepudiation,digitalSignature,keyEncipherment,keyAgreement',
    'extendedKeyUsage = 1.3.6.1.5.2.3.5',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid,issuer',
    'subjectAltName = otherName:1.3.6.1.5.2.2;SEQUENCE:kdc_princ_name',
    '[kdc_princ_name]',
    `realm = EXP:0,GeneralString:${realm}`,
    'principal_name = EXP:1,SEQUENCE:kdc_principal_seq',
    '[kdc_principal_seq]',
    'name_type = EXP:0,INTEGER:2',
    'name_string = EXP:1,SEQUENCE:kdc_principals',
    '[kdc_principals]',
    'princ1 = GeneralString:krbtgt',
    `princ2 = GeneralString:${realm}`,
    '[proxy_cert]',
    'basicConstraints = CA:FALSE',
    'keyUsage = digitalSignature,keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = DNS:localhost,IP:127.0.0.1',
  ]);
}
