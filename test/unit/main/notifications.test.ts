import { describe, expect, it } from 'vitest';
import {
  EXPIRED_NOTICE_HORIZON_MS,
  MAX_TIMER_MS,
  MIN_RENEW_LEAD_MS,
  RENEW_RETRY_MS,
  noticeKey,
  renewFailedNotice,
  scheduleNotices,
  timerDelay,
  type ScheduleInput,
} from '../../../electron/main/tickets/notifications.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { ALICE, HOUR, MIN, T0, WORK, cache, iso, status } from './builders.js';

/** Not renewable unless asked: the notice tests are about notices. */
const plain = (expiresIn: number, principal = ALICE) =>
  cache(principal, { primary: true, expiresIn, renewUntilIn: null });

function run(snapshot: KrbStatus | null, over: Partial<ScheduleInput> = {}) {
  return scheduleNotices({
    status: snapshot,
    now: T0,
    settings: { notifyBeforeMinutes: 30, autoRenew: true },
    sent: new Set(),
    renewAttempts: new Map(),
    systemRenews: false,
    ...over,
  });
}

/** Plays the scheduler over time like main does: records what it sent, returns every notice event in order. */
function replay(snapshot: KrbStatus, times: readonly number[], over: Partial<ScheduleInput> = {}) {
  const sent = new Set<string>();
  const events: string[] = [];
  for (const now of times) {
    for (const n of run(snapshot, { ...over, now, sent }).notices) {
      sent.add(n.key);
      events.push(`${n.event}@${(now - T0) / MIN}`);
    }
  }
  return events;
}

describe('notices before and at expiry', () => {
  it('warns once the lead time is reached, in words with the time left', () => {
    const { notices } = run(status([plain(20 * MIN)]));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      event: 'expiring',
      principal: ALICE,
      title: `Ticket for ${ALICE} expires soon`,
    });
    expect(notices[0]!.body).toContain('20m');
  });

  it('says nothing earlier, and wakes up exactly at the lead time', () => {
    const plan = run(status([plain(2 * HOUR)]));
    expect(plan.notices).toEqual([]);
    expect(plan.nextWakeAt).toBe(T0 + 2 * HOUR - 30 * MIN);
  });

  it('never sends the same notice twice for one ticket, however often it is asked', () => {
    const times = [0, 1, 5, 20, 29, 30, 31, 45, 60].map((m) => T0 + m * MIN);
    expect(replay(status([plain(40 * MIN)]), times)).toEqual(['expiring@20', 'expired@45']);
  });

  it('sends the expired notice once, also when the warning was never sent', () => {
    const times = [45, 46, 90].map((m) => T0 + m * MIN);
    expect(replay(status([plain(40 * MIN)]), times)).toEqual(['expired@45']);
  });

  it('warns again for a new ticket (a new expiry is a new event)', () => {
    const sent = new Set([noticeKey(ALICE, 'expiring', iso(T0 + 20 * MIN))]);
    expect(run(status([plain(20 * MIN)]), { sent }).notices).toEqual([]);
    expect(run(status([plain(25 * MIN)]), { sent }).notices).toHaveLength(1);
  });

  it('a longer lead time set later warns at once; a shorter one after the warning does not warn again', () => {
    const snapshot = status([plain(45 * MIN)]);
    expect(run(snapshot).notices).toEqual([]);
    const longer = run(snapshot, { settings: { notifyBeforeMinutes: 60, autoRenew: false } });
    expect(longer.notices).toHaveLength(1);
    const sent = new Set(longer.notices.map((n) => n.key));
    expect(
      run(snapshot, { now: T0 + 20 * MIN, sent, settings: { notifyBeforeMinutes: 30, autoRenew: false } }).notices,
    ).toEqual([]);
  });

  it('a lead time of 0 turns the warning off but keeps the expired notice', () => {
    const off = { notifyBeforeMinutes: 0, autoRenew: false };
    expect(run(status([plain(MIN)]), { settings: off }).notices).toEqual([]);
    expect(run(status([plain(-MIN)]), { settings: off }).notices.map((n) => n.event)).toEqual(['expired']);
  });

  it('after sleeping through the lead time and the expiry: only "expired", not a stale warning', () => {
    const snapshot = status([plain(2 * HOUR)]);
    expect(replay(snapshot, [T0, T0 + 8 * HOUR])).toEqual(['expired@480']);
  });

  it('no expired notice for a ticket that expired long before (the app was not running)', () => {
    expect(run(status([plain(-EXPIRED_NOTICE_HORIZON_MS - MIN)])).notices).toEqual([]);
  });

  it('handles each identity on its own', () => {
    const snapshot = status([plain(20 * MIN), cache(WORK, { expiresIn: 10 * MIN, renewUntilIn: null })]);
    expect(
      run(snapshot)
        .notices.map((n) => n.principal)
        .sort(),
    ).toEqual([ALICE, WORK].sort());
  });

  it('sleeps until the earliest event, never less than 1 s nor more than a minute', () => {
    const plan = run(status([plain(31 * MIN), cache(WORK, { expiresIn: 3 * HOUR, renewUntilIn: null })]));
    expect(plan.nextWakeAt).toBe(T0 + MIN);
    expect(timerDelay(plan.nextWakeAt, T0)).toBe(MIN);
    expect(timerDelay(T0 + 10, T0)).toBe(1_000);
    expect(timerDelay(T0 + 5 * HOUR, T0)).toBe(MAX_TIMER_MS);
    expect(timerDelay(null, T0)).toBe(MAX_TIMER_MS);
    expect(run(null).nextWakeAt).toBeNull();
  });
});

describe('automatic renewal', () => {
  const renewable = (expiresIn: number) => status([cache(ALICE, { primary: true, expiresIn })]);

  it('renews a renewable ticket within the lead time instead of warning', () => {
    const plan = run(renewable(20 * MIN));
    expect(plan.notices).toEqual([]);
    expect(plan.renewals).toEqual([
      { key: noticeKey(ALICE, 'renew', iso(T0 + 20 * MIN)), principal: ALICE, expires: iso(T0 + 20 * MIN) },
    ]);
  });

  it('waits until the lead time before renewing', () => {
    const plan = run(renewable(2 * HOUR));
    expect(plan.renewals).toEqual([]);
    expect(plan.nextWakeAt).toBe(T0 + 90 * MIN);
  });

  it('renews at least 5 minutes ahead even when the warning lead is shorter', () => {
    const plan = run(renewable(4 * MIN), { settings: { notifyBeforeMinutes: 0, autoRenew: true } });
    expect(plan.renewals).toHaveLength(1);
    expect(
      run(renewable(MIN_RENEW_LEAD_MS + MIN), { settings: { notifyBeforeMinutes: 0, autoRenew: true } }).renewals,
    ).toEqual([]);
  });

  it('tries a failed renewal again only after the retry delay', () => {
    const key = noticeKey(ALICE, 'renew', iso(T0 + 20 * MIN));
    const attempts = new Map([[key, T0]]);
    const soon = run(renewable(20 * MIN), { now: T0 + MIN, renewAttempts: attempts });
    expect(soon.renewals).toEqual([]);
    expect(soon.nextWakeAt).toBe(T0 + RENEW_RETRY_MS);
    expect(run(renewable(20 * MIN), { now: T0 + RENEW_RETRY_MS, renewAttempts: attempts }).renewals).toHaveLength(1);
  });

  it('is off when the setting is off: the user is warned instead', () => {
    const plan = run(renewable(20 * MIN), { settings: { notifyBeforeMinutes: 30, autoRenew: false } });
    expect(plan.renewals).toEqual([]);
    expect(plan.notices.map((n) => n.event)).toEqual(['expiring']);
  });

  it('is off when sssd-kcm renews tickets itself: the user is still warned if it does not', () => {
    const plan = run(renewable(20 * MIN), { systemRenews: true });
    expect(plan.renewals).toEqual([]);
    expect(plan.notices.map((n) => n.event)).toEqual(['expiring']);
  });

  it('does not renew past renew-until, nor a ticket without the renewable flag: it warns', () => {
    const capped = status([cache(ALICE, { primary: true, expiresIn: 20 * MIN, renewUntilIn: 20 * MIN })]);
    expect(run(capped).renewals).toEqual([]);
    expect(run(capped).notices.map((n) => n.event)).toEqual(['expiring']);
    const unflagged = status([cache(ALICE, { primary: true, expiresIn: 20 * MIN, renewable: false })]);
    expect(run(unflagged).renewals).toEqual([]);
  });

  it('never renews an expired ticket (MIT refuses): it reports the expiry', () => {
    const plan = run(renewable(-MIN));
    expect(plan.renewals).toEqual([]);
    expect(plan.notices.map((n) => n.event)).toEqual(['expired']);
  });

  it('a failed renewal has one notice per ticket', () => {
    const a = renewFailedNotice(ALICE, iso(T0 + 20 * MIN), 'The Kerberos server cannot be reached.');
    const b = renewFailedNotice(ALICE, iso(T0 + 20 * MIN), 'Another reason.');
    expect(a.key).toBe(b.key);
    expect(a).toMatchObject({
      event: 'renew-failed',
      title: `Could not renew the ticket for ${ALICE}`,
      body: 'The Kerberos server cannot be reached.',
    });
  });
});
