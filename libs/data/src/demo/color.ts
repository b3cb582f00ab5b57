import type { DemoRng } from './rng.ts';

/** An RGB colour with channels in [0, 1]. */
export type Rgb = [number, number, number];

/**
 * HSV to RGB, all in [0, 1] (hue wraps).
 *
 * ```ts
 * hsv(0, 1, 1); // [1, 0, 0]
 * ```
 */
export function hsv(h: number, s: number, v: number): Rgb {
  const hh = (((h % 1) + 1) % 1) * 6;
  const i = Math.floor(hh);
  const f = hh - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  switch (i) {
    case 0:
      return [v, t, p];
    case 1:
      return [q, v, p];
    case 2:
      return [p, v, t];
    case 3:
      return [p, q, v];
    case 4:
      return [t, p, v];
    default:
      return [v, p, q];
  }
}

/** A random colour of moderate saturation, value in [vLow, vHigh]. */
export function randomColor(rng: DemoRng, vLow = 0.12, vHigh = 0.95, sHigh = 0.75): Rgb {
  return hsv(rng.uniform(), rng.uniform(0.05, sHigh), rng.uniform(vLow, vHigh));
}

/** a + (b - a) * t per channel. */
export function mixColor(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Rec. 601 luma of a colour. */
export function luma(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** Alpha-blends `c` over pixel `o` of an RGB float image. */
export function blend(img: Float32Array, o: number, c: Rgb, alpha: number): void {
  img[o] += (c[0] - img[o]) * alpha;
  img[o + 1] += (c[1] - img[o + 1]) * alpha;
  img[o + 2] += (c[2] - img[o + 2]) * alpha;
}

/** out = a + (b - a) * t per channel, without allocating (out may alias a or b). */
export function mixInto(out: Rgb, a: Rgb, b: Rgb, t: number): void {
  out[0] = a[0] + (b[0] - a[0]) * t;
  out[1] = a[1] + (b[1] - a[1]) * t;
  out[2] = a[2] + (b[2] - a[2]) * t;
}
