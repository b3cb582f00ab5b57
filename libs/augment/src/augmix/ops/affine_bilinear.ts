import type { ImageU8 } from '../image_u8.ts';

/**
 * Pillow's `Image.transform(size, Image.AFFINE, coeffs, resample=Image.BILINEAR)` on an RGB
 * image, same size out as in. For each output pixel centre (x + 0.5, y + 0.5) the input point is
 * (a x + b y + c, d x + e y + f); points outside [0, width) x [0, height) give black (fill 0);
 * inside, the four neighbours of the point shifted by -0.5 are blended, edge pixels replicated,
 * and the result is truncated to uint8 as Pillow's C filter does.
 *
 * `coeffs` = [a, b, c, d, e, f] maps output to input coordinates (Pillow's convention).
 *
 * ```ts
 * const shifted = affineBilinear(img, [1, 0, 3, 0, 1, 0]); // content moves 3 px left
 * ```
 */
export function affineBilinear(img: ImageU8, coeffs: readonly number[]): ImageU8 {
  if (coeffs.length !== 6 || coeffs.some((c) => !Number.isFinite(c))) {
    throw new RangeError(
      `Argument 'coeffs' passed to 'affineBilinear' must be 6 finite numbers, got [${coeffs.join(', ')}]`,
    );
  }
  const [a0, a1, a2, a3, a4, a5] = coeffs as [number, number, number, number, number, number];
  const { height: h, width: w, data: src } = img;
  const out = new Uint8Array(src.length);
  const clipX = (v: number): number => (v < 0 ? 0 : v >= w ? w - 1 : v);
  const clipY = (v: number): number => (v < 0 ? 0 : v >= h ? h - 1 : v);
  for (let y = 0; y < h; y++) {
    const yc = y + 0.5;
    for (let x = 0; x < w; x++) {
      const xc = x + 0.5;
      let xin = a0 * xc + a1 * yc + a2;
      let yin = a3 * xc + a4 * yc + a5;
      if (xin < 0 || xin >= w || yin < 0 || yin >= h) continue; // stays 0 (fill)
      xin -= 0.5;
      yin -= 0.5;
      const xf = Math.floor(xin);
      const yf = Math.floor(yin);
      const dx = xin - xf;
      const dy = yin - yf;
      const x0 = clipX(xf) * 3;
      const x1 = clipX(xf + 1) * 3;
      const row0 = clipY(yf) * w * 3;
      const hasRow1 = yf + 1 >= 0 && yf + 1 < h;
      const row1 = (yf + 1) * w * 3;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const p00 = src[row0 + x0 + c]!;
        const p01 = src[row0 + x1 + c]!;
        const v1 = p00 + (p01 - p00) * dx;
        let v2 = v1;
        if (hasRow1) {
          const p10 = src[row1 + x0 + c]!;
          const p11 = src[row1 + x1 + c]!;
          v2 = p10 + (p11 - p10) * dx;
        }
        out[o + c] = Math.trunc(v1 + (v2 - v1) * dy);
      }
    }
  }
  return { height: h, width: w, data: out };
}
