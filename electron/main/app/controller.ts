/**
 * The desktop app's behaviour between events, without Electron: it keeps the latest snapshot, the
 * last Copr check and what was already said, and decides what the tray shows, which notices go
 * out, which tickets are renewed and what a menu item does. `main.ts` feeds it events (a cache
 * changed, a timer fired, a menu item was chosen) and hands it the effects as functions.
 */
import type { CoprCheck } from '../../../shared/copr.js';
import type { DoctorReport } from '../../../shared/doctor.js';
import { formatDuration } from '../../../shared/duration.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import type { KrbChange, KrbFailure, KrbStatus } from '../../../shared/krb.js';
import type { Result } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import { describeFailedCheck } from '../../services/copr/messages.js';
import type { KrbService } from '../../services/kerberos/service.js';
import { type CoprPort, coprTargetFor } from '../ipc/handlers.js';
import { MESSAGES } from '../messages.js';
import { activityFromChange, formatLocalTime, type ActivityLog } from '../tickets/activity-log.js';
import { renewFailedNotice, scheduleNotices, timerDelay, type Notice } from '../tickets/notifications.js';
import { fedoraCaches, instant, isLive } from '../tickets/ticket-facts.js';
import { buildTrayModel, type TrayAction, type TrayModel } from '../tray/model.js';
import type { AppView } from '../window/options.js';

/** An automatic Copr check that failed is tried again after this long. */
export const COPR_RETRY_MS = 10 * 60_000;

/** What the controller reads (services, settings, clock) and the effects it asks for (notices, tray, window). */
export interface ControllerPorts {
  readonly krb: Pick<KrbService, 'renew' | 'switchTo'>;
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

/** Creates the controller; nothing runs until the first `statusChanged`. */
export function createController(ports: ControllerPorts) {
  const setTimer = ports.setTimer ?? defaultTimer;
  const sent = new Set<string>();
  const renewAttempts = new Map<string, number>();
  let status: KrbStatus | null = null;
  let seen: { status: KrbStatus; at: number } | null = null;
  let copr: { check: CoprCheck; key: string; at: number } | null = null;
  let checking: Promise<CoprCheck> | null = null;
  let doctor: { errors: number; key: string } | null = null;
  let cancelTimer: (() => void) | null = null;
  let lastTray = '';
  let disposed = false;

  const model = (): TrayModel => {
    const now = ports.now();
    const key = coprCheckKey(status, now, ports.settings.current().activeCoprProfile);
    // Results about other tickets than the current ones are not shown: they would be stale.
    const doctorErrors = doctor?.key === key ? doctor.errors : 0;
    return buildTrayModel({
      status,
      copr: copr?.key === key ? copr.check : null,
      doctorErrors,
      settings: ports.settings.current(),
      now,
    });
  };

  function render(): void {
    const next = model();
    const text = JSON.stringify(next);
    if (text !== lastTray) ports.renderTray(next);
    lastTray = text;
  }

  function notice(n: Notice): void {
    if (sent.has(n.key)) return;
    sent.add(n.key);
    ports.showNotice(n);
    if (n.event !== 'expiring') return;
    const now = ports.now();
    const message = MESSAGES.activity.expiring(n.principal, formatDuration(instant(n.expires) - now));
    ports.activity.add({ at: new Date(now).toISOString(), kind: 'expiring', principal: n.principal, message });
  }

  /** Logs ticket events, sends due notices, starts due renewals, re-checks Copr, redraws, sets the timer. */
  function evaluate(): void {
    if (disposed || status === null) return;
    const now = ports.now();
    if (seen)
      for (const event of activityFromChange({ ...seen.status, takenAt: new Date(seen.at).toISOString() }, status, now))
        ports.activity.add(event);
    seen = { status, at: now };
    const settings = ports.settings.current();
    const plan = scheduleNotices({ status, now, settings, sent, renewAttempts, systemRenews: ports.systemRenews });
    plan.notices.forEach(notice);
    for (const renewal of plan.renewals) {
      renewAttempts.set(renewal.key, now);
      autoRenew(renewal.principal, renewal.expires).catch(() => undefined);
    }
    maybeCheckCopr(now);
    render();
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
    notice(renewFailedNotice(principal, expires, reason));
  }

  /** Checks Copr again when the tickets it depends on changed, or a failed check is due for a retry. */
  function maybeCheckCopr(now: number): void {
    if (checking || fedoraCaches(status).every((c) => !isLive(c, now))) return;
    const key = coprCheckKey(status, now, ports.settings.current().activeCoprProfile);
    const retry = copr !== null && copr.key === key && !copr.check.ok && now - copr.at >= COPR_RETRY_MS;
    if (copr?.key !== key || retry) checkCopr().catch(() => undefined);
  }

  async function checkCopr(): Promise<CoprCheck> {
    if (checking) return checking;
    const settings = ports.settings.current();
    const key = coprCheckKey(status, ports.now(), settings.activeCoprProfile);
    // The snapshot this check is for is at hand: no second klist run.
    checking = ports.copr.check({ ...coprTargetFor(settings), status });
    try {
      const check = await checking;
      copr = { check, key, at: ports.now() };
      return check;
    } finally {
      checking = null;
      render();
    }
  }

  /** Shows a failed action's reason (a tray menu gives no other feedback), or takes the new snapshot. */
  function reportKrb(
    result: Result<KrbChange, KrbFailure>,
    success?: (change: KrbChange) => { title: string; body: string },
  ): void {
    if (!result.ok)
      return ports.showNotice({ title: MESSAGES.notify.actionFailedTitle, body: describeKrbFailure(result.error) });
    if (success) ports.showNotice(success(result.value));
    statusChanged(result.value.status);
  }

  function statusChanged(next: KrbStatus): void {
    status = next;
    evaluate();
  }

  async function act(action: TrayAction): Promise<void> {
    switch (action.kind) {
      case 'switch':
        return reportKrb(await ports.krb.switchTo(action.principal));
      case 'renew':
        return reportKrb(await ports.krb.renew(action.principal ?? undefined), renewedNotice);
      case 'check-copr': {
        const check = await checkCopr();
        const body = check.ok
          ? MESSAGES.notify.coprOkBody(check.value.user, check.value.principal)
          : describeFailedCheck(check);
        return ports.showNotice({
          title: check.ok ? MESSAGES.notify.coprOkTitle : MESSAGES.notify.coprFailedTitle,
          body,
        });
      }
      case 'login-fedora':
      case 'login':
      case 'troubleshoot':
        return ports.showWindow(action.kind);
      case 'open':
        return ports.showWindow(null);
      case 'quit':
        return ports.quit();
    }
  }

  return {
    statusChanged,
    /** Re-evaluates now: after a resume from sleep, or a settings change (lead time, profile). */
    tick: evaluate,
    act,
    /** A check the renderer asked for: the tray shows its result too. */
    coprChecked(check: CoprCheck) {
      copr = {
        check,
        key: coprCheckKey(status, ports.now(), ports.settings.current().activeCoprProfile),
        at: ports.now(),
      };
      render();
    },
    doctorRan(report: DoctorReport) {
      const errors = report.findings.filter((f) => f.severity === 'error').length;
      doctor = { errors, key: coprCheckKey(status, ports.now(), ports.settings.current().activeCoprProfile) };
      render();
    },
    model,
    dispose() {
      disposed = true;
      cancelTimer?.();
    },
  };
}
