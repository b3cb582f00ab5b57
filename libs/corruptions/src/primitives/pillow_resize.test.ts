import { describe, expect, it } from 'vitest';
import { readFixtureJson, readFixtureNpy } from '../testing/index.ts';
import { pillowResize, type PillowFilter } from './pillow_resize.ts';

interface Manifest {
  pillow_resize: {
    input: string;
    cases: { file: string; filter: PillowFilter; height: number; width: number }[];
  };
}

describe('pillowResize vs PIL Image.resize of a 13x11x3 uint8 image', () => {
  const m = readFixtureJson<Manifest>('primitives/manifest.json').pillow_resize;
  const input = readFixtureNpy(`primitives/${m.input}`).data as Uint8Array;
  it.each(m.cases)('$filter to $height x $width', ({ file, filter, height, width }) => {
    const got = pillowResize(input, 13, 11, 3, height, width, filter);
    expect(Array.from(got)).toEqual(
      Array.from(readFixtureNpy(`primitives/${file}`).data as Uint8Array),
    );
  });
  it('returns a copy for an unchanged size', () => {
    const got = pillowResize(input, 13, 11, 3, 13, 11, 'box');
    expect(got).not.toBe(input);
    expect(Array.from(got)).toEqual(Array.from(input));
  });
  it('rejects a wrong length and a zero size', () => {
    expect(() => pillowResize(input, 13, 12, 3, 5, 5, 'box')).toThrow(
      /Argument 'src' passed to 'pillowResize'/,
    );
    expect(() => pillowResize(input, 13, 11, 3, 0, 5, 'box')).toThrow(/'outH', 'outW'/);
  });
});
