import { boxBlur3x3 } from '../primitives/box_blur.ts';
import { canny } from '../primitives/canny.ts';
import { distanceTransform5x5 } from '../primitives/distance_transform.ts';
import { equalizeHist } from '../primitives/equalize_hist.ts';
import { extendIndex } from '../primitives/extend_index.ts';
import { gaussianFilter } from '../primitives/gaussian_filter.ts';
import { gaussianFilterF32 } from '../primitives/gaussian_filter_f32.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** `[mean, std, sigma, threshold, intensity, mud]` per severity: CIFAR-10-C values. */
export const SPATTER_PARAMS: Readonly<
  Record<Severity, readonly [number, number, number, number, number, 0 | 1]>
> = {
  1: [0.62, 0.1, 0.7, 0.7, 0.5, 0],
  2: [0.65, 0.1, 0.8, 0.7, 0.5, 0],
  3: [0.65, 0.3, 1, 0.69, 0.5, 0],
  4: [0.65, 0.1, 0.7, 0.69, 0.6, 1],
  5: [0.65, 0.1, 0.5, 0.68, 0.6, 1],
};

const f32 = Math.fround;
/** Water (R, G, B) = pale turquoise (175, 238, 238) / 255; mud = brown (63, 42, 20) / 255. */
const WATER = [f32(175 / 255), f32(238 / 255), f32(238 / 255)];
const MUD = [f32(63 / 255), f32(42 / 255), f32(20 / 255)];
/** OpenCV `filter2D` emboss kernel of the water texture (correlation, not flipped). */
const EMBOSS = [-2, -1, 0, -1, 1, 1, 0, 1, 2];

/**
 * Spatter: a liquid layer L = `gaussian(N(mean, std^2) h x w, sigma)` (scikit-image, mode
 * nearest), `L[L < threshold] = 0`.
 * - Water (severities 1-3): L8 = uint8(L * 255); a texture from OpenCV ops on L8 (Canny 50/150,
 *   L2 5x5 distance transform of the non-edges, truncated at 20, 3x3 box blur to uint8,
 *   histogram equalisation, 3x3 emboss `filter2D` to uint8, 3x3 box blur); m = L8 * texture,
 *   divided by its max and scaled by `intensity`; `out = clip(x + m * (175, 238, 238) / 255, 0, 1)`.
 * - Mud (severities 4-5): m = `gaussian(L > threshold, intensity)` (float32),
 *   `m[m < 0.8] = 0`; `out = clip(x * (1 - m) + m * (63, 42, 20) / 255, 0, 1)`.
 *
 * x = image / 255 in float32, all arithmetic in float32 as the reference; `out * 255`.
 * Random: one normal(h x w) draw. A layer without any texture (max 0, where the reference
 * would divide by zero) leaves the image unchanged.
 *
 * Input: uint8 HWC RGB; output: Float32Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = spatter({ height: 32, width: 32, data }, 4, new RandomState(4));
 * ```
 */
export const spatter: CorruptionFn = (image, severity, rng) => {
  const [mean, std, sigma, threshold, intensity, mud] = SPATTER_PARAMS[severity];
  const { height, width, data: src } = image;
  const n = height * width;
  const layer = new Float64Array(n);
  for (let i = 0; i < n; i++) layer[i] = mean + std * rng.standardNormal();
  const liquid = gaussianFilter(layer, height, width, 1, sigma);
  for (let i = 0; i < n; i++) if (liquid[i] < threshold) liquid[i] = 0;
  const out = new Float32Array(src.length);
  if (mud === 0) {
    const m = waterMask(liquid, height, width);
    let max = 0;
    for (let i = 0; i < n; i++) if (m[i] > max) max = m[i];
    const k = f32(intensity);
    for (let p = 0; p < n; p++) {
      const mp = max > 0 ? f32(f32(m[p] / max) * k) : 0;
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        const v = f32(f32(src[i] / 255) + f32(mp * WATER[c]));
        out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
      }
    }
  } else {
    const mask = new Float32Array(n);
    for (let i = 0; i < n; i++) mask[i] = liquid[i] > threshold ? 1 : 0;
    const m = gaussianFilterF32(mask, height, width, intensity);
    for (let p = 0; p < n; p++) {
      const mp = m[p] < 0.8 ? 0 : m[p];
      const keep = f32(1 - mp);
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        const v = f32(f32(f32(src[i] / 255) * keep) + f32(MUD[c] * mp));
        out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
      }
    }
  }
  return out;
};

/** The water branch's `liquid_layer * dist` (float32) before normalisation. */
function waterMask(liquid: Float64Array, height: number, width: number): Float32Array {
  const n = height * width;
  // (L * 255).astype(uint8): truncation, wrapping modulo 256 like numpy's C cast.
  const l8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) l8[i] = Math.trunc(liquid[i] * 255) & 255;
  const edges = canny(l8, height, width, 50, 150);
  for (let i = 0; i < n; i++) edges[i] = 255 - edges[i];
  const dist = distanceTransform5x5(edges, height, width);
  for (let i = 0; i < n; i++) if (dist[i] > 20) dist[i] = 20;
  const blurred = boxBlur3x3(dist, height, width);
  const d8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) d8[i] = Math.trunc(blurred[i]);
  const eq = equalizeHist(d8);
  // eq with a reflect-101 frame, then the 3x3 emboss correlation saturated to uint8.
  const W = width + 2;
  const pad = new Int32Array((height + 2) * W);
  for (let y = -1; y <= height; y++) {
    const r = extendIndex(y, height, 'mirror') * width;
    for (let x = -1; x <= width; x++)
      pad[(y + 1) * W + x + 1] = eq[r + extendIndex(x, width, 'mirror')];
  }
  const embossed = new Uint8Array(n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const k = (y + 1) * W + x + 1;
      let s = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) s += EMBOSS[(dy + 1) * 3 + dx + 1] * pad[k + dy * W + dx];
      embossed[y * width + x] = s < 0 ? 0 : s > 255 ? 255 : s;
    }
  const texture = boxBlur3x3(embossed, height, width);
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = l8[i] * texture[i];
  return m;
}
