import { clippedZoom } from '../primitives/clipped_zoom.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/**
 * numpy's `np.arange(1, end, 0.01)` as the reference evaluates it: element i is
 * `1 + i * (fl(1 + 0.01) - 1)` and the length `ceil((end - 1) / 0.01)` in floating point, so
 * severities 1 and 2 include their end point and 3..5 do not (7, 12, 16, 21, 26 factors).
 */
function numpyArange(end: number): number[] {
  const step = 0.01;
  const n = Math.ceil((end - 1) / step);
  const delta = 1 + step - 1;
  return Array.from({ length: n }, (_, i) => 1 + i * delta);
}

/** Zoom factors per severity: `np.arange(1, end, 0.01)` with end 1.06, 1.11, 1.16, 1.21, 1.26. */
export const ZOOM_BLUR_FACTORS: Readonly<Record<Severity, readonly number[]>> = {
  1: numpyArange(1.06),
  2: numpyArange(1.11),
  3: numpyArange(1.16),
  4: numpyArange(1.21),
  5: numpyArange(1.26),
};

/**
 * Zoom blur: the mean of the image and its central zooms by every factor of the severity
 * (`clippedZoom`: crop `ceil(32 / z)`, scipy order-1 zoom, central crop), all in float32 like the
 * reference: `clip((x + sum_z zoom(x, z)) / (n + 1), 0, 1) * 255` with x = float32(image / 255).
 * Severity 1..5: factors 1.00..1.06 (7), ..1.11 (12), ..1.15 (16), ..1.20 (21), ..1.25 (26).
 * Deterministic.
 *
 * Input: uint8 HWC RGB, square; output: Float32Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = zoomBlur({ height: 32, width: 32, data }, 3, rng);
 * ```
 */
export const zoomBlur: CorruptionFn = (image, severity) => {
  const { height, width, data } = image;
  if (height !== width) {
    throw new RangeError(
      `Argument 'image' passed to 'zoomBlur' must be square, got ${height}x${width}`,
    );
  }
  // float32 values of x / 255, held in a Float64Array (exact) so the zoom reads one array type.
  const x = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) x[i] = Math.fround(data[i]! / 255);
  const acc = new Float32Array(data.length);
  for (const z of ZOOM_BLUR_FACTORS[severity]) {
    const zoomed = clippedZoom(x, height, 3, z).data;
    for (let i = 0; i < acc.length; i++) acc[i] = acc[i] + Math.fround(zoomed[i]);
  }
  const n = ZOOM_BLUR_FACTORS[severity].length + 1;
  const out = new Float32Array(data.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.fround(Math.fround(x[i] + acc[i]) / n);
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
