/**
 * Seeded random numbers with NumPy's legacy `RandomState` algorithms: the MT19937 generator
 * seeded by `init_genrand` (what `np.random.seed(k)` does for an integer k), 53-bit doubles,
 * the polar Box-Muller normal with its cached second value, and masked-rejection bounded
 * integers. Same seed, same sequence as NumPy, which lets the corruption suite reproduce the
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
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let val: number;
    do {
      val = (this.nextUint32() & mask) >>> 0;
    } while (val > rng);
    return low + val;
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
