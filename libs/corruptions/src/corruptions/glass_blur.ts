import { gaussianFilter } from '../primitives/gaussian_filter.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** [sigma, max_delta, iterations] per severity: CIFAR-10-C values. */
export const GLASS_BLUR_PARAMS: Readonly<Record<Severity, readonly [number, number, number]>> = {
  1: [0.05, 1, 1],
  2: [0.25, 1, 1],
  3: [0.4, 1, 1],
  4: [0.25, 1, 2],
  5: [0.4, 1, 2],
};

/**
 * Glass blur: (1) x = uint8(gaussian(image / 255, sigma) * 255) (truncated); (2) `iterations`
 * times, for h from H - d down to d + 1 and, inside, w from W - d down to d + 1: draw
 * (dx, dy) = `randint(-d, d, size=2)` (values -d..d-1) and copy pixel (h + dy, w + dx) onto
 * (h, w) (the reference's tuple "swap" on numpy views is a one-way copy); (3)
 * `clip(gaussian(x / 255, sigma), 0, 1) * 255`. Gaussians are scikit-image's (mode nearest,
 * truncate 4). Severity 1..5: [sigma, d, iterations] = [0.05, 1, 1], [0.25, 1, 1], [0.4, 1, 1],
 * [0.25, 1, 2], [0.4, 1, 2] (sigma 0.05 has radius 0: a pure pixel shuffle).
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = glassBlur({ height: 32, width: 32, data }, 4, new RandomState(4));
 * ```
 */
export const glassBlur: CorruptionFn = (image, severity, rng) => {
  const { height, width, data } = image;
  const [sigma, d, iterations] = GLASS_BLUR_PARAMS[severity];
  const n = data.length;
  const x01 = new Float64Array(n);
  for (let i = 0; i < n; i++) x01[i] = data[i]! / 255;
  const blurred = gaussianFilter(x01, height, width, 3, sigma);
  const x = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = blurred[i]! * 255;
    x[i] = v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0;
  }
  for (let it = 0; it < iterations; it++) {
    for (let h = height - d; h > d; h--) {
      for (let w = width - d; w > d; w--) {
        const dx = rng.randint(-d, d);
        const dy = rng.randint(-d, d);
        const dst = (h * width + w) * 3;
        const src = ((h + dy) * width + (w + dx)) * 3;
        x[dst] = x[src]!;
        x[dst + 1] = x[src + 1]!;
        x[dst + 2] = x[src + 2]!;
      }
    }
  }
  for (let i = 0; i < n; i++) x01[i] = x[i]! / 255;
  const out = gaussianFilter(x01, height, width, 3, sigma);
  for (let i = 0; i < n; i++) {
    const v = out[i]!;
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
