/**
 * A cheap watch of a few files the user (or a tool in a terminal) may change under us: one
 * `fs.watch` per directory that holds them, not per file, because editors and our own atomic
 * writes replace a file by renaming another over it, and a watch on the old file would go deaf.
 * Events are debounced into one call. A directory that does not exist yet (no `~/.cache/copr`
 * before the first Copr login) is looked for again at each `rearm()`.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A file to watch, or (with `anyFileIn`) every file in a directory. */
export interface WatchTarget {
  readonly path: string;
  readonly anyFileIn?: boolean;
}

export interface FileWatch {
  /** Watches the targets' directories again: new profiles' files, directories created since. */
  rearm(): void;
  close(): void;
}

/** Several events in a burst (a rename, a write, a chmod) are one change. */
export const FILE_DEBOUNCE_MS = 200;

/** Which names in which directory matter: null means every name. */
export function directoriesOf(targets: readonly WatchTarget[]): Map<string, Set<string> | null> {
  const dirs = new Map<string, Set<string> | null>();
  for (const target of targets) {
    if (target.anyFileIn) {
      dirs.set(target.path, null);
      continue;
    }
    const dir = dirname(target.path);
    const names = dirs.has(dir) ? dirs.get(dir)! : new Set<string>();
    names?.add(basename(target.path));
    dirs.set(dir, names);
  }
  return dirs;
}

/** Starts watching `targets()` (read again at each `rearm()`); `onChange` runs after a burst of events settles. */
export function watchFiles(
  targets: () => readonly WatchTarget[],
  onChange: () => void,
  debounceMs = FILE_DEBOUNCE_MS,
): FileWatch {
  const watchers = new Map<string, { watcher: FSWatcher; names: Set<string> | null }>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!closed) onChange();
    }, debounceMs);
    timer.unref();
  };

  const forget = (dir: string) => {
    watchers.get(dir)?.watcher.close();
    watchers.delete(dir);
  };

  function start(dir: string, names: Set<string> | null): void {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        const wanted = watchers.get(dir)?.names;
        // Without a name (some file systems), any event may be ours.
        if (wanted === null || wanted === undefined || !name || wanted.has(name.toString())) changed();
      });
      // The directory went away (or the watch failed): the next rearm looks for it again.
      watcher.on('error', () => forget(dir));
      watchers.set(dir, { watcher, names });
    } catch {
      // Missing or unreadable now; the next rearm tries again.
    }
  }

  function rearm(): void {
    if (closed) return;
    const wanted = directoriesOf(targets());
    for (const dir of [...watchers.keys()]) if (!wanted.has(dir)) forget(dir);
    for (const [dir, names] of wanted) {
      const running = watchers.get(dir);
      if (running) running.names = names;
      else start(dir, names);
    }
  }

  rearm();
  return {
    rearm,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const dir of [...watchers.keys()]) forget(dir);
    },
  };
}
