import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HIDDEN_POLL_MS,
  LOOK_BEFORE_DEADLINE_MS,
  SHOWN_POLL_MS,
  collectionDeadlines,
  createPollPolicy,
  nextCheckAt,
} from '../../../electron/main/app/poll-policy.js';
import { MIN_RENEW_LEAD_MS } from '../../../electron/main/tickets/notifications.js';
import type { ProbeService } from '../../../electron/services/kerberos/collection-probe.js';
import { watchCollection, type CollectionWatch } from '../../../electron/services/kerberos/watch.js';
import type { RunOutcome } from '../../../electron/services/process/run.js';
import type { CollectionInfo, KrbStatus } from '../../../shared/krb.js';
import { ok } from '../../../shared/result.js';
import { ALICE, HOUR, MIN, T0, cache, settings, status } from './builders.js';

const hidden = { windowShown: false, screenLocked: false, deadlines: [] };

describe('nextCheckAt', () => {
  it('looks every few seconds while the window is shown, once a minute while it is hidden', () => {
    expect(nextCheckAt({ ...hidden, windowShown: true }, T0)).toBe(T0 + SHOWN_POLL_MS);
    expect(nextCheckAt(hidden, T0)).toBe(T0 + HIDDEN_POLL_MS);
    expect(SHOWN_POLL_MS).toBeLessThanOrEqual(5_000);
  });

  it('does not look at all while the screen is locked, unless a deadline comes', () => {
    expect(nextCheckAt({ ...hidden, screenLocked: true }, T0)).toBeNull();
    expect(nextCheckAt({ windowShown: true, screenLocked: true, deadlines: [T0 + HOUR] }, T0)).toBe(
      T0 + HOUR - LOOK_BEFORE_DEADLINE_MS,
    );
  });

  it('looks just before a deadline that comes before the next regular look', () => {
    const deadline = T0 + 30_000;
    expect(nextCheckAt({ ...hidden, deadlines: [deadline] }, T0)).toBe(deadline - LOOK_BEFORE_DEADLINE_MS);
    // Once that look has run, the deadline does not bring it back: the regular pace resumes.
    const after = deadline - LOOK_BEFORE_DEADLINE_MS + 5;
    expect(nextCheckAt({ ...hidden, deadlines: [deadline] }, after)).toBe(after + HIDDEN_POLL_MS);
  });
});

describe('collectionDeadlines', () => {
  it("gives each ticket's warning, renewal and expiry instants still ahead, in order", () => {
    const s = status([cache(ALICE, { expiresIn: 2 * HOUR, primary: true })]);
    const expires = T0 + 2 * HOUR;
    expect(collectionDeadlines(s, { warnBeforeMinutes: [3] }, T0)).toEqual([
      expires - MIN_RENEW_LEAD_MS,
      expires - 3 * MIN,
      expires,
    ]);
    // A lead time longer than the renewal lead: warning and renewal fall on the same instant.
    expect(collectionDeadlines(s, { warnBeforeMinutes: [15] }, T0)).toEqual([expires - 15 * MIN, expires]);
    // Every warning of the list is a deadline; renewal starts with the earliest.
    expect(collectionDeadlines(s, { warnBeforeMinutes: [30, 10, 5] }, T0)).toEqual([
      expires - 30 * MIN,
      expires - 10 * MIN,
      expires - 5 * MIN,
      expires,
    ]);
    expect(collectionDeadlines(s, { warnBeforeMinutes: [] }, T0)).toEqual([expires - MIN_RENEW_LEAD_MS, expires]);
  });

  it('leaves out what has passed, and caches without a ticket', () => {
    const s = status([cache(ALICE, { expiresIn: 10 * MIN, primary: true }), cache(null, { expiresIn: null })]);
    // The 30-minute warning is already due: only the expiry is ahead.
    expect(collectionDeadlines(s, { warnBeforeMinutes: [30] }, T0)).toEqual([T0 + 10 * MIN]);
    // The 10-minute one is due now, the 5-minute one is still ahead.
    expect(collectionDeadlines(s, { warnBeforeMinutes: [30, 10, 5] }, T0)).toEqual([T0 + 5 * MIN, T0 + 10 * MIN]);
    expect(collectionDeadlines(null, { warnBeforeMinutes: [30] }, T0)).toEqual([]);
  });
});

/**
 * The policy pacing a real watch over a collection that has no file to watch (KEYRING), with the
 * two klist halves faked and the clock faked: each look is counted as one listing.
 */
describe('a polled watch paced by the policy', () => {
  const keyring: CollectionInfo = { name: 'KEYRING:persistent:1000', type: 'KEYRING', switchable: true };
  let listings: number;
  let snapshot: KrbStatus;
  let watch: CollectionWatch;
  const changes: KrbStatus[] = [];

  const fakeService = (): ProbeService & { collection(): Promise<CollectionInfo> } => ({
    collection: async () => keyring,
    listCollection: async (): Promise<RunOutcome> => {
      listings++;
      return { kind: 'exited', exitCode: 0, stdout: JSON.stringify(snapshot), stderr: '' };
    },
    statusFromListing: async (_coll, listing) => ok(JSON.parse((listing as { stdout: string }).stdout) as KrbStatus),
  });
  /** Runs the fake clock `ms` forward, letting each look's promises settle. */
  const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  /** A look runs a zero-delay timer after its tick (1 ms on the fake clock): allow for that drift. */
  const SLACK = 100;

  beforeEach(async () => {
    vi.useFakeTimers({ now: T0 });
    listings = 0;
    changes.length = 0;
    snapshot = { ...status([cache(ALICE, { expiresIn: 10 * HOUR, primary: true })]), collection: keyring };
    watch = await watchCollection(fakeService(), (s) => changes.push(s));
  });
  afterEach(() => {
    watch.close();
    vi.useRealTimers();
  });

  const policy = () => createPollPolicy({ watch, settings: { current: () => settings() }, now: Date.now });

  it('looks once a minute while hidden, every 5 s while shown, and not while locked', async () => {
    const p = policy();
    listings = 0;
    await pass(10 * MIN + SLACK);
    expect(listings).toBe(10);

    p.windowVisibility(true);
    await pass(SLACK);
    expect(listings).toBe(11); // at once
    await pass(MIN);
    expect(listings).toBe(11 + 12);

    p.screenLock(true);
    await pass(10 * MIN);
    expect(listings).toBe(23);
    p.screenLock(false);
    await pass(SLACK);
    expect(listings).toBe(24);
  });

  it('looks at once on each wake event while hidden', async () => {
    const p = policy();
    listings = 0;
    for (const reason of ['tray-opened', 'resume', 'unlock', 'network-changed'] as const) {
      p.wake(reason);
      await pass(10);
    }
    expect(listings).toBe(4);
  });

  it('tells the subscriber about a change only at the next look, then not again', async () => {
    policy();
    snapshot = { ...snapshot, primary: null, caches: [] };
    await pass(HIDDEN_POLL_MS - SLACK);
    expect(changes).toEqual([]);
    await pass(2 * SLACK);
    expect(changes).toHaveLength(1);
    await pass(5 * MIN);
    expect(changes).toHaveLength(1);
  });

  it('looks just before a warning is due, though hidden polling would come later', async () => {
    const p = policy();
    // Warning at 30 minutes before expiry (the default): expiry 30 min + 20 s from now.
    const expiring = {
      ...status([cache(ALICE, { expiresIn: 30 * MIN + 20_000, primary: true })]),
      collection: keyring,
    };
    p.statusChanged(expiring);
    p.screenLock(true); // no regular looks at all: only the deadline brings one
    await pass(SLACK);
    listings = 0;
    await pass(20_000 - LOOK_BEFORE_DEADLINE_MS - 2 * SLACK);
    expect(listings).toBe(0);
    await pass(2 * SLACK);
    expect(listings).toBe(1);
  });

  it('looks just before each of several warnings, and before expiry, with no other looks', async () => {
    const p = policy(); // the default warnings: 30, 10 and 5 minutes ahead
    const expiresIn = 10 * MIN + 20_000; // the 30-minute warning has passed; the 10 is 20 s away
    p.statusChanged({ ...status([cache(ALICE, { expiresIn, primary: true })]), collection: keyring });
    p.screenLock(true);
    await pass(SLACK);
    listings = 0;
    const looks: number[] = [];
    for (const deadline of [20_000, 5 * MIN + 20_000, expiresIn]) {
      await pass(T0 + deadline - LOOK_BEFORE_DEADLINE_MS - SLACK - Date.now());
      looks.push(listings);
      await pass(2 * SLACK);
      looks.push(listings);
    }
    expect(looks).toEqual([0, 1, 1, 2, 2, 3]);
  });
});
