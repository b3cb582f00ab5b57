/**
 * libjpeg's accurate integer DCTs (`jfdctint.c` / `jidctint.c`, "islow": 13-bit constants, 2
 * extra bits between the passes) and libjpeg-turbo's reciprocal quantiser, on one 8x8 block in
 * natural order. Integer arithmetic throughout, so results equal libjpeg-turbo's bit for bit.
 */
const CONST_BITS = 13;
const PASS1_BITS = 2;
const F_0_298 = 2446;
const F_0_390 = 3196;
const F_0_541 = 4433;
const F_0_765 = 6270;
const F_0_899 = 7373;
const F_1_175 = 9633;
const F_1_501 = 12299;
const F_1_847 = 15137;
const F_1_961 = 16069;
const F_2_053 = 16819;
const F_2_562 = 20995;
const F_3_072 = 25172;

// Exact powers of two for DESCALE (multiplying by 2^-n is exact in doubles).
const HALF = Array.from({ length: 32 }, (_, n) => (n > 0 ? 2 ** (n - 1) : 0));
const INV_POW2 = Array.from({ length: 32 }, (_, n) => 2 ** -n);

/** `DESCALE(x, n)`: arithmetic right shift by n with rounding (x + 2^(n-1)) >> n. */
function descale(x: number, n: number): number {
  return Math.floor((x + HALF[n]!) * INV_POW2[n]!);
}

/**
 * Forward DCT in place (`jpeg_fdct_islow`): input samples minus 128, output coefficients scaled
 * up by 8 (as libjpeg leaves them for the quantiser).
 */
export function fdctIslow(data: Int32Array): void {
  for (let pass = 0; pass < 2; pass++) {
    const stride = pass === 0 ? 1 : 8;
    const step = pass === 0 ? 8 : 1;
    const shift = pass === 0 ? CONST_BITS - PASS1_BITS : CONST_BITS + PASS1_BITS;
    for (let r = 0; r < 8; r++) {
      const o = r * step;
      const d0 = data[o]!;
      const d1 = data[o + stride]!;
      const d2 = data[o + 2 * stride]!;
      const d3 = data[o + 3 * stride]!;
      const d4 = data[o + 4 * stride]!;
      const d5 = data[o + 5 * stride]!;
      const d6 = data[o + 6 * stride]!;
      const d7 = data[o + 7 * stride]!;
      const tmp0 = d0 + d7;
      let tmp7 = d0 - d7;
      const tmp1 = d1 + d6;
      let tmp6 = d1 - d6;
      const tmp2 = d2 + d5;
      let tmp5 = d2 - d5;
      const tmp3 = d3 + d4;
      let tmp4 = d3 - d4;
      const tmp10 = tmp0 + tmp3;
      const tmp13 = tmp0 - tmp3;
      const tmp11 = tmp1 + tmp2;
      const tmp12 = tmp1 - tmp2;
      if (pass === 0) {
        data[o] = (tmp10 + tmp11) * (1 << PASS1_BITS);
        data[o + 4 * stride] = (tmp10 - tmp11) * (1 << PASS1_BITS);
      } else {
        data[o] = descale(tmp10 + tmp11, PASS1_BITS);
        data[o + 4 * stride] = descale(tmp10 - tmp11, PASS1_BITS);
      }
      let z1 = (tmp12 + tmp13) * F_0_541;
      data[o + 2 * stride] = descale(z1 + tmp13 * F_0_765, shift);
      data[o + 6 * stride] = descale(z1 + tmp12 * -F_1_847, shift);
      z1 = tmp4 + tmp7;
      let z2 = tmp5 + tmp6;
      let z3 = tmp4 + tmp6;
      let z4 = tmp5 + tmp7;
      const z5 = (z3 + z4) * F_1_175;
      tmp4 *= F_0_298;
      tmp5 *= F_2_053;
      tmp6 *= F_3_072;
      tmp7 *= F_1_501;
      z1 *= -F_0_899;
      z2 *= -F_2_562;
      z3 *= -F_1_961;
      z4 *= -F_0_390;
      z3 += z5;
      z4 += z5;
      data[o + 7 * stride] = descale(tmp4 + z1 + z3, shift);
      data[o + 5 * stride] = descale(tmp5 + z2 + z4, shift);
      data[o + 3 * stride] = descale(tmp6 + z2 + z3, shift);
      data[o + stride] = descale(tmp7 + z1 + z4, shift);
    }
  }
}

/** libjpeg-turbo's `compute_reciprocal` for divisor q * 8 (16-bit DCTELEM): [recip, corr, shift]. */
export function quantReciprocal(q: number): [number, number, number] {
  const divisor = q * 8;
  if (divisor === 1) return [1, 0, 0];
  let b = 0;
  while (2 ** (b + 1) <= divisor) b++;
  let r = 16 + b;
  let fq = Math.floor(2 ** r / divisor);
  const fr = 2 ** r % divisor;
  let c = Math.floor(divisor / 2);
  if (fr === 0) {
    fq = Math.floor(fq / 2);
    r--;
  } else if (fr <= Math.floor(divisor / 2)) {
    c++;
  } else {
    fq++;
  }
  return [fq, c, r];
}

/**
 * Quantises the 64 scaled coefficients of `data` in place with table `qtable` (natural order):
 * `sign(x) * (((|x| + corr) * recip) >> r)`, libjpeg-turbo's reciprocal form of rounding
 * division by q * 8.
 */
export function quantize(
  data: Int32Array,
  recips: readonly (readonly [number, number, number])[],
): void {
  for (let i = 0; i < 64; i++) {
    const [recip, corr, r] = recips[i]!;
    const x = data[i]!;
    const a = x < 0 ? -x : x;
    const v = Math.floor((a + corr) * recip * INV_POW2[r]!);
    data[i] = x < 0 ? -v : v;
  }
}

/**
 * One 8-point pass of `jpeg_idct_islow` on `v[0..7]` (in place): the even and odd parts, with
 * outputs `DESCALE(., shift)` in natural order.
 */
function idct8(v: Int32Array, shift: number): void {
  let z2 = v[2]!;
  let z3 = v[6]!;
  let z1 = (z2 + z3) * F_0_541;
  let tmp2 = z1 + z3 * -F_1_847;
  let tmp3 = z1 + z2 * F_0_765;
  let tmp0 = (v[0]! + v[4]!) * (1 << CONST_BITS);
  let tmp1 = (v[0]! - v[4]!) * (1 << CONST_BITS);
  const tmp10 = tmp0 + tmp3;
  const tmp13 = tmp0 - tmp3;
  const tmp11 = tmp1 + tmp2;
  const tmp12 = tmp1 - tmp2;
  tmp0 = v[7]!;
  tmp1 = v[5]!;
  tmp2 = v[3]!;
  tmp3 = v[1]!;
  z1 = tmp0 + tmp3;
  z2 = tmp1 + tmp2;
  z3 = tmp0 + tmp2;
  let z4 = tmp1 + tmp3;
  const z5 = (z3 + z4) * F_1_175;
  tmp0 *= F_0_298;
  tmp1 *= F_2_053;
  tmp2 *= F_3_072;
  tmp3 *= F_1_501;
  z1 *= -F_0_899;
  z2 *= -F_2_562;
  z3 *= -F_1_961;
  z4 *= -F_0_390;
  z3 += z5;
  z4 += z5;
  tmp0 += z1 + z3;
  tmp1 += z2 + z4;
  tmp2 += z2 + z3;
  tmp3 += z1 + z4;
  v[0] = descale(tmp10 + tmp3, shift);
  v[7] = descale(tmp10 - tmp3, shift);
  v[1] = descale(tmp11 + tmp2, shift);
  v[6] = descale(tmp11 - tmp2, shift);
  v[2] = descale(tmp12 + tmp1, shift);
  v[5] = descale(tmp12 - tmp1, shift);
  v[3] = descale(tmp13 + tmp0, shift);
  v[4] = descale(tmp13 - tmp0, shift);
}

const LINE = new Int32Array(8);

/**
 * Dequantise and inverse DCT (`jpeg_idct_islow`) of one block: `coef` quantised coefficients,
 * `qtable` the table, writes 64 samples (0..255, range-limited like libjpeg's masked table) to
 * `out` at `offset` with row stride `stride`. `ws` is a 64-entry scratch buffer.
 */
export function idctIslow(
  coef: Int32Array,
  qtable: Int32Array,
  out: Uint8Array,
  offset: number,
  stride: number,
  ws: Int32Array,
): void {
  const v = LINE;
  for (let c = 0; c < 8; c++) {
    for (let k = 0; k < 8; k++) v[k] = coef[k * 8 + c]! * qtable[k * 8 + c]!;
    idct8(v, CONST_BITS - PASS1_BITS);
    for (let k = 0; k < 8; k++) ws[k * 8 + c] = v[k]!;
  }
  for (let r = 0; r < 8; r++) {
    for (let k = 0; k < 8; k++) v[k] = ws[r * 8 + k]!;
    idct8(v, CONST_BITS + PASS1_BITS + 3);
    const o = offset + r * stride;
    for (let k = 0; k < 8; k++) out[o + k] = rangeLimit(v[k]!);
  }
}

/** libjpeg's post-IDCT range limit: index `x & 1023` into its table, i.e. clamp(x + 128, 0, 255) for |x| < 512. */
function rangeLimit(x: number): number {
  const m = x & 1023;
  if (m < 128) return m + 128;
  if (m < 512) return 255;
  if (m < 896) return 0;
  return m - 896;
}
