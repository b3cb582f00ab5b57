/**
 * libjpeg's fixed-point colour conversions (`jccolor.c` RGB -> YCbCr, `jdcolor.c` YCbCr -> RGB;
 * 16 fractional bits, JFIF/BT.601 coefficients), as lookup tables built like libjpeg's.
 */
const SCALEBITS = 16;
const ONE_HALF = 1 << (SCALEBITS - 1);
const CBCR_OFFSET = 128 << SCALEBITS;
const fix = (x: number): number => Math.trunc(x * (1 << SCALEBITS) + 0.5);
const shr16 = (x: number): number => Math.floor(x / 65536);

const R_Y = new Int32Array(256);
const G_Y = new Int32Array(256);
const B_Y = new Int32Array(256);
const R_CB = new Int32Array(256);
const G_CB = new Int32Array(256);
const B_CB = new Int32Array(256); // also R_CR
const G_CR = new Int32Array(256);
const B_CR = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  R_Y[i] = fix(0.299) * i;
  G_Y[i] = fix(0.587) * i;
  B_Y[i] = fix(0.114) * i + ONE_HALF;
  R_CB[i] = -fix(0.16874) * i;
  G_CB[i] = -fix(0.33126) * i;
  B_CB[i] = fix(0.5) * i + CBCR_OFFSET + ONE_HALF - 1;
  G_CR[i] = -fix(0.41869) * i;
  B_CR[i] = -fix(0.08131) * i;
}

const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = shr16(fix(1.402) * x + ONE_HALF);
  CB_B[i] = shr16(fix(1.772) * x + ONE_HALF);
  CR_G[i] = -fix(0.71414) * x;
  CB_G[i] = -fix(0.34414) * x + ONE_HALF;
}

const clamp255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * One RGB pixel (0..255 each) to Y, Cb, Cr (0..255 each), libjpeg `rgb_ycc_convert`, written to
 * `y[i]`, `cb[i]`, `cr[i]`.
 */
export function rgbToYcc(
  r: number,
  g: number,
  b: number,
  y: Int32Array,
  cb: Int32Array,
  cr: Int32Array,
  i: number,
): void {
  y[i] = shr16(R_Y[r]! + G_Y[g]! + B_Y[b]!);
  cb[i] = shr16(R_CB[r]! + G_CB[g]! + B_CB[b]!);
  cr[i] = shr16(B_CB[r]! + G_CR[g]! + B_CR[b]!);
}

/** One YCbCr sample triple back to RGB (range-limited to 0..255), written to `out[o..o+2]`. */
export function yccToRgb(y: number, cb: number, cr: number, out: Uint8Array, o: number): void {
  out[o] = clamp255(y + CR_R[cr]!);
  out[o + 1] = clamp255(y + shr16(CB_G[cb]! + CR_G[cr]!));
  out[o + 2] = clamp255(y + CB_B[cb]!);
}
