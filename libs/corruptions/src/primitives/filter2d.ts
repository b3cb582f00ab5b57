import { extendIndex, type BorderMode } from './extend_index.ts';

/**
 * 2-D correlation of every channel of an HWC image with one kernel, like OpenCV
 * `cv2.filter2D(channel, -1, kernel)` on float64 input (anchor at the kernel centre, default
 * border `BORDER_REFLECT_101` = scipy `'mirror'`). Zero taps are skipped, so sparse kernels
 * (the small disks of defocus_blur inside a 17x17 support) cost only their non-zero taps.
 * OpenCV evaluates large kernels through a DFT; results agree to float64 rounding.
 *
 * Input: `height * width * channels` values, kernel `kh * kw` row-major (odd sizes);
 * output: a new Float64Array of the image's layout.
 *
 * ```ts
 * const out = filter2D(rgb01, 32, 32, 3, kernel17x17, 17, 17);
 * ```
 */
export function filter2D(
  src: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  kernel: ArrayLike<number>,
  kh: number,
  kw: number,
  mode: BorderMode = 'mirror',
): Float64Array {
  if (src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'filter2D' must hold ${height}*${width}*${channels} values, got ${src.length}`,
    );
  }
  if (kh % 2 !== 1 || kw % 2 !== 1 || kernel.length !== kh * kw) {
    throw new RangeError(
      `Argument 'kernel' passed to 'filter2D' must hold odd ${kh}x${kw} = ${kh * kw} taps, got ${kernel.length}`,
    );
  }
  const ry = (kh - 1) / 2;
  const rx = (kw - 1) / 2;
  const taps: { dy: number; dx: number; w: number }[] = [];
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) {
      const w = kernel[i * kw + j];
      if (w !== 0) taps.push({ dy: i - ry, dx: j - rx, w });
    }
  const rowIdx = new Int32Array(height + 2 * ry);
  for (let k = 0; k < rowIdx.length; k++) rowIdx[k] = extendIndex(k - ry, height, mode);
  const colIdx = new Int32Array(width + 2 * rx);
  for (let k = 0; k < colIdx.length; k++) colIdx[k] = extendIndex(k - rx, width, mode);
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (const t of taps) {
          const sy = rowIdx[y + t.dy + ry];
          const sx = colIdx[x + t.dx + rx];
          if (sy >= 0 && sx >= 0) acc += t.w * src[(sy * width + sx) * channels + c];
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}
