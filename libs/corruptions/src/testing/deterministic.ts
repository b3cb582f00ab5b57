/**
 * Comparison of a corruption's output on the 32 reference patches with the reference file of the
 * same severity (run with `'reference'` seeding, so random corruptions that reproduce the
 * reference's draws compare exactly too). Distances are on the 0..255 scale.
 *
 * ```ts
 * const r = compareToReference('pixelate', 3);
 * expect(r.mae).toBeLessThan(2);
 * ```
 */
import { corruptBatch } from '../apply.ts';
import type { CorruptionName } from '../names.ts';
import type { Severity } from '../types.ts';
import { loadReferenceImages, loadReferenceOutput, REF_COUNT, REF_SIZE } from './reference.ts';

export interface ReferenceComparison {
  /** Mean absolute error over all 32 * 32 * 32 * 3 values. */
  mae: number;
  /** Largest absolute difference. */
  maxAbs: number;
  /** Fraction of values that differ at all, and by more than 1. */
  fracDiffer: number;
  fracOver1: number;
}

export function compareToReference(name: CorruptionName, severity: Severity): ReferenceComparison {
  const { batch } = loadReferenceImages();
  const out = corruptBatch(name, batch, REF_COUNT, REF_SIZE, REF_SIZE, severity, {
    seeding: 'reference',
  });
  const want = loadReferenceOutput(name, severity);
  let sum = 0;
  let maxAbs = 0;
  let differ = 0;
  let over1 = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(out[i] - want[i]);
    sum += d;
    if (d > maxAbs) maxAbs = d;
    if (d > 0) differ++;
    if (d > 1) over1++;
  }
  return {
    mae: sum / want.length,
    maxAbs,
    fracDiffer: differ / want.length,
    fracOver1: over1 / want.length,
  };
}
