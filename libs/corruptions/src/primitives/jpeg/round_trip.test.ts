import { describe, expect, it } from 'vitest';
import { readFixtureJson, readFixtureNpy } from '../../testing/index.ts';
import { scaledQuantTables } from './quant_tables.ts';
import { jpegRoundTrip } from './round_trip.ts';

interface Manifest {
  jpeg: {
    cases: { input: string; output: string; height: number; width: number; quality: number }[];
  };
}

describe('jpegRoundTrip vs Pillow save(JPEG, quality) + open (libjpeg-turbo, 4:2:0)', () => {
  const m = readFixtureJson<Manifest>('primitives/manifest.json').jpeg;
  it.each(m.cases)(
    '$height x $width x 3 at quality $quality',
    ({ input, output, height, width, quality }) => {
      const src = readFixtureNpy(`primitives/${input}`).data as Uint8Array;
      const want = readFixtureNpy(`primitives/${output}`).data as Uint8Array;
      const got = jpegRoundTrip(src, height, width, quality);
      let maxAbs = 0;
      for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got[i]! - want[i]!));
      expect(maxAbs).toBe(0);
    },
  );
  it('rejects a wrong length and a quality outside 1..100', () => {
    expect(() => jpegRoundTrip(new Uint8Array(10), 2, 2, 50)).toThrow(
      /Argument 'rgb' passed to 'jpegRoundTrip' must hold 2\*2\*3 values/,
    );
    expect(() => jpegRoundTrip(new Uint8Array(12), 2, 2, 0)).toThrow(/Argument 'quality'/);
  });
});

describe('scaledQuantTables', () => {
  it('quality 50 gives the Annex K tables; 80 scales by 40%, 40 by 125%', () => {
    expect(scaledQuantTables(50).luma[0]).toBe(16);
    expect(scaledQuantTables(80).luma[0]).toBe(6); // (16 * 40 + 50) / 100
    expect(scaledQuantTables(40).chroma[63]).toBe(124); // (99 * 125 + 50) / 100
    expect(scaledQuantTables(100).luma.every((v) => v === 1)).toBe(true);
  });
});
