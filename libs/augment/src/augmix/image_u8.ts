/**
 * An 8-bit RGB image as Pillow holds it for the AugMix operations: `data` is HWC, row-major,
 * `height * width * 3` values in 0..255.
 *
 * ```ts
 * const img: ImageU8 = { height: 32, width: 32, data: new Uint8Array(32 * 32 * 3) };
 * ```
 */
export interface ImageU8 {
  readonly height: number;
  readonly width: number;
  readonly data: Uint8Array;
}

/** Throws unless `img` is a well-formed RGB `ImageU8`; `op` names the caller in the message. */
export function assertImageU8(img: ImageU8, op: string): void {
  const { height, width, data } = img;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(
      `Argument 'img' passed to '${op}' must have positive integer height and width, got ${height}x${width}`,
    );
  }
  if (data.length !== height * width * 3) {
    throw new RangeError(
      `Argument 'img' passed to '${op}' must hold height*width*3 = ${height * width * 3} values (RGB), got ${data.length}`,
    );
  }
}

/** Applies a per-channel lookup table (`lut` has 3 * 256 entries: R, G, B), as Pillow's `_lut`. */
export function applyLut(img: ImageU8, lut: ArrayLike<number>): ImageU8 {
  const src = img.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    out[i] = lut[src[i]!]!;
    out[i + 1] = lut[256 + src[i + 1]!]!;
    out[i + 2] = lut[512 + src[i + 2]!]!;
  }
  return { height: img.height, width: img.width, data: out };
}

/** Per-channel 256-bin histograms (R, G, B back to back), as Pillow's `Image.histogram()`. */
export function histogramRgb(img: ImageU8): Uint32Array {
  const h = new Uint32Array(768);
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) {
    h[d[i]!]! += 1;
    h[256 + d[i + 1]!]! += 1;
    h[512 + d[i + 2]!]! += 1;
  }
  return h;
}
