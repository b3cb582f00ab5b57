import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { getAffineTransform } from './get_affine_transform.ts';
import { mapCoordinates } from './map_coordinates.ts';
import { warpAffine } from './warp_affine.ts';

const DIR = fileURLToPath(new URL('../../fixtures/primitives/', import.meta.url));
const load = (f: string) => readNpy(readFileSync(DIR + f)).data as Float32Array | Float64Array;
const SRC_POINTS = [6, 6, 6, 2, 2, 2];
const img = load('elastic_warp_in.npy') as Float32Array; // [9, 11, 3] float32
const dsts = load('elastic_warp_dst_points.npy');
const mats = load('elastic_affine.npy');
const warps = load('elastic_warp_out.npy');
const CASES = [0, 1, 2, 3, 4, 5];

describe('getAffineTransform vs cv2.getAffineTransform (3 jittered points)', () => {
  it.each(CASES)('case %i agrees to 1e-12', (k) => {
    const m = getAffineTransform(SRC_POINTS, dsts.subarray(6 * k, 6 * k + 6));
    for (let i = 0; i < 6; i++) expect(Math.abs(m[i] - mats[6 * k + i])).toBeLessThan(1e-12);
  });
  it('rejects collinear points', () => {
    expect(() => getAffineTransform([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2])).toThrow(/collinear/);
  });
});

describe('warpAffine 9x11x3 float32 vs cv2.warpAffine (bilinear, reflect-101)', () => {
  it.each(CASES)('case %i is bit-identical', (k) => {
    const m = Float64Array.from(mats.subarray(6 * k, 6 * k + 6));
    const got = warpAffine(img, 9, 11, 3, m);
    const size = 9 * 11 * 3;
    expect(Array.from(got)).toEqual(Array.from(warps.subarray(k * size, (k + 1) * size)));
  });
  it('rejects a float64 source', () => {
    expect(() => warpAffine(new Float64Array(27) as never, 3, 3, 3, new Float64Array(6))).toThrow(
      /Argument 'src' passed to 'warpAffine'/,
    );
  });
});

describe('mapCoordinates 9x11x3 vs scipy map_coordinates(order=1, mode=reflect)', () => {
  it('is bit-identical at coordinates inside and far outside the grid', () => {
    const got = mapCoordinates(
      img,
      9,
      11,
      3,
      load('elastic_map_rows.npy'),
      load('elastic_map_cols.npy'),
    );
    const want = load('elastic_map_out.npy');
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
