import { describe, expect, it } from 'vitest';
import type { HttpOutcome } from '../../electron/services/copr/http-client.js';
import { gssFailure, joinUrl, readCoprAnswer } from '../../electron/services/copr/response.js';

const ctx = { realm: 'FEDORAPROJECT.ORG', coprUrl: 'https://copr.fedorainfracloud.org', timeoutMs: 15_000 };
const response = (status: number, body: string, headers: Record<string, string> = {}): HttpOutcome => ({
  kind: 'response',
  status,
  body,
  headers,
  url: `${ctx.coprUrl}/api_3/auth-check`,
});
const APACHE_401 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>401 Unauthorized</title></head></html>';
const NEW_USER =
  "Valid GSSAPI authentication supplied for user 'newbie', but this user doesn't exist in the Copr build system.  Please log-in using the web-UI (without GSSAPI) first.";
const NOTOK =
  '{"output":"notok","error":"Login invalid/expired. Please visit https://copr.fedorainfracloud.org/api to get or renew your API token."}';

describe('readCoprAnswer: python-copr semantics, explained better', () => {
  it('a JSON answer without "error" is success', () => {
    expect(readCoprAnswer(response(200, '{"id":1,"name":"alice"}'), 'token', ctx)).toMatchObject({
      ok: true,
      value: { json: { name: 'alice' } },
    });
  });

  it('an "error" key is a failure whatever the status', () => {
    expect(readCoprAnswer(response(200, '{"error":"odd"}'), 'token', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'http-error', status: 200, serverMessage: 'odd' },
    });
  });

  it('the Apache 401 page on gssapi_login means no usable ticket, not "not JSON"', () => {
    const answer = readCoprAnswer(
      response(401, APACHE_401, { 'www-authenticate': 'Negotiate', 'content-type': 'text/html; charset=iso-8859-1' }),
      'negotiate',
      ctx,
    );
    expect(answer).toMatchObject({ ok: false, error: { kind: 'no-ticket', realm: 'FEDORAPROJECT.ORG' } });
  });

  it('a 401 for a token keeps the server text verbatim and points at /api', () => {
    expect(readCoprAnswer(response(401, NOTOK), 'token', ctx)).toMatchObject({
      ok: false,
      error: {
        kind: 'token-rejected',
        serverMessage: JSON.parse(NOTOK).error,
        tokenUrl: 'https://copr.fedorainfracloud.org/api',
      },
    });
    expect(readCoprAnswer(response(401, NOTOK), 'session', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'session-rejected' },
    });
  });

  it('403 for a user Copr never saw is "new-user"; other 403s are "forbidden"', () => {
    expect(readCoprAnswer(response(403, JSON.stringify({ error: NEW_USER })), 'negotiate', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'new-user', serverMessage: NEW_USER },
    });
    expect(readCoprAnswer(response(403, '{"error":"nope"}'), 'negotiate', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', status: 403 },
    });
  });

  it('non-JSON, 504 and transport failures', () => {
    expect(readCoprAnswer(response(200, '<html/>', { 'content-type': 'text/html' }), 'token', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'not-json', contentType: 'text/html' },
    });
    expect(readCoprAnswer(response(504, 'Gateway Timeout'), 'token', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'timed-out', seconds: 15 },
    });
    expect(
      readCoprAnswer({ kind: 'tls-failed', host: 'h', code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'token', ctx),
    ).toMatchObject({ ok: false, error: { kind: 'tls-failed' } });
    expect(readCoprAnswer({ kind: 'redirect-refused', from: 'a', to: 'b' }, 'token', ctx)).toMatchObject({
      ok: false,
      error: { kind: 'redirect-refused', to: 'b' },
    });
  });
});

describe("gssFailure: the binding's messages (docs/kerberos.md, the kerberos binding)", () => {
  it.each([
    [
      'No credentials were supplied, or the credentials were unavailable or inaccessible: SPNEGO cannot find mechanisms to negotiate',
      'no-ticket',
    ],
    ['Unspecified GSS failure.  Minor code may provide more information: Ticket expired', 'no-ticket'],
    [
      "Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'FEDORAPROJECT.ORG'",
      'unreachable',
    ],
    [
      'Unspecified GSS failure.  Minor code may provide more information: Server krbtgt/UNMAPPED@EXAMPLE.COM not found in Kerberos database',
      'gssapi-failed',
    ],
  ])('%s', (detail, kind) => {
    expect(gssFailure(detail, 'FEDORAPROJECT.ORG', null).kind).toBe(kind);
  });
});

describe('joinUrl', () => {
  it('never doubles the slash python-copr would double', () => {
    expect(joinUrl('https://copr.example.org/', 'api_3/auth-check')).toBe('https://copr.example.org/api_3/auth-check');
    expect(joinUrl('https://copr.example.org', '/api')).toBe('https://copr.example.org/api');
  });
});
