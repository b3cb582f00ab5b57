/**
 * Seeded random numbers with NumPy's legacy `RandomState` algorithms: the MT19937 generator
 * seeded by `init_genrand` (what `np.random.seed(k)` does for an integer k), 53-bit doubles,
 * the polar Box-Muller normal with its cached second value, and masked-rejection bounded
 * integers, the legacy Poisson samplers, shuffle/permutation/choice. Same seed, same sequence as NumPy, which lets the corruption suite reproduce the
 * reference generator's random draws.
 *
 * ```ts
 * const rng = new RandomState(1);
 * rng.randomSample(); // 0.417022004702574, as np.random.seed(1); np.random.random_sample()
 * ```
 */
export class RandomState {
  private readonly mt = new Uint32Array(624);
  private index = 624;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Re-seeds like `np.random.seed(seed)` for an integer seed in [0, 2^32). */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Argument 'seed' must be an integer in [0, 2^32), got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The next raw 32-bit output of MT19937. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
        let v = mt[(i + 397) % 624] ^ (y >>> 1);
        if (y & 1) v ^= 0x9908b0df;
        mt[i] = v >>> 0;
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits (`random_sample`). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `uniform(low, high)`: low + (high - low) * random_sample(). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.randomSample();
  }

  /** Legacy standard normal (polar Box-Muller; the second value of each pair is cached). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `normal(loc, scale)`. */
  normal(loc = 0, scale = 1): number {
    return loc + scale * this.standardNormal();
  }

  /**
   * `randint(low, high)`: an integer in [low, high) by masked rejection sampling on 32-bit
   * draws, as the legacy generator does for ranges below 2^32.
   */
  randint(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new RangeError(`Arguments 'low' < 'high' must be integers, got ${low}, ${high}`);
    }
    const rng = high - low - 1;
    if (rng === 0) return low;
    if (rng > 0xffffffff) throw new RangeError(`randint range ${rng + 1} exceeds 2^32`);
    return low + this.interval(rng);
  }

  /**
   * Legacy `poisson(lam)`: 0 for lam 0; the multiplication method (products of uniforms against
   * `exp(-lam)`) for lam < 10; Hormann's PTRS transformed rejection for lam >= 10, exactly as
   * NumPy's `random_poisson` draws them.
   */
  poisson(lam: number): number {
    if (!(lam >= 0) || !Number.isFinite(lam)) {
      throw new RangeError(
        `Argument 'lam' passed to 'poisson' must be finite and >= 0, got ${lam}`,
      );
    }
    if (lam >= 10) return this.poissonPtrs(lam);
    if (lam === 0) return 0;
    const enlam = Math.exp(-lam);
    let x = 0;
    let prod = 1;
    for (;;) {
      prod *= this.randomSample();
      if (prod > enlam) x += 1;
      else return x;
    }
  }

  private poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.randomSample() - 0.5;
      const v = this.randomSample();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -lam + k * loglam - logGamma(k + 1)
      ) {
        return k;
      }
    }
  }

  /**
   * Legacy in-place `shuffle` of a 1-D array (Fisher-Yates from the end, each index drawn by
   * masked rejection on 32-bit draws, NumPy's `random_interval`).
   */
  shuffle<T>(items: T[] | Int32Array | Float64Array | Uint8Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
  }

  /** Legacy `permutation(n)`: a shuffled `0..n-1`. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `Argument 'n' passed to 'permutation' must be an integer >= 0, got ${n}`,
      );
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * Legacy `choice(n, size, replace)` with uniform probabilities: `randint(0, n, size)` with
   * replacement, `permutation(n)[:size]` without.
   */
  choice(n: number, size: number, replace = true): Int32Array {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`Argument 'n' passed to 'choice' must be an integer >= 1, got ${n}`);
    }
    if (!Number.isInteger(size) || size < 0 || (!replace && size > n)) {
      throw new RangeError(
        `Argument 'size' passed to 'choice' must be an integer in [0, ${replace ? 'inf' : n}], got ${size}`,
      );
    }
    if (!replace) return this.permutation(n).slice(0, size);
    return this.randintArray(0, n, size);
  }

  /** `randint(low, high, size=count)`: `count` draws in order, as an Int32Array (ranges < 2^31). */
  randintArray(low: number, high: number, count: number): Int32Array {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.randint(low, high);
    return out;
  }

  /** `random_interval(max)`: an integer in [0, max] by masked rejection (max < 2^32). */
  private interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let val: number;
    do {
      val = (this.nextUint32() & mask) >>> 0;
    } while (val > max);
    return val;
  }

  /** `uniform(low, high, size=count)`: `count` draws in order. */
  uniformArray(low: number, high: number, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** `normal(loc, scale, size=count)`: `count` draws in order. */
  normalArray(loc: number, scale: number, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.normal(loc, scale);
    return out;
  }

  /** `poisson(lams)` for an array of means: one draw per mean, in order. */
  poissonArray(lams: ArrayLike<number>): Float64Array {
    const out = new Float64Array(lams.length);
    for (let i = 0; i < lams.length; i++) out[i] = this.poisson(lams[i]!);
    return out;
  }

  /** Fills a new Float64Array with `count` standard normal draws, in order. */
  standardNormalArray(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.standardNormal();
    return out;
  }

  /** Fills a new Float64Array with `count` uniform draws in [0, 1), in order. */
  randomSampleArray(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.randomSample();
    return out;
  }
}

const LOGGAM_A = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
];

/** NumPy's `random_loggam(x)`: log Gamma(x) by Stirling's series, as the PTRS sampler uses it. */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1 / x0) * (1 / x0);
  const lg2pi = 1.8378770664093453;
  let gl0 = LOGGAM_A[9]!;
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_A[k]!;
  }
  let gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * Math.log(x0) - x0;
  if (x < 7) {
    for (let k = 1; k <= n; k++) {
      gl -= Math.log(x0 - 1);
      x0 -= 1;
    }
  }
  return gl;
}
