/**
 * Findings about a Fedora-style Kerberos setup (KCM, the KdcProxy, k5tls, the cache name, sssd's
 * own renewal), from the facts fedora-setup.ts gathered. Pure: each rule is tested on recorded facts.
 */
import type { Finding } from '../../../shared/doctor.js';
import type { FedoraSetupFacts, ProxyProbe } from './fedora-setup.js';

export function fedoraSetupFindings(facts: FedoraSetupFacts | undefined): Finding[] {
  if (!facts) return [];
  return [
    ...ccacheTypeFindings(facts),
    ...kcmFindings(facts),
    ...k5tlsFindings(facts),
    ...facts.proxies.flatMap(proxyFinding),
    ...renewalFindings(facts),
  ];
}

function ccacheTypeFindings({ ccache }: FedoraSetupFacts): Finding[] {
  if (ccache.known) return [];
  return [
    {
      id: 'ccache-type-unknown',
      severity: 'error',
      title: `Your credential cache name uses a type this system does not have: ${ccache.type}`,
      detail: `The cache name "${ccache.name}" comes from ${ccache.source}. MIT Kerberos on Linux knows KCM, KEYRING, DIR, FILE and MEMORY caches; with any other type every Kerberos tool sees an empty list and kinit cannot store a ticket. Correct the value (for example KCM: on Fedora), or remove it so that krb5.conf's default applies.`,
      evidence: [`cache name: ${ccache.name}`, `set by: ${ccache.source}`],
      fixes: [],
    },
  ];
}

function kcmFindings({ kcm, ccache }: FedoraSetupFacts): Finding[] {
  if (!kcm || kcm.state === 'running') return [];
  const installed = kcm.state === 'not-running';
  return [
    {
      id: 'kcm-unavailable',
      severity: 'error',
      title: installed
        ? 'The KCM credential cache service is not running'
        : 'The KCM credential cache service is not installed',
      detail: `Your tickets are kept in KCM (${ccache.name}, from ${ccache.source}), which sssd-kcm provides, and nothing answers on ${kcm.socket}: no ticket can be stored or listed. ${
        installed
          ? 'Start it: sudo systemctl enable --now sssd-kcm.socket'
          : 'Install it (Fedora: sudo dnf install sssd-kcm; Debian/Ubuntu: sudo apt install sssd-kcm), then: sudo systemctl enable --now sssd-kcm.socket'
      }. Or choose another cache type in krb5.conf.`,
      evidence: [`nothing listens on ${kcm.socket}`, ...(installed ? [] : ['sssd_kcm is not installed'])],
      fixes: [],
    },
  ];
}

function k5tlsFindings({ k5tls }: FedoraSetupFacts): Finding[] {
  if (!k5tls.needed || k5tls.found) return [];
  return [
    {
      id: 'k5tls-missing',
      severity: 'error',
      title: "Kerberos cannot reach an HTTPS KDC proxy: MIT's TLS plugin is missing",
      detail:
        'krb5.conf reaches a KDC through an https:// URL (a KdcProxy, as Fedora does), and MIT Kerberos needs its k5tls plugin for that; without it kinit says only "Cannot contact any KDC". Install it: Debian/Ubuntu: sudo apt install krb5-k5tls; Fedora: sudo dnf reinstall krb5-libs.',
      evidence: [`not found: ${k5tls.searched.join(', ') || 'no plugin directory'}`],
      fixes: [],
    },
  ];
}

function proxyFinding(probe: ProxyProbe): Finding[] {
  const evidence = [`${probe.url}: ${probe.detail}`, ...(probe.anchors ? [`http_anchors = ${probe.anchors}`] : [])];
  switch (probe.outcome) {
    case 'ok':
      return [];
    case 'unreachable':
      return [
        {
          id: 'kdc-proxy-unreachable',
          severity: 'error',
          title: `The Kerberos proxy for ${probe.realm} cannot be reached`,
          detail: `${probe.realm}'s KDC is reached through ${probe.url}, and nothing answers there. Check your network connection (or VPN and proxy settings); if it persists, the service may be down.`,
          evidence,
          fixes: [],
        },
      ];
    case 'untrusted':
      return [
        {
          id: 'kdc-proxy-untrusted',
          severity: 'error',
          title: `The Kerberos proxy's certificate for ${probe.realm} is not trusted`,
          detail: `Kerberos checks ${probe.url}'s certificate against http_anchors in krb5.conf (${probe.anchors ?? 'not set: the system CAs'}), and the check fails, so kinit says only "Cannot contact any KDC". Point http_anchors at the CA that issued the proxy's certificate, or remove a wrong http_anchors line so that the system CAs are used.`,
          evidence,
          fixes: [],
        },
      ];
    case 'http-error':
      return [
        {
          id: 'kdc-proxy-error',
          severity: 'error',
          title: `The Kerberos proxy for ${probe.realm} answers with an error`,
          detail: `${probe.url} answered ${probe.detail}: the proxy is up, but it cannot pass requests to the KDC. Nothing on your computer can fix that; try again later (the Fedora infrastructure status page says whether it is known).`,
          evidence,
          fixes: [],
        },
      ];
  }
}

function renewalFindings({ sssdRenews, ccache }: FedoraSetupFacts): Finding[] {
  if (!sssdRenews || ccache.type !== 'KCM') return [];
  return [
    {
      id: 'sssd-renews-tickets',
      severity: 'info',
      title: 'sssd-kcm renews your tickets itself',
      detail:
        'The sssd configuration sets tgt_renewal = true in [kcm], so sssd-kcm renews renewable tickets on its own; Ticket Tray leaves automatic renewal to it and renews only when you ask.',
      evidence: ['[kcm] tgt_renewal = true'],
      fixes: [],
    },
  ];
}
