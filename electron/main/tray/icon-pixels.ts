/**
 * The four tray icons drawn in code, for when no icon file is packaged (a checkout, or a package
 * whose icons are missing): a tray without an image is invisible. Each state has its own
 * **shape**, so the states differ in a monochrome panel and for colour-blind users, not only in
 * colour: ok a disc with a check mark cut out; expiring a clock face; problem a triangle with an
 * exclamation mark cut out; none a ring crossed out. Pure arithmetic, no I/O.
 */
import type { TrayIconName } from './model.js';

type Point = readonly [number, number];
/** Whether a point of the unit square (0..1, y down) is painted. */
type Shape = (x: number, y: number) => boolean;

const dist = (x: number, y: number, [cx, cy]: Point) => Math.hypot(x - cx, y - cy);

/** Distance from a point to the segment a–b. */
function segmentDistance(x: number, y: number, a: Point, b: Point): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

const C: Point = [0.5, 0.5];
const stroke = (x: number, y: number, width: number, ...points: Point[]) =>
  points.slice(1).some((p, i) => segmentDistance(x, y, points[i]!, p) < width / 2);

function insideTriangle(x: number, y: number, [a, b, c]: readonly [Point, Point, Point]): boolean {
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

const SHAPES: Record<TrayIconName, Shape> = {
  'tray-ok': (x, y) => dist(x, y, C) < 0.46 && !stroke(x, y, 0.11, [0.27, 0.52], [0.44, 0.69], [0.74, 0.35]),
  'tray-expiring': (x, y) => {
    const d = dist(x, y, C);
    return (d > 0.35 && d < 0.46) || stroke(x, y, 0.09, [0.5, 0.22], C, [0.7, 0.5]);
  },
  'tray-problem': (x, y) =>
    insideTriangle(x, y, [
      [0.5, 0.05],
      [0.97, 0.92],
      [0.03, 0.92],
    ]) &&
    !stroke(x, y, 0.11, [0.5, 0.36], [0.5, 0.63]) &&
    dist(x, y, [0.5, 0.78]) > 0.065,
  'tray-none': (x, y) => {
    const d = dist(x, y, C);
    return (d > 0.35 && d < 0.45) || stroke(x, y, 0.09, [0.22, 0.78], [0.78, 0.22]);
  },
};

/** The colour of each state, as [r, g, b]; the shape already tells the state, colour only adds to it. */
export const TRAY_COLOURS: Record<TrayIconName, readonly [number, number, number]> = {
  'tray-ok': [46, 125, 50],
  'tray-expiring': [230, 150, 0],
  'tray-problem': [198, 40, 40],
  'tray-none': [117, 117, 117],
};

/** Coverage (0..255) of each pixel, from 4×4 samples per pixel for smooth edges. */
export function alphaMask(name: TrayIconName, size: number): Uint8Array {
  const shape = SHAPES[name];
  const mask = new Uint8Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) if (shape((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits++;
      }
      mask[py * size + px] = Math.round((hits / 16) * 255);
    }
  }
  return mask;
}

/**
 * The icon as raw pixels for `nativeImage.createFromBitmap`, which takes Chromium's native order:
 * BGRA on little-endian machines, premultiplied by alpha.
 */
export function trayIconBitmap(
  name: TrayIconName,
  size = 32,
): { readonly width: number; readonly height: number; readonly bgra: Uint8Array } {
  const mask = alphaMask(name, size);
  const [r, g, b] = TRAY_COLOURS[name];
  const bgra = new Uint8Array(size * size * 4);
  mask.forEach((a, i) => {
    bgra.set([Math.round((b * a) / 255), Math.round((g * a) / 255), Math.round((r * a) / 255), a], i * 4);
  });
  return { width: size, height: size, bgra };
}
