/**
 * How often the app looks at a collection it must poll (KCM, KEYRING): as fast as someone is
 * looking, and no faster. With the window shown, a change made in a terminal shows within
 * {@link SHOWN_POLL_MS}. With it hidden, once every {@link HIDDEN_POLL_MS}; while the screen is
 * locked, not at all. Opening the window or the tray menu, waking from suspend, unlocking the
 * screen and a network change look at once. Whatever the pace, the collection is looked at just
 * before each instant the tray or a notification depends on (a ticket's warning, renewal or expiry
 * time), so those decisions use a fresh snapshot even when a ticket was renewed in a terminal.
 */
import type { KrbStatus } from '../../../shared/krb.js';
import type { Settings } from '../../../shared/settings.js';
import type { CollectionWatch, PollPace } from '../../services/kerberos/watch.js';
import { renewalStartsAt } from '../tickets/notifications.js';
import { instant, ticketCaches } from '../tickets/ticket-facts.js';

/** While the window is shown: a terminal change reaches it within this. */
export const SHOWN_POLL_MS = 5_000;
/** While it is hidden: the tray icon lags a terminal change by at most this, unless a deadline comes first. */
export const HIDDEN_POLL_MS = 60_000;
/** A deadline's look runs this much earlier, so the controller's timer at the deadline decides on its snapshot. */
export const LOOK_BEFORE_DEADLINE_MS = 2_000;

/** What the pace depends on. */
export interface PollState {
  readonly windowShown: boolean;
  readonly screenLocked: boolean;
  /** Instants (ms since the epoch) the tray and the notifications depend on. */
  readonly deadlines: readonly number[];
}

/** Events after which someone is about to look at the tickets, or they may have changed unseen. */
export type WakeReason = 'window-shown' | 'tray-opened' | 'resume' | 'unlock' | 'network-changed';

/** When to look after a look that finished at `lastCheckAt`; null: only when woken. */
export function nextCheckAt(state: PollState, lastCheckAt: number): number | null {
  const regular = state.screenLocked ? null : lastCheckAt + (state.windowShown ? SHOWN_POLL_MS : HIDDEN_POLL_MS);
  // Only deadlines whose look is still ahead: the look just before a deadline must not repeat itself.
  const beforeDeadline = state.deadlines.map((d) => d - LOOK_BEFORE_DEADLINE_MS).filter((t) => t > lastCheckAt);
  const candidates = [...(regular === null ? [] : [regular]), ...beforeDeadline];
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

/**
 * The instants a snapshot makes known, after `now`: each ticket's expiry, the time each of its
 * warnings is due and the time automatic renewal would start (as the notification schedule
 * computes them).
 */
export function collectionDeadlines(
  status: KrbStatus | null,
  settings: Pick<Settings, 'warnBeforeMinutes'>,
  now: number,
): number[] {
  const instants = ticketCaches(status).flatMap((cache) => {
    const expires = instant(cache.expires);
    const warnings = settings.warnBeforeMinutes.map((minutes) => expires - minutes * 60_000);
    return [expires, ...warnings, renewalStartsAt(expires, settings)];
  });
  return [...new Set(instants.filter((t) => t > now))].sort((a, b) => a - b);
}

export interface PollPolicyPorts {
  readonly watch: Pick<CollectionWatch, 'setPace' | 'checkNow'>;
  readonly settings: { current(): Pick<Settings, 'warnBeforeMinutes'> };
  readonly now: () => number;
}

/** The policy main feeds visibility, lock state, wake events and snapshots to; it paces the watch. */
export type PollPolicy = ReturnType<typeof createPollPolicy>;

/** Starts with the window hidden and the screen unlocked (how the app starts from autostart). */
export function createPollPolicy(ports: PollPolicyPorts) {
  let windowShown = false;
  let screenLocked = false;
  let deadlines: number[] = [];
  let status: KrbStatus | null = null;
  const pace: PollPace = {
    nextCheckAt: (last) => nextCheckAt({ windowShown, screenLocked, deadlines }, last),
  };
  const replan = () => ports.watch.setPace(pace);
  const refreshDeadlines = () => {
    deadlines = collectionDeadlines(status, ports.settings.current(), ports.now());
  };
  replan();

  return {
    /** The window was shown (looks at once) or hidden (slows down from the next look on). */
    windowVisibility(shown: boolean): void {
      if (shown === windowShown) return;
      windowShown = shown;
      replan();
      if (shown) ports.watch.checkNow();
    },
    /** The screen was locked (regular looks stop; deadlines still get theirs) or unlocked (looks at once). */
    screenLock(locked: boolean): void {
      if (locked === screenLocked) return;
      screenLocked = locked;
      replan();
      if (!locked) ports.watch.checkNow();
    },
    /** Someone is about to look, or the tickets may have changed unseen: look now. */
    wake(_reason: WakeReason): void {
      ports.watch.checkNow();
    },
    /** A new snapshot (from the watch or an action): its deadlines replace the old ones. */
    statusChanged(next: KrbStatus): void {
      status = next;
      refreshDeadlines();
      replan();
    },
    /** The warning times may have changed, and with them the deadlines. */
    settingsChanged(): void {
      refreshDeadlines();
      replan();
    },
  };
}
