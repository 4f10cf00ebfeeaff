/**
 * Whether sssd-kcm renews tickets by itself (`[kcm] tgt_renewal = true`, sssd-kcm(8)), in which
 * case Ticket Tray does not renew them a second time. Only a KCM collection can be renewed by
 * sssd; the configuration is often readable by root only, and then we cannot know and say no
 * (renewing twice is harmless, only redundant).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CcacheType } from '../../../shared/krb.js';
import { readRegularFile } from '../files/safe-read.js';

/** sssd's main configuration file. */
export const SSSD_CONF = '/etc/sssd/sssd.conf';
/** sssd's configuration snippets, read after sssd.conf. */
export const SSSD_CONF_DIR = '/etc/sssd/conf.d';

/**
 * Reads `tgt_renewal` in the `[kcm]` section of each text, in order (sssd reads sssd.conf, then
 * conf.d/*.conf in alphabetical order; a later value wins).
 */
export function kcmRenewsTickets(texts: readonly string[]): boolean {
  let renews = false;
  for (const text of texts) {
    let inKcm = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
      if (section) {
        inKcm = section[1]!.toLowerCase() === 'kcm';
        continue;
      }
      const entry = /^tgt_renewal\s*=\s*(\S+)/i.exec(line);
      if (inKcm && entry) renews = entry[1]!.toLowerCase() === 'true';
    }
  }
  return renews;
}

/** Reads what it can of sssd's configuration; false for any other cache type or when nothing is readable. */
export async function detectSystemRenewal(
  type: CcacheType,
  conf = SSSD_CONF,
  confDir = SSSD_CONF_DIR,
): Promise<boolean> {
  if (type !== 'KCM') return false;
  const names = await readdir(confDir).catch(() => [] as string[]);
  const files = [
    conf,
    ...names
      .filter((n) => n.endsWith('.conf'))
      .sort()
      .map((n) => join(confDir, n)),
  ];
  const texts = await Promise.all(files.map(readConfText));
  return kcmRenewsTickets(texts);
}

/**
 * A configuration file's text, or '' when it cannot be read: bounded and non-blocking, since a
 * FIFO or a huge file dropped into conf.d must not stall the doctor or the app's start.
 */
async function readConfText(path: string): Promise<string> {
  const read = await readRegularFile(path);
  return read.state === 'file' ? read.bytes.toString('utf8') : '';
}
