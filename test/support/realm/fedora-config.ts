/**
 * The client krb5.conf of the Fedora-like setup, laid out the way a Fedora desktop has it: a main
 * file with Fedora's [libdefaults] and an `includedir`, and snippets beside it (sssd-kcm's
 * `kcm_default_ccache`, fedora-packager's `fedoraproject_org` with the KdcProxy URL, and the work
 * realm's). Only the paths and ports differ from a real machine. See realm.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEDORA_REALM, WORK_REALM, lines, type Krb5ConfigOptions, type Layout } from './config.js';

/** Where the KdcProxy serves, as clients name it (the host must match its certificate). */
export function proxyUrl(proxyPort: number): string {
  return `https://localhost:${proxyPort}/KdcProxy`;
}

export interface FedoraConfigTarget {
  /** The main file (the one KRB5_CONFIG names). */
  readonly file: string;
  /** Its includedir. */
  readonly snippets: string;
}

/** Writes the main file and its snippet directory (replacing a previous version of the directory). */
export function writeFedoraKrb5Conf(
  p: Layout,
  target: FedoraConfigTarget,
  ports: { kdc: number; proxy: number },
  opts: Krb5ConfigOptions,
): void {
  rmSync(target.snippets, { recursive: true, force: true });
  mkdirSync(target.snippets, { recursive: true });
  const snippets: Record<string, string> = {
    kcm_default_ccache: kcmSnippet(p),
    example_com: workRealmSnippet(ports.kdc),
    ...(opts.omitFedoraRealm ? {} : { fedoraproject_org: fedoraSnippet(p, ports.proxy, opts) }),
  };
  writeFileSync(target.file, mainFile(target.snippets, opts));
  for (const [name, text] of Object.entries(snippets)) writeFileSync(path.join(target.snippets, name), text);
}

/** Fedora's /etc/krb5.conf [libdefaults], minus its log files and the system CA bundle. */
function mainFile(snippets: string, opts: Krb5ConfigOptions): string {
  return lines([
    `includedir ${snippets}/`,
    '',
    '[libdefaults]',
    '    dns_lookup_realm = false',
    // Not in Fedora's file; keeps a test from ever asking DNS about a realm.
    '    dns_lookup_kdc = false',
    // kinit asks for "renewable-ok": a lifetime above the KDC's 10 h maximum comes back as a
    // renewable ticket even without renew_lifetime, so the non-renewable variant asks for 10 h.
    ...(opts.renewable === false
      ? ['    ticket_lifetime = 10h']
      : ['    ticket_lifetime = 24h', '    renew_lifetime = 7d']),
    '    forwardable = true',
    '    rdns = false',
    '    spake_preauth_groups = edwards25519',
    '    dns_canonicalize_hostname = fallback',
    '    qualify_shortname = ""',
    ...(opts.pluginBaseDir === undefined ? [] : [`    plugin_base_dir = ${opts.pluginBaseDir}`]),
  ]);
}

/** sssd-kcm's snippet, plus the private socket (a real machine uses sssd's default path). */
function kcmSnippet(p: Layout): string {
  return lines(['[libdefaults]', '    default_ccache_name = KCM:', `    kcm_socket = ${p.kcmSocket}`]);
}

/** fedora-packager's snippet, pointing at our proxy and trusting our CA. */
function fedoraSnippet(p: Layout, proxyPort: number, opts: Krb5ConfigOptions): string {
  const anchors = opts.httpAnchors === undefined ? p.caCert : opts.httpAnchors;
  const kdcLines =
    opts.fedoraKdc === undefined
      ? [
          `        kdc = ${proxyUrl(proxyPort)}`,
          ...(anchors === null ? [] : [`        http_anchors = FILE:${anchors}`]),
        ]
      : [`        kdc = ${opts.fedoraKdc}`];
  return lines([
    '[realms]',
    ` ${FEDORA_REALM} = {`,
    ...kdcLines,
    ...(opts.noPkinitAnchors ? [] : [`        pkinit_anchors = FILE:${p.caCert}`]),
    ' }',
    '[domain_realm]',
    ` .fedoraproject.org = ${FEDORA_REALM}`,
    ` fedoraproject.org = ${FEDORA_REALM}`,
  ]);
}

/** The contributor's employer ships this one; its realm is the default, as in the direct setup. */
function workRealmSnippet(kdcPort: number): string {
  return lines([
    '[libdefaults]',
    `    default_realm = ${WORK_REALM}`,
    '[realms]',
    ` ${WORK_REALM} = {`,
    `        kdc = 127.0.0.1:${kdcPort}`,
    ' }',
    '[domain_realm]',
    ` .example.com = ${WORK_REALM}`,
    ` example.com = ${WORK_REALM}`,
  ]);
}

/** The proxy's own krb5.conf: where the real KDC is (kdcproxy reads MIT's profile through libkrb5). */
export function proxyBackendKrb5Conf(kdcPort: number): string {
  return lines([
    '[libdefaults]',
    '    dns_lookup_kdc = false',
    '[realms]',
    ` ${FEDORA_REALM} = {`,
    `        kdc = 127.0.0.1:${kdcPort}`,
    ' }',
  ]);
}
