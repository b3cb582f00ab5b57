/** Pillow resampling filters this port supports: `Image.BOX` and `Image.BILINEAR`. */
export type PillowFilter = 'box' | 'bilinear';

const PRECISION_BITS = 32 - 8 - 2;

const FILTERS: Record<PillowFilter, { support: number; fn: (x: number) => number }> = {
  box: { support: 0.5, fn: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: {
    support: 1,
    fn: (x) => {
      const a = x < 0 ? -x : x;
      return a < 1 ? 1 - a : 0;
    },
  },
};

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc`: per output index, bounds and fixed-point taps. */
function coefficients(
  inSize: number,
  outSize: number,
  filter: PillowFilter,
): { xmin: Int32Array; count: Int32Array; taps: Int32Array; ksize: number } {
  const { support: baseSupport, fn } = FILTERS[filter];
  const scale = inSize / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = baseSupport * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const xminArr = new Int32Array(outSize);
  const countArr = new Int32Array(outSize);
  const taps = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = fn((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x]! / ww : k[x]!;
      taps[xx * ksize + x] = Math.trunc(
        w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS),
      );
    }
    xminArr[xx] = xmin;
    countArr[xx] = xmax;
  }
  return { xmin: xminArr, count: countArr, taps, ksize };
}

function clip8(v: number): number {
  if (v >= 1 << (PRECISION_BITS + 8)) return 255;
  if (v <= 0) return 0;
  return Math.floor(v / (1 << PRECISION_BITS));
}

/**
 * Pillow's `Image.resize((outW, outH), filter)` of an 8-bit image (`ImagingResample`, Pillow 9.x,
 * no `reducing_gap`): separable fixed-point resampling (22 fractional bits, rounding offset,
 * clip to 0..255), horizontal pass first (only over the rows the vertical pass reads), then
 * vertical; a pass is skipped when its size is unchanged. Bit-exact with Pillow.
 *
 * Input: uint8 HWC, `height * width * channels`; output: uint8 HWC `outH * outW * channels`.
 *
 * ```ts
 * const small = pillowResize(rgb, 32, 32, 3, 24, 24, 'box'); // PIL img.resize((24, 24), Image.BOX)
 * ```
 */
export function pillowResize(
  src: Uint8Array,
  height: number,
  width: number,
  channels: number,
  outH: number,
  outW: number,
  filter: PillowFilter,
): Uint8Array {
  if (src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'pillowResize' must hold ${height}*${width}*${channels} values, got ${src.length}`,
    );
  }
  if (!Number.isInteger(outH) || !Number.isInteger(outW) || outH < 1 || outW < 1) {
    throw new RangeError(
      `Arguments 'outH', 'outW' passed to 'pillowResize' must be positive integers, got ${outH}, ${outW}`,
    );
  }
  if (!(filter in FILTERS)) {
    throw new RangeError(
      `Argument 'filter' passed to 'pillowResize' must be 'box' or 'bilinear', got ${filter}`,
    );
  }
  const needH = outW !== width;
  const needV = outH !== height;
  const vert = coefficients(height, outH, filter);
  let img = src;
  let rowOffset = 0;
  if (needH) {
    const first = vert.xmin[0]!;
    const last = vert.xmin[outH - 1]! + vert.count[outH - 1]!;
    const hor = coefficients(width, outW, filter);
    const tmpRows = needV ? last - first : height;
    const off = needV ? first : 0;
    const tmp = new Uint8Array(tmpRows * outW * channels);
    const half = 1 << (PRECISION_BITS - 1);
    for (let y = 0; y < tmpRows; y++) {
      const rowBase = (y + off) * width * channels;
      for (let xx = 0; xx < outW; xx++) {
        const xmin = hor.xmin[xx]!;
        const cnt = hor.count[xx]!;
        const kb = xx * hor.ksize;
        for (let c = 0; c < channels; c++) {
          let ss = half;
          for (let x = 0; x < cnt; x++)
            ss += src[rowBase + (x + xmin) * channels + c]! * hor.taps[kb + x]!;
          tmp[(y * outW + xx) * channels + c] = clip8(ss);
        }
      }
    }
    img = tmp;
    rowOffset = off;
  }
  if (!needV) return needH ? img : src.slice();
  const w = needH ? outW : width;
  const out = new Uint8Array(outH * w * channels);
  const half = 1 << (PRECISION_BITS - 1);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = vert.xmin[yy]! - rowOffset;
    const cnt = vert.count[yy]!;
    const kb = yy * vert.ksize;
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < channels; c++) {
        let ss = half;
        for (let y = 0; y < cnt; y++)
          ss += img[((y + ymin) * w + x) * channels + c]! * vert.taps[kb + y]!;
        out[(yy * w + x) * channels + c] = clip8(ss);
      }
    }
  }
  return out;
}
