/**
 * What every part of the Copr service shares: the options it was made with, loading the config a
 * call is about, one HTTP request to Copr, and which Kerberos identity GSSAPI would pick.
 */
import type { CoprConfigSummary, CoprFailure, IdentityChoice } from '../../../shared/copr.js';
import { FEDORA_REALM, type KrbStatus } from '../../../shared/krb.js';
import type { Result } from '../../../shared/result.js';
import { k5identityPath, pinnedPrincipal, readPins } from '../kerberos/k5identity.js';
import { loadKrb5Config, realmForHost } from '../kerberos/krb5-conf.js';
import type { KrbService, ToolEnv } from '../kerberos/service.js';
import { defaultCoprConfigPath, homeFrom, loadCoprConfig, type LoadedCoprConfig } from './config.js';
import { httpExchange } from './http-client.js';
import { type CoprAnswer, joinUrl, readCoprAnswer, type UnauthorizedAs } from './response.js';
import { sessionCachePath } from './session-cache.js';
import { type RequestTarget, parseCoprUrl, requestTarget } from './url.js';

export interface CoprServiceOptions {
  readonly krb: KrbService;
  /** Where HOME (config, session cache, ~/.k5identity) and the Kerberos variables come from. Default: the Kerberos service's. */
  readonly env?: ToolEnv;
  /** Per request. python-copr has none on gssapi_login; a hung server must not hang the check. Default 15 s. */
  readonly timeoutMs?: number;
  /**
   * One whole check, every step included (the search for a working ticket across several caches
   * makes one call per cache, each with its own `timeoutMs`). Default 30 s.
   */
  readonly checkDeadlineMs?: number;
  /** No Copr answer we read is anywhere near this. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Extra CA certificates (PEM) trusted for Copr, for private instances. */
  readonly ca?: string;
  readonly now?: () => number;
}

export interface CoprTarget {
  /** A Copr config file given explicitly (a missing one is then an error); default `~/.config/copr`. */
  readonly configPath?: string;
}

/** The options with their defaults filled in. */
export interface CoprContext {
  readonly krb: KrbService;
  readonly env: ToolEnv;
  readonly timeoutMs: number;
  readonly checkDeadlineMs: number;
  readonly maxBytes: number;
  readonly ca: string | undefined;
  readonly now: () => number;
}

/** A context whose steps share one deadline; `expired` says whether it has passed. */
export interface DeadlineContext extends CoprContext {
  expired(): boolean;
}

export function coprContext(options: CoprServiceOptions): CoprContext {
  return {
    krb: options.krb,
    env: options.env ?? options.krb.env,
    timeoutMs: options.timeoutMs ?? 15_000,
    checkDeadlineMs: options.checkDeadlineMs ?? 30_000,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    ca: options.ca,
    now: options.now ?? Date.now,
  };
}

/**
 * The same context with one deadline, `totalMs` from now, over everything done with it: its
 * `timeoutMs` is each step's own limit cut to the time that is left, so the steps that take a
 * timeout (requests, Kerberos calls, the session lock) need not know about the deadline. Measured
 * on the monotonic clock, not `now` (which tests may fix).
 */
export function withOverallDeadline(ctx: CoprContext, totalMs: number): DeadlineContext {
  const ends = performance.now() + totalMs;
  const left = () => Math.max(0, Math.floor(ends - performance.now()));
  return Object.defineProperty({ ...ctx, expired: () => left() === 0 }, 'timeoutMs', {
    get: () => Math.min(ctx.timeoutMs, left()),
    enumerable: true,
  });
}

/** The config file a call is about, as python-copr would read it. */
export function configPathOf(ctx: CoprContext, target: CoprTarget): string {
  return target.configPath ?? defaultCoprConfigPath(ctx.env);
}

export async function loadTarget(ctx: CoprContext, target: CoprTarget): Promise<Result<LoadedCoprConfig, CoprFailure>> {
  return loadCoprConfig(configPathOf(ctx, target), target.configPath !== undefined);
}

/** python-copr's saved session for this config's host. */
export function sessionFileOf(ctx: CoprContext, config: CoprConfigSummary): string {
  // Never '' or '/' (files/home.ts): without a usable home, no session cache is read or written.
  return sessionCachePath(homeFrom(ctx.env), config.netloc);
}

/** One request to Copr, within the deadline and size limit, read as python-copr reads answers. */
export async function coprRequest(
  ctx: CoprContext,
  request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; as: UnauthorizedAs },
  config: CoprConfigSummary,
  realm: string,
): Promise<CoprAnswer> {
  // Read once: under an overall deadline it shrinks while the request runs.
  const timeoutMs = ctx.timeoutMs;
  const outcome = await httpExchange({
    method: request.method,
    target: requestTargetOf(config, request.url),
    headers: request.headers,
    timeoutMs,
    maxBytes: ctx.maxBytes,
    ...(ctx.ca ? { ca: ctx.ca } : {}),
  });
  return readCoprAnswer(outcome, request.as, { realm, coprUrl: config.coprUrl, timeoutMs });
}

/**
 * Where a request for `url` (copr_url joined with an API path) goes: the scheme, host and port of
 * the one parse of copr_url, and only the API path from `url`. A loaded config's copr_url always
 * parses, and every caller builds `url` with `joinUrl(config.coprUrl, …)`: anything else is a bug.
 */
export function requestTargetOf(config: CoprConfigSummary, url: string): RequestTarget {
  const parsed = parseCoprUrl(config.coprUrl);
  const base = joinUrl(config.coprUrl, '');
  if (!parsed.ok || !url.startsWith(base)) throw new Error('a Copr request outside the configured copr_url');
  return requestTarget(parsed.value, url.slice(base.length));
}

/** A caller that has just taken a snapshot (the doctor) hands it in; otherwise one is taken. */
export async function snapshotOf(ctx: CoprContext, given: KrbStatus | null | undefined): Promise<KrbStatus | null> {
  if (given !== undefined) return given;
  const status = await ctx.krb.status();
  return status.ok ? status.value : null;
}

/** Which ticket GSSAPI picks for the Copr host, and the realm Copr's Kerberos login needs (the host's realm in krb5.conf, else Fedora's). */
export async function identityFor(
  ctx: CoprContext,
  config: CoprConfigSummary,
  status: KrbStatus | null,
): Promise<IdentityChoice> {
  const conf = await loadKrb5Config(ctx.env);
  const hostRealm = realmForHost(conf, config.host);
  const realm = hostRealm ?? FEDORA_REALM;
  const pinned = await pinnedFor(ctx, config.host);
  if (pinned) return { wouldUse: pinned, why: 'pinned', realm };
  const usable = (status?.caches ?? []).filter(
    (c) => c.principal !== null && (c.state === 'valid' || c.state === 'expiring'),
  );
  if (hostRealm)
    return {
      wouldUse: usable.find((c) => c.realm === hostRealm)?.principal ?? status?.primary ?? null,
      why: 'host-realm',
      realm,
    };
  return { wouldUse: status?.primary ?? null, why: 'primary', realm };
}

/** The principal `~/.k5identity` pins for a host, if any. */
export async function pinnedFor(ctx: CoprContext, host: string): Promise<string | null> {
  const pins = await readPins(k5identityPath(ctx.env));
  return pins.exists ? pinnedPrincipal(pins.text, host) : null;
}

/** Whether the snapshot holds a usable ticket for the realm. */
export function hasLiveTicket(status: KrbStatus | null, realm: string): boolean {
  return status?.caches.some((c) => c.realm === realm && (c.state === 'valid' || c.state === 'expiring')) ?? false;
}
