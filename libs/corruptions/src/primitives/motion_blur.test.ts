import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { magickMotionBlur, motionBlurKernel } from './motion_blur.ts';

const DIR = fileURLToPath(new URL('../../fixtures/primitives/', import.meta.url));
const load = (f: string) => readNpy(readFileSync(DIR + f));
interface Case {
  radius: number;
  sigma: number;
  angle: number;
}
const manifest = JSON.parse(readFileSync(DIR + 'motion_manifest.json', 'utf8')) as {
  cases: Case[];
};

describe('magickMotionBlur vs ImageMagick 6.9.11 (Wand, PNG round trip)', () => {
  const variants = [
    {
      label: 'RGB 12x16x3',
      input: 'motion_rgb_in.npy',
      output: 'motion_rgb_out.npy',
      h: 12,
      w: 16,
      ch: 3,
    },
    {
      label: 'grey 16x16x1',
      input: 'motion_grey_in.npy',
      output: 'motion_grey_out.npy',
      h: 16,
      w: 16,
      ch: 1,
    },
  ];
  for (const v of variants) {
    const src = load(v.input).data as Uint8Array;
    const want = load(v.output).data as Uint8Array;
    const size = v.h * v.w * v.ch;
    it.each(manifest.cases.map((c, i) => [c.radius, c.sigma, c.angle, i] as const))(
      `${v.label}: radius %s sigma %s angle %s is bit-identical`,
      (radius, sigma, angle, i) => {
        const got = magickMotionBlur(src, v.h, v.w, v.ch, radius, sigma, angle);
        expect(Array.from(got)).toEqual(Array.from(want.subarray(i * size, (i + 1) * size)));
      },
    );
  }
});

describe('motionBlurKernel', () => {
  it('radius 6 gives 13 taps summing to 1, tap 0 at the pixel itself', () => {
    const k = motionBlurKernel(6, 2, 30);
    expect(k.weights.length).toBe(13);
    expect(k.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect([k.dx[0], k.dy[0]]).toEqual([0, 0]);
  });
  it('angle 90 trails straight down (+y), angle 0 to the right (+x)', () => {
    expect(Array.from(motionBlurKernel(2, 1, 90).dy)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(motionBlurKernel(2, 1, 0).dx)).toEqual([0, 1, 2, 3, 4]);
  });
  it('rejects a radius of 0 and a wrongly sized source', () => {
    expect(() => motionBlurKernel(0, 1, 0)).toThrow(/Argument 'radius'/);
    expect(() => magickMotionBlur(new Uint8Array(5), 2, 2, 1, 3, 1, 0)).toThrow(/Argument 'src'/);
  });
});
