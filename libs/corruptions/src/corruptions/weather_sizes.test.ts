import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { CORRUPTIONS } from '../register_all.ts';
import type { CorruptionName } from '../names.ts';
import { SEVERITIES } from '../types.ts';

// The reference defines these corruptions for 32x32 only; the ports accept other sizes.
const ANY_SHAPE: CorruptionName[] = [
  'brightness',
  'contrast',
  'saturate',
  'fog',
  'frost',
  'elastic_transform',
  'spatter',
  'motion_blur',
];

function randomImage(h: number, w: number): { height: number; width: number; data: Uint8Array } {
  const rng = new RandomState(h * 1000 + w);
  return {
    height: h,
    width: w,
    data: Uint8Array.from({ length: h * w * 3 }, () => rng.randint(0, 256)),
  };
}

describe('weather/digital corruptions on sizes other than 32x32', () => {
  for (const [h, w] of [
    [24, 40],
    [48, 48],
  ] as const) {
    const image = randomImage(h, w);
    it.each(ANY_SHAPE)(`%s on ${h}x${w}x3: 5 severities give values in [0, 255]`, (name) => {
      for (const s of SEVERITIES) {
        const out = CORRUPTIONS[name]!(image, s, new RandomState(s));
        expect(out.length).toBe(h * w * 3);
        for (const v of out) expect(v >= 0 && v <= 255).toBe(true);
      }
    });
  }
  it('snow accepts a square 48x48 image and rejects 24x40', () => {
    const ok = CORRUPTIONS.snow!(randomImage(48, 48), 5, new RandomState(5));
    expect(ok.length).toBe(48 * 48 * 3);
    expect(() => CORRUPTIONS.snow!(randomImage(24, 40), 1, new RandomState(1))).toThrow(/square/);
  });
});
