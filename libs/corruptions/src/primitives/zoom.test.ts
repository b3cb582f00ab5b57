import { describe, expect, it } from 'vitest';
import { readFixtureJson, readFixtureNpy } from '../testing/index.ts';
import { clippedZoom } from './clipped_zoom.ts';
import { pythonRound } from './python_round.ts';
import { zoom } from './zoom.ts';

interface Manifest {
  zoom: { input: string; cases: { file: string; crop: number; factor: number; shape: number[] }[] };
}

describe('zoom (order 1) vs scipy.ndimage.zoom on float32 crops of a 32x32x3 image', () => {
  const m = readFixtureJson<Manifest>('primitives/manifest.json').zoom;
  const input = readFixtureNpy(`primitives/${m.input}`).data as Float32Array;
  it.each(m.cases)('crop $crop factor $factor -> $shape', ({ file, crop, factor, shape }) => {
    const src = new Float64Array(crop * crop * 3);
    for (let y = 0; y < crop; y++)
      for (let x = 0; x < crop; x++)
        for (let c = 0; c < 3; c++) src[(y * crop + x) * 3 + c] = input[(y * 32 + x) * 3 + c];
    const got = zoom(src, crop, crop, 3, factor, factor);
    expect([got.height, got.width, got.channels]).toEqual(shape);
    const want = readFixtureNpy(`primitives/${file}`).data as Float32Array;
    let off = 0;
    for (let i = 0; i < want.length; i++) if (Math.fround(got.data[i]) !== want[i]) off++;
    expect(off).toBe(0);
  });
});

describe('clippedZoom 32x32x1', () => {
  it('is the identity for factors 1.0 and 1.01', () => {
    const src = Float64Array.from({ length: 1024 }, (_, i) => (i * 7919) % 101);
    for (const f of [1, 1.01])
      expect(Array.from(clippedZoom(src, 32, 1, f).data)).toEqual(Array.from(src));
  });
  it('rejects factors below 1', () => {
    expect(() => clippedZoom(new Float64Array(1024), 32, 1, 0.9)).toThrow(/'factor'.*>= 1/);
  });
});

describe('pythonRound', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 32.5, 33.5, -0.5, 2.4, 2.6].map(pythonRound)).toEqual([
      0, 2, 2, 32, 34, 0, 2, 3,
    ]);
    expect(pythonRound(26 * 1.2500000000000002)).toBe(33);
    expect(pythonRound(26 * 1.25)).toBe(32);
  });
});
