/** tan(22.5 deg) in OpenCV's 15-bit fixed point (`TG22` of `cv::Canny`). */
const CANNY_SHIFT = 15;
const TG22 = Math.trunc((Math.SQRT2 - 1) * (1 << CANNY_SHIFT) + 0.5);

/**
 * OpenCV's `cv2.Canny(img, low, high)` (aperture 3, L1 gradient) on a single-channel uint8
 * image: 3x3 Sobel derivatives with replicated borders, magnitude `|dx| + |dy|` (zero outside the
 * image), non-maximum suppression along the gradient sector chosen with OpenCV's fixed-point
 * tangent tests (strict `>` on one side, `>=` on the other as OpenCV does), then hysteresis from
 * the pixels above `high` through 8-connected pixels above `low`.
 *
 * Input: `height * width` uint8 values; output: a new Uint8Array with 255 on edges, 0 elsewhere.
 *
 * ```ts
 * const edges = canny(layerU8, 32, 32, 50, 150); // spatter's water texture
 * ```
 */
export function canny(
  src: Uint8Array,
  height: number,
  width: number,
  lowThreshold: number,
  highThreshold: number,
): Uint8Array {
  if (!(src instanceof Uint8Array) || src.length !== height * width) {
    throw new RangeError(
      `Argument 'src' passed to 'canny' must be a Uint8Array of ${height}*${width} values, got ${src?.length}`,
    );
  }
  if (lowThreshold > highThreshold) [lowThreshold, highThreshold] = [highThreshold, lowThreshold];
  const low = Math.floor(lowThreshold);
  const high = Math.floor(highThreshold);
  const W = width + 2; // magnitude and map carry a 1-pixel frame
  const dxs = new Int32Array(height * width);
  const dys = new Int32Array(height * width);
  const mag = new Int32Array((height + 2) * W);
  // Source with a replicated 1-pixel frame (the Sobel border), indexed directly.
  const pad = new Int32Array((height + 2) * W);
  for (let y = -1; y <= height; y++) {
    const sy = y < 0 ? 0 : y >= height ? height - 1 : y;
    for (let x = -1; x <= width; x++) {
      const sx = x < 0 ? 0 : x >= width ? width - 1 : x;
      pad[(y + 1) * W + x + 1] = src[sy * width + sx];
    }
  }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const k = (y + 1) * W + x + 1;
      const up = k - W;
      const down = k + W;
      const dx =
        pad[up + 1] - pad[up - 1] + 2 * (pad[k + 1] - pad[k - 1]) + (pad[down + 1] - pad[down - 1]);
      const dy =
        pad[down - 1] - pad[up - 1] + 2 * (pad[down] - pad[up]) + (pad[down + 1] - pad[up + 1]);
      dxs[y * width + x] = dx;
      dys[y * width + x] = dy;
      mag[k] = Math.abs(dx) + Math.abs(dy);
    }
  // map: 0 = may be an edge, 1 = cannot be, 2 = is an edge; the frame cannot be.
  const map = new Uint8Array((height + 2) * W).fill(1);
  const stack: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const k = (y + 1) * W + x + 1;
      const m = mag[k];
      if (m <= low) continue;
      const xs = dxs[y * width + x];
      const ys = dys[y * width + x];
      const ax = Math.abs(xs);
      const ay = Math.abs(ys) * (1 << CANNY_SHIFT);
      const tg22x = ax * TG22;
      let isMax: boolean;
      if (ay < tg22x) {
        isMax = m > mag[k - 1] && m >= mag[k + 1];
      } else {
        const tg67x = tg22x + ax * (1 << (CANNY_SHIFT + 1));
        if (ay > tg67x) {
          isMax = m > mag[k - W] && m >= mag[k + W];
        } else {
          const s = xs < 0 !== ys < 0 ? -1 : 1; // OpenCV: (xs ^ ys) < 0
          isMax = m > mag[k - W - s] && m > mag[k + W + s];
        }
      }
      if (!isMax) continue;
      if (m > high) {
        map[k] = 2;
        stack.push(k);
      } else {
        map[k] = 0;
      }
    }
  const nbrs = [-W - 1, -W, -W + 1, -1, 1, W - 1, W, W + 1];
  while (stack.length > 0) {
    const k = stack.pop()!;
    for (const d of nbrs) {
      if (map[k + d] === 0) {
        map[k + d] = 2;
        stack.push(k + d);
      }
    }
  }
  const out = new Uint8Array(height * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[y * width + x] = map[(y + 1) * W + x + 1] === 2 ? 255 : 0;
  return out;
}
