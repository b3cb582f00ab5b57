/** The JPEG Annex K luminance quantisation table, natural (row-major) order. */
export const STD_LUMA_QTABLE: readonly number[] = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** The JPEG Annex K chrominance quantisation table, natural (row-major) order. */
export const STD_CHROMA_QTABLE: readonly number[] = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99),
];

/**
 * The quantisation tables libjpeg's `jpeg_set_quality(cinfo, quality, force_baseline=TRUE)`
 * installs (what Pillow's `save(..., quality=q)` uses): scale = 5000 / q for q < 50, else
 * 200 - 2q (integer); entry = clamp((base * scale + 50) / 100, 1, 255) with integer division.
 *
 * ```ts
 * const { luma, chroma } = scaledQuantTables(80); // luma[0] === 6
 * ```
 */
export function scaledQuantTables(quality: number): { luma: Int32Array; chroma: Int32Array } {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new RangeError(
      `Argument 'quality' passed to 'scaledQuantTables' must be an integer in 1..100, got ${quality}`,
    );
  }
  const scale = quality < 50 ? Math.trunc(5000 / quality) : 200 - quality * 2;
  const make = (base: readonly number[]): Int32Array =>
    Int32Array.from(base, (b) => Math.min(255, Math.max(1, Math.trunc((b * scale + 50) / 100))));
  return { luma: make(STD_LUMA_QTABLE), chroma: make(STD_CHROMA_QTABLE) };
}
