import { describe, expect, it } from 'vitest';
import { AdaSsimSample } from './ada_ssim_sample.ts';

describe('AdaSsimSample', () => {
  it('limit 4: keeps every value of a small epoch, at most 4 of a large one', () => {
    const sample = new AdaSsimSample(4, 0);
    sample.add(0, [0.5, 0.6]);
    expect(sample.take()).toEqual({ values: [0.5, 0.6], seen: 2 });
    sample.add(1, [0.1, 0.2, 0.3]);
    sample.add(1, [0.4, 0.5, 0.6, 0.7]);
    const { values, seen } = sample.take();
    expect(seen).toBe(7);
    expect(values).toHaveLength(4);
    for (const v of values) expect([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]).toContain(v);
    expect(sample.take()).toEqual({ values: [], seen: 0 });
  });

  it('a new epoch starts a new sample; the same seed draws the same sample', () => {
    const draw = (seed: number) => {
      const s = new AdaSsimSample(3, seed);
      s.add(0, [9, 9, 9, 9]);
      s.add(
        1,
        Array.from({ length: 50 }, (_, i) => i / 50),
      );
      return s.take();
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7).seen).toBe(50);
    expect(draw(7).values).not.toContain(9);
    expect(draw(7).values).not.toEqual(draw(8).values);
  });

  it('limit 10 of 100 values, over 400 seeds: every value is kept about equally often', () => {
    const kept = new Array<number>(100).fill(0);
    for (let seed = 0; seed < 400; seed++) {
      const s = new AdaSsimSample(10, seed);
      for (let i = 0; i < 100; i += 5) s.add(0, [i, i + 1, i + 2, i + 3, i + 4]);
      for (const v of s.take().values) kept[v]! += 1;
    }
    // Expected 40 each (400 x 10 / 100); the first and the last tenth alike.
    const first = kept.slice(0, 10).reduce((a, b) => a + b, 0);
    const last = kept.slice(90).reduce((a, b) => a + b, 0);
    expect(first).toBeGreaterThan(300);
    expect(first).toBeLessThan(500);
    expect(last).toBeGreaterThan(300);
    expect(last).toBeLessThan(500);
  });

  it("rejects a limit that is not a positive integer, naming 'limit'", () => {
    expect(() => new AdaSsimSample(0, 0)).toThrow(/Argument 'limit' passed to 'AdaSsimSample'/);
    expect(() => new AdaSsimSample(2.5, 0)).toThrow(/'limit'/);
  });
});
