import { extendIndex } from './extend_index.ts';
import type { Affine2x3 } from './get_affine_transform.ts';

const AB_BITS = 10;
const AB_SCALE = 1 << AB_BITS;
const INTER_BITS = 5;
const TAB = 1 << INTER_BITS;
const ROUND_DELTA = AB_SCALE / TAB / 2;
const f32 = Math.fround;

/** `cvRound`: nearest integer, halves to even (the FPU's default rounding). */
function cvRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * OpenCV's `cv2.warpAffine(img, M, (width, height), flags=INTER_LINEAR,
 * borderMode=BORDER_REFLECT_101)` on a float32 HWC image: M (source -> destination) is inverted
 * as OpenCV does, each destination pixel's source position is computed in OpenCV's fixed point
 * (1/1024 steps, then quantised to 1/32 pixel), and the 4 neighbours are blended with the float32
 * bilinear table weights in float32 arithmetic; neighbours outside the image are mirrored
 * (reflect-101, `c b | a b c`).
 *
 * Input: `height * width * channels` float32 values and the 2x3 matrix; output: a new
 * Float32Array of the same layout.
 *
 * ```ts
 * const warped = warpAffine(img, 32, 32, 3, getAffineTransform(pts1, pts2));
 * ```
 */
export function warpAffine(
  src: Float32Array,
  height: number,
  width: number,
  channels: number,
  matrix: Affine2x3,
): Float32Array {
  if (!(src instanceof Float32Array) || src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'warpAffine' must be a Float32Array of ${height}*${width}*${channels} values, got ${src?.length}`,
    );
  }
  if (matrix.length !== 6) {
    throw new RangeError(
      `Argument 'matrix' passed to 'warpAffine' must hold 6 values (2x3), got ${matrix.length}`,
    );
  }
  // Inverse map, exactly as cv::warpAffine computes it without WARP_INVERSE_MAP.
  const M = Float64Array.from(matrix);
  let D = M[0] * M[4] - M[1] * M[3];
  D = D !== 0 ? 1 / D : 0;
  const A11 = M[4] * D;
  const A22 = M[0] * D;
  M[0] = A11;
  M[1] *= -D;
  M[3] *= -D;
  M[4] = A22;
  const b1 = -M[0] * M[2] - M[1] * M[5];
  const b2 = -M[3] * M[2] - M[4] * M[5];
  M[2] = b1;
  M[5] = b2;

  const adelta = new Int32Array(width);
  const bdelta = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    adelta[x] = cvRound(M[0] * x * AB_SCALE);
    bdelta[x] = cvRound(M[3] * x * AB_SCALE);
  }
  const out = new Float32Array(src.length);
  const rowStride = width * channels;
  for (let y = 0; y < height; y++) {
    const X0 = cvRound((M[1] * y + M[2]) * AB_SCALE) + ROUND_DELTA;
    const Y0 = cvRound((M[4] * y + M[5]) * AB_SCALE) + ROUND_DELTA;
    for (let x = 0; x < width; x++) {
      const X = (X0 + adelta[x]) >> (AB_BITS - INTER_BITS);
      const Y = (Y0 + bdelta[x]) >> (AB_BITS - INTER_BITS);
      const sx = X >> INTER_BITS;
      const sy = Y >> INTER_BITS;
      const fx = (X & (TAB - 1)) / TAB;
      const fy = (Y & (TAB - 1)) / TAB;
      const wx0 = f32(1 - fx);
      const wy0 = f32(1 - fy);
      const w0 = f32(wy0 * wx0);
      const w1 = f32(wy0 * fx);
      const w2 = f32(fy * wx0);
      const w3 = f32(fy * fx);
      const x0 = extendIndex(sx, width, 'mirror');
      const x1 = extendIndex(sx + 1, width, 'mirror');
      const y0 = extendIndex(sy, height, 'mirror');
      const y1 = extendIndex(sy + 1, height, 'mirror');
      const p0 = y0 * rowStride + x0 * channels;
      const p1 = y0 * rowStride + x1 * channels;
      const p2 = y1 * rowStride + x0 * channels;
      const p3 = y1 * rowStride + x1 * channels;
      const o = y * rowStride + x * channels;
      for (let c = 0; c < channels; c++) {
        let v = f32(f32(src[p0 + c] * w0) + f32(src[p1 + c] * w1));
        v = f32(v + f32(src[p2 + c] * w2));
        out[o + c] = f32(v + f32(src[p3 + c] * w3));
      }
    }
  }
  return out;
}
