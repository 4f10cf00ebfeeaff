import { describe, expect, it } from 'vitest';
import { alphaMask, trayIconBitmap } from '../../../electron/main/tray/icon-pixels.js';
import { TRAY_ICONS, type TrayIconName } from '../../../electron/main/tray/model.js';

const NAMES = Object.values(TRAY_ICONS) as TrayIconName[];

/** Share of pixels whose coverage differs clearly between two masks. */
function difference(a: Uint8Array, b: Uint8Array): number {
  let differing = 0;
  a.forEach((v, i) => {
    if (Math.abs(v - b[i]!) > 128) differing++;
  });
  return differing / a.length;
}

describe('tray icons drawn in code', () => {
  it('differ by shape, not only colour: every pair of alpha masks differs in at least 8% of pixels', () => {
    for (const a of NAMES) {
      for (const b of NAMES) {
        if (a !== b) expect(difference(alphaMask(a, 32), alphaMask(b, 32)), `${a} vs ${b}`).toBeGreaterThan(0.08);
      }
    }
  });

  it('stay recognisable at the 16 px some panels use', () => {
    for (const a of NAMES)
      for (const b of NAMES) if (a !== b) expect(difference(alphaMask(a, 16), alphaMask(b, 16))).toBeGreaterThan(0.05);
  });

  it('are visible: each paints between 15% and 70% of its square, and leaves the corners empty', () => {
    for (const name of NAMES) {
      const mask = alphaMask(name, 32);
      const painted = mask.filter((v) => v > 128).length / mask.length;
      expect(painted, name).toBeGreaterThan(0.15);
      expect(painted, name).toBeLessThan(0.7);
      expect(mask[0]).toBe(0);
    }
  });

  it('are premultiplied BGRA bitmaps of the asked size', () => {
    const { width, height, bgra } = trayIconBitmap('tray-problem', 32);
    expect([width, height, bgra.length]).toEqual([32, 32, 32 * 32 * 4]);
    for (let i = 0; i < bgra.length; i += 4) {
      const alpha = bgra[i + 3]!;
      expect(Math.max(bgra[i]!, bgra[i + 1]!, bgra[i + 2]!)).toBeLessThanOrEqual(alpha);
    }
  });
});
