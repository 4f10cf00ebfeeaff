/**
 * The services the desktop app runs, created in one place without Electron, so that main, the
 * smoke test and the end-to-end bridge run the same ones. The Copr service is loaded on its own:
 * it needs the `kerberos` native addon, and an addon that fails to load (a packaging slip, a
 * missing libgssapi) must cost the Copr features only, not the whole tray.
 */
import { join } from 'node:path';
import type { CoprCheck, CoprFailure, CoprOverview } from '../../../shared/copr.js';
import type { DoctorReport } from '../../../shared/doctor.js';
import type { KrbFailure, KrbStatus } from '../../../shared/krb.js';
import { type Result, err } from '../../../shared/result.js';
import { defaultCoprConfigPath, homeFrom } from '../../services/copr/config.js';
import { k5identityPath } from '../../services/kerberos/k5identity.js';
import { createKrbService, type KrbService } from '../../services/kerberos/service.js';
import { detectSystemRenewal } from '../../services/kerberos/system-renewal.js';
import { watchCollection, type CollectionWatch } from '../../services/kerberos/watch.js';
import { spawnRunner } from '../../services/process/spawn-runner.js';
import { openSettingsStore, settingsPath, type SettingsStore } from '../settings/store.js';
import type { Env } from '../settings/xdg.js';
import { createActivityLog, type ActivityLog } from '../tickets/activity-log.js';
import { type FileWatch, type WatchTarget, watchFiles } from './file-watch.js';
import { type CoprPort, type DoctorPort, type KrbPort, coprPort, coprTargetFor, krbPort } from './ports.js';

/** The services `connectApp` wires to the tray, the window and IPC. */
export interface AppServices {
  readonly krb: KrbPort;
  readonly copr: CoprPort;
  /** The troubleshooter; absent when the Copr service could not be loaded (it needs it). */
  readonly doctor: DoctorPort | undefined;
  /** Why the Copr service could not be loaded, or null. */
  readonly coprProblem: string | null;
  readonly settings: SettingsStore;
  readonly activity: ActivityLog;
  readonly systemRenews: boolean;
  /** The troubleshooter explains the last failed login (a wrong password, say): handlers report each login here. */
  noteLogin(failure: KrbFailure | null): void;
  /** Calls `onStatus` with a fresh snapshot whenever the credential-cache collection changes on disk. */
  watchCollection(onStatus: (status: KrbStatus) => void): Promise<CollectionWatch>;
  /** The troubleshooter without the network, with what it looked at; absent with the doctor. */
  /** The doctor without the network; `status`, a snapshot just taken, spares it a klist run. */
  readonly diagnose: ((status?: KrbStatus) => Promise<LocalDiagnosis>) | undefined;
  /**
   * Calls `onChange` (debounced) when `~/.k5identity`, a profile's Copr config or a saved Copr
   * session changes; `rearm()` looks again for directories that did not exist yet and for new profiles.
   */
  watchLocalFiles(onChange: () => void): FileWatch;
}

/** The doctor's findings without the network, and the snapshot and Copr overview they came from. */
export interface LocalDiagnosis {
  readonly report: DoctorReport;
  readonly status: KrbStatus | null;
  readonly overview: Result<CoprOverview, CoprFailure>;
}

/** What only tests choose; the app runs with none of it. */
export interface AppServicesOptions {
  /** Where `settings.json` is; default the XDG place for `env`. */
  readonly settingsFile?: string;
  /** Extra CA (PEM) the Copr service trusts (the end-to-end tests' Copr stand-in). */
  readonly coprCa?: string;
  /** Where the troubleshooter looks for /etc and /usr (browser policies); default '/'. */
  readonly doctorRootDir?: string;
}

/** Creates them for the environment given (process.env in the app, a test realm's in tests). */
export async function createAppServices(env: Env, options: AppServicesOptions = {}): Promise<AppServices> {
  const krb = createKrbService({ env });
  const [settings, collection] = await Promise.all([
    openSettingsStore(options.settingsFile ?? settingsPath(env)),
    krb.collection(),
  ]);
  let lastLoginFailure: KrbFailure | null = null;
  const loaded = await loadCopr(krb, options, () => {
    const current = settings.current();
    return { ...coprTargetFor(current), fedoraUser: current.fedoraUser, lastLoginFailure };
  });
  return {
    krb: krbPort(krb),
    ...loaded,
    settings,
    activity: createActivityLog(),
    systemRenews: await detectSystemRenewal(collection.type),
    noteLogin: (failure) => {
      lastLoginFailure = failure;
    },
    watchCollection: (onStatus) => watchCollection(watchLooks(env), onStatus),
    watchLocalFiles: (onChange) => watchFiles(() => localFileTargets(env, settings), onChange),
  };
}

/**
 * What the collection watch looks through: the same snapshots as the app's, with klist run by the
 * spawn runner, which costs about half the CPU of execa per run; a KCM or KEYRING watch runs
 * one every minute while the window is hidden (docs/decisions.md has the figures). The actions
 * (kinit, kswitch, kdestroy) keep execa.
 */
export function watchLooks(env: Env): Pick<KrbService, 'collection' | 'listCollection' | 'statusFromListing'> {
  return createKrbService({ env, run: spawnRunner });
}

/** The files whose changes change which identity Copr gets: the pins, each profile's config, the saved sessions. */
function localFileTargets(env: Env, settings: SettingsStore): WatchTarget[] {
  const home = homeFrom(env);
  const pins = k5identityPath(env);
  const configs = settings.current().coprProfiles.map((p) => p.configPath ?? defaultCoprConfigPath(env));
  return [
    ...(pins ? [{ path: pins }] : []),
    ...configs.filter((c) => c.startsWith('/')).map((path) => ({ path })),
    // Any file there: a session's name is the Copr host's.
    ...(home?.startsWith('/') ? [{ path: join(home, '.cache', 'copr'), anyFileIn: true }] : []),
  ];
}

type DoctorContext = { configPath?: string; fedoraUser: string | null; lastLoginFailure: KrbFailure | null };

async function loadCopr(
  krb: KrbService,
  options: AppServicesOptions,
  context: () => DoctorContext,
): Promise<Pick<AppServices, 'copr' | 'doctor' | 'coprProblem' | 'diagnose'>> {
  try {
    const [{ createCoprService }, { createDoctor }, { findingsFrom }] = await Promise.all([
      import('../../services/copr/service.js'),
      import('../../services/doctor/service.js'),
      import('../../services/doctor/findings.js'),
    ]);
    const copr = createCoprService({ krb, ...(options.coprCa ? { ca: options.coprCa } : {}) });
    const rootDir = options.doctorRootDir ? { rootDir: options.doctorRootDir } : {};
    // A doctor per call: the active profile, the account name and the last failure change between runs.
    const doctor = (network = true) => createDoctor({ krb, copr, ...context(), ...rootDir, network });
    const diagnose = async (status?: KrbStatus): Promise<LocalDiagnosis> => {
      const facts = await doctor(false).gather(status);
      const report = { findings: findingsFrom(facts), checkedAt: new Date(facts.now).toISOString() };
      return { report, status: facts.status.ok ? facts.status.value : null, overview: facts.overview };
    };
    // A fix the local diagnosis offers (the window's banner shows those) works offline too.
    const applyFix = async (id: string) => {
      const offered = (await diagnose()).report.findings.some((f) => f.fixes.some((x) => x.id === id));
      return doctor(!offered).applyFix(id);
    };
    return {
      copr: coprPort(copr),
      doctor: { run: () => doctor().run(), applyFix, report: () => doctor().report() },
      coprProblem: null,
      diagnose,
    };
  } catch (error) {
    const problem = `the Copr component could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'})`;
    return { copr: unavailableCopr(problem), doctor: undefined, coprProblem: problem, diagnose: undefined };
  }
}

/** Every Copr call answers with the same failure, in the words users see for a GSSAPI failure. */
export function unavailableCopr(detail: string): CoprPort {
  const failure: CoprFailure = { kind: 'gssapi-failed', principal: null, detail };
  const fail = async () => err(failure);
  const check = async (): Promise<CoprCheck> => ({
    coprUrl: '',
    configPath: '',
    semantics: 'cli',
    method: 'none',
    ok: false,
    error: failure,
    durationMs: 0,
    session: 'none',
    sessionRejected: false,
    savedSession: null,
    freshLogin: null,
    sessionHides: null,
    advice: { identity: null, workingPrincipal: null, remedies: [] },
  });
  return { check, overview: fail, clearSession: fail, pin: fail, unpin: fail, setGssapi: fail, load: fail };
}
