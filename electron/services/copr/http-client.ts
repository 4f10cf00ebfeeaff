import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { APP_NAME, APP_VERSION } from '../../../shared/app-info.js';
import { type RequestTarget, targetAuthority, targetHref, targetOrigin } from './url.js';

/**
 * Copr sits behind bot protection that keys on the User-Agent; copr-cli sends `copr copr-cli/<v>`
 * for that reason (copr-cli main.py), so we name ourselves the same way.
 */
export const USER_AGENT = `copr ${APP_NAME}/${APP_VERSION}`;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Where to send it, from the one parse of copr_url (url.ts): no URL string is read again here. */
  readonly target: RequestTarget;
  /** Credentials go here (Authorization, Cookie); they are sent only to the target's own origin. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Extra trusted CA certificates (PEM), for private instances with their own CA. */
  readonly ca?: string;
}

export type HttpOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: string;
      readonly url: string;
    }
  | { readonly kind: 'timed-out'; readonly url: string }
  | { readonly kind: 'unreachable'; readonly host: string; readonly code: string }
  | { readonly kind: 'tls-failed'; readonly host: string; readonly code: string }
  | { readonly kind: 'redirect-refused'; readonly from: string; readonly to: string }
  /** A redirect whose `Location` is no URL at all (`http://[::1`). */
  | { readonly kind: 'bad-redirect'; readonly status: number; readonly location: string }
  | { readonly kind: 'too-large'; readonly limitBytes: number };

const MAX_SAME_ORIGIN_REDIRECTS = 3;

/**
 * One HTTP exchange with the guarantees a client holding a token or session cookie needs: a
 * deadline for the whole exchange (a server that drips bytes cannot hold us), a body size limit,
 * and redirects followed only within the same origin. A redirect elsewhere, or from https to
 * http, is refused rather than followed without credentials: the answer would not be Copr's.
 */
export async function httpExchange(req: HttpRequest): Promise<HttpOutcome> {
  const deadline = Date.now() + req.timeoutMs;
  let target = req.target;
  for (let hop = 0; ; hop++) {
    const outcome = await oneExchange(req, target, deadline);
    if (outcome.kind !== 'response' || outcome.status < 300 || outcome.status >= 400 || !outcome.headers.location)
      return outcome;
    const location = readLocation(outcome.headers.location, target);
    if (location === null) return { kind: 'bad-redirect', status: outcome.status, location: outcome.headers.location };
    const next = webTarget(location);
    if (next === null || targetOrigin(next) !== targetOrigin(target) || hop >= MAX_SAME_ORIGIN_REDIRECTS)
      return { kind: 'redirect-refused', from: targetHref(target), to: next ? targetHref(next) : location.href };
    target = next;
  }
}

/**
 * A `Location` is the server's text, not copr_url: it is read as a browser would, and the origin
 * check and the next request both use that one reading. Null when it is no URL at all.
 */
function readLocation(location: string, from: RequestTarget): URL | null {
  try {
    return new URL(location, targetHref(from));
  } catch {
    return null;
  }
}

/** An http(s) URL as a request target; null for any other scheme. */
function webTarget(url: URL): RequestTarget | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const secure = url.protocol === 'https:';
  return {
    secure,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
  };
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|EPROTO/;

function oneExchange(req: HttpRequest, target: RequestTarget, deadline: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const href = targetHref(target);
    const host = targetAuthority(target);
    const remaining = deadline - Date.now();
    if (remaining <= 0) return resolve({ kind: 'timed-out', url: href });
    const send = target.secure ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = send(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: req.method,
        headers: { 'User-Agent': USER_AGENT, Accept: 'application/json', ...req.headers },
        ...(req.ca ? { ca: req.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxBytes) return finish({ kind: 'too-large', limitBytes: req.maxBytes });
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish({
            kind: 'response',
            status: response.statusCode ?? 0,
            headers: response.headers,
            url: href,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', () => finish({ kind: 'unreachable', host, code: 'ECONNRESET' }));
      },
    );
    const timer = setTimeout(() => finish({ kind: 'timed-out', url: href }), remaining);
    request.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? e.message;
      finish(TLS_CODES.test(code) ? { kind: 'tls-failed', host, code } : { kind: 'unreachable', host, code });
    });
    request.end();
  });
}

/** The value of one cookie from Set-Cookie headers. */
export function cookieFrom(headers: IncomingHttpHeaders, name: string): string | null {
  for (const line of headers['set-cookie'] ?? []) {
    const [pair] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return null;
}
