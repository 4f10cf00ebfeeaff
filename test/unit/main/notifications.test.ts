import { describe, expect, it } from 'vitest';
import {
  EXPIRED_NOTICE_HORIZON_MS,
  MAX_TIMER_MS,
  MIN_RENEW_LEAD_MS,
  RENEW_RETRY_MS,
  noticeKey,
  minutesLeftWords,
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
    settings: { warnBeforeMinutes: [30], autoRenew: true },
    sent: new Set(),
    renewAttempts: new Map(),
    systemRenews: false,
    ...over,
  });
}

/** Plays the scheduler over time like main does: records what it sent, returns every notice event in order. */
function replay(
  snapshot: KrbStatus,
  times: readonly number[],
  over: Partial<ScheduleInput> = {},
  sent = new Set<string>(),
) {
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
      title: `Your ticket for ${ALICE} expires in 20 minutes`,
    });
    expect(notices[0]!.body).toContain('Get ticket…');
  });

  it('offers Renew for a renewable ticket, and a new login for one that is not', () => {
    const renewable = cache(ALICE, { primary: true, expiresIn: 20 * MIN });
    const manual = { warnBeforeMinutes: [30], autoRenew: false };
    expect(run(status([renewable]), { settings: manual }).notices[0]!.body).toBe(
      'Choose "Renew" in the Ticket Tray menu to stay logged in.',
    );
    expect(run(status([plain(20 * MIN)])).notices[0]!.body).toContain('cannot be renewed');
  });

  it('says the time left in minutes and hours, rounded up to a minute', () => {
    expect(minutesLeftWords(10 * MIN)).toBe('10 minutes');
    expect(minutesLeftWords(10 * MIN - 1_500)).toBe('10 minutes');
    expect(minutesLeftWords(MIN)).toBe('1 minute');
    expect(minutesLeftWords(1_000)).toBe('1 minute');
    expect(minutesLeftWords(HOUR)).toBe('1 hour');
    expect(minutesLeftWords(2 * HOUR + 5 * MIN)).toBe('2 hours 5 minutes');
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
    const sent = new Set(run(status([plain(20 * MIN)])).notices.map((n) => n.key));
    expect(run(status([plain(20 * MIN)]), { sent }).notices).toEqual([]);
    expect(run(status([plain(25 * MIN)]), { sent }).notices).toHaveLength(1);
  });

  it('a longer lead time set later warns at once; one set after the warning that is due already does not warn again', () => {
    const snapshot = status([plain(45 * MIN)]);
    expect(run(snapshot).notices).toEqual([]);
    const longer = run(snapshot, { settings: { warnBeforeMinutes: [60], autoRenew: false } });
    expect(longer.notices).toHaveLength(1);
    const sent = new Set(longer.notices.map((n) => n.key));
    expect(
      run(snapshot, { now: T0 + 10 * MIN, sent, settings: { warnBeforeMinutes: [90], autoRenew: false } }).notices,
    ).toEqual([]);
  });

  it('an empty list turns the warnings off but keeps the expired notice', () => {
    const off = { warnBeforeMinutes: [], autoRenew: false };
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

describe('repeated warnings (30, 10 and 5 minutes ahead by default)', () => {
  const three = { warnBeforeMinutes: [30, 10, 5], autoRenew: false };
  const minutesAfterT0 = (...minutes: number[]) => minutes.map((m) => T0 + m * MIN);

  it('gives each warning once, as its time comes, then the expired notice once', () => {
    const everyMinute = Array.from({ length: 50 }, (_, m) => T0 + m * MIN);
    expect(replay(status([plain(40 * MIN)]), everyMinute, { settings: three })).toEqual([
      'expiring@10',
      'expiring@30',
      'expiring@35',
      'expired@40',
    ]);
  });

  it('each warning says how long is left', () => {
    const sent = new Set<string>();
    const titles = minutesAfterT0(10, 30, 35).map((now) => {
      const [notice] = run(status([plain(40 * MIN)]), { now, sent, settings: three }).notices;
      sent.add(notice!.key);
      return notice!.title;
    });
    expect(titles).toEqual([30, 10, 5].map((m) => `Your ticket for ${ALICE} expires in ${m} minutes`));
  });

  it('started late (7 minutes left): the 10-minute warning alone, then the 5-minute one', () => {
    const snapshot = status([plain(7 * MIN)]);
    const first = run(snapshot, { settings: three });
    expect(first.notices.map((n) => n.title)).toEqual([`Your ticket for ${ALICE} expires in 7 minutes`]);
    expect(first.nextWakeAt).toBe(T0 + 2 * MIN);
    expect(replay(snapshot, minutesAfterT0(0, 1, 2, 3, 7), { settings: three })).toEqual([
      'expiring@0',
      'expiring@2',
      'expired@7',
    ]);
  });

  it('after sleeping past two warning times, only the latest one is given', () => {
    expect(replay(status([plain(40 * MIN)]), minutesAfterT0(0, 37), { settings: three })).toEqual(['expiring@37']);
  });

  it('wakes at every warning time in turn', () => {
    const snapshot = status([plain(40 * MIN)]);
    const sent = new Set<string>();
    const wakes: Array<number | null> = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const plan = run(snapshot, { now, sent, settings: three });
      plan.notices.forEach((n) => sent.add(n.key));
      wakes.push(plan.nextWakeAt === null ? null : (plan.nextWakeAt - T0) / MIN);
      now = plan.nextWakeAt ?? now;
    }
    expect(wakes).toEqual([10, 30, 35, 40]);
  });

  it('a renewed ticket (new start and expiry) is warned again; the same ticket seen again is not', () => {
    const sent = new Set<string>();
    expect(replay(status([plain(40 * MIN)]), minutesAfterT0(10, 30), { settings: three }, sent)).toEqual([
      'expiring@10',
      'expiring@30',
    ]);
    // Renewed at T0 + 30 for another 40 minutes: its warnings start over.
    const renewed = status([plain(70 * MIN)]);
    expect(replay(renewed, minutesAfterT0(30, 40, 60, 61), { settings: three }, sent)).toEqual([
      'expiring@40',
      'expiring@60',
    ]);
  });

  it('a ticket got again with the same expiry but a later start is a new ticket', () => {
    const first = plain(20 * MIN);
    const again = {
      ...first,
      tickets: first.tickets.map((t) => ({ ...t, starts: iso(T0 + MIN) })),
    };
    const sent = new Set(run(status([first]), { settings: three }).notices.map((n) => n.key));
    expect(run(status([first]), { sent, settings: three }).notices).toEqual([]);
    expect(run(status([again]), { sent, settings: three }).notices).toHaveLength(1);
  });

  it('a list edited while running: new later times warn when due, an added earlier time does not repeat', () => {
    const snapshot = status([plain(40 * MIN)]);
    const sent = new Set<string>();
    expect(replay(snapshot, minutesAfterT0(10), { settings: three }, sent)).toEqual(['expiring@10']);
    // 15 added after the 30-minute warning: it comes when due, then the 5 as before.
    const edited = { warnBeforeMinutes: [60, 15, 5], autoRenew: false };
    expect(replay(snapshot, minutesAfterT0(11, 24, 25, 26, 35), { settings: edited }, sent)).toEqual([
      'expiring@25',
      'expiring@35',
    ]);
  });

  it('each identity has its own warnings', () => {
    const snapshot = status([plain(8 * MIN), cache(WORK, { expiresIn: 25 * MIN, renewUntilIn: null })]);
    const titles = run(snapshot, { settings: three })
      .notices.map((n) => n.title)
      .sort();
    expect(titles).toEqual(
      [`Your ticket for ${ALICE} expires in 8 minutes`, `Your ticket for ${WORK} expires in 25 minutes`].sort(),
    );
  });

  it('a ticket renewed automatically is not warned: renewal starts before the earliest warning', () => {
    const renewable = status([cache(ALICE, { primary: true, expiresIn: 40 * MIN })]);
    const plan = run(renewable, { now: T0 + 10 * MIN, settings: { ...three, autoRenew: true } });
    expect(plan.notices).toEqual([]);
    expect(plan.renewals).toHaveLength(1);
    expect(run(renewable, { now: T0 + 9 * MIN, settings: { ...three, autoRenew: true } }).nextWakeAt).toBe(
      T0 + 10 * MIN,
    );
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
    const plan = run(renewable(4 * MIN), { settings: { warnBeforeMinutes: [], autoRenew: true } });
    expect(plan.renewals).toHaveLength(1);
    expect(
      run(renewable(MIN_RENEW_LEAD_MS + MIN), { settings: { warnBeforeMinutes: [2], autoRenew: true } }).renewals,
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
    const plan = run(renewable(20 * MIN), { settings: { warnBeforeMinutes: [30], autoRenew: false } });
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
