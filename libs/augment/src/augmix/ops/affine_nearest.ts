import type { ImageU8 } from '../image_u8.ts';

/** Pillow's 16.16 fixed-point conversion (round half up). */
const fix = (v: number): number => Math.floor(v * 65536 + 0.5);

/**
 * Pillow's `Image.transform(size, Image.AFFINE, coeffs, resample=Image.NEAREST)` on an RGB
 * image, same size out as in, for maps that are not pure scalings (rotations, shears): Pillow
 * steps through the output in 16.16 fixed point from the pixel-centre offset
 * (c + b / 2 + a / 2, f + e / 2 + d / 2), takes the input pixel whose index is the integer part
 * (floor), and leaves black where that falls outside the image.
 *
 * `coeffs` = [a, b, c, d, e, f] maps output to input coordinates (Pillow's convention).
 */
export function affineNearest(img: ImageU8, coeffs: readonly number[]): ImageU8 {
  if (coeffs.length !== 6 || coeffs.some((c) => !Number.isFinite(c))) {
    throw new RangeError(
      `Argument 'coeffs' passed to 'affineNearest' must be 6 finite numbers, got [${coeffs.join(', ')}]`,
    );
  }
  const [a0, a1, a2, a3, a4, a5] = coeffs as [number, number, number, number, number, number];
  const { height: h, width: w, data: src } = img;
  const out = new Uint8Array(src.length);
  const da0 = fix(a0);
  const da1 = fix(a1);
  const da3 = fix(a3);
  const da4 = fix(a4);
  let xo = fix(a2 + a1 * 0.5 + a0 * 0.5);
  let yo = fix(a5 + a4 * 0.5 + a3 * 0.5);
  for (let y = 0; y < h; y++) {
    let xx = xo;
    let yy = yo;
    for (let x = 0; x < w; x++) {
      const xin = Math.floor(xx / 65536);
      const yin = Math.floor(yy / 65536);
      if (xin >= 0 && xin < w && yin >= 0 && yin < h) {
        const s = (yin * w + xin) * 3;
        const o = (y * w + x) * 3;
        out[o] = src[s]!;
        out[o + 1] = src[s + 1]!;
        out[o + 2] = src[s + 2]!;
      }
      xx += da0;
      yy += da3;
    }
    xo += da1;
    yo += da4;
  }
  return { height: h, width: w, data: out };
}
