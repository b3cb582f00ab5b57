import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { ALL_CORRUPTIONS } from './names.ts';
import { CORRUPTIONS } from './register_all.ts';
import { SEVERITIES } from './types.ts';

function randomImage(h: number, w: number, seed: number): Uint8Array {
  const rng = new RandomState(seed);
  return Uint8Array.from({ length: h * w * 3 }, () => rng.randint(0, 256));
}

describe('CORRUPTIONS', () => {
  it('maps all 19 names, in reference order', () => {
    expect(Object.keys(CORRUPTIONS)).toEqual([...ALL_CORRUPTIONS]);
    for (const name of ALL_CORRUPTIONS) expect(typeof CORRUPTIONS[name]).toBe('function');
  });
});

describe('every corruption on a random 32x32x3 image', () => {
  const image = { height: 32, width: 32, data: randomImage(32, 32, 1) };
  it.each(ALL_CORRUPTIONS)(
    '%s: 5 severities give 3072 values in [0, 255], same seed same output',
    (name) => {
      const fn = CORRUPTIONS[name];
      for (const s of SEVERITIES) {
        const a = fn(image, s, new RandomState(9));
        const b = fn(image, s, new RandomState(9));
        expect(a.length).toBe(3072);
        const outside = Array.from(a).filter((v) => !(v >= 0 && v <= 255));
        expect(outside).toEqual([]);
        expect(Array.from(a)).toEqual(Array.from(b));
      }
    },
  );
  it('leaves the input image untouched', () => {
    const copy = image.data.slice();
    for (const name of ALL_CORRUPTIONS) CORRUPTIONS[name](image, 5, new RandomState(2));
    expect(Array.from(image.data)).toEqual(Array.from(copy));
  });
});
