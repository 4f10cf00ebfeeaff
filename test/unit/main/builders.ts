/**
 * Small builders for the main-process unit tests: snapshots and Copr checks with times relative to
 * a fixed `T0`, so every test reads as "expires in 20 minutes" rather than as ISO strings.
 */
import type { CoprCheck, CoprCheckFacts, CoprFailure } from '../../../shared/copr.js';
import type { CacheInfo, KrbStatus, TicketFlag } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.js';

export const T0 = Date.parse('2026-11-28T12:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const iso = (ms: number) => new Date(ms).toISOString();

export const ALICE = 'alice@FEDORAPROJECT.ORG';
export const WORK = 'alice@EXAMPLE.COM';

export interface CacheOptions {
  /** ms after T0 (negative: already expired); null for an uninitialised cache. */
  readonly expiresIn?: number | null;
  /** renew-until, ms after T0; null: not renewable. Default 7 days. */
  readonly renewUntilIn?: number | null;
  readonly primary?: boolean;
  readonly renewable?: boolean;
  readonly cache?: string;
}

/** One cache holding a TGT for `principal`. */
export function cache(principal: string | null, o: CacheOptions = {}): CacheInfo {
  const realm = principal ? realmOf(principal) : null;
  const expiresIn = o.expiresIn === undefined ? 10 * HOUR : o.expiresIn;
  const renewUntilIn = o.renewUntilIn === undefined ? 7 * 24 * HOUR : o.renewUntilIn;
  const expires = expiresIn === null ? null : iso(T0 + expiresIn);
  const renewUntil = renewUntilIn === null || expires === null ? null : iso(T0 + renewUntilIn);
  const flags: TicketFlag[] = [
    'forwardable',
    'initial',
    'pre-authenticated',
    ...(o.renewable === false || renewUntil === null ? [] : (['renewable'] as const)),
  ];
  return {
    cache: o.cache ?? `DIR::/run/user/1000/krb5cc/tkt-${principal ?? 'empty'}`,
    principal,
    realm,
    primary: o.primary ?? false,
    state: expires === null ? 'empty' : (expiresIn ?? 0) <= 0 ? 'expired' : 'valid',
    expires,
    renewUntil,
    tickets:
      expires === null
        ? []
        : [
            {
              server: `krbtgt/${realm}@${realm}`,
              starts: iso(T0 + (expiresIn ?? 0) - 10 * HOUR),
              expires,
              renewUntil,
              flags,
              sessionEnctype: 'aes256-cts-hmac-sha1-96',
              ticketEnctype: 'aes256-cts-hmac-sha1-96',
            },
          ],
  };
}

/** A DIR collection snapshot taken at `takenAt` (default T0). */
export function status(caches: readonly CacheInfo[], o: { switchable?: boolean; takenAt?: number } = {}): KrbStatus {
  return {
    collection: {
      name: 'DIR:/run/user/1000/krb5cc',
      type: o.switchable === false ? 'FILE' : 'DIR',
      switchable: o.switchable ?? true,
    },
    primary: caches.find((c) => c.primary)?.principal ?? null,
    caches,
    takenAt: iso(o.takenAt ?? T0),
  };
}

/** A Copr check result. */
export function coprCheck(o: {
  ok: boolean;
  user?: string | null;
  wouldUse?: string | null;
  /** What stopped a failed check; default: a GSSAPI failure with `message` as the library's words. */
  failure?: CoprFailure;
  message?: string;
}): CoprCheck {
  const facts: CoprCheckFacts = {
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/alice/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    durationMs: 120,
    session: o.ok ? 'created' : 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    advice: {
      identity: o.wouldUse === undefined ? null : { wouldUse: o.wouldUse, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
      workingPrincipal: null,
      remedies: [],
    },
  };
  return o.ok
    ? { ...facts, ok: true, value: { user: o.user ?? 'alice', principal: ALICE, staleSession: false } }
    : {
        ...facts,
        ok: false,
        error: o.failure ?? { kind: 'gssapi-failed', principal: null, detail: o.message ?? 'failed' },
      };
}

export const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });
