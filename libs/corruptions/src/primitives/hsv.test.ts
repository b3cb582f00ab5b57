import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { hsv2rgb } from './hsv2rgb.ts';
import { rgb2hsv } from './rgb2hsv.ts';

const DIR = fileURLToPath(new URL('../../fixtures/primitives/', import.meta.url));
const load = (f: string) => readNpy(readFileSync(DIR + f)).data as Float64Array | Uint8Array;

describe('rgb2hsv / hsv2rgb on 16x16x3 vs scikit-image', () => {
  it('rgb2hsv is bit-identical (greys, ties, pure hues, random colours)', () => {
    const rgb = Float64Array.from(load('hsv_rgb_in.npy'), (v) => v / 255);
    expect(Array.from(rgb2hsv(rgb))).toEqual(Array.from(load('hsv_rgb2hsv_out.npy')));
  });
  it('hsv2rgb is bit-identical (including H = 1.0 and the sextant edges)', () => {
    expect(Array.from(hsv2rgb(load('hsv_hsv_in.npy')))).toEqual(
      Array.from(load('hsv_hsv2rgb_out.npy')),
    );
  });
  it('rejects an array that does not hold triples', () => {
    expect(() => rgb2hsv(new Float64Array(4))).toThrow(/Argument 'rgb' passed to 'rgb2hsv'/);
    expect(() => hsv2rgb(new Float64Array(5))).toThrow(/Argument 'hsv' passed to 'hsv2rgb'/);
  });
});
