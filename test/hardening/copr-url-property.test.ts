/**
 * Hardening, round two ("keep it from coming back"): the URL rule as a property. For every
 * generated `copr_url`, read from a config file as the app reads it, either the config is refused,
 * or one host comes out everywhere: the host the request is sent to, the host of the Kerberos
 * service name (`HTTP@host`) and the host of the session cache's file name are the same, and two
 * independent readers (WHATWG, as a browser or `new URL` reads it, and python's `urlsplit`, as
 * python-copr reads it) name that host and port too. Seeded and bounded (FUZZ_SEED replays a run).
 */
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCoprConfigWithToken } from '../../electron/services/copr/config.js';
import { coprContext, requestTargetOf, sessionFileOf } from '../../electron/services/copr/context.js';
import { joinUrl } from '../../electron/services/copr/response.js';
import { spnegoServiceName } from '../../electron/services/copr/url.js';
import type { KrbService } from '../../electron/services/kerberos/service.js';
import type { CoprConfigSummary } from '../../shared/copr.js';
import { type FuzzReport, type Rng, fuzz, suiteSeed } from '../support/fuzz/fuzz.js';
import { recordCounts } from './counts.js';

const SUITE = 'copr-url-rule';
const SEED = suiteSeed(SUITE);
const CASES = 6_000;
const HOME = '/home/alice';
const ctx = coprContext({ krb: { env: { HOME } } as unknown as KrbService });

/** Pieces an attacker or a typo puts into an address, the ones that split readers included. */
const SCHEMES = ['https://', 'http://', 'HTTPS://', 'Http://', 'https:/', 'https:\\\\', 'ftp://', 'https:///'];
const HOSTS = [
  'copr.fedorainfracloud.org',
  'Copr.Example.ORG',
  'copr.example.org.',
  'copr_host.example',
  '127.0.0.1',
  '2130706433',
  '0x7f.1',
  '127.1',
  '010.0.0.1',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '[fe80::1%25eth0]',
  '[::1',
  'xn--copr-9na.example',
  'cöpr.example',
  'copr%2eexample.org',
  '-bad-.example',
  '',
];
const PLAIN_HOSTS = ['copr.fedorainfracloud.org', 'Copr.Example.ORG', 'copr_host.example', '127.0.0.1', '[::1]'];
const JOINERS = ['@', '\\@', '%40', '\\', ':@', '@@', '#@', '?@', '/@', ' @', '\t@', '\u0000', '%5C@'];
const PORTS = ['', ':443', ':8443', ':0', ':65536', ':', ':0443', ':8443:9', ':+1', ':1e3'];
const USERS = ['', 'alice@', 'alice:pw@', ':@', 'a%40b@', 'a\\b@'];
const TAILS = ['', '/', '/copr', '/copr//', '/a/../b', '/?x', '#frag', '?q=@evil', '/\\evil', '/%2e%2e/', ' ', '/ü'];

function generate(rng: Rng): { input: string; origin: string[] } {
  const host = () => rng.pick(HOSTS) + rng.pick(PORTS);
  const r = rng.float();
  if (r < 0.4) {
    // Two hosts joined the way the attack joins them.
    const url = `${rng.pick(SCHEMES)}${host()}${rng.pick(JOINERS)}${host()}${rng.pick(TAILS)}`;
    return { input: url, origin: ['two-hosts'] };
  }
  if (r < 0.6) {
    // Addresses that should pass, so the agreement is checked on many accepted ones too.
    const scheme = rng.pick(SCHEMES.slice(0, 4));
    const port = rng.pick(['', ':443', ':8443', ':0443']);
    return { input: `${scheme}${rng.pick(PLAIN_HOSTS)}${port}${rng.pick(TAILS.slice(0, 5))}`, origin: ['plain'] };
  }
  if (r < 0.8)
    return { input: `${rng.pick(SCHEMES)}${rng.pick(USERS)}${host()}${rng.pick(TAILS)}`, origin: ['one-host'] };
  // Random printable noise spliced into a plain address.
  const base = `https://${host()}${rng.pick(TAILS)}`;
  const at = rng.int(base.length + 1);
  const noise = Array.from({ length: rng.range(1, 3) }, () => String.fromCharCode(rng.range(0x20, 0x7e))).join('');
  return { input: `${base.slice(0, at)}${noise}${base.slice(at)}`, origin: ['noise'] };
}

/** python's urlsplit: the netloc is up to the first `/?#`; hostname after the last `@`, lower-cased. */
function pythonReads(url: string): { host: string; port: string } | null {
  const netloc = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (netloc === undefined) return null;
  const hostport = netloc.slice(netloc.lastIndexOf('@') + 1);
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport);
  if (bracketed) return { host: bracketed[1]!.toLowerCase(), port: bracketed[2] ?? '' };
  const colon = hostport.indexOf(':');
  return colon < 0
    ? { host: hostport.toLowerCase(), port: '' }
    : { host: hostport.slice(0, colon).toLowerCase(), port: hostport.slice(colon + 1) };
}

/** WHATWG's reading, IPv6 without brackets; null when it refuses the URL. */
function whatwgReads(url: string): { host: string; port: number } | null {
  try {
    const parsed = new URL(url);
    const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return null;
  }
}

/** IPv6 hosts compared in WHATWG's canonical form (`0:0::1` and `::1` are one address). */
const canonical = (host: string) => (host.includes(':') ? (whatwgReads(`http://[${host}]/`)?.host ?? host) : host);

/** The host of a session cache file name `<netloc>-session`. */
function sessionHost(summary: CoprConfigSummary): string {
  const netloc = basename(sessionFileOf(ctx, summary)).replace(/-session$/, '');
  return (/^\[([^\]]*)\]/.exec(netloc)?.[1] ?? netloc.replace(/:\d+$/, '')).toLowerCase();
}

interface Verdict {
  readonly accepted: boolean;
  readonly problems: readonly string[];
}

function judge(url: string): Verdict {
  const text = `[copr-cli]\ncopr_url = ${url.replace(/%/g, '%%')}\nencrypted = False\n`;
  const parsed = parseCoprConfigWithToken(text, '/home/alice/.config/copr');
  if (!parsed.ok) return { accepted: false, problems: [] };
  const summary = parsed.value.summary;
  const requestUrl = joinUrl(summary.coprUrl, 'api_3/auth-check');
  const target = requestTargetOf(summary, requestUrl);
  const sent = canonical(target.hostname);
  const problems: string[] = [];
  const service = spnegoServiceName(summary);
  if (canonical(service.replace(/^HTTP@/, '')) !== sent)
    problems.push(`service name ${service} ≠ request host ${sent}`);
  if (canonical(sessionHost(summary)) !== sent) problems.push(`session cache host ${sessionHost(summary)} ≠ ${sent}`);
  const whatwg = whatwgReads(requestUrl);
  if (whatwg === null || canonical(whatwg.host) !== sent || whatwg.port !== target.port)
    problems.push(`WHATWG reads ${JSON.stringify(whatwg)}, the request goes to ${sent}:${target.port}`);
  const python = pythonReads(summary.coprUrl);
  if (python === null || canonical(python.host) !== sent || (python.port !== '' && Number(python.port) !== target.port))
    problems.push(`python reads ${JSON.stringify(python)}, the request goes to ${sent}:${target.port}`);
  if (!requestUrl.toLowerCase().startsWith(summary.coprUrl.replace(/\/+$/, '').toLowerCase()))
    problems.push('the request URL does not start with copr_url');
  return { accepted: true, problems };
}

const reports: FuzzReport[] = [];
let accepted = 0;

afterAll(() => {
  const r = reports[0];
  recordCounts(SUITE, {
    target: 'copr_url → request host, HTTP@host, session cache name (electron/services/copr/url.ts)',
    seed: SEED,
    fuzzSeedEnv: process.env['FUZZ_SEED'] ?? null,
    'inputs tried': r?.cases ?? 0,
    accepted,
    refused: (r?.cases ?? 0) - accepted,
    exceptions: r?.exceptions ?? 0,
    malformed: r?.malformed ?? 0,
    origins: r?.origins ?? {},
  });
});

describe('one parse, one host', () => {
  it('the issue’s attacks are refused', () => {
    for (const url of [
      'http://127.0.0.1:8080\\@copr.fedorainfracloud.org:8080',
      'https://alice:pw@copr.fedorainfracloud.org',
      'https://127.0.0.1%40copr.fedorainfracloud.org',
      'https://copr.fedorainfracloud.org\t.evil',
    ])
      expect(judge(url).accepted, url).toBe(false);
  });

  it(`${CASES} generated addresses: refused, or the request, the service name and the session cache name agree on the host`, () => {
    const report = fuzz({
      name: SUITE,
      seed: SEED,
      cases: CASES,
      size: (url: string) => url.length,
      generate: (rng) => generate(rng),
      run: judge,
      check: (verdict) => {
        if (verdict.accepted) accepted++;
        return verdict.problems;
      },
    });
    reports.push(report);
    expect(report.failures).toEqual([]);
    // The generator reaches both sides of the rule, or the property says nothing.
    expect(accepted).toBeGreaterThan(CASES / 20);
    expect(report.cases - accepted).toBeGreaterThan(CASES / 4);
  });
});
