import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { APP_NAME, APP_VERSION } from '../../../shared/app-info.js';

/**
 * Copr sits behind bot protection that keys on the User-Agent; copr-cli sends `copr copr-cli/<v>`
 * for that reason (copr-cli main.py), so we name ourselves the same way.
 */
export const USER_AGENT = `copr ${APP_NAME}/${APP_VERSION}`;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** Credentials go here (Authorization, Cookie); they are sent only to `url`'s own origin. */
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
  let url = new URL(req.url);
  for (let hop = 0; ; hop++) {
    const outcome = await oneExchange(req, url, deadline);
    if (outcome.kind !== 'response' || outcome.status < 300 || outcome.status >= 400 || !outcome.headers.location)
      return outcome;
    const next = new URL(outcome.headers.location, url);
    if (next.origin !== url.origin || hop >= MAX_SAME_ORIGIN_REDIRECTS)
      return { kind: 'redirect-refused', from: url.href, to: next.href };
    url = next;
  }
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|EPROTO/;

function oneExchange(req: HttpRequest, url: URL, deadline: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return resolve({ kind: 'timed-out', url: url.href });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = send(
      url,
      {
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
            url: url.href,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', () => finish({ kind: 'unreachable', host: url.host, code: 'ECONNRESET' }));
      },
    );
    const timer = setTimeout(() => finish({ kind: 'timed-out', url: url.href }), remaining);
    request.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? e.message;
      finish(
        TLS_CODES.test(code)
          ? { kind: 'tls-failed', host: url.host, code }
          : { kind: 'unreachable', host: url.host, code },
      );
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
