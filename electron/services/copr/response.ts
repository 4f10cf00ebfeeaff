import type { CoprFailure } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import type { HttpOutcome } from './http-client.js';

/** An answer Copr gave without an `error`: its JSON object, and the response it came in. */
export interface CoprReply {
  readonly json: Record<string, unknown>;
  readonly outcome: HttpOutcome & { kind: 'response' };
}

/** A successful JSON answer, or why there is none. */
export type CoprAnswer = Result<CoprReply, CoprFailure>;

/** How the 401 a login was refused with is to be read. */
export type UnauthorizedAs = 'token' | 'session' | 'negotiate';

const NEW_USER = "doesn't exist in the Copr build system";

/**
 * Maps an HTTP outcome as python-copr's `handle_errors` does (a JSON `error` key means failure
 * whatever the status; 403 → auth, 504 → timeout), and better where it is vague: the Apache 401
 * page from gssapi_login means "no usable ticket", not "not JSON".
 */
export function readCoprAnswer(
  outcome: HttpOutcome,
  unauthorizedAs: UnauthorizedAs,
  ctx: { realm: string; coprUrl: string; timeoutMs: number },
): CoprAnswer {
  switch (outcome.kind) {
    case 'timed-out':
      return err({ kind: 'timed-out', url: outcome.url, seconds: Math.round(ctx.timeoutMs / 1000) });
    case 'unreachable':
      return err({ kind: 'unreachable', host: outcome.host, detail: outcome.code });
    case 'tls-failed':
      return err({ kind: 'tls-failed', host: outcome.host, detail: outcome.code });
    case 'redirect-refused':
      return err({ kind: 'redirect-refused', from: outcome.from, to: outcome.to });
    case 'bad-redirect':
      return err({
        kind: 'http-error',
        status: outcome.status,
        serverMessage: 'a redirect whose Location header is not a valid address',
      });
    case 'too-large':
      return err({ kind: 'too-large', limitBytes: outcome.limitBytes });
    case 'response':
      break;
  }
  const { status } = outcome;
  const json = parseJsonObject(outcome.body);
  if (json === null) {
    const negotiate = /^Negotiate/i.test(String(outcome.headers['www-authenticate'] ?? ''));
    if (status === 401 && negotiate)
      return err({
        kind: 'no-ticket',
        realm: ctx.realm,
        detail: 'Copr (Apache) answered 401 Negotiate: no Kerberos ticket was accepted',
      });
    if (status === 504) return err({ kind: 'timed-out', url: outcome.url, seconds: Math.round(ctx.timeoutMs / 1000) });
    return err({ kind: 'not-json', status, contentType: String(outcome.headers['content-type'] ?? '') });
  }
  const error = typeof json['error'] === 'string' ? json['error'] : null;
  if (error === null && status < 400) return ok({ json, outcome });
  const message = error ?? `HTTP ${status}`;
  if (status === 403) {
    return err(
      message.includes(NEW_USER)
        ? { kind: 'new-user', serverMessage: message, loginUrl: ctx.coprUrl }
        : { kind: 'forbidden', status, serverMessage: message },
    );
  }
  if (status === 401) {
    if (unauthorizedAs === 'token')
      return err({ kind: 'token-rejected', serverMessage: message, tokenUrl: joinUrl(ctx.coprUrl, 'api') });
    if (unauthorizedAs === 'session') return err({ kind: 'session-rejected', serverMessage: message });
    return err({ kind: 'no-ticket', realm: ctx.realm, detail: message });
  }
  if (status === 504) return err({ kind: 'timed-out', url: outcome.url, seconds: Math.round(ctx.timeoutMs / 1000) });
  return err({ kind: 'http-error', status, serverMessage: message });
}

function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** `base` + `/` + `path` without doubling the slash python-copr would double. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A GSSAPI error from the binding, as a failure: which ones mean "no ticket", which an unreachable KDC. */
export function gssFailure(detail: string, realm: string, principal: string | null): CoprFailure {
  if (
    /No credentials were supplied|No Kerberos credentials available|SPNEGO cannot find mechanisms|Ticket expired|Can't find client principal/.test(
      detail,
    )
  ) {
    return { kind: 'no-ticket', realm, detail };
  }
  if (/did not answer within/.test(detail))
    return { kind: 'unreachable', host: `the Kerberos server for ${realm}`, detail };
  const kdc = /Cannot contact any KDC for realm '([^']*)'/.exec(detail);
  if (kdc) return { kind: 'unreachable', host: `the Kerberos server for ${kdc[1]}`, detail };
  return { kind: 'gssapi-failed', principal, detail };
}
