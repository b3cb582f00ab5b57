import { fmix32 } from '../fmix32.ts';

/**
 * The small, fast generator behind the demo dataset: sfc32 seeded from (seed, stream, index)
 * through a 32-bit mixing hash, so every image is reproducible on its own (no sequential state
 * across images, any index can be rendered first).
 *
 * ```ts
 * const rng = new DemoRng(42, 1, 1234); // seed 42, stream 1 (test split), image 1234
 * rng.uniform(0, 1); rng.int(10); rng.normal();
 * ```
 */
export class DemoRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number, stream: number, index: number) {
    this.a = fmix32(seed ^ 0x243f6a88);
    this.b = fmix32(this.a ^ stream ^ 0x85a308d3);
    this.c = fmix32(this.b ^ index ^ 0x13198a2e);
    this.d = fmix32(this.c + index * 0x9e3779b9) || 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** 32 random bits. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * (this.nextUint32() / 4294967296);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** A standard normal draw (Box-Muller, the second value cached). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}
