import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.ts';
import { decodePng, encodePng } from './png.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'png');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  { mode: string; height: number; width: number; rgb: number[] }
>;

describe('decodePng on files written by Pillow', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`decodes ${name} (mode ${want.mode}, ${want.width}x${want.height}) to the RGB Pillow reads`, () => {
      const img = decodePng(readFileSync(join(fixtures, name)), name);
      expect([img.height, img.width]).toEqual([want.height, want.width]);
      expect(Array.from(img.data)).toEqual(want.rgb);
    });
  }

  it('names the file when the bytes are not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]), 'bad.png')).toThrow(DatasetError);
    expect(() => decodePng(new Uint8Array([1, 2, 3]), 'bad.png')).toThrow(
      /^bad\.png: not a readable PNG/,
    );
  });
});

describe('encodePng', () => {
  it('round-trips RGB [3,5,3] pixels exactly', () => {
    const px = Uint8Array.from({ length: 45 }, (_, i) => (i * 37) % 256);
    const img = decodePng(encodePng(px, 3, 5, 3));
    expect([img.height, img.width]).toEqual([3, 5]);
    expect(Array.from(img.data)).toEqual(Array.from(px));
  });

  it('expands gray [2,2,1] to equal RGB channels and drops alpha of [1,2,4]', () => {
    const gray = decodePng(encodePng(new Uint8Array([0, 50, 100, 255]), 2, 2, 1));
    expect(Array.from(gray.data)).toEqual([0, 0, 0, 50, 50, 50, 100, 100, 100, 255, 255, 255]);
    const rgba = decodePng(encodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 1, 2, 4));
    expect(Array.from(rgba.data)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2, 3)).toThrow(
      /'pixels' passed to 'encodePng' must have 2\*2\*3 = 12 bytes, got 10/,
    );
  });
});
