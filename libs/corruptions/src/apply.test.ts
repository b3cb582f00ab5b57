import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { applyCorruption, corruptBatch, perImageSeed, toUint8 } from './apply.ts';
import { ALL_CORRUPTIONS, COMMON_CORRUPTIONS, EXTRA_CORRUPTIONS } from './names.ts';

function tinyBatch(n: number, h: number, w: number): Uint8Array {
  const data = new Uint8Array(n * h * w * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  return data;
}

describe('names', () => {
  it('lists 15 common + 4 extra = 19 distinct names', () => {
    expect(COMMON_CORRUPTIONS.length).toBe(15);
    expect(EXTRA_CORRUPTIONS.length).toBe(4);
    expect(new Set(ALL_CORRUPTIONS).size).toBe(19);
  });
});

describe('toUint8 (np.uint8 after clipping)', () => {
  it('truncates toward zero and keeps 255.0', () => {
    const got = toUint8(new Float64Array([0, 0.999, 1, 127.9999999, 254.5, 255, -0.5, 300, NaN]));
    expect(Array.from(got)).toEqual([0, 0, 1, 127, 254, 255, 0, 255, 0]);
  });
  it('returns uint8 input unchanged', () => {
    const u = new Uint8Array([1, 2, 3]);
    expect(toUint8(u)).toBe(u);
  });
});

describe('applyCorruption', () => {
  const image = { height: 4, width: 5, data: tinyBatch(1, 4, 5) };
  it('returns a uint8 image of the same 4x5x3 shape', () => {
    const out = applyCorruption('gaussian_noise', image, 2, new RandomState(1));
    expect(out.height).toBe(4);
    expect(out.width).toBe(5);
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.data.length).toBe(60);
  });
  it('rejects an unknown name listing the valid ones', () => {
    expect(() => applyCorruption('fuzz', image, 1, new RandomState(1))).toThrow(
      /Unknown corruption 'fuzz'; valid names: gaussian_noise, shot_noise/,
    );
  });
  it.each([0, 6, 2.5])('rejects severity %s', (s) => {
    expect(() => applyCorruption('gaussian_noise', image, s, new RandomState(1))).toThrow(
      /Argument 'severity' passed to 'applyCorruption' must be an integer in 1..5/,
    );
  });
  it('rejects data of the wrong length', () => {
    const bad = { height: 4, width: 5, data: new Uint8Array(59) };
    expect(() => applyCorruption('gaussian_noise', bad, 1, new RandomState(1))).toThrow(
      /Argument 'image' passed to 'applyCorruption' must hold a Uint8Array of 4\*5\*3 = 60/,
    );
  });
});

describe('corruptBatch [3, 4, 5, 3]', () => {
  const batch = tinyBatch(3, 4, 5);
  const size = 60;
  it("'reference' seeding gives every identical image the same draws", () => {
    const same = new Uint8Array(3 * size);
    for (let i = 0; i < 3; i++) same.set(batch.subarray(0, size), i * size);
    const out = corruptBatch('gaussian_noise', same, 3, 4, 5, 4, { seeding: 'reference' });
    expect(Array.from(out.subarray(size, 2 * size))).toEqual(Array.from(out.subarray(0, size)));
    const single = applyCorruption(
      'gaussian_noise',
      { height: 4, width: 5, data: batch.subarray(0, size) },
      4,
      new RandomState(4),
    );
    expect(Array.from(out.subarray(0, size))).toEqual(Array.from(single.data));
  });
  it("'per-image' seeding gives identical images different draws, reproducibly", () => {
    const same = new Uint8Array(2 * size);
    same.set(batch.subarray(0, size), 0);
    same.set(batch.subarray(0, size), size);
    const a = corruptBatch('gaussian_noise', same, 2, 4, 5, 5, { seed: 9 });
    const b = corruptBatch('gaussian_noise', same, 2, 4, 5, 5, { seed: 9 });
    const c = corruptBatch('gaussian_noise', same, 2, 4, 5, 5, { seed: 10 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, size))).not.toEqual(Array.from(a.subarray(size)));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
  it('startIndex makes shard-by-shard runs equal one run over the whole batch', () => {
    const whole = corruptBatch('shot_noise', batch, 3, 4, 5, 3, { seed: 4 });
    const first = corruptBatch('shot_noise', batch.subarray(0, size), 1, 4, 5, 3, { seed: 4 });
    const rest = corruptBatch('shot_noise', batch.subarray(size), 2, 4, 5, 3, {
      seed: 4,
      startIndex: 1,
    });
    expect([...first, ...rest]).toEqual(Array.from(whole));
    expect(() => corruptBatch('shot_noise', batch, 3, 4, 5, 3, { startIndex: -1 })).toThrow(
      /'startIndex'/,
    );
  });
  it('rejects a batch whose length does not match [n, h, w, 3]', () => {
    expect(() => corruptBatch('gaussian_noise', batch, 2, 4, 5, 1)).toThrow(
      /Argument 'images' passed to 'corruptBatch' must be a Uint8Array of shape \[2, 4, 5, 3\]/,
    );
  });
  it('rejects a bad seed and a bad seeding mode', () => {
    expect(() => corruptBatch('gaussian_noise', batch, 3, 4, 5, 1, { seed: -1 })).toThrow(/'seed'/);
    expect(() =>
      corruptBatch('gaussian_noise', batch, 3, 4, 5, 1, {
        seeding: 'x' as unknown as 'reference',
      }),
    ).toThrow(/'seeding'/);
  });
});

describe('perImageSeed', () => {
  it('gives distinct 32-bit seeds across 1000 indices, 5 severities and 2 corruptions', () => {
    const seeds = new Set<number>();
    for (const name of ['gaussian_noise', 'speckle_noise'])
      for (const s of [1, 2, 3, 4, 5] as const)
        for (let i = 0; i < 1000; i++) {
          const v = perImageSeed(0, name, s, i);
          expect(Number.isInteger(v) && v >= 0 && v <= 0xffffffff).toBe(true);
          seeds.add(v);
        }
    expect(seeds.size).toBe(10000);
  });
});
