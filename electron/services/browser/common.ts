/**
 * What the browser readers share: the URL a browser would be talking to, and file helpers
 * that never throw. See service.ts.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Result, err, ok } from '../../../shared/result.js';
import { describeReadProblem, readRegularFile } from '../files/safe-read.js';
import type { Browser, BrowserNegotiateStatus } from './types.js';

/** The URL a browser would be talking to: Negotiate rules can restrict scheme and port as well as host. */
export interface Target {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { https: 443, http: 80 };

/** Accepts `copr.fedorainfracloud.org` (taken as https on 443) or a full URL. */
export function targetOf(host: string): Target {
  const trimmed = host.trim();
  try {
    const url = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`);
    const scheme = url.protocol.slice(0, -1);
    return {
      scheme,
      host: url.hostname.toLowerCase(),
      port: url.port === '' ? (DEFAULT_PORTS[scheme] ?? -1) : Number(url.port),
    };
  } catch {
    return { scheme: 'https', host: trimmed.toLowerCase(), port: 443 };
  }
}

/** A value for the pref and the file it came from. */
export interface Sourced {
  readonly value: string;
  readonly where: string;
}

// ---------------------------------------------------------------------------------------------
// File helpers (never throw)

/** Why a file could not be read: `missing` when there is none, else the errno code. */
export interface Unreadable {
  readonly missing: boolean;
  readonly reason: string;
}

/** A real Firefox `prefs.js` is well under a megabyte; this leaves room and still bounds the read. */
export const BROWSER_FILE_LIMIT = 16 * 1024 * 1024;

/**
 * Never blocks on a FIFO or device in a profile (`profiles.ini`, `user.js`, a policy file): the
 * doctor would hang, and in the app each such read would hold one of Node's few file-system
 * threads for good. Bounded, too.
 */
export async function readText(path: string): Promise<Result<string, Unreadable>> {
  const read = await readRegularFile(path, { maxBytes: BROWSER_FILE_LIMIT });
  if (read.state === 'file') return ok(read.bytes.toString('utf8'));
  if (read.state === 'absent') return err({ missing: true, reason: 'ENOENT' });
  const reason =
    read.code === 'EINVAL' || read.code === 'EFBIG'
      ? describeReadProblem('it', read.code, BROWSER_FILE_LIMIT)
      : read.code;
  return err({ missing: false, reason });
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Regular files (or links to them) in `dir`, sorted by name; [] when the directory is missing or unreadable. */
export async function filesIn(dir: string, suffix = ''): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names.filter((n) => n.endsWith(suffix)).sort()) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push(path);
  }
  return files;
}

/** A JSON file's object, or the reason it is not one; null when the file is absent. */
export async function readJsonObject(path: string): Promise<Result<Record<string, unknown>, string> | null> {
  const read = await readText(path);
  if (!read.ok) return read.error.missing ? null : err(`unreadable: ${read.error.reason}`);
  try {
    const value: unknown = JSON.parse(read.value);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return ok(value as Record<string, unknown>);
    return err('not a JSON object');
  } catch {
    return err('not valid JSON');
  }
}

export const problemStatus = (browser: Browser, path: string, problem: string): BrowserNegotiateStatus => ({
  browser,
  where: `${path} (skipped: ${problem})`,
  allowed: false,
  value: null,
});

export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
