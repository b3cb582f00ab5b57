/** The taps of ImageMagick's motion blur: weights and integer pixel offsets, tap 0 at (0, 0). */
export interface MotionBlurKernel {
  weights: Float64Array;
  dx: Int32Array;
  dy: Int32Array;
}

const SQRT_2PI = 2.5066282746310002;
const EPSILON = 1e-12;

/**
 * ImageMagick 6's motion-blur kernel (`MotionBlurImage` in `magick/effect.c`, 6.9.x):
 * `width = 2 * ceil(radius) + 1` taps (`GetOptimalKernelWidth1D` for radius > 0) of a one-sided
 * Gaussian `exp(-i^2 / (2 sigma^2)) / (sqrt(2 pi) sigma)`, i = 0..width-1, normalised to sum 1;
 * tap i samples the pixel at `(x + dx[i], y + dy[i])` with
 * `dx = ceil(i cos(angle) - 0.5)`, `dy = ceil(i sin(angle) - 0.5)` (angle in degrees, clockwise
 * on screen since y grows downwards), so the blur trails towards `angle`.
 *
 * ```ts
 * const k = motionBlurKernel(6, 1, 30); // 13 taps
 * ```
 */
export function motionBlurKernel(radius: number, sigma: number, angle: number): MotionBlurKernel {
  if (!(radius > EPSILON) || !Number.isFinite(radius)) {
    throw new RangeError(
      `Argument 'radius' passed to 'motionBlurKernel' must be a finite number > 0, got ${radius}`,
    );
  }
  if (!Number.isFinite(sigma) || !Number.isFinite(angle)) {
    throw new RangeError(
      `Arguments 'sigma' and 'angle' passed to 'motionBlurKernel' must be finite, got ${sigma}, ${angle}`,
    );
  }
  const width = 2 * Math.ceil(radius) + 1;
  const s = Math.abs(sigma) < EPSILON ? EPSILON : sigma;
  const weights = new Float64Array(width);
  let normalize = 0;
  for (let i = 0; i < width; i++) {
    weights[i] = Math.exp(-(i * i) / (2 * s * s)) / (SQRT_2PI * s);
    normalize += weights[i];
  }
  for (let i = 0; i < width; i++) weights[i] /= normalize;
  const rad = (Math.PI * angle) / 180;
  const px = width * Math.sin(rad);
  const py = width * Math.cos(rad);
  const len = Math.hypot(px, py);
  const dx = new Int32Array(width);
  const dy = new Int32Array(width);
  for (let i = 0; i < width; i++) {
    dx[i] = Math.ceil((i * py) / len - 0.5);
    dy[i] = Math.ceil((i * px) / len - 0.5);
  }
  return { weights, dx, dy };
}

/**
 * ImageMagick 6 (Q16, non-HDRI) `MagickMotionBlurImage` on an 8-bit image as the reference runs
 * it through a PNG round trip: values scaled to 16 bits (`v * 257`), each output the
 * kernel-weighted sum over the taps with edge-replicated borders (ImageMagick's default virtual
 * pixel method), rounded to a 16-bit quantum (`ClampToQuantum`) and scaled back to 8 bits by
 * truncation `floor(q / 257)`, which is what its PNG writer does (checked against Wand on all
 * reference patches: rounding would be off by one on half of the values).
 *
 * Input: `height * width * channels` uint8 values (HWC, channels blurred independently);
 * output: a new Uint8Array of the same layout.
 *
 * ```ts
 * const out = magickMotionBlur(image.data, 32, 32, 3, 6, 1, rng.uniform(-45, 45));
 * ```
 */
export function magickMotionBlur(
  src: Uint8Array,
  height: number,
  width: number,
  channels: number,
  radius: number,
  sigma: number,
  angle: number,
): Uint8Array {
  if (!(src instanceof Uint8Array) || src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'magickMotionBlur' must be a Uint8Array of ${height}*${width}*${channels} values, got ${src?.length}`,
    );
  }
  const { weights, dx, dy } = motionBlurKernel(radius, sigma, angle);
  const taps = weights.length;
  // Tap-major accumulation: the same per-pixel sum order (tap 0, 1, ...) as ImageMagick.
  const acc = new Float64Array(src.length);
  for (let i = 0; i < taps; i++) {
    const k = weights[i];
    for (let y = 0; y < height; y++) {
      let sy = y + dy[i];
      sy = sy < 0 ? 0 : sy >= height ? height - 1 : sy;
      const row = sy * width;
      for (let x = 0; x < width; x++) {
        let sx = x + dx[i];
        sx = sx < 0 ? 0 : sx >= width ? width - 1 : sx;
        const base = (row + sx) * channels;
        const o = (y * width + x) * channels;
        for (let c = 0; c < channels; c++) acc[o + c] += k * (src[base + c] * 257);
      }
    }
  }
  const out = new Uint8Array(src.length);
  for (let j = 0; j < acc.length; j++) {
    const v = acc[j];
    const q = v <= 0 ? 0 : v >= 65535 ? 65535 : Math.trunc(v + 0.5);
    out[j] = Math.trunc(q / 257);
  }
  return out;
}
