import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWN_POLL_MS, createPollPolicy, type PollPolicy } from '../../electron/main/app/poll-policy.js';
import { createCollectionProbe } from '../../electron/services/kerberos/collection-probe.js';
import { createKrbService } from '../../electron/services/kerberos/service.js';
import { watchCollection, type CollectionWatch } from '../../electron/services/kerberos/watch.js';
import type { Runner } from '../../electron/services/process/run.js';
import { spawnRunner } from '../../electron/services/process/spawn-runner.js';
import type { KrbStatus } from '../../shared/krb.js';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import { USERS, startRealm, type CollectionType, type TestRealm } from '../support/realm/realm.js';
import { SETUPS, skipWhereUnavailable } from '../support/realm/setups.js';

/** The realm of the setup running now; the setups run one after the other. */
let realm: TestRealm;

const { alice } = USERS;

/** Collects the snapshots a watch reports and lets a test wait for one that matches. */
function recorder() {
  const seen: KrbStatus[] = [];
  const waiters: Array<() => void> = [];
  return {
    seen,
    onChange(status: KrbStatus) {
      seen.push(status);
      waiters.splice(0).forEach((wake) => wake());
    },
    /** Resolves with the first snapshot (from index `from`) satisfying `test`; rejects after `ms`. */
    async until(test: (s: KrbStatus) => boolean, from: number, ms = 5_000): Promise<KrbStatus> {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = seen.slice(from).find(test);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching change within ${ms} ms; saw ${seen.length}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
    },
  };
}

/** KCM lives in sssd-kcm and KEYRING in the kernel: no file to watch, so both are polled. */
const isPolled = (type: CollectionType) => type === 'KEYRING' || type === 'KCM';

/** A change made outside the app, as a user would make it in a terminal. */
const tool = (ccname: string, file: string, args: string[]) =>
  execa(file, args, { env: realm.env(ccname), extendEnv: false });

describe.each(SETUPS)('on $name', (setup) => {
  beforeAll(async () => {
    realm = await startRealm(setup.options);
  });
  afterAll(async () => {
    await realm?.stop();
  });

  describe.each(setup.collectionTypes)('watching a %s collection', (type) => {
    let ccname: string;
    let watch: CollectionWatch | undefined;
    const rec = recorder();

    const collection = skipWhereUnavailable(() => realm, type);
    beforeAll(async () => {
      if (!collection.available()) return;
      ccname = realm.newCollection(type);
      const krb = createKrbService({ env: realm.env(ccname) });
      watch = await watchCollection(krb, rec.onChange, { pollMs: 250 });
    });
    afterAll(() => watch?.close());

    const polled = isPolled(type);
    it(`notices changes by ${polled ? 'polling' : 'watching files'}`, () => {
      expect(watch!.mode).toBe(polled ? 'poll' : 'files');
    });

    it('tells the subscriber about a kinit in a terminal', async () => {
      const from = rec.seen.length;
      await realm.kinit(ccname, alice.fedora, alice.password);
      const status = await rec.until((s) => s.primary === alice.fedora, from);
      expect(status.caches.map((c) => c.principal)).toEqual([alice.fedora]);
    });

    if (type !== 'FILE') {
      it('tells it about a second identity and a kswitch', async () => {
        let from = rec.seen.length;
        await realm.kinit(ccname, alice.work, alice.password);
        await rec.until((s) => s.primary === alice.work && s.caches.length === 2, from);
        from = rec.seen.length;
        await tool(ccname, 'kswitch', ['-p', alice.fedora]);
        await rec.until((s) => s.primary === alice.fedora, from);
      });
    }

    if (polled) {
      it('an idle look runs klist once and reads the primary only when the listing changed', async () => {
        const runs: string[][] = [];
        const counting: Runner = (file, args, options) => (
          runs.push([file, ...args]),
          spawnRunner(file, args, options)
        );
        const krb = createKrbService({ env: realm.env(ccname), run: counting });
        const look = createCollectionProbe(krb, await krb.collection());
        const kinds = [];
        for (let i = 0; i < 4; i++) {
          const looked = await look();
          kinds.push(looked.ok ? looked.value.kind : 'failed');
        }
        expect(kinds).toEqual(['read', 'same', 'same', 'same']);
        const listing = ['klist', '-A', '-f', '-e'];
        expect(runs).toEqual([listing, ['klist'], listing, listing, listing]);
      });
    }

    it('tells it about a kdestroy -A', async () => {
      const from = rec.seen.length;
      await tool(ccname, 'kdestroy', ['-A']);
      await rec.until((s) => s.caches.length === 0, from);
    });

    it('reports each change once, not a snapshot per file event', () => {
      const prints = rec.seen.map((s) => JSON.stringify([s.primary, s.caches.map((c) => [c.principal, c.primary])]));
      for (let i = 1; i < prints.length; i++) expect(prints[i]).not.toBe(prints[i - 1]);
    });
  });

  /**
   * The poll policy pacing a real polled watch (KEYRING, KCM from sssd-kcm). Hidden, the watch looks
   * once a minute, so a change made in a terminal waits; each event that means someone is about to
   * look brings it at once.
   */
  describe.each(setup.collectionTypes.filter(isPolled))('a hidden %s watch woken by the desktop', (type) => {
    let ccname: string;
    let watch: CollectionWatch | undefined;
    let policy: PollPolicy;
    const rec = recorder();
    const collection = skipWhereUnavailable(() => realm, type);

    beforeAll(async () => {
      if (!collection.available()) return;
      ccname = realm.newCollection(type);
      const krb = createKrbService({ env: realm.env(ccname) });
      watch = await watchCollection(krb, rec.onChange);
      policy = createPollPolicy({ watch, settings: { current: () => DEFAULT_SETTINGS }, now: Date.now });
    });
    afterAll(() => watch?.close());

    /** A change in a terminal, unseen while hidden (the next regular look is a minute away), seen after `wake`. */
    async function seenOnlyAfter(change: () => Promise<unknown>, wake: () => void, test: (s: KrbStatus) => boolean) {
      const from = rec.seen.length;
      await change();
      await expect(rec.until(test, from, 1_500)).rejects.toThrow(/no matching change/);
      wake();
      await rec.until(test, from, 2_000);
    }

    it('sees a change when the window is shown', async () => {
      await seenOnlyAfter(
        () => realm.kinit(ccname, alice.fedora, alice.password),
        () => policy.windowVisibility(true),
        (s) => s.primary === alice.fedora,
      );
      policy.windowVisibility(false);
    });

    it('sees a change when the tray menu opens', async () => {
      await seenOnlyAfter(
        () => realm.kinit(ccname, alice.work, alice.password),
        () => policy.wake('tray-opened'),
        (s) => s.primary === alice.work,
      );
    });

    it('sees a change when the machine resumes', async () => {
      await seenOnlyAfter(
        () => tool(ccname, 'kswitch', ['-p', alice.fedora]),
        () => policy.wake('resume'),
        (s) => s.primary === alice.fedora,
      );
    });

    it('keeps looking every few seconds while the window is shown', async () => {
      policy.windowVisibility(true);
      const from = rec.seen.length;
      await tool(ccname, 'kdestroy', ['-A']);
      await rec.until((s) => s.caches.length === 0, from, SHOWN_POLL_MS + 2_000);
      policy.windowVisibility(false);
    });
  });
});
