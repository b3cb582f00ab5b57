import { describe, expect, it } from 'vitest';
import { fmix32 } from './fmix32.ts';

describe('fmix32', () => {
  it("matches MurmurHash3's finaliser: fmix32(1) = 0x514e28b7, fmix32(0) = 0", () => {
    expect(fmix32(1)).toBe(0x514e28b7);
    expect(fmix32(0)).toBe(0);
  });

  it('pinned outputs (seeds of existing runs depend on them)', () => {
    expect([0xffffffff, 0x9e3779b9, 12345].map(fmix32)).toEqual([
      2180083513, 2462723854, 1011272156,
    ]);
  });

  it('takes the low 32 bits of its input and returns a uint32', () => {
    expect(fmix32(-1)).toBe(fmix32(0xffffffff));
    expect(fmix32(12345 + 2 ** 32)).toBe(fmix32(12345));
    for (const x of [3, -7, 2 ** 31, 0x12345678]) {
      const h = fmix32(x);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('is a bijection on a sample: 100,000 consecutive inputs give distinct outputs', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fmix32(i));
    expect(seen.size).toBe(100_000);
  });
});
