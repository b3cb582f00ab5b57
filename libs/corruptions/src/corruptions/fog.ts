import { plasmaFractal } from '../primitives/plasma_fractal.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** `[amount, wibbleDecay]` per severity: CIFAR-10-C values (plasma map size 32). */
export const FOG_PARAMS: Readonly<Record<Severity, readonly [number, number]>> = {
  1: [0.2, 3],
  2: [0.5, 3],
  3: [0.75, 2.5],
  4: [1, 2],
  5: [1.5, 1.75],
};

/**
 * Fog: with x = image / 255, M = max of x over all pixels and channels and P a plasma fractal
 * (diamond-square, map size 32, shared by the three channels),
 * `clip((x + amount * P) * M / (M + amount), 0, 1) * 255`. Random: the fractal's uniform draws,
 * in the reference's order. Severity 1..5: [amount, decay] = [0.2, 3], [0.5, 3], [0.75, 2.5],
 * [1, 2], [1.5, 1.75]. Images larger than 32 use the next power of two as map size (cropped),
 * which the reference (32x32 only) does not define.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = fog({ height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export const fog: CorruptionFn = (image, severity, rng) => {
  const [amount, decay] = FOG_PARAMS[severity];
  const { height, width, data: src } = image;
  let mapsize = 32;
  while (mapsize < height || mapsize < width) mapsize *= 2;
  let maxVal = 0;
  for (let i = 0; i < src.length; i++) if (src[i] > maxVal) maxVal = src[i];
  maxVal /= 255;
  const plasma = plasmaFractal(mapsize, decay, rng);
  const out = new Float64Array(src.length);
  const scale = maxVal + amount;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = amount * plasma[y * mapsize + x];
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const v = ((src[i] / 255 + p) * maxVal) / scale;
        out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
      }
    }
  return out;
};
