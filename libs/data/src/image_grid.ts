import { FONT_ADVANCE, FONT_HEIGHT, drawText } from './font.ts';
import { encodePng } from './png.ts';

/**
 * A batch of images for `writeImageGrid`: NHWC with 1 or 3 channels, either uint8 in 0..255 or
 * float32 in [0, 1] (e.g. `{ data: await t.data(), shape: t.shape }` of a tfjs tensor, or a
 * uint8 `NpyArray`). Float values are clipped to [0, 1] and rounded.
 */
export interface ImageBatch {
  data: Uint8Array | Float32Array;
  shape: readonly number[];
}

export interface ImageGridOptions {
  /** Integer nearest-neighbour upscaling of every image (default 1). */
  scale?: number;
  /** One caption per image (drawn under it in a 3x5 pixel font; lower case shows as upper). */
  labels?: readonly string[];
  /** Gap between cells in output pixels (default 2). */
  padding?: number;
  /** Background grey level 0..255 (default 24). */
  background?: number;
  /** Font pixel size (default max(1, floor(scale / 2))). */
  fontScale?: number;
}

/**
 * Lays out the first rows*cols images of a batch row by row on a grid and encodes it as PNG
 * (contact sheets, Figure 1a-style example grids). Cells without an image stay background.
 *
 * Output size: cols*(W*scale) + (cols+1)*padding wide, rows*(H*scale + caption) + (rows+1)*padding
 * high, where caption = 5*fontScale + 2 when labels are given, else 0.
 *
 * ```ts
 * const png = writeImageGrid({ data: ds.images, shape: ds.shape }, 4, 8, {
 *   scale: 3, labels: Array.from(ds.labels.subarray(0, 32), (l) => ds.classNames[l]),
 * });
 * await writeFile('sheet.png', png);
 * ```
 */
export function writeImageGrid(
  images: ImageBatch,
  rows: number,
  cols: number,
  options: ImageGridOptions = {},
): Uint8Array {
  const { shape, data } = images;
  if (shape.length !== 4 || (shape[3] !== 1 && shape[3] !== 3)) {
    throw new RangeError(
      `Argument 'images' passed to 'writeImageGrid' must have shape [N, H, W, 1|3], got [${shape.join(', ')}]`,
    );
  }
  const [n, h, w, c] = shape;
  if (data.length !== n * h * w * c) {
    throw new RangeError(
      `Argument 'images' passed to 'writeImageGrid' has ${data.length} values, shape [${shape.join(', ')}] needs ${n * h * w * c}`,
    );
  }
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new RangeError(
        `Argument '${name}' passed to 'writeImageGrid' must be a positive integer, got ${v}`,
      );
    }
  }
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale <= 0) {
    throw new RangeError(
      `Option 'scale' passed to 'writeImageGrid' must be a positive integer, got ${scale}`,
    );
  }
  const pad = options.padding ?? 2;
  const bg = options.background ?? 24;
  const fontScale = options.fontScale ?? Math.max(1, Math.floor(scale / 2));
  const labels = options.labels;
  if (labels && labels.length < Math.min(n, rows * cols)) {
    throw new RangeError(
      `Option 'labels' passed to 'writeImageGrid' must have one entry per shown image (${Math.min(n, rows * cols)}), got ${labels.length}`,
    );
  }
  const caption = labels ? FONT_HEIGHT * fontScale + 2 : 0;
  const cellW = w * scale;
  const cellH = h * scale + caption;
  const outW = cols * cellW + (cols + 1) * pad;
  const outH = rows * cellH + (rows + 1) * pad;
  const out = new Uint8Array(outW * outH * 3).fill(bg);
  const isFloat = data instanceof Float32Array;
  const toByte = (v: number): number =>
    isFloat ? Math.round(Math.min(1, Math.max(0, v)) * 255) : v;
  const maxChars = Math.max(
    0,
    Math.floor((cellW + FONT_ADVANCE * fontScale - 3 * fontScale) / (FONT_ADVANCE * fontScale)),
  );
  for (let k = 0; k < Math.min(n, rows * cols); k++) {
    const x0 = pad + (k % cols) * (cellW + pad);
    const y0 = pad + Math.floor(k / cols) * (cellH + pad);
    for (let y = 0; y < h * scale; y++) {
      const sy = Math.floor(y / scale);
      for (let x = 0; x < cellW; x++) {
        const src = ((k * h + sy) * w + Math.floor(x / scale)) * c;
        const dst = ((y0 + y) * outW + x0 + x) * 3;
        if (c === 1) {
          const v = toByte(data[src]);
          out[dst] = v;
          out[dst + 1] = v;
          out[dst + 2] = v;
        } else {
          out[dst] = toByte(data[src]);
          out[dst + 1] = toByte(data[src + 1]);
          out[dst + 2] = toByte(data[src + 2]);
        }
      }
    }
    if (labels) {
      drawText(
        out,
        outW,
        outH,
        labels[k].slice(0, maxChars),
        x0,
        y0 + h * scale + 1,
        fontScale,
        [235, 235, 235],
      );
    }
  }
  return encodePng(out, outH, outW, 3);
}
