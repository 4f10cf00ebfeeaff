/**
 * The one reading of a Copr address. Everything that depends on where Copr is (the host a request
 * is sent to, the Kerberos service name `HTTP@host`, the session cache file named after
 * python-copr's netloc) is derived from the result of `parseCoprUrl`, never from a second parser.
 *
 * Two parsers used to disagree: for `http://a:1\@b:2` WHATWG sends to `a` (a backslash ends the
 * authority) while python's netloc, and so the service name and the session file, named `b`; `a`
 * then got `b`'s cookie or a Kerberos token it could replay. So only addresses that every reader
 * takes the same way are accepted: printable ASCII, no backslash, no user information, no
 * percent-encoding in the authority, a host that is a plain DNS name, a dotted-quad IPv4 address
 * or a bracketed IPv6 address, and no query or fragment. Anything else is refused with a sentence
 * that never repeats the address (it may hold a password).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { type Result, err, ok } from '../../../shared/result.js';

export interface CoprUrl {
  readonly scheme: 'http' | 'https';
  /** Lower-case host name or address (IPv6 without brackets): what is connected to and what GSSAPI targets. */
  readonly host: string;
  /** The explicit port, or null for the scheme's default. */
  readonly port: number | null;
  /** `host[:port]` as written: python-copr's `urlparse(copr_url).netloc`, the session cache's name. */
  readonly netloc: string;
  /** The path as written without trailing slashes ('' for none): where the API paths are appended. */
  readonly path: string;
}

/** Where one request goes, in the parts `http.request` takes (no URL string is parsed again). */
export interface RequestTarget {
  readonly secure: boolean;
  /** Without brackets for IPv6. */
  readonly hostname: string;
  readonly port: number;
  /** Starts with `/`; may carry a query. */
  readonly path: string;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/** Why an address is refused, as the end of "copr_url …": no part of the address is quoted. */
export type CoprUrlProblem = string;

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const DNS_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/i;
/** WHATWG reads a host whose last label looks like a number as an IPv4 address (`2130706433`, `0x7f.1`). */
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;

/** The address read once; a problem sentence when it is not one every reader takes the same way. */
export function parseCoprUrl(text: string): Result<CoprUrl, CoprUrlProblem> {
  if (text === '') return err('is empty');
  if (/[\s\p{Cc}\p{Cf}]/u.test(text)) return err('contains white space or control characters');
  if (text.includes('\\')) return err('contains a backslash, which URL readers disagree about');
  if (!PRINTABLE_ASCII.test(text))
    return err('contains characters outside ASCII; write an international host name in its xn-- form');
  const scheme = SCHEME.exec(text);
  const name = scheme?.[1]!.toLowerCase();
  if (name !== 'http' && name !== 'https') return err('is not an http:// or https:// URL');
  const rest = text.slice(scheme![0].length);
  const end = rest.search(/[/?#]/);
  const netloc = end < 0 ? rest : rest.slice(0, end);
  const after = end < 0 ? '' : rest.slice(end);
  if (/[?#]/.test(after)) return err('has a query (?) or fragment (#); give only the address of the Copr instance');
  const authority = readAuthority(netloc);
  if (!authority.ok) return authority;
  return ok({ scheme: name, ...authority.value, netloc, path: after.replace(/\/+$/, '') });
}

function readAuthority(netloc: string): Result<{ host: string; port: number | null }, CoprUrlProblem> {
  if (netloc.includes('@')) return err('contains a user name or password (before an @); remove that part');
  if (netloc.includes('%')) return err('has percent-encoding in its host name');
  const split = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(netloc);
  if (!split) return err('does not have a valid host name and port');
  const [, rawHost, rawPort] = split as unknown as [string, string, string | undefined];
  const port = rawPort === undefined ? null : Number(rawPort);
  if (port !== null && (port < 1 || port > 65535)) return err('has a port outside 1 to 65535');
  const host = readHost(rawHost.toLowerCase());
  return host.ok ? ok({ host: host.value, port }) : host;
}

function readHost(host: string): Result<string, CoprUrlProblem> {
  if (host === '') return err('has no host name');
  if (host.startsWith('['))
    return isIPv6(host.slice(1, -1)) ? ok(host.slice(1, -1)) : err('has a bracketed host that is not an IPv6 address');
  const labels = host.split('.');
  if (NUMERIC_LABEL.test(labels[labels.length - 1]!))
    return isIPv4(host) ? ok(host) : err('has a numeric host that is not a plain dotted IPv4 address (like 192.0.2.1)');
  if (labels.some((label) => !DNS_LABEL.test(label)))
    return err('does not have a valid host name (letters, digits, hyphens, dots)');
  // An xn-- label that is not valid punycode is refused by browsers and `new URL`, yet looked up as is by others.
  if (domainToASCII(host) !== host) return err('has an xn-- host name label that is not valid punycode');
  return ok(host);
}

/** The GSSAPI service python-copr's requests-gssapi asks for: `HTTP@<host>`. */
export const spnegoServiceName = (url: Pick<CoprUrl, 'host'>): string => `HTTP@${url.host}`;

/** The target of `<copr_url>/<apiPath>`, joined with exactly one slash (python-copr would double a trailing one). */
export function requestTarget(url: CoprUrl, apiPath: string): RequestTarget {
  return {
    secure: url.scheme === 'https',
    hostname: url.host,
    port: url.port ?? DEFAULT_PORTS[url.scheme],
    path: `${url.path}/${apiPath.replace(/^\/+/, '')}`,
  };
}

/** `host[:port]` of a target as a URL writes it: IPv6 in brackets, the scheme's default port left out. */
export function targetAuthority(target: RequestTarget): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname;
  return target.port === DEFAULT_PORTS[target.secure ? 'https' : 'http'] ? host : `${host}:${target.port}`;
}

/** A target as a URL, for messages and as the base a redirect's `Location` is resolved against. */
export const targetHref = (target: RequestTarget): string =>
  `${target.secure ? 'https' : 'http'}://${targetAuthority(target)}${target.path}`;

/** Scheme, host and port: what a credential is bound to. */
export const targetOrigin = (t: RequestTarget): string => `${t.secure ? 's' : ''}:${t.hostname}:${t.port}`;
