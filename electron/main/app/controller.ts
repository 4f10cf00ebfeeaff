/**
 * The desktop app's behaviour between events, without Electron: it keeps the latest snapshot, the
 * last Copr check and what was already said, and decides what the tray shows, which notices go
 * out, which tickets are renewed and what a menu item does. `connect.ts` feeds it events (a cache
 * changed, a timer fired, a menu item was chosen) and hands it the effects as functions. It is
 * made of four parts that share one state: the tray drawing, the notices, the Copr results, and
 * the evaluation of each new snapshot; a fifth runs the tray menu's actions.
 */
import type { CoprCheck } from '../../../shared/copr.js';
import type { DoctorReport } from '../../../shared/doctor.js';
import { formatDuration } from '../../../shared/duration.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import type { KrbChange, KrbFailure, KrbStatus } from '../../../shared/krb.js';
import type { Result } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import { describeFailedCheck } from '../../services/copr/messages.js';
import { MESSAGES } from '../messages.js';
import { activityFromChange, formatLocalTime, type ActivityLog } from '../tickets/activity-log.js';
import { renewFailedNotice, scheduleNotices, timerDelay, type Notice } from '../tickets/notifications.js';
import { fedoraCaches, instant, isLive } from '../tickets/ticket-facts.js';
import { buildTrayModel, type TrayAction, type TrayModel } from '../tray/model.js';
import type { AppView } from '../window/options.js';
import { type CoprPort, type KrbPort, coprTargetFor } from './ports.js';

/** An automatic Copr check that failed is tried again after this long. */
export const COPR_RETRY_MS = 10 * 60_000;

/** What the controller reads (services, settings, clock) and the effects it asks for (notices, tray, window). */
export interface ControllerPorts {
  readonly krb: Pick<KrbPort, 'renew' | 'switchPrimary'>;
  readonly copr: Pick<CoprPort, 'check'>;
  readonly settings: { current(): Settings };
  readonly activity: Pick<ActivityLog, 'add'>;
  /** sssd-kcm renews tickets itself: no automatic renewal here. */
  readonly systemRenews: boolean;
  readonly now: () => number;
  showNotice(notice: { readonly title: string; readonly body: string }): void;
  renderTray(model: TrayModel): void;
  showWindow(view: AppView | null): void;
  quit(): void;
  /** Default: an unref'd `setTimeout`, so a pending timer never keeps the process alive. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
}

/** The controller main feeds its events to. */
export type Controller = ReturnType<typeof createController>;

const defaultTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/** Which tickets a Copr check result belongs to: the primary and the live Fedora identities. */
export function coprCheckKey(status: KrbStatus | null, now: number, profile: number): string {
  const live = fedoraCaches(status)
    .filter((c) => isLive(c, now))
    .map((c) => c.principal)
    .sort();
  return JSON.stringify([status?.primary ?? null, live, profile]);
}

/** "Ticket for alice@FEDORAPROJECT.ORG renewed", with its new expiry. */
function renewedNotice(change: KrbChange): { title: string; body: string } {
  const cache = change.status.caches.find((c) => c.principal === change.principal);
  return {
    title: MESSAGES.notify.renewedTitle(change.principal),
    body: cache?.expires ? MESSAGES.notify.renewedBody(formatLocalTime(cache.expires)) : '',
  };
}

/** What the parts of the controller share: the latest snapshot and the last results shown. */
interface ControllerState {
  status: KrbStatus | null;
  copr: { check: CoprCheck; key: string; at: number } | null;
  doctor: { errors: number; wrongIdentity: boolean; key: string } | null;
  disposed: boolean;
}

/** The key of the current snapshot and active profile, which the Copr and doctor results are filed under. */
const currentKey = (ports: ControllerPorts, state: ControllerState) =>
  coprCheckKey(state.status, ports.now(), ports.settings.current().activeCoprProfile);

/** The tray model for the current state, and a redraw that skips a model the tray already shows. */
function trayDrawing(ports: ControllerPorts, state: ControllerState) {
  let lastTray = '';
  const model = (): TrayModel => {
    const key = currentKey(ports, state);
    // Results about other tickets than the current ones are not shown: they would be stale.
    return buildTrayModel({
      status: state.status,
      copr: state.copr?.key === key ? state.copr.check : null,
      doctorErrors: state.doctor?.key === key ? state.doctor.errors : 0,
      identityProblem: state.doctor?.key === key && state.doctor.wrongIdentity,
      settings: ports.settings.current(),
      now: ports.now(),
    });
  };
  const render = (): void => {
    const next = model();
    const text = JSON.stringify(next);
    if (text !== lastTray) ports.renderTray(next);
    lastTray = text;
  };
  return { model, render };
}

/** Sends each notice once; an expiry warning also goes to the activity log. */
function noticeSender(ports: ControllerPorts) {
  const sent = new Set<string>();
  const send = (n: Notice): void => {
    if (sent.has(n.key)) return;
    sent.add(n.key);
    ports.showNotice(n);
    if (n.event !== 'expiring') return;
    const now = ports.now();
    const message = MESSAGES.activity.expiring(n.principal, formatDuration(instant(n.expires) - now));
    ports.activity.add({ at: new Date(now).toISOString(), kind: 'expiring', principal: n.principal, message });
  };
  return { sent, send };
}

/** The Copr check the tray shows (main's own, or the window's) and the doctor's error count. */
function coprResults(ports: ControllerPorts, state: ControllerState, render: () => void) {
  let checking: Promise<CoprCheck> | null = null;

  async function check(): Promise<CoprCheck> {
    if (checking) return checking;
    const settings = ports.settings.current();
    const key = currentKey(ports, state);
    // The snapshot this check is for is at hand: no second klist run.
    checking = ports.copr.check({ ...coprTargetFor(settings), status: state.status });
    try {
      const result = await checking;
      state.copr = { check: result, key, at: ports.now() };
      return result;
    } finally {
      checking = null;
      render();
    }
  }

  /** Checks Copr again when the tickets it depends on changed, or a failed check is due for a retry. */
  function checkIfDue(now: number): void {
    if (checking || fedoraCaches(state.status).every((c) => !isLive(c, now))) return;
    const key = currentKey(ports, state);
    const last = state.copr;
    const retry = last !== null && last.key === key && !last.check.ok && now - last.at >= COPR_RETRY_MS;
    if (last?.key !== key || retry) check().catch(() => undefined);
  }

  return {
    check,
    checkIfDue,
    /** A check the renderer asked for: the tray shows its result too. */
    coprChecked(result: CoprCheck) {
      state.copr = { check: result, key: currentKey(ports, state), at: ports.now() };
      render();
    },
    doctorRan(report: DoctorReport) {
      const errors = report.findings.filter((f) => f.severity === 'error').length;
      const wrongIdentity = report.findings.some((f) => f.id === 'wrong-primary');
      state.doctor = { errors, wrongIdentity, key: currentKey(ports, state) };
      render();
    },
  };
}

type Parts = {
  readonly render: () => void;
  readonly notices: ReturnType<typeof noticeSender>;
  readonly copr: ReturnType<typeof coprResults>;
};

/** Each new snapshot: logs ticket events, sends due notices, starts due renewals, re-checks Copr, redraws, sets the timer. */
function snapshotEvaluation(ports: ControllerPorts, state: ControllerState, parts: Parts) {
  const setTimer = ports.setTimer ?? defaultTimer;
  const renewAttempts = new Map<string, number>();
  let seen: { status: KrbStatus; at: number } | null = null;
  let cancelTimer: (() => void) | null = null;

  function evaluate(): void {
    const status = state.status;
    if (state.disposed || status === null) return;
    const now = ports.now();
    if (seen)
      for (const event of activityFromChange({ ...seen.status, takenAt: new Date(seen.at).toISOString() }, status, now))
        ports.activity.add(event);
    seen = { status, at: now };
    const settings = ports.settings.current();
    const sent = parts.notices.sent;
    const plan = scheduleNotices({ status, now, settings, sent, renewAttempts, systemRenews: ports.systemRenews });
    plan.notices.forEach(parts.notices.send);
    for (const renewal of plan.renewals) {
      renewAttempts.set(renewal.key, now);
      autoRenew(renewal.principal, renewal.expires).catch(() => undefined);
    }
    parts.copr.checkIfDue(now);
    parts.render();
    cancelTimer?.();
    cancelTimer = setTimer(evaluate, timerDelay(plan.nextWakeAt, now));
  }

  async function autoRenew(principal: string, expires: string): Promise<void> {
    const result = await ports.krb.renew(principal);
    if (result.ok) return statusChanged(result.value.status);
    const reason = describeKrbFailure(result.error);
    ports.activity.add({
      at: new Date(ports.now()).toISOString(),
      kind: 'renew-failed',
      principal,
      message: MESSAGES.activity.renewFailed(principal, reason),
    });
    parts.notices.send(renewFailedNotice(principal, expires, reason));
  }

  function statusChanged(next: KrbStatus): void {
    state.status = next;
    evaluate();
  }

  return { evaluate, statusChanged, stopTimer: () => cancelTimer?.() };
}

/** What a tray menu item does. A failed action's reason is a notice: a tray menu gives no other feedback. */
function trayActions(
  ports: ControllerPorts,
  statusChanged: (status: KrbStatus) => void,
  checkCopr: () => Promise<CoprCheck>,
) {
  function reportKrb(
    result: Result<KrbChange, KrbFailure>,
    success?: (change: KrbChange) => { title: string; body: string },
  ): void {
    if (!result.ok)
      return ports.showNotice({ title: MESSAGES.notify.actionFailedTitle, body: describeKrbFailure(result.error) });
    if (success) ports.showNotice(success(result.value));
    statusChanged(result.value.status);
  }

  async function reportCopr(): Promise<void> {
    const check = await checkCopr();
    const body = check.ok
      ? MESSAGES.notify.coprOkBody(check.value.user, check.value.principal)
      : describeFailedCheck(check);
    ports.showNotice({ title: check.ok ? MESSAGES.notify.coprOkTitle : MESSAGES.notify.coprFailedTitle, body });
  }

  return async function act(action: TrayAction): Promise<void> {
    switch (action.kind) {
      case 'switch':
        return reportKrb(await ports.krb.switchPrimary(action.principal));
      case 'renew':
        return reportKrb(await ports.krb.renew(action.principal ?? undefined), renewedNotice);
      case 'check-copr':
        return reportCopr();
      case 'login-fedora':
      case 'login':
      case 'troubleshoot':
        return ports.showWindow(action.kind);
      case 'open':
        return ports.showWindow(null);
      case 'quit':
        return ports.quit();
    }
  };
}

/** Creates the controller; nothing runs until the first `statusChanged`. */
export function createController(ports: ControllerPorts) {
  const state: ControllerState = { status: null, copr: null, doctor: null, disposed: false };
  const { model, render } = trayDrawing(ports, state);
  const copr = coprResults(ports, state, render);
  const evaluation = snapshotEvaluation(ports, state, { render, notices: noticeSender(ports), copr });
  return {
    statusChanged: evaluation.statusChanged,
    /** Re-evaluates now: after a resume from sleep, or a settings change (lead time, profile). */
    tick: evaluation.evaluate,
    act: trayActions(ports, evaluation.statusChanged, copr.check),
    coprChecked: copr.coprChecked,
    doctorRan: copr.doctorRan,
    /** The pins, the Copr config or the saved session changed: the last check no longer holds; check again when due. */
    coprOutdated() {
      state.copr = null;
      evaluation.evaluate();
    },
    model,
    dispose() {
      state.disposed = true;
      evaluation.stopTimer();
    },
  };
}
