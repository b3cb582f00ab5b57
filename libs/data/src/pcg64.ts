import { seedSequenceState } from './seed_sequence.ts';

// 128-bit numbers as 8 little-endian 16-bit limbs (exact in doubles while multiplying); the
// multiplier 0x2360ed051fc65da44385df649fccf645 is unrolled into `step`.

/** Limbs of the 128-bit value hi64:lo64 given as four 32-bit words, most significant first. */
function limbsFromWords(w3: number, w2: number, w1: number, w0: number): Float64Array {
  const l = new Float64Array(8);
  const ws = [w0, w1, w2, w3];
  for (let i = 0; i < 4; i++) {
    l[2 * i] = ws[i]! & 0xffff;
    l[2 * i + 1] = ws[i]! >>> 16;
  }
  return l;
}

function add(a: Float64Array, b: Float64Array, out: Float64Array): void {
  let carry = 0;
  for (let k = 0; k < 8; k++) {
    const v = a[k]! + b[k]! + carry;
    out[k] = v & 0xffff;
    carry = v >>> 16;
  }
}

/**
 * NumPy's PCG64 bit generator (PCG XSL-RR 128/64) as seeded by `np.random.default_rng(seed)`
 * (SeedSequence -> 4 uint64 words: 128-bit initial state and 128-bit stream), with
 * `Generator.random()`'s doubles `(next64 >>> 11) * 2^-53`. scikit-image's `random_noise(seed=s)`
 * draws from this generator.
 *
 * ```ts
 * const g = Pcg64.fromSeed(12345);
 * g.random(); // 0.22733602246716966, as np.random.default_rng(12345).random()
 * ```
 */
export class Pcg64 {
  private readonly s = new Float64Array(8);
  private readonly inc = new Float64Array(8);
  private hi = 0;
  private lo = 0;

  private constructor(initState: Float64Array, initSeq: Float64Array) {
    // inc = (initseq << 1) | 1
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const v = initSeq[k]! * 2 + carry;
      this.inc[k] = v & 0xffff;
      carry = v >>> 16;
    }
    this.inc[0] = this.inc[0]! | 1;
    this.step();
    add(this.s, initState, this.s);
    this.step();
  }

  /** The generator of `np.random.default_rng(seed)` for a non-negative integer seed. */
  static fromSeed(seed: number): Pcg64 {
    const w = seedSequenceState(seed, 8);
    // uint64 k = w[2k] | w[2k+1] << 32; state = (u0 << 64) | u1, stream = (u2 << 64) | u3.
    const initState = limbsFromWords(w[1]!, w[0]!, w[3]!, w[2]!);
    const initSeq = limbsFromWords(w[5]!, w[4]!, w[7]!, w[6]!);
    return new Pcg64(initState, initSeq);
  }

  /** state = state * MULT + inc (mod 2^128), unrolled on 16-bit limbs (exact in doubles). */
  private step(): void {
    const s = this.s;
    const inc = this.inc;
    const a0 = s[0]!;
    const a1 = s[1]!;
    const a2 = s[2]!;
    const a3 = s[3]!;
    const a4 = s[4]!;
    const a5 = s[5]!;
    const a6 = s[6]!;
    const a7 = s[7]!;
    let r = 0;
    let carry = 0;
    r = a0 * 63045 + inc[0]! + carry;
    carry = Math.floor(r / 65536);
    s[0] = r - carry * 65536;
    r = a0 * 40908 + a1 * 63045 + inc[1]! + carry;
    carry = Math.floor(r / 65536);
    s[1] = r - carry * 65536;
    r = a0 * 57188 + a1 * 40908 + a2 * 63045 + inc[2]! + carry;
    carry = Math.floor(r / 65536);
    s[2] = r - carry * 65536;
    r = a0 * 17285 + a1 * 57188 + a2 * 40908 + a3 * 63045 + inc[3]! + carry;
    carry = Math.floor(r / 65536);
    s[3] = r - carry * 65536;
    r = a0 * 23972 + a1 * 17285 + a2 * 57188 + a3 * 40908 + a4 * 63045 + inc[4]! + carry;
    carry = Math.floor(r / 65536);
    s[4] = r - carry * 65536;
    r =
      a0 * 8134 + a1 * 23972 + a2 * 17285 + a3 * 57188 + a4 * 40908 + a5 * 63045 + inc[5]! + carry;
    carry = Math.floor(r / 65536);
    s[5] = r - carry * 65536;
    r =
      a0 * 60677 +
      a1 * 8134 +
      a2 * 23972 +
      a3 * 17285 +
      a4 * 57188 +
      a5 * 40908 +
      a6 * 63045 +
      inc[6]! +
      carry;
    carry = Math.floor(r / 65536);
    s[6] = r - carry * 65536;
    r =
      a0 * 9056 +
      a1 * 60677 +
      a2 * 8134 +
      a3 * 23972 +
      a4 * 17285 +
      a5 * 57188 +
      a6 * 40908 +
      a7 * 63045 +
      inc[7]! +
      carry;
    carry = Math.floor(r / 65536);
    s[7] = r - carry * 65536;
  }

  /** Advances and leaves the next 64-bit output in `hi` (upper 32 bits) and `lo`. */
  private next64(): void {
    this.step();
    const s = this.s;
    const xh = ((s[3]! << 16) | s[2]!) ^ ((s[7]! << 16) | s[6]!);
    const xl = ((s[1]! << 16) | s[0]!) ^ ((s[5]! << 16) | s[4]!);
    const rot = s[7]! >>> 10;
    let h = xh >>> 0;
    let l = xl >>> 0;
    if (rot >= 32) {
      const t = h;
      h = l;
      l = t;
    }
    const r = rot & 31;
    if (r !== 0) {
      const nh = ((h >>> r) | (l << (32 - r))) >>> 0;
      const nl = ((l >>> r) | (h << (32 - r))) >>> 0;
      h = nh;
      l = nl;
    }
    this.hi = h;
    this.lo = l;
  }

  /** The next raw 64-bit output as a BigInt (for tests and reference checks). */
  nextUint64(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** `Generator.random()`: a double in [0, 1) from the top 53 bits of the next output. */
  random(): number {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) / 9007199254740992;
  }

  /** `Generator.uniform(low, high)`: `low + (high - low) * random()`. */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** `Generator.random(count)`: `count` doubles in order. */
  randomArray(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.random();
    return out;
  }
}
