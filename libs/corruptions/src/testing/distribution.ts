/**
 * Distribution check for random corruptions: the 32-image average of mean |c - x| (on [0, 1],
 * after the uint8 truncation) under per-image seeding, next to the reference's 32-seed ensemble
 * (`stats.json` -> `ensemble.avg_over_images.mad`).
 *
 * ```ts
 * const r = compareMadToEnsemble('shot_noise', 3, 1234);
 * expect(r.withinTolerance).toBe(true); // |ours - mean| <= max(4 sd, 10% of mean)
 * ```
 */
import { corruptBatch } from '../apply.ts';
import type { CorruptionName } from '../names.ts';
import type { Severity } from '../types.ts';
import { loadReferenceImages, REF_COUNT, REF_SIZE, referenceStats } from './reference.ts';

export interface MadComparison {
  /** Our 32-image average mean |c - x| on the [0, 1] scale. */
  ours: number;
  /** Reference ensemble mean and sd over seeds of the same quantity. */
  refMean: number;
  refSd: number;
  /** The tolerance used: max(4 * refSd, 0.1 * refMean). */
  tolerance: number;
  withinTolerance: boolean;
}

/** Average over the 32 reference patches of mean |c - x| / 255 for one corruption run. */
export function averageMad(clean: Uint8Array, corrupted: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < clean.length; i++) s += Math.abs(corrupted[i] - clean[i]);
  return s / clean.length / 255;
}

export function compareMadToEnsemble(
  name: CorruptionName,
  severity: Severity,
  seed: number,
): MadComparison {
  const { batch } = loadReferenceImages();
  const out = corruptBatch(name, batch, REF_COUNT, REF_SIZE, REF_SIZE, severity, {
    seed,
    seeding: 'per-image',
  });
  const ours = averageMad(batch, out);
  const ens = referenceStats(name, severity).ensemble;
  if (!ens) throw new Error(`${name} has no ensemble statistics (not a random corruption)`);
  const { mean, sd } = ens.avg_over_images.mad;
  const tolerance = Math.max(4 * sd, 0.1 * mean);
  return {
    ours,
    refMean: mean,
    refSd: sd,
    tolerance,
    withinTolerance: Math.abs(ours - mean) <= tolerance,
  };
}
