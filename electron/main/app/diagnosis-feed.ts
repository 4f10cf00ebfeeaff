/**
 * One diagnosis for the window, the tray and the Troubleshoot tab, kept current: after each change
 * of the collection, the pins, the Copr config or the saved session, the doctor runs again without
 * the network (klist and a few files, well under a second), and the result goes out at once.
 *
 * Each change is numbered and named (`Diagnosis.change`), so the window can tell that a Copr check
 * it shows was taken before the primary (or a pin, the config, the session) changed. A Copr check
 * writes python-copr's saved session itself: a session change seen while a check runs, or right
 * after it, is the check's own doing and is not counted as a change.
 */
import type { CoprFailure, CoprOverview } from '../../../shared/copr.js';
import type { Diagnosis, DoctorReport, LocalChange } from '../../../shared/doctor.js';
import type { KrbStatus } from '../../../shared/krb.js';
import type { Result } from '../../../shared/result.js';
import type { LocalDiagnosis } from './services.js';

/** What a Copr check's outcome depends on, one print per kind of change. */
export type LocalPrints = Readonly<Record<LocalChange, string>>;

/** The order in which a change is named when several happened at once: the one users act on first. */
const CHANGE_ORDER: readonly LocalChange[] = ['primary', 'pins', 'config', 'session', 'tickets'];

const live = (state: string) => state === 'valid' || state === 'expiring';

/** The prints of one look at the collection and the Copr overview. */
export function localPrints(status: KrbStatus | null, overview: Result<CoprOverview, CoprFailure>): LocalPrints {
  const view = overview.ok ? overview.value : null;
  const config = view?.config;
  return {
    primary: JSON.stringify(status?.primary ?? null),
    // Who has a usable ticket, not until when: a renewal changes nothing Copr sees.
    tickets: JSON.stringify((status?.caches ?? []).map((c) => [c.principal, live(c.state)])),
    pins: JSON.stringify(view ? [view.pinned, view.identity.why] : null),
    config: JSON.stringify(
      config
        ? [config.path, config.exists, config.coprUrl, config.username, config.login, config.hasToken, config.gssapi]
        : overview.ok
          ? null
          : overview.error.kind,
    ),
    session: JSON.stringify(view?.session ? [view.session.name, view.session.expiresAt, view.session.valid] : null),
  };
}

/** The kinds that differ between two looks, most important first. */
export function changesBetween(before: LocalPrints, after: LocalPrints): LocalChange[] {
  return CHANGE_ORDER.filter((kind) => before[kind] !== after[kind]);
}

/** What the feed needs: the local doctor run, where to send each diagnosis, and the clock. */
export interface DiagnosisFeedPorts {
  /** `status`: the snapshot that caused the look, when a change of the collection did. */
  diagnose(status?: KrbStatus): Promise<LocalDiagnosis>;
  publish(diagnosis: Diagnosis, changed: LocalChange | null): void;
  readonly now: () => number;
}

/** `afterCheck`: a Copr check just ended; `status`: the collection changed, and this is its snapshot. */
interface RefreshOptions {
  readonly afterCheck?: boolean;
  readonly status?: KrbStatus;
}

/** The feed main drives: `refresh` after any change it hears of, `fullReport` after "Run again". */
export type DiagnosisFeed = ReturnType<typeof createDiagnosisFeed>;

export function createDiagnosisFeed(ports: DiagnosisFeedPorts) {
  let prints: LocalPrints | null = null;
  let change: Diagnosis['change'] = null;
  let current: Diagnosis | null = null;
  let checksRunning = 0;
  /** Counts checks started and ended, so a look knows whether one overlapped it. */
  let checkEvents = 0;
  let running: Promise<void> | null = null;
  let queued: RefreshOptions | null = null;

  /** Records what changed; a session change during or right after a check is the check's own. */
  function noteChanges(kinds: LocalChange[], quiet: boolean): LocalChange | null {
    const counted = kinds.filter((kind) => !(quiet && kind === 'session'));
    const kind = counted[0] ?? null;
    if (kind !== null) change = { serial: (change?.serial ?? 0) + 1, kind, at: new Date(ports.now()).toISOString() };
    return kind;
  }

  async function look(afterCheck: boolean, status?: KrbStatus): Promise<void> {
    const eventsBefore = checkEvents;
    const runningBefore = checksRunning > 0;
    const local = await ports.diagnose(status);
    const overlapped = runningBefore || checksRunning > 0 || checkEvents !== eventsBefore;
    const next = localPrints(local.status, local.overview);
    const kind = prints === null ? null : noteChanges(changesBetween(prints, next), afterCheck || overlapped);
    const first = prints === null;
    prints = next;
    // Nothing Copr depends on changed: a report that also asked Copr stays the better one.
    if (!first && kind === null && current?.network) return;
    const diagnosis: Diagnosis = { report: local.report, network: false, copr: coprFacts(local), change };
    if (current && !current.network && kind === null && sameFindings(current.report, local.report)) return;
    current = diagnosis;
    ports.publish(diagnosis, kind);
  }

  /** Looks again; calls that arrive while a look runs are folded into one more look after it. */
  function refresh(options: RefreshOptions = {}): Promise<void> {
    const afterCheck = options.afterCheck ?? false;
    if (running) {
      // Folded looks reuse a snapshot only when every one of them brought one (the newest);
      // a look for a file change takes its own.
      const status = queued && !queued.status ? undefined : options.status;
      queued = { afterCheck: (queued?.afterCheck ?? false) || afterCheck, ...(status ? { status } : {}) };
      return running;
    }
    running = look(afterCheck, options.status)
      .catch(() => undefined)
      .finally(() => {
        running = null;
        const again = queued;
        queued = null;
        if (again) void refresh(again);
      });
    return running;
  }

  return {
    refresh,
    /** The diagnosis now, or null before the first look. */
    current: () => current,
    /** A troubleshooter run that also asked Copr and the KDC ("Run again"): it is the diagnosis until the next change. */
    fullReport(report: DoctorReport): void {
      current = { report, network: true, copr: current?.copr ?? null, change };
      ports.publish(current, null);
    },
    /** Wraps a Copr check: the session it writes is not a change, and the next look rebases on it. */
    async duringCheck<T>(check: () => Promise<T>): Promise<T> {
      checksRunning++;
      checkEvents++;
      try {
        return await check();
      } finally {
        checksRunning--;
        checkEvents++;
        void refresh({ afterCheck: true });
      }
    },
  };
}

const coprFacts = ({ overview }: LocalDiagnosis): Diagnosis['copr'] =>
  overview.ok
    ? { host: overview.value.config.host, realm: overview.value.identity.realm, pinned: overview.value.pinned }
    : null;

const sameFindings = (a: DoctorReport, b: DoctorReport) => JSON.stringify(a.findings) === JSON.stringify(b.findings);
