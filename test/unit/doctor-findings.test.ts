import { describe, expect, it } from 'vitest';
import { type DoctorFacts, findingsFrom } from '../../electron/services/doctor/findings.js';
import { classifyFailure } from '../../electron/services/kerberos/classify.js';
import type { CoprCheck, CoprOverview } from '../../shared/copr.js';
import { formatLocalTime } from '../../shared/duration.js';
import type { KrbStatus } from '../../shared/krb.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

const status: KrbStatus = {
  collection: { name: 'KCM:', type: 'KCM', switchable: true },
  primary: null,
  caches: [],
  takenAt: new Date(NOW).toISOString(),
};
const overview: CoprOverview = {
  config: {
    path: '/home/u/.config/copr',
    exists: true,
    coprUrl: 'https://copr.fedorainfracloud.org',
    netloc: 'copr.fedorainfracloud.org',
    host: 'copr.fedorainfracloud.org',
    username: null,
    login: null,
    hasToken: false,
    tokenExpires: null,
    gssapi: true,
    encrypted: true,
  },
  cli: { semantics: 'cli', method: 'gssapi', reason: '' },
  api: { semantics: 'api', method: 'gssapi', reason: '' },
  identity: { wouldUse: null, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
  pinned: null,
  pin: null,
  session: null,
  sessionCorrupt: null,
};
const facts = (extra: Partial<DoctorFacts>): DoctorFacts => ({
  now: NOW,
  status: { ok: true, value: status },
  realmConfigured: true,
  krb5Files: ['/etc/krb5.conf'],
  overview: { ok: true, value: overview },
  check: null,
  ...extra,
});

/** kinit's words for a KDC whose clock differs by more than five minutes (KRB5KRB_AP_ERR_SKEW); not reproducible on one machine. */
const SKEW = {
  kind: 'exited' as const,
  exitCode: 1,
  stdout: '',
  stderr: 'kinit: Clock skew too great while getting initial credentials\n',
};

describe('findingsFrom (pure rules)', () => {
  it('clock-skew from the recorded kinit message, in the probe or in a failed login', () => {
    const failure = classifyFailure(SKEW, { tool: 'kinit', timeoutMs: 15_000, armorStep: true });
    expect(failure.kind).toBe('clock-skew');
    for (const f of [{ loginProbe: failure }, { lastLoginFailure: failure }]) {
      const found = findingsFrom(facts(f)).find((x) => x.id === 'clock-skew');
      expect(found).toMatchObject({
        severity: 'error',
        title: "Your computer's clock is wrong",
        evidence: ['kinit: Clock skew too great while getting initial credentials'],
      });
    }
  });

  it('the same problem seen twice is one finding', () => {
    const failure = classifyFailure(SKEW, { tool: 'kinit', timeoutMs: 15_000 });
    expect(
      findingsFrom(facts({ loginProbe: failure, lastLoginFailure: failure })).filter((x) => x.id === 'clock-skew'),
    ).toHaveLength(1);
  });

  it('no ticket matters less when Copr uses a token', () => {
    const tokenOverview = {
      ...overview,
      config: { ...overview.config, hasToken: true },
      cli: { ...overview.cli, method: 'token' as const },
    };
    const found = findingsFrom(facts({ overview: { ok: true, value: tokenOverview } }));
    expect(found.find((x) => x.id === 'no-ticket')?.severity).toBe('info');
    expect(found.find((x) => x.id === 'token-priority')?.severity).toBe('info');
  });

  it('token-expiring counts days to the expiration date', () => {
    const soon = { ...overview, config: { ...overview.config, hasToken: true, tokenExpires: '2026-12-05' } };
    const later = { ...overview, config: { ...overview.config, hasToken: true, tokenExpires: '2027-01-30' } };
    expect(findingsFrom(facts({ overview: { ok: true, value: soon } })).map((x) => x.id)).toContain('token-expiring');
    expect(findingsFrom(facts({ overview: { ok: true, value: later } })).map((x) => x.id)).not.toContain(
      'token-expiring',
    );
  });

  it('the weekly full login: renew-until within a day', () => {
    const cache = {
      cache: 'KCM:0:1',
      principal: 'alice@FEDORAPROJECT.ORG',
      realm: 'FEDORAPROJECT.ORG',
      primary: true,
      state: 'valid' as const,
      expires: '2026-11-28T20:00:00.000Z',
      renewUntil: '2026-11-29T06:00:00.000Z',
      tickets: [],
    };
    const found = findingsFrom(
      facts({ status: { ok: true, value: { ...status, primary: cache.principal, caches: [cache] } } }),
    );
    expect(found.map((x) => x.id)).toEqual(['renew-until-near']);
  });

  it('lists errors first, then warnings, then notes', () => {
    const tokenOverview = {
      ...overview,
      config: { ...overview.config, hasToken: true, tokenExpires: '2026-12-01' },
      cli: { ...overview.cli, method: 'token' as const },
    };
    const skew = classifyFailure(SKEW, { tool: 'kinit', timeoutMs: 15_000 });
    const severities = findingsFrom(facts({ overview: { ok: true, value: tokenOverview }, loginProbe: skew })).map(
      (x) => x.severity,
    );
    expect(severities).toEqual(
      [...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)),
    );
    expect(new Set(severities)).toEqual(new Set(['error', 'warning', 'info']));
  });

  it('missing tools are named', () => {
    expect(
      findingsFrom(facts({ status: { ok: false, error: { kind: 'tool-missing', tool: 'klist' } } }))[0],
    ).toMatchObject({ id: 'tools-missing', severity: 'error' });
  });
});

describe('findingsFrom: the Copr check', () => {
  const WORK = 'alice@EXAMPLE.COM';
  const FEDORA = 'alice@FEDORAPROJECT.ORG';
  /** The findings that come from the check (the empty snapshot adds no-ticket beside them). */
  const fromCheck = (check: CoprCheck) => findingsFrom(facts({ check })).filter((f) => f.id !== 'no-ticket');
  const checkFacts = {
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/u/.config/copr',
    semantics: 'cli',
    method: 'gssapi',
    durationMs: 10,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
  } as const;

  it('wrong-primary comes from the advice: the identity GSSAPI picks, and the ticket that works', () => {
    const check: CoprCheck = {
      ...checkFacts,
      ok: false,
      error: { kind: 'gssapi-failed', principal: WORK, detail: 'Server not found in Kerberos database' },
      advice: {
        identity: { wouldUse: WORK, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
        workingPrincipal: FEDORA,
        remedies: [
          { kind: 'switch', principal: FEDORA },
          { kind: 'pin', principal: FEDORA, host: 'copr.fedorainfracloud.org' },
        ],
      },
    };
    const found = fromCheck(check);
    expect(found.map((f) => f.id)).toEqual(['wrong-primary']);
    expect(found[0]).toMatchObject({
      detail: `Copr would use ${WORK} (primary); your ticket ${FEDORA} works: make it primary, or pin it for this host.`,
      evidence: [`GSSAPI would use ${WORK} (primary)`, `${FEDORA} works`],
    });
    expect(found[0]!.fixes.map((f) => f.id)).toEqual([`switch:${FEDORA}`, `pin:${FEDORA}`]);
  });

  it('a stale session is read from the confirmation, and names the user Copr confirmed', () => {
    const check: CoprCheck = {
      ...checkFacts,
      session: 'reused',
      ok: true,
      value: { user: 'alice', principal: null, staleSession: true },
      advice: { identity: null, workingPrincipal: null, remedies: [{ kind: 'clear-session' }] },
    };
    const found = fromCheck(check);
    expect(found).toEqual([expect.objectContaining({ id: 'stale-session', evidence: ['saved session for alice'] })]);
    expect(found[0]!.fixes.map((f) => f.id)).toEqual(['clear-session']);
  });
});

describe('findingsFrom: a saved session that hides the fresh login', () => {
  const FEDORA = 'alice@FEDORAPROJECT.ORG';
  const WORK = 'alice@EXAMPLE.COM';
  const expiresAt = '2026-11-28T20:00:00.000Z';
  const hiding = (sessionHides: 'login-fails' | 'other-user', freshOk: boolean): CoprCheck => ({
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/u/copr staging.conf',
    semantics: 'cli',
    method: 'gssapi',
    durationMs: 10,
    session: 'reused',
    sessionRejected: false,
    savedSession: { path: '/home/u/.cache/copr/x-session', user: 'alice', expiresAt },
    freshLogin: freshOk
      ? { principal: 'newbie@FEDORAPROJECT.ORG', ok: true, user: 'newbie', error: null, failure: null }
      : {
          principal: WORK,
          ok: false,
          user: null,
          error: { code: 'gssapi-failed', message: 'Kerberos could not log in to Copr.' },
          failure: { kind: 'gssapi-failed', principal: WORK, detail: 'x' },
        },
    sessionHides,
    ok: true,
    value: { user: 'alice', principal: null, staleSession: false },
    advice: {
      identity: { wouldUse: WORK, why: 'primary', realm: 'FEDORAPROJECT.ORG' },
      workingPrincipal: FEDORA,
      remedies: [],
    },
  });

  it('is a warning saying when it starts failing, with switch, pin and clear, each for the config diagnosed', () => {
    const found = findingsFrom(
      facts({ check: hiding('login-fails', false), coprConfigPath: '/home/u/copr staging.conf' }),
    ).filter((f) => f.id !== 'no-ticket');
    expect(found.map((f) => [f.id, f.severity])).toEqual([['session-hides-identity-problem', 'warning']]);
    expect(found[0]!.detail).toContain(`copr-cli and this check start failing at ${formatLocalTime(expiresAt)}`);
    expect(found[0]!.fixes.map((f) => f.command)).toEqual([
      ['ticket-tray', 'switch', FEDORA],
      ['ticket-tray', 'copr', 'pin', FEDORA, '--copr-config', '/home/u/copr staging.conf'],
      ['ticket-tray', 'copr', 'session', '--clear', '--copr-config', '/home/u/copr staging.conf'],
    ]);
  });

  it('names both users when the fresh login is someone else', () => {
    const found = findingsFrom(facts({ check: hiding('other-user', true) })).find(
      (f) => f.id === 'session-hides-identity-problem',
    );
    expect(found?.detail).toContain('a fresh Kerberos login uses newbie@FEDORAPROJECT.ORG, whom Copr knows as newbie');
    expect(found?.fixes.at(-1)?.command).toEqual(['ticket-tray', 'copr', 'session', '--clear']);
  });

  it('a damaged session cache is an error with "clear it", whatever the check says', () => {
    const damaged = {
      ...overview,
      sessionCorrupt: { path: '/home/u/.cache/copr/x-session', problem: 'the file is empty' },
    };
    const found = findingsFrom(facts({ overview: { ok: true, value: damaged } })).find(
      (f) => f.id === 'session-cache-corrupt',
    );
    expect(found).toMatchObject({ severity: 'error', fixes: [{ id: 'clear-session', label: 'Clear it' }] });
  });
});

describe('findingsFrom: the note on Python scripts and Kerberos, only where it matters', () => {
  const NOTE = 'api-gssapi-off';
  const withConfig = (config: Partial<CoprOverview['config']>, check: CoprCheck | null = null) => {
    const cfg = { ...overview.config, ...config };
    const cli = {
      semantics: 'cli' as const,
      method: cfg.hasToken ? 'token' : cfg.gssapi === false ? 'none' : 'gssapi',
      reason: '',
    } as const;
    const value: CoprOverview = { ...overview, config: cfg, cli };
    return findingsFrom(facts({ overview: { ok: true, value }, check })).map((x) => x.id);
  };
  const tokenRejected: CoprCheck = {
    coprUrl: 'https://copr.fedorainfracloud.org',
    configPath: '/home/u/.config/copr',
    semantics: 'cli',
    method: 'token',
    durationMs: 10,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    ok: false,
    error: { kind: 'token-rejected', serverMessage: 'Login invalid/expired.', tokenUrl: 'https://x/api' },
    advice: { identity: null, workingPrincipal: null, remedies: [] },
  };

  it('is there when the config relies on Kerberos and leaves gssapi unset', () => {
    expect(withConfig({ gssapi: null, hasToken: false })).toContain(NOTE);
  });

  it('is there when the token no longer works (expired, or refused), since Kerberos is next', () => {
    const expired = findingsFrom(
      facts({
        overview: {
          ok: true,
          value: {
            ...overview,
            config: { ...overview.config, gssapi: null, hasToken: true, tokenExpires: '2026-11-01' },
            cli: { semantics: 'cli', method: 'token', reason: '' },
          },
        },
      }),
    ).find((x) => x.id === NOTE);
    expect(expired?.detail).toMatch(/^Once the API token that no longer works is removed/);
    expect(expired?.evidence).toContain('the API token has expired');
    expect(withConfig({ gssapi: null, hasToken: true, tokenExpires: '2027-05-01' }, tokenRejected)).toContain(NOTE);
  });

  it('is not there with a working token, gssapi on or off, or no config file', () => {
    expect(withConfig({ gssapi: null, hasToken: true, tokenExpires: '2027-05-01' })).not.toContain(NOTE);
    expect(withConfig({ gssapi: null, hasToken: true, tokenExpires: null })).not.toContain(NOTE);
    expect(withConfig({ gssapi: true, hasToken: false })).not.toContain(NOTE);
    expect(withConfig({ gssapi: false, hasToken: false })).not.toContain(NOTE);
    expect(withConfig({ gssapi: null, hasToken: false, exists: false })).not.toContain(NOTE);
  });
});
