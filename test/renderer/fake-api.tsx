/**
 * A fake AppApi for the renderer tests: canned Result values, every method a spy, and push events
 * the test can emit. Pure UI logic is under test here; the real services are tested elsewhere.
 */
import { vi } from 'vitest';
import type { ActivityEvent, AppApi } from '../../shared/contract';
import type { CoprCheck, CoprOverview } from '../../shared/copr';
import type { Diagnosis, DoctorReport } from '../../shared/doctor';
import type { CacheInfo, KrbStatus } from '../../shared/krb';
import { ok } from '../../shared/result';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** One "now" per test file, so fixtures built at different moments still compare equal. */
const BASE = Date.now();
const at = (offsetMs: number): string => new Date(BASE + offsetMs).toISOString();

/** A cache with one TGT: started an hour ago, expiring in `leftMs`, renewable for a week. */
export function cache(principal: string, primary: boolean, leftMs = 9 * HOUR, index = 0): CacheInfo {
  const realm = principal.slice(principal.indexOf('@') + 1);
  const expires = at(leftMs);
  const renewUntil = at(7 * 24 * HOUR);
  return {
    cache: `DIR::/run/user/1000/krb5cc/tkt${index}`,
    principal,
    realm,
    primary,
    state: leftMs <= 0 ? 'expired' : leftMs < 30 * MINUTE ? 'expiring' : 'valid',
    expires,
    renewUntil,
    tickets: [
      {
        server: `krbtgt/${realm}@${realm}`,
        starts: at(-HOUR),
        expires,
        renewUntil,
        flags: ['forwardable', 'renewable', 'initial', 'pre-authenticated'],
        sessionEnctype: 'aes256-cts-hmac-sha1-96',
        ticketEnctype: 'aes256-cts-hmac-sha1-96',
      },
      {
        server: `HTTP/copr.example.test@${realm}`,
        starts: at(-HOUR / 2),
        expires,
        renewUntil: null,
        flags: ['forwardable'],
        sessionEnctype: 'aes128-cts-hmac-sha256-128',
        ticketEnctype: 'aes256-cts-hmac-sha384-192',
      },
    ],
  };
}

/** The documented wrong-primary case: the work ticket (EXAMPLE.COM) is primary, Fedora's is not. */
export function twoIdentities(): KrbStatus {
  return {
    collection: { name: 'DIR:/run/user/1000/krb5cc', type: 'DIR', switchable: true },
    primary: 'alice@EXAMPLE.COM',
    caches: [cache('alice@EXAMPLE.COM', true, 9 * HOUR, 0), cache('alice@FEDORAPROJECT.ORG', false, 20 * MINUTE, 1)],
    takenAt: at(0),
  };
}

/** A collection with no caches. */
export function noTickets(type: 'DIR' | 'FILE' = 'DIR'): KrbStatus {
  return {
    collection: {
      name: type === 'FILE' ? 'FILE:/tmp/krb5cc_1000' : 'DIR:/run/user/1000/krb5cc',
      type,
      switchable: type !== 'FILE',
    },
    primary: null,
    caches: [],
    takenAt: at(0),
  };
}

/** Fedora's Copr with a token and gssapi unset: copr-cli would use the token, the API too. */
export function overview(): CoprOverview {
  return {
    config: {
      path: '/home/alice/.config/copr',
      exists: true,
      coprUrl: 'https://copr.fedorainfracloud.org',
      netloc: 'copr.fedorainfracloud.org',
      host: 'copr.fedorainfracloud.org',
      username: 'alice',
      login: 'aliceLogin',
      hasToken: true,
      tokenExpires: new Date(Date.now() + 20 * 24 * HOUR).toISOString().slice(0, 10),
      gssapi: null,
      encrypted: true,
    },
    cli: { semantics: 'cli', method: 'token', reason: 'copr-cli prefers the API token in the config over Kerberos.' },
    api: { semantics: 'api', method: 'gssapi', reason: 'The script turned gssapi on and there is no token.' },
    identity: { wouldUse: 'alice@EXAMPLE.COM', why: 'primary', realm: 'FEDORAPROJECT.ORG' },
    pinned: null,
    pin: null,
    sessionCorrupt: null,
    session: {
      path: '/home/alice/.cache/copr/copr.fedorainfracloud.org-session',
      name: 'alice',
      expiresAt: at(3 * HOUR),
      valid: true,
    },
  };
}

/** A failed GSSAPI check where another cache would have worked. */
export function failedCheck(): CoprCheck {
  return {
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/alice/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    ok: false,
    error: { kind: 'gssapi-failed', principal: 'alice@EXAMPLE.COM', detail: 'Server not found in Kerberos database' },
    durationMs: 412,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    advice: {
      identity: { wouldUse: 'alice@EXAMPLE.COM', why: 'primary', realm: 'FEDORAPROJECT.ORG' },
      workingPrincipal: 'alice@FEDORAPROJECT.ORG',
      remedies: [
        { kind: 'switch', principal: 'alice@FEDORAPROJECT.ORG' },
        { kind: 'pin', principal: 'alice@FEDORAPROJECT.ORG', host: 'copr.fedorainfracloud.org' },
      ],
    },
  };
}

/** A successful check. */
export function goodCheck(): CoprCheck {
  return {
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/alice/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    ok: true,
    value: { user: 'alice', principal: 'alice@FEDORAPROJECT.ORG', staleSession: false },
    durationMs: 1234,
    session: 'created',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    advice: {
      identity: { wouldUse: 'alice@FEDORAPROJECT.ORG', why: 'primary', realm: 'FEDORAPROJECT.ORG' },
      workingPrincipal: null,
      remedies: [],
    },
  };
}

/** A check that worked from a saved session no ticket backs any more. */
export function staleCheck(): CoprCheck {
  const good = goodCheck();
  return {
    ...good,
    method: 'token',
    session: 'reused',
    ok: true,
    value: { user: 'alice', principal: null, staleSession: true },
    advice: { ...good.advice, remedies: [{ kind: 'clear-session' }] },
  };
}

/** The doctor's answer for the wrong-primary case, plus one finding whose fix needs a password. */
export function report(): DoctorReport {
  return {
    checkedAt: at(0),
    findings: [
      {
        id: 'wrong-primary',
        severity: 'error',
        title: 'Copr will use your EXAMPLE.COM ticket',
        detail: 'The primary identity is alice@EXAMPLE.COM, but Copr needs a FEDORAPROJECT.ORG ticket.',
        evidence: ['primary: alice@EXAMPLE.COM', 'copr host realm: none (primary is used)'],
        fixes: [
          {
            id: 'switch-primary',
            label: 'Make alice@FEDORAPROJECT.ORG primary',
            command: ['ticket-tray', 'switch', 'alice@FEDORAPROJECT.ORG'],
          },
        ],
      },
      {
        id: 'ticket-expiring',
        severity: 'warning',
        title: 'Your Fedora ticket expires in 20 minutes',
        detail: 'Renew it, or log in again when the renewal period is over.',
        evidence: ['expires: soon'],
        fixes: [
          {
            id: 'fedora-login',
            label: 'Get a new Fedora ticket',
            command: ['ticket-tray', 'login', 'bob@FEDORAPROJECT.ORG', '--fedora'],
            needsPassword: true,
          },
        ],
      },
    ],
  };
}

/** Two events, the older first. */
export function activity(): ActivityEvent[] {
  return [
    {
      at: at(-2 * HOUR),
      kind: 'obtained',
      principal: 'alice@FEDORAPROJECT.ORG',
      message: 'Got a ticket for alice@FEDORAPROJECT.ORG.',
    },
    { at: at(-HOUR), kind: 'switched', principal: 'alice@EXAMPLE.COM', message: 'alice@EXAMPLE.COM became primary.' },
  ];
}

/** Settings with two Copr profiles and a saved Fedora user. */
export function settings(): Settings {
  return {
    ...DEFAULT_SETTINGS,
    fedoraUser: 'alice',
    coprProfiles: [
      { name: 'Fedora Copr', configPath: null },
      { name: 'Staging', configPath: '/home/alice/.config/copr-stg' },
    ],
  };
}

/** What the fake's applyFix says it did. */
export const FIX_MESSAGE = 'alice@FEDORAPROJECT.ORG is now primary.';

/** The fake, with `emitStatus`/`emitActivity` to play main's push events. */
export type FakeApi = { [K in keyof AppApi]: AppApi[K] & ReturnType<typeof vi.fn> } & {
  emitStatus(status: KrbStatus): void;
  emitActivity(event: ActivityEvent): void;
  emitDiagnosis(diagnosis: Diagnosis): void;
  listenerCount(): number;
};

/** A fake AppApi answering with the fixtures above; `overrides` replace single methods. */
export function fakeApi(overrides: Partial<AppApi> = {}, status: KrbStatus = twoIdentities()): FakeApi {
  const statusListeners = new Set<(s: KrbStatus) => void>();
  const activityListeners = new Set<(e: ActivityEvent) => void>();
  const diagnosisListeners = new Set<(d: Diagnosis) => void>();
  const api: AppApi = {
    getStatus: async () => ok(status),
    login: async (request) => ok({ principal: request.principal, status }),
    switchPrimary: async (principal) => ok({ principal, status }),
    renew: async (principal) => ok({ principal: principal ?? status.primary ?? '', status }),
    destroy: async () => ok(status),
    destroyAll: async () => ok(noTickets()),
    changePassword: async (request) =>
      ok({ principal: request.principal, confirmedBy: 'new-password-login', changedAt: at(0) }),
    coprOverview: async () => ok(overview()),
    coprCheck: async () => goodCheck(),
    coprClearSession: async () =>
      ok({ path: '/home/alice/.cache/copr/copr.fedorainfracloud.org-session', removed: true }),
    coprPin: async () => ok({ host: 'copr.fedorainfracloud.org', changed: true }),
    coprUnpin: async () => ok({ host: 'copr.fedorainfracloud.org', changed: true }),
    coprSetGssapi: async (on) => ok({ ...overview().config, gssapi: on }),
    doctor: async () => report(),
    applyFix: async (fixId) => ({ fixId, ok: true, message: FIX_MESSAGE }),
    doctorReport: async () => 'Ticket Tray report\nwrong-primary: Copr will use your EXAMPLE.COM ticket',
    getDiagnosis: async () => null,
    getSettings: async () => settings(),
    updateSettings: async (patch) => ok({ ...settings(), ...patch }),
    getActivity: async () => activity(),
    openExternal: async () => ok(undefined),
    onStatusChanged: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onActivity: (listener) => {
      activityListeners.add(listener);
      return () => activityListeners.delete(listener);
    },
    onDiagnosis: (listener) => {
      diagnosisListeners.add(listener);
      return () => diagnosisListeners.delete(listener);
    },
    ...overrides,
  };
  const spied = Object.fromEntries(
    Object.entries(api).map(([key, fn]) => [key, vi.fn(fn as (...args: unknown[]) => unknown)]),
  );
  return {
    ...(spied as unknown as FakeApi),
    emitStatus: (s) => statusListeners.forEach((l) => l(s)),
    emitActivity: (e) => activityListeners.forEach((l) => l(e)),
    emitDiagnosis: (d) => diagnosisListeners.forEach((l) => l(d)),
    listenerCount: () => statusListeners.size + activityListeners.size + diagnosisListeners.size,
  };
}

/** A promise the test settles by hand, to look at the UI while a call is running. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
