import { rgbToYcc, yccToRgb } from './color.ts';
import { fdctIslow, idctIslow, quantReciprocal, quantize } from './dct_islow.ts';
import { scaledQuantTables } from './quant_tables.ts';

/**
 * What a baseline JPEG encode followed by a decode does to an RGB image, with the settings of
 * Pillow's `save(f, 'JPEG', quality=q)` + `Image.open(f)` on libjpeg-turbo: RGB -> YCbCr
 * (fixed point), 4:2:0 chroma (2x2 box average with libjpeg's alternating 1, 2 bias), edge
 * replication to whole blocks as libjpeg pads, accurate integer FDCT, quantisation with the
 * Annex K tables scaled by `quality`, then dequantisation, accurate integer IDCT, "fancy"
 * (triangular) chroma upsampling and YCbCr -> RGB. Huffman coding is lossless and therefore
 * skipped: the decoded pixels depend only on the quantised coefficients, so no bytes are
 * produced, only the decoded image.
 *
 * Input: uint8 HWC RGB `height * width * 3`; output: a new Uint8Array of the same layout.
 *
 * ```ts
 * const decoded = jpegRoundTrip(rgb, 32, 32, 80); // np.asarray(Image.open(buf)) after save(quality=80)
 * ```
 */
export function jpegRoundTrip(
  rgb: Uint8Array,
  height: number,
  width: number,
  quality: number,
): Uint8Array {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(
      `Arguments 'height', 'width' passed to 'jpegRoundTrip' must be positive integers, got ${height}, ${width}`,
    );
  }
  if (rgb.length !== height * width * 3) {
    throw new RangeError(
      `Argument 'rgb' passed to 'jpegRoundTrip' must hold ${height}*${width}*3 values, got ${rgb.length}`,
    );
  }
  const { luma: qLuma, chroma: qChroma } = scaledQuantTables(quality);
  const recipLuma = Array.from(qLuma, (v) => quantReciprocal(v));
  const recipChroma = Array.from(qChroma, (v) => quantReciprocal(v));

  // Colour conversion on the image padded (by edge replication) to whole MCUs: 16x16.
  const mcuW = Math.ceil(width / 16) * 16;
  const mcuH = Math.ceil(height / 16) * 16;
  const padH = height + (height % 2); // libjpeg pads rows only to the 2-row group before downsampling
  const Y = new Int32Array(mcuW * mcuH);
  // Full-resolution chroma; only the first padH rows feed the downsampling.
  const fullCb = new Int32Array(mcuW * mcuH);
  const fullCr = new Int32Array(mcuW * mcuH);
  for (let y = 0; y < mcuH; y++) {
    const sy = Math.min(y, height - 1);
    for (let x = 0; x < mcuW; x++) {
      const sx = Math.min(x, width - 1);
      const o = (sy * width + sx) * 3;
      rgbToYcc(rgb[o]!, rgb[o + 1]!, rgb[o + 2]!, Y, fullCb, fullCr, y * mcuW + x);
    }
  }
  // Luma beyond whole 8x8 blocks of the image is never decoded into visible pixels, but libjpeg
  // pads blocks by replicating the last real row/column, which the loop above already did.

  // 2x2 downsampling with bias 1, 2, 1, 2, ... along each output row.
  const cW = mcuW / 2;
  const cH = mcuH / 2;
  const cRows = padH / 2;
  const down = (full: Int32Array): Int32Array => {
    const out = new Int32Array(cW * cH);
    for (let y = 0; y < cRows; y++) {
      let bias = 1;
      for (let x = 0; x < cW; x++) {
        const a = (2 * y * mcuW + 2 * x) | 0;
        out[y * cW + x] =
          (full[a]! + full[a + 1]! + full[a + mcuW]! + full[a + mcuW + 1]! + bias) >> 2;
        bias ^= 3;
      }
    }
    for (let y = cRows; y < cH; y++) out.copyWithin(y * cW, (cRows - 1) * cW, cRows * cW);
    return out;
  };
  const planes: { data: Int32Array; w: number; h: number; q: Int32Array }[] = [
    { data: Y, w: mcuW, h: mcuH, q: qLuma },
    { data: down(fullCb), w: cW, h: cH, q: qChroma },
    { data: down(fullCr), w: cW, h: cH, q: qChroma },
  ];

  // Per block: FDCT, quantise, IDCT (dequantised) into decoded sample planes.
  const block = new Int32Array(64);
  const ws = new Int32Array(64);
  const decoded = planes.map(({ data, w, h, q }) => {
    const recips = q === qLuma ? recipLuma : recipChroma;
    const out = new Uint8Array(w * h);
    for (let by = 0; by < h; by += 8) {
      for (let bx = 0; bx < w; bx += 8) {
        for (let r = 0; r < 8; r++)
          for (let c = 0; c < 8; c++) block[r * 8 + c] = data[(by + r) * w + bx + c]! - 128;
        fdctIslow(block);
        quantize(block, recips);
        idctIslow(block, q, out, by * w + bx, w, ws);
      }
    }
    return out;
  });

  // Fancy upsampling of the chroma planes (only the first ceil(h/2) x ceil(w/2) samples are
  // real; rows above the first / below the last real row replicate it). libjpeg-turbo falls
  // back to replication for chroma planes at most 2 samples wide.
  const dsW = Math.ceil(width / 2);
  const dsH = Math.ceil(height / 2);
  const up = (plane: Uint8Array): Uint8Array => {
    const out = new Uint8Array(2 * dsW * 2 * dsH);
    const ow = 2 * dsW;
    for (let iy = 0; iy < dsH; iy++) {
      for (let v = 0; v < 2; v++) {
        const ny = v === 0 ? Math.max(iy - 1, 0) : Math.min(iy + 1, dsH - 1);
        const r0 = iy * cW;
        const r1 = ny * cW;
        const orow = (2 * iy + v) * ow;
        const colsum = (x: number): number => plane[r0 + x]! * 3 + plane[r1 + x]!;
        if (dsW <= 2) {
          // libjpeg-turbo upsamples by plain replication when the chroma is <= 2 samples wide.
          for (let x = 0; x < 2 * dsW; x++) out[orow + x] = plane[r0 + (x >> 1)]!;
          continue;
        }
        let last = colsum(0);
        let cur = last;
        let next = colsum(1);
        out[orow] = (cur * 4 + 8) >> 4;
        out[orow + 1] = (cur * 3 + next + 7) >> 4;
        for (let x = 1; x < dsW - 1; x++) {
          last = cur;
          cur = next;
          next = colsum(x + 1);
          out[orow + 2 * x] = (cur * 3 + last + 8) >> 4;
          out[orow + 2 * x + 1] = (cur * 3 + next + 7) >> 4;
        }
        last = cur;
        cur = next;
        out[orow + 2 * dsW - 2] = (cur * 3 + last + 8) >> 4;
        out[orow + 2 * dsW - 1] = (cur * 4 + 7) >> 4;
      }
    }
    return out;
  };
  const cbUp = up(decoded[1]!);
  const crUp = up(decoded[2]!);
  const yPlane = decoded[0]!;
  const out = new Uint8Array(height * width * 3);
  const uw = 2 * dsW;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      yccToRgb(
        yPlane[y * mcuW + x]!,
        cbUp[y * uw + x]!,
        crUp[y * uw + x]!,
        out,
        (y * width + x) * 3,
      );
  return out;
}
