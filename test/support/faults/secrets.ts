/**
 * Canary secrets and the places the hardening suites look for them: every process's argv and
 * environment (/proc/<pid>/cmdline and environ, polled while a flow runs), everything written to the
 * console or to process.stdout/stderr in-process, every value that would reach the renderer
 * (serialised), and every file under the directories the app writes. Each look counts as one place
 * scanned; each canary found where it may not be is one leak, named with where it was found.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A fresh canary: `<prefix>-<random hex>`, never a value any tool or server would make up. */
export function canary(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

/** A fresh one-time code canary: 8 digits, not starting with 0 (the product accepts 6 to 8 digits). */
export function canaryOtp(): string {
  return String(randomInt(10_000_000, 99_999_999));
}

/** The canaries of one suite, each with a label; some appear only during a flow (a server-issued token, a cookie). */
export class SecretWatch {
  /** label → value */
  private readonly secrets = new Map<string, string>();
  /** Places looked at: one per text, value, process file or file scanned. */
  places = 0;
  /** `label in where`, one per canary found where it may not be. */
  readonly leaks: string[] = [];
  /** Counts per kind of place, for the report (proc-cmdline, proc-environ, log, result, file). */
  readonly byKind = new Map<string, number>();

  add(label: string, value: string): void {
    if (value.length < 6) throw new Error(`canary ${label} is too short to search for`);
    this.secrets.set(label, value);
  }

  labels(): string[] {
    return [...this.secrets.keys()];
  }

  /** Which canaries `text` holds, except the allowed ones. */
  find(text: string, allow: readonly string[] = []): string[] {
    const found: string[] = [];
    for (const [label, value] of this.secrets) if (!allow.includes(label) && text.includes(value)) found.push(label);
    return found;
  }

  /** Looks at one text; `kind` groups the count, `where` names it in a leak. */
  scanText(kind: string, where: string, text: string, allow: readonly string[] = []): void {
    this.places++;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    for (const label of this.find(text, allow)) this.leaks.push(`${label} in ${where}`);
  }

  /** Looks at a value as the renderer (or a JSON consumer) would get it: serialised, errors with message and stack. */
  scanValue(kind: string, where: string, value: unknown, allow: readonly string[] = []): void {
    this.scanText(kind, where, serialise(value), allow);
  }
}

/** JSON, with Error objects spelled out (message, stack, cause, own properties) rather than `{}`. */
export function serialise(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Error) return { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause };
      if (typeof v === 'bigint') return String(v);
      return v;
    }) ?? String(value)
  );
}

// ---- processes -----------------------------------------------------------------------------------

/** What a /proc poll saw. */
export interface ProcScanStats {
  readonly passes: number;
  /** Processes whose environment held `marker`, by program name (basename of argv[0]): `pid:argv` ids. */
  readonly marked: Readonly<Record<string, readonly string[]>>;
}

/**
 * Polls /proc every `intervalMs` until stopped: argv and environment of every process on the
 * machine (this one included) are scanned for the canaries. Processes whose environment holds
 * `marker` (e.g. the flow's KRB5CCNAME or HOME) are counted by program name, to prove the poll saw
 * the children it is meant to see.
 */
export function startProcScan(watch: SecretWatch, marker: string, intervalMs = 5): { stop(): Promise<ProcScanStats> } {
  let running = true;
  let passes = 0;
  const marked = new Map<string, Set<string>>();
  const loop = (async () => {
    while (running) {
      await scanProcOnce(watch, marker, marked);
      passes++;
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await scanProcOnce(watch, marker, marked); // one last look after the flow ended
      passes++;
      return { passes, marked: Object.fromEntries([...marked].map(([name, pids]) => [name, [...pids]])) };
    },
  };
}

async function scanProcOnce(watch: SecretWatch, marker: string, marked: Map<string, Set<string>>): Promise<void> {
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  await Promise.all(
    pids.map(async (pid) => {
      const [cmdline, environ] = await Promise.all([
        readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => null),
        readFile(`/proc/${pid}/environ`, 'latin1').catch(() => null),
      ]);
      if (cmdline === null || environ === null) return; // gone meanwhile
      const argv = cmdline.split('\0');
      const name = argv.some((a) => a.endsWith('cli/bin.js')) ? 'ticket-tray-cli' : path.basename(argv[0] ?? '?');
      watch.scanText('proc-cmdline', `argv of pid ${pid} (${argv.join(' ').trim().slice(0, 200)})`, cmdline);
      watch.scanText('proc-environ', `environment of pid ${pid} (${name})`, environ);
      if (environ.includes(marker)) {
        const set = marked.get(name) ?? new Set<string>();
        set.add(`${pid}:${argv.join(' ')}`);
        marked.set(name, set);
      }
    }),
  );
}

// ---- in-process output -----------------------------------------------------------------------------

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Captures everything written with console.* and process.stdout/stderr.write until `restore()`,
 * and returns it as lines. Nothing is passed through (the suites print their own findings).
 */
export function captureOutput(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) =>
      void lines.push(`console.${m}: ${args.map((a) => (typeof a === 'string' ? a : serialise(a))).join(' ')}`);
  }
  const out = process.stdout.write;
  const err = process.stderr.write;
  const grab = (stream: string) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(`${stream}: ${typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')}`);
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = grab('stdout');
  process.stderr.write = grab('stderr');
  return {
    lines,
    restore() {
      for (const [m, fn] of saved) console[m] = fn;
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

// ---- files ---------------------------------------------------------------------------------------

/**
 * Scans every regular file under `root` (symlinks not followed) for the canaries; `allow(file)`
 * names the canaries a file may hold (the token in the Copr config, the cookie in the session
 * cache). Returns the files scanned.
 */
export async function scanTree(
  watch: SecretWatch,
  root: string,
  allow: (file: string) => readonly string[] = () => [],
): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  const info = await lstat(root).catch(() => null);
  if (info?.isDirectory()) await walk(root);
  else if (info?.isFile()) files.push(root);
  for (const file of files) {
    const text = await readFile(file, 'latin1').catch(() => '');
    watch.scanText('file', `file ${file}`, text, allow(file));
  }
  return files;
}
