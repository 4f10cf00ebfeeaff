import { formatDuration, formatLocalTime } from '../../shared/duration.js';
import type { CacheInfo, KrbStatus } from '../../shared/krb.js';

/** Local time, as a person at the terminal reads their clock. */
const localTime = (iso: string | null): string => (iso ? formatLocalTime(iso) : '-');

function timeLeft(cache: CacheInfo, nowMs: number): string {
  if (cache.state === 'empty') return 'no ticket';
  if (cache.state === 'expired') return 'expired';
  return `${formatDuration(Date.parse(cache.expires ?? '') - nowMs)} left`;
}

/** The readable `status` table; `*` marks the primary cache. */
export function formatStatus(status: KrbStatus): string {
  const nowMs = Date.parse(status.takenAt);
  const { collection } = status;
  const lines = [
    `Collection: ${collection.name} (${collection.type}, ${collection.switchable ? 'can hold several caches' : 'holds a single cache'})`,
    `Primary:    ${status.primary ?? 'none'}`,
  ];
  if (status.caches.length === 0) return [...lines, '', 'No tickets.'].join('\n') + '\n';
  const rows = status.caches.map((c) => [
    c.primary ? '*' : ' ',
    c.principal ?? '(empty cache)',
    c.state,
    `${localTime(c.expires)} (${timeLeft(c, nowMs)})`,
    localTime(c.renewUntil),
    c.cache,
  ]);
  const header = [' ', 'PRINCIPAL', 'STATE', 'EXPIRES', 'RENEW UNTIL', 'CACHE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (r: readonly string[]) =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [...lines, '', render(header), ...rows.map(render)].join('\n') + '\n';
}
