import { extendIndex } from './extend_index.ts';

/**
 * OpenCV's `getGaussianKernel(ksize, sigma, CV_32F)`: taps `exp(-x^2 / (2 sigma^2))` for
 * x = -(ksize-1)/2..(ksize-1)/2, rounded to float32, normalised by their float32 sum. For
 * sigma <= 0 OpenCV derives `sigma = 0.3 ((ksize - 1) / 2 - 1) + 0.8`.
 */
export function cvGaussianKernel(ksize: number, sigma: number): Float32Array {
  if (!Number.isInteger(ksize) || ksize < 1 || ksize % 2 !== 1) {
    throw new RangeError(
      `Argument 'ksize' passed to 'cvGaussianKernel' must be an odd positive integer, got ${ksize}`,
    );
  }
  const s = sigma > 0 ? sigma : ((ksize - 1) * 0.5 - 1) * 0.3 + 0.8;
  const scale2X = -0.5 / (s * s);
  const k = new Float32Array(ksize);
  let sum = 0;
  for (let i = 0; i < ksize; i++) {
    const x = i - (ksize - 1) * 0.5;
    k[i] = Math.exp(scale2X * x * x);
    sum += k[i];
  }
  const inv = 1 / sum;
  for (let i = 0; i < ksize; i++) k[i] = k[i] * inv;
  return k;
}

/**
 * OpenCV `cv2.GaussianBlur(img, (ksize, ksize), sigma)` of a single-channel float32 image: the
 * separable float32 kernel of `cvGaussianKernel`, rows then columns, border reflect-101, every
 * intermediate rounded to float32 (OpenCV's float path; its SIMD may fuse multiply-adds, so the
 * last float32 bit can differ).
 *
 * Input: `height * width` values; output: a new Float32Array.
 *
 * ```ts
 * const k = cvGaussianBlur(disk17x17, 17, 17, 3, 0.5); // the defocus kernel's anti-aliasing
 * ```
 */
export function cvGaussianBlur(
  src: ArrayLike<number>,
  height: number,
  width: number,
  ksize: number,
  sigma: number,
): Float32Array {
  if (src.length !== height * width) {
    throw new RangeError(
      `Argument 'src' passed to 'cvGaussianBlur' must hold ${height}*${width} values, got ${src.length}`,
    );
  }
  const k = cvGaussianKernel(ksize, sigma);
  const r = (ksize - 1) / 2;
  const tmp = new Float32Array(height * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let acc = Math.fround(src[y * width + x] * k[r]);
      for (let j = 1; j <= r; j++) {
        const a = src[y * width + extendIndex(x - j, width, 'mirror')];
        const b = src[y * width + extendIndex(x + j, width, 'mirror')];
        acc = Math.fround(acc + Math.fround(Math.fround(a + b) * k[r + j]));
      }
      tmp[y * width + x] = acc;
    }
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let acc = Math.fround(tmp[y * width + x] * k[r]);
      for (let j = 1; j <= r; j++) {
        const a = tmp[extendIndex(y - j, height, 'mirror') * width + x];
        const b = tmp[extendIndex(y + j, height, 'mirror') * width + x];
        acc = Math.fround(acc + Math.fround(Math.fround(a + b) * k[r + j]));
      }
      out[y * width + x] = acc;
    }
  return out;
}
