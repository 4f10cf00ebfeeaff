/**
 * The app's wiring, without Electron: the controller, the status feed, the collection watch, the
 * handler table, the push events and the autostart entry, connected to "effects", the few things
 * only the desktop can do (a notification, the tray, the window, the browser). Main passes
 * Electron-backed effects; the end-to-end bridge passes effects that forward to a browser page and
 * record the rest. So the browser tests drive the wiring the app runs.
 *
 * The diagnosis feed (diagnosis-feed.ts) keeps the doctor's local findings current for the window
 * and the tray: it looks again after each new snapshot and each change of the files Copr's identity
 * depends on (the pins, the Copr config, the saved session).
 *
 * The poll policy (poll-policy.ts) paces the watch of a KCM or KEYRING collection by who is looking:
 * the desktop reports the window's visibility, the screen lock and wake events through `desktop`.
 */
import { PUSH_CHANNELS } from '../../../shared/contract.js';
import type { Diagnosis, LocalChange } from '../../../shared/doctor.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import type { KrbStatus } from '../../../shared/krb.js';
import type { CollectionWatch } from '../../services/kerberos/watch.js';
import { createHandlers, type HandlerTable } from '../ipc/handlers.js';
import { MESSAGES } from '../messages.js';
import type { TrayModel } from '../tray/model.js';
import type { AppView } from '../window/options.js';
import { createController, type Controller } from './controller.js';
import { createDiagnosisFeed, type DiagnosisFeed } from './diagnosis-feed.js';
import type { FileWatch } from './file-watch.js';
import { createPollPolicy, type PollPolicy, type WakeReason } from './poll-policy.js';
import type { AppServices } from './services.js';
import { onceEachState } from './status-feed.js';

/** A push channel main sends to the window on. */
export type PushChannel = (typeof PUSH_CHANNELS)[keyof typeof PUSH_CHANNELS];

/** What only the desktop (or a test's stand-in for it) can do. */
export interface AppEffects {
  showNotice(notice: { readonly title: string; readonly body: string }): void;
  renderTray(model: TrayModel): void;
  showWindow(view: AppView | null): void;
  /** A push event to the window. */
  send(channel: PushChannel, payload: unknown): void;
  /** Called only with an allowed, normalised https URL. */
  openExternal(url: string): Promise<void>;
  /** Writes or removes the autostart entry. */
  setAutostart(enabled: boolean): void;
  quit(): void;
  /** Default `Date.now`. */
  readonly now?: () => number;
}

/** The wired app: what main registers and the tray drives, and its start and end. */
export interface ConnectedApp {
  readonly controller: Controller;
  /** The contract's handlers over the services, reporting to the controller. */
  readonly handlers: HandlerTable;
  /** Feeds a snapshot to the tray and the window, once per distinct state. */
  statusChanged(status: KrbStatus): void;
  /** Reports the settings file's problems, syncs autostart, starts the watch and reads the first snapshot. */
  start(): Promise<void>;
  /** Stops the watch, the timers and the subscriptions. */
  stop(): void;
  /** What the desktop tells the poll policy; heard before `start()` too, and applied once the watch runs. */
  readonly desktop: DesktopSignals;
}

/** The window's visibility, the screen lock, and the moments someone is about to look. */
export interface DesktopSignals {
  windowVisibility(shown: boolean): void;
  screenLock(locked: boolean): void;
  wake(reason: WakeReason): void;
}

/** Changes that leave the tickets alone but may change what Copr says: the tray's last check no longer holds. */
const OUTDATES_COPR: ReadonlySet<LocalChange> = new Set(['pins', 'config', 'session']);

/** The feed over the services' local doctor, publishing to the window and the tray; null without a doctor. */
function diagnosisFeed(services: AppServices, effects: AppEffects, controller: () => Controller): DiagnosisFeed | null {
  const diagnose = services.diagnose;
  if (!diagnose) return null;
  return createDiagnosisFeed({
    diagnose,
    now: effects.now ?? Date.now,
    publish: (diagnosis: Diagnosis, changed) => {
      effects.send(PUSH_CHANNELS.onDiagnosis, diagnosis);
      controller().doctorRan(diagnosis.report);
      if (changed !== null && OUTDATES_COPR.has(changed)) controller().coprOutdated();
    },
  });
}

/** The Copr service, with every check (the window's or the tray's) reported to the feed: it writes the saved session. */
function coprReportingChecks(copr: AppServices['copr'], feed: DiagnosisFeed | null): AppServices['copr'] {
  if (!feed) return copr;
  return { ...copr, check: ((target) => feed.duringCheck(() => copr.check(target))) as typeof copr.check };
}

/**
 * The desktop's signals, kept until the poll policy exists (the window may be shown before the
 * watch runs) and passed on to it after that.
 */
function pollSignals() {
  let poll: PollPolicy | null = null;
  const seen = { windowShown: false, screenLocked: false };
  const desktop: DesktopSignals = {
    windowVisibility: (shown) => ((seen.windowShown = shown), poll?.windowVisibility(shown)),
    screenLock: (locked) => ((seen.screenLocked = locked), poll?.screenLock(locked)),
    wake: (reason) => poll?.wake(reason),
  };
  return {
    desktop,
    /** Hands the signals so far, and all later ones, to the policy that now paces the watch. */
    attach(policy: PollPolicy): void {
      poll = policy;
      policy.windowVisibility(seen.windowShown);
      policy.screenLock(seen.screenLocked);
    },
    current: (): PollPolicy | null => poll,
  };
}

/** What a settings change sets off: the poll pace and the controller's timers, a new Copr identity to diagnose, autostart. */
function onSettingsChanged(
  services: AppServices,
  effects: AppEffects,
  reactions: {
    readonly poll: () => PollPolicy | null;
    readonly controller: Controller;
    readonly lookAgain: () => void;
  },
): () => void {
  return services.settings.subscribe((now, before) => {
    reactions.poll()?.settingsChanged();
    reactions.controller.tick();
    // Another active profile or another config file: another Copr identity to diagnose.
    if (now.activeCoprProfile !== before.activeCoprProfile || now.coprProfiles !== before.coprProfiles)
      reactions.lookAgain();
    if (now.startAtLogin !== before.startAtLogin) effects.setAutostart(now.startAtLogin);
  });
}

/** The settings file's and the Copr config's problems, as notifications at start. */
function noticeStartProblems(services: AppServices, effects: AppEffects): void {
  const problems = [...services.settings.problems(), ...(services.coprProblem ? [services.coprProblem] : [])];
  for (const problem of problems) effects.showNotice({ title: MESSAGES.notify.problemTitle, body: problem });
}

/** Connects the services to each other and to the effects; nothing runs until `start()`. */
export function connectApp(services: AppServices, effects: AppEffects): ConnectedApp {
  const now = effects.now ?? Date.now;
  // The controller is made just below; the feed reaches it only once something was published.
  const feed = diagnosisFeed(services, effects, () => controller);
  const copr = coprReportingChecks(services.copr, feed);
  let files: FileWatch | null = null;
  /** `status`: the snapshot of a collection change, which the local doctor then reuses. */
  const lookAgain = (status?: KrbStatus) => {
    files?.rearm();
    void feed?.refresh(status ? { status } : {});
  };
  const controller = createController({
    ...services,
    copr,
    now,
    showNotice: (n) => effects.showNotice(n),
    renderTray: (model) => effects.renderTray(model),
    showWindow: (view) => effects.showWindow(view),
    quit: () => effects.quit(),
  });
  const signals = pollSignals();
  // A change reaches main twice (the action's own snapshot, then the watch): each state goes on once.
  const statusChanged = onceEachState((status) => {
    signals.current()?.statusChanged(status);
    controller.statusChanged(status);
    effects.send(PUSH_CHANNELS.onStatusChanged, status);
    lookAgain(status);
  });
  const handlers = createHandlers({
    ...services,
    copr,
    openExternal: (url) => effects.openExternal(url),
    events: {
      statusChanged,
      loginFinished: services.noteLogin,
      coprChecked: controller.coprChecked,
      doctorRan: feed ? feed.fullReport : controller.doctorRan,
    },
    diagnosis: () => feed?.current() ?? null,
    ...(effects.now ? { now: effects.now } : {}),
  });
  const unsubscribers = [
    services.activity.subscribe((event) => effects.send(PUSH_CHANNELS.onActivity, event)),
    onSettingsChanged(services, effects, { poll: signals.current, controller, lookAgain: () => lookAgain() }),
  ];
  let watch: CollectionWatch | null = null;
  let stopped = false;

  async function start(): Promise<void> {
    noticeStartProblems(services, effects);
    // Rewritten at every start while on, so the entry follows an app that moved (an AppImage, say).
    if (services.settings.current().startAtLogin) effects.setAutostart(true);
    if (feed) files = services.watchLocalFiles(() => lookAgain());
    const started = await services.watchCollection(statusChanged);
    if (stopped) return started.close();
    watch = started;
    signals.attach(createPollPolicy({ watch, settings: services.settings, now }));
    const first = await services.krb.getStatus();
    if (first.ok) statusChanged(first.value);
    else effects.showNotice({ title: MESSAGES.notify.actionFailedTitle, body: describeKrbFailure(first.error) });
  }

  function stop(): void {
    stopped = true;
    watch?.close();
    files?.close();
    controller.dispose();
    for (const unsubscribe of unsubscribers) unsubscribe();
  }

  return { controller, handlers, statusChanged, start, stop, desktop: signals.desktop };
}
