import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CollectionInfo, KrbStatus } from '../../../shared/krb.js';
import { dirCollectionPath, fileCachePath } from './ccache-name.js';
import { createCollectionProbe, type ProbeService } from './collection-probe.js';
import type { KrbService } from './service.js';

export interface WatchOptions {
  /** How often KCM and KEYRING collections, which have no file to watch, are re-read until `setPace` says otherwise. Default 5 s. */
  readonly pollMs?: number;
  /** A safety re-read for watched files too, in case an event was missed. Default 60 s. */
  readonly safetyPollMs?: number;
  /** Events arrive in bursts (kinit writes, then renames the primary file): wait this long for quiet. Default 40 ms. */
  readonly debounceMs?: number;
}

/** When a polled collection is looked at next. */
export interface PollPace {
  /** The instant (ms since the epoch) of the next look after one that finished at `lastCheckAt`; null: not until woken. */
  nextCheckAt(lastCheckAt: number): number | null;
}

export interface CollectionWatch {
  /** How changes are noticed: `files` (inotify through fs.watch) or `poll`. */
  readonly mode: 'files' | 'poll';
  /** The interval it started with: the poll, or the safety re-read of watched files. */
  readonly intervalMs: number;
  /**
   * Paces the polling from now on (the next look is planned from the last one). Watched files
   * ignore it: their events already arrive at once, and the safety re-read keeps its interval.
   */
  setPace(pace: PollPace): void;
  /** Looks now: someone is about to look at the result (or the machine just woke up). */
  checkNow(): void;
  close(): void;
}

/** Node's timers hold at most about 24.8 days; a plan further out is re-planned after a day. */
const MAX_DELAY_MS = 24 * 3_600_000;

/** The same interval after every look. */
export const everyMs = (intervalMs: number): PollPace => ({ nextCheckAt: (last) => last + intervalMs });

/**
 * Tells `onChange` whenever the collection changes, whoever changed it (a kinit, kswitch or kdestroy
 * in a terminal, or this app). DIR and FILE caches are files, so a change is seen within tens of
 * milliseconds; KCM and KEYRING live in a daemon or the kernel and are polled, at the pace
 * `setPace` sets. A look whose `klist` output did not change costs that one process and nothing else.
 */
export async function watchCollection(
  service: Pick<KrbService, 'collection'> & ProbeService,
  onChange: (status: KrbStatus) => void,
  options: WatchOptions = {},
): Promise<CollectionWatch> {
  const coll = await service.collection();
  const probe = createCollectionProbe(service, coll);
  const first = await probe();
  let last = first.ok && first.value.kind === 'read' ? fingerprint(first.value.status) : '';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  const check = async (): Promise<void> => {
    const looked = await probe();
    if (closed || !looked.ok || looked.value.kind === 'same') return;
    const print = fingerprint(looked.value.status);
    if (print !== last) {
      last = print;
      onChange(looked.value.status);
    }
  };
  // One check at a time; an event during a check schedules exactly one more. File events come in
  // bursts and wait for quiet; a poll tick has nothing to wait for.
  const trigger = (delayMs = options.debounceMs ?? 40) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = check().finally(() => {
        running = null;
        planNext(Date.now());
        if (again) {
          again = false;
          trigger();
        }
      });
    }, delayMs);
  };

  const watcher = watchFiles(coll, trigger);
  const intervalMs = watcher ? (options.safetyPollMs ?? 60_000) : (options.pollMs ?? 5_000);
  let pace = everyMs(intervalMs);
  let lastCheckAt = Date.now();
  let tick: NodeJS.Timeout | undefined;
  // The next look is planned after each look, from when it finished: a slow klist never piles up looks.
  const planNext = (checkedAt: number) => {
    lastCheckAt = checkedAt;
    clearTimeout(tick);
    const at = closed ? null : pace.nextCheckAt(checkedAt);
    if (at === null) return;
    tick = setTimeout(() => trigger(0), Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
    tick.unref();
  };
  planNext(lastCheckAt);
  return {
    mode: watcher ? 'files' : 'poll',
    intervalMs,
    setPace(next) {
      if (watcher) return;
      pace = next;
      planNext(lastCheckAt);
    },
    checkNow: () => trigger(0),
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(tick);
      watcher?.close();
    },
  };
}

/** Watches the directory holding a DIR collection or a FILE cache; null where there is no file (or it does not exist yet). */
function watchFiles(coll: CollectionInfo, onEvent: () => void): FSWatcher | null {
  const dir = coll.type === 'DIR' ? dirCollectionPath(coll.name) : null;
  const file = coll.type === 'FILE' ? fileCachePath(coll.name) : null;
  const target = dir ?? (file ? dirname(file) : null);
  if (!target) return null;
  try {
    const watcher = watch(target, { persistent: false }, (_event, name) => {
      if (file && name && name !== basename(file)) return;
      onEvent();
    });
    // A watched directory that disappears stops reporting; the safety poll still notices changes.
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return null;
  }
}

/** What counts as a change: which caches exist, whose they are, their tickets, and which one is primary. Not the passing of time. */
export function fingerprint(status: KrbStatus): string {
  return JSON.stringify([
    status.collection.name,
    status.primary,
    status.caches.map((c) => [
      c.cache,
      c.principal,
      c.primary,
      c.tickets.map((t) => [t.server, t.starts, t.expires, t.renewUntil]),
    ]),
  ]);
}
