import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CollectionInfo, KrbStatus } from '../../../shared/krb.js';
import { dirCollectionPath, fileCachePath } from './ccache-name.js';
import type { KrbService } from './service.js';

export interface WatchOptions {
  /** How often KCM and KEYRING collections, which have no file to watch, are re-read. Default 5 s. */
  readonly pollMs?: number;
  /** A safety re-read for watched files too, in case an event was missed. Default 60 s. */
  readonly safetyPollMs?: number;
  /** Events arrive in bursts (kinit writes, then renames the primary file): wait this long for quiet. Default 40 ms. */
  readonly debounceMs?: number;
}

export interface CollectionWatch {
  /** How changes are noticed: `files` (inotify through fs.watch) or `poll`. */
  readonly mode: 'files' | 'poll';
  readonly intervalMs: number;
  close(): void;
}

/**
 * Tells `onChange` whenever the collection changes, whoever changed it (a kinit, kswitch or kdestroy
 * in a terminal, or this app). DIR and FILE caches are files, so a change is seen within tens of
 * milliseconds; KCM and KEYRING live in a daemon or the kernel and are polled.
 */
export async function watchCollection(
  service: Pick<KrbService, 'status' | 'collection'>,
  onChange: (status: KrbStatus) => void,
  options: WatchOptions = {},
): Promise<CollectionWatch> {
  const coll = await service.collection();
  const first = await service.status();
  let last = first.ok ? fingerprint(first.value) : '';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  const check = async (): Promise<void> => {
    const snapshot = await service.status();
    if (closed || !snapshot.ok) return;
    const print = fingerprint(snapshot.value);
    if (print !== last) {
      last = print;
      onChange(snapshot.value);
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
        if (again) {
          again = false;
          trigger();
        }
      });
    }, delayMs);
  };

  const watcher = watchFiles(coll, trigger);
  const intervalMs = watcher ? (options.safetyPollMs ?? 60_000) : (options.pollMs ?? 5_000);
  const poll = setInterval(() => trigger(0), intervalMs);
  poll.unref();
  return {
    mode: watcher ? 'files' : 'poll',
    intervalMs,
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
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
