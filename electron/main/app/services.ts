/**
 * The services the desktop app runs, created in one place without Electron, so that main, the
 * smoke test and the end-to-end bridge run the same ones. The Copr service is loaded on its own:
 * it needs the `kerberos` native addon, and an addon that fails to load (a packaging slip, a
 * missing libgssapi) must cost the Copr features only, not the whole tray.
 */
import type { CoprCheck, CoprFailure } from '../../../shared/copr.js';
import type { KrbFailure, KrbStatus } from '../../../shared/krb.js';
import { err } from '../../../shared/result.js';
import { createKrbService, type KrbService } from '../../services/kerberos/service.js';
import { detectSystemRenewal } from '../../services/kerberos/system-renewal.js';
import { watchCollection, type CollectionWatch } from '../../services/kerberos/watch.js';
import { openSettingsStore, settingsPath, type SettingsStore } from '../settings/store.js';
import type { Env } from '../settings/xdg.js';
import { createActivityLog, type ActivityLog } from '../tickets/activity-log.js';
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
    watchCollection: (onStatus) => watchCollection(krb, onStatus),
  };
}

type DoctorContext = { configPath?: string; fedoraUser: string | null; lastLoginFailure: KrbFailure | null };

async function loadCopr(
  krb: KrbService,
  options: AppServicesOptions,
  context: () => DoctorContext,
): Promise<Pick<AppServices, 'copr' | 'doctor' | 'coprProblem'>> {
  try {
    const [{ createCoprService }, { createDoctor }] = await Promise.all([
      import('../../services/copr/service.js'),
      import('../../services/doctor/service.js'),
    ]);
    const copr = createCoprService({ krb, ...(options.coprCa ? { ca: options.coprCa } : {}) });
    const rootDir = options.doctorRootDir ? { rootDir: options.doctorRootDir } : {};
    // A doctor per call: the active profile, the account name and the last failure change between runs.
    const doctor = () => createDoctor({ krb, copr, ...context(), ...rootDir });
    return {
      copr: coprPort(copr),
      doctor: { run: () => doctor().run(), applyFix: (id) => doctor().applyFix(id), report: () => doctor().report() },
      coprProblem: null,
    };
  } catch (error) {
    const problem = `the Copr component could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'})`;
    return { copr: unavailableCopr(problem), doctor: undefined, coprProblem: problem };
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
    advice: { identity: null, workingPrincipal: null, remedies: [] },
  });
  return { check, overview: fail, clearSession: fail, pin: fail, unpin: fail, setGssapi: fail, load: fail };
}
