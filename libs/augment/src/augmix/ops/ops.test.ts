import { describe, expect, it } from 'vitest';
import { loadFixtureJson, loadFixtureNpy } from '../../testing/fixtures.ts';
import type { ImageU8 } from '../image_u8.ts';
import { AUGMIX_OP_NAMES, type AugMixOpName } from '../names.ts';
import { getAugMixOp } from '../register_all.ts';
import { rotate } from './rotate.ts';

interface Cases {
  cases: { op: AugMixOpName; param: number | null; resample?: 'nearest' }[];
}

const inputs = loadFixtureNpy('augmix/inputs.npy');
const expected = loadFixtureNpy('augmix/ops.npy');
const { cases } = loadFixtureJson<Cases>('augmix/cases.json');
const [n, h, w] = inputs.shape as [number, number, number, number];
const size = h * w * 3;

function input(i: number): ImageU8 {
  return { height: h, width: w, data: (inputs.data as Uint8Array).slice(i * size, (i + 1) * size) };
}

/** Mean absolute error in 0..1 units and the largest absolute difference in 0..255 units. */
function compare(
  k: number,
  op: AugMixOpName,
  param: number,
  resample?: 'nearest',
): { mae: number; maxDiff: number } {
  let sum = 0;
  let maxDiff = 0;
  for (let i = 0; i < n; i++) {
    const out = (
      resample ? rotate(input(i), param, resample) : getAugMixOp(op).apply(input(i), param)
    ).data;
    const ref = (expected.data as Uint8Array).subarray((k * n + i) * size, (k * n + i + 1) * size);
    for (let j = 0; j < size; j++) {
      const d = Math.abs(out[j]! - ref[j]!);
      sum += d;
      if (d > maxDiff) maxDiff = d;
    }
  }
  return { mae: sum / (n * size) / 255, maxDiff };
}

describe('AugMix operations vs Pillow fixtures (6 images 32x32x3 uint8)', () => {
  it('covers every registered op', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(AUGMIX_OP_NAMES));
  });

  cases.forEach(({ op, param, resample }, k) => {
    const label = `${op}(${param ?? ''}${resample ? `, ${resample}` : ''})`;
    it(`${label} is within 2/255 MAE of Pillow`, () => {
      const { mae, maxDiff } = compare(k, op, param ?? 0, resample);
      // Printed so the measured error per op can be reported.
      console.log(`augmix op ${label}: MAE ${(mae * 255).toFixed(4)}/255, max |diff| ${maxDiff}`);
      expect(mae).toBeLessThanOrEqual(2 / 255);
      expect(maxDiff).toBeLessThanOrEqual(1);
    });
  });
});
