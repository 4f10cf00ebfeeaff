import { describe, expect, it } from 'vitest';
import { activityFromChange, createActivityLog, formatLocalTime } from '../../../electron/main/tickets/activity-log.js';
import type { ActivityEvent } from '../../../shared/contract.js';
import { ALICE, HOUR, MIN, T0, WORK, cache, status } from './builders.js';

const kinds = (events: readonly ActivityEvent[]) => events.map((e) => `${e.kind}:${e.principal}`);

describe('activityFromChange', () => {
  const base = status([cache(ALICE, { primary: true, expiresIn: 5 * HOUR })]);

  it('treats the first snapshot as the baseline, not as news', () => {
    expect(activityFromChange(null, base, T0)).toEqual([]);
  });

  it('reports nothing when nothing changed', () => {
    expect(activityFromChange(base, base, T0 + MIN)).toEqual([]);
  });

  it('a new identity was obtained (and, kinit having made it primary, switched to)', () => {
    const after = status([cache(ALICE, { expiresIn: 5 * HOUR }), cache(WORK, { primary: true })]);
    const events = activityFromChange(base, after, T0);
    expect(kinds(events)).toEqual([`obtained:${WORK}`, `switched:${WORK}`]);
    expect(events[0]).toMatchObject({
      at: new Date(T0).toISOString(),
      message: expect.stringContaining(`Got a ticket for ${WORK}, valid until 2026-11-28 22:00`),
    });
  });

  it('the first ticket of an empty collection is obtained, not also "switched to"', () => {
    const empty = status([]);
    expect(kinds(activityFromChange(empty, status([cache(ALICE, { primary: true })]), T0))).toEqual([
      `obtained:${ALICE}`,
    ]);
  });

  it('a new expiry with the same renew-until is a renewal; a new renew-until is a fresh login', () => {
    const renewed = status([cache(ALICE, { primary: true, expiresIn: 10 * HOUR })]);
    expect(kinds(activityFromChange(base, renewed, T0))).toEqual([`renewed:${ALICE}`]);
    const fresh = status([cache(ALICE, { primary: true, expiresIn: 10 * HOUR, renewUntilIn: 8 * 24 * HOUR })]);
    expect(kinds(activityFromChange(base, fresh, T0))).toEqual([`obtained:${ALICE}`]);
  });

  it('a ticket that replaced an expired one in the same cache was obtained', () => {
    const expired = status([cache(ALICE, { primary: true, expiresIn: -HOUR, renewUntilIn: HOUR })]);
    expect(kinds(activityFromChange(expired, base, T0))).toEqual([`obtained:${ALICE}`]);
  });

  it('a removed cache was destroyed', () => {
    const two = status([cache(ALICE, { primary: true, expiresIn: 5 * HOUR }), cache(WORK)]);
    expect(kinds(activityFromChange(two, base, T0))).toEqual([`destroyed:${WORK}`]);
    expect(kinds(activityFromChange(base, status([]), T0))).toEqual([`destroyed:${ALICE}`]);
  });

  it('a primary switch is reported with the new primary', () => {
    const two = status([cache(ALICE, { primary: true }), cache(WORK)]);
    const switched = status([cache(ALICE), cache(WORK, { primary: true })]);
    expect(activityFromChange(two, switched, T0)).toMatchObject([
      { kind: 'switched', principal: WORK, message: `${WORK} is now the primary identity.` },
    ]);
  });

  it('an expiry is seen by time alone, exactly once, as main re-checks on its timer', () => {
    const soon = status([cache(ALICE, { primary: true, expiresIn: 10 * MIN })], { takenAt: T0 });
    const later = (at: number) => ({ ...soon, takenAt: new Date(at).toISOString() });
    expect(activityFromChange(soon, soon, T0 + 5 * MIN)).toEqual([]);
    expect(kinds(activityFromChange(later(T0 + 5 * MIN), soon, T0 + 11 * MIN))).toEqual([`expired:${ALICE}`]);
    expect(activityFromChange(later(T0 + 11 * MIN), soon, T0 + 12 * MIN)).toEqual([]);
  });

  it('formats times as local wall-clock minutes', () => {
    expect(formatLocalTime('2026-11-28T23:39:51.000Z')).toBe('2026-11-28 23:39'); // the tests run with TZ=UTC
  });
});

describe('the activity log', () => {
  const event = (n: number): ActivityEvent => ({
    at: new Date(T0 + n).toISOString(),
    kind: 'renewed',
    principal: ALICE,
    message: `#${n}`,
  });

  it('keeps the last 200 events, oldest first', () => {
    const log = createActivityLog();
    for (let i = 0; i < 250; i++) log.add(event(i));
    const list = log.list();
    expect(list).toHaveLength(200);
    expect(list[0]!.message).toBe('#50');
    expect(list[199]!.message).toBe('#249');
  });

  it('tells subscribers about each new event until they unsubscribe', () => {
    const log = createActivityLog(5);
    const seen: string[] = [];
    const off = log.subscribe((e) => seen.push(e.message));
    log.add(event(1));
    off();
    log.add(event(2));
    expect(seen).toEqual(['#1']);
  });

  it('hands out copies: a caller cannot edit the log', () => {
    const log = createActivityLog();
    log.add(event(1));
    (log.list() as ActivityEvent[]).pop();
    expect(log.list()).toHaveLength(1);
  });
});
