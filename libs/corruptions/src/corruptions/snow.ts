import { clippedZoom } from '../primitives/clipped_zoom.ts';
import { magickMotionBlur } from '../primitives/motion_blur.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/**
 * `[mean, std, zoom, threshold, blurRadius, blurSigma, blend]` per severity: CIFAR-10-C values.
 */
export const SNOW_PARAMS: Readonly<
  Record<Severity, readonly [number, number, number, number, number, number, number]>
> = {
  1: [0.1, 0.2, 1, 0.6, 8, 3, 0.95],
  2: [0.1, 0.2, 1, 0.5, 10, 4, 0.9],
  3: [0.15, 0.3, 1.75, 0.55, 10, 4, 0.9],
  4: [0.25, 0.3, 2.25, 0.6, 12, 6, 0.85],
  5: [0.3, 0.3, 1.25, 0.65, 14, 12, 0.8],
};

const f32 = Math.fround;
const GRAY_R = f32(0.299);
const GRAY_G = f32(0.587);
const GRAY_B = f32(0.114);

/**
 * Snow: a snow layer s ~ N(mean, std^2) per pixel (h x w, float64), `clippedZoom` by `zoom`
 * (scipy order 1; severity 5's 26 * 1.25 = 32.5 rounds to 32 pixels, half to even), values below
 * `threshold` set to 0, truncated to uint8 (`clip(s, 0, 1) * 255`), motion-blurred with
 * ImageMagick's kernel (`blurRadius`, `blurSigma`, angle ~ U(-135, -45), drawn after s) and
 * scaled back to [0, 1]. The image x (float32, / 255) is first whitened,
 * `blend * x + (1 - blend) * max(x, 1.5 * gray(x) + 0.5)` with OpenCV's RGB2GRAY weights, then
 * `clip(x + s + rot180(s), 0, 1) * 255`. Random: normal(h x w) then uniform, as the reference.
 * Square images only (the reference's `clipped_zoom` crops a square).
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = snow({ height: 32, width: 32, data }, 5, new RandomState(5));
 * ```
 */
export const snow: CorruptionFn = (image, severity, rng) => {
  const [mean, std, zoomFactor, threshold, radius, sigma, blend] = SNOW_PARAMS[severity];
  const { height, width, data: src } = image;
  if (height !== width) {
    throw new RangeError(
      `Argument 'image' passed to 'snow' must be square (the reference zoom crops a square), got ${height}x${width}`,
    );
  }
  const n = height * width;
  const layer = new Float64Array(n);
  for (let i = 0; i < n; i++) layer[i] = mean + std * rng.standardNormal();
  const zoomed = clippedZoom(layer, height, 1, zoomFactor).data;
  const flakes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let v = zoomed[i];
    if (v < threshold) v = 0;
    flakes[i] = Math.trunc((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
  }
  const angle = rng.uniform(-135, -45);
  const blurred = magickMotionBlur(flakes, height, width, 1, radius, sigma, angle);
  const a = f32(blend);
  const b = f32(1 - blend);
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const o = p * 3;
      const r = f32(src[o] / 255);
      const g = f32(src[o + 1] / 255);
      const bl = f32(src[o + 2] / 255);
      // OpenCV's SIMD RGB2GRAY fuses the multiply-adds: products exact, one rounding per add.
      const gray = f32(f32(r * GRAY_R + g * GRAY_G) + bl * GRAY_B);
      const lifted = f32(f32(gray * 1.5) + 0.5);
      for (let c = 0; c < 3; c++) {
        const xc = c === 0 ? r : c === 1 ? g : bl;
        const whitened = f32(f32(a * xc) + f32(b * (xc > lifted ? xc : lifted)));
        const v = whitened + blurred[p] / 255 + blurred[n - 1 - p] / 255;
        out[o + c] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
      }
    }
  }
  return out;
};
