/**
 * Learning-rate schedules of the paper's outer minimisation.
 */

/**
 * The linear scaling rule of the paper: LR = max(LR * batch / 256, LR) — a larger batch scales
 * the rate up, a smaller one never scales it down.
 */
export function scaledLearningRate(baseLr: number, batchSize: number): number {
  if (!(baseLr > 0)) throw new RangeError(`Argument 'baseLr' must be > 0, got ${baseLr}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new RangeError(`Argument 'batchSize' must be a positive integer, got ${batchSize}`);
  }
  return Math.max((baseLr * batchSize) / 256, baseLr);
}

export interface CosineSchedule {
  /** Peak learning rate (after warm-up). */
  peakLr: number;
  /** Total optimisation steps of the run. */
  totalSteps: number;
  /** Linear warm-up steps from 0 to the peak (paper: 5 epochs' worth). */
  warmupSteps: number;
  /** Final learning rate (paper: 0). */
  finalLr?: number;
}

/**
 * Cosine decay without restarts after a linear warm-up. Step s (0-based) of the warm-up uses
 * peak * (s + 1) / warmup; afterwards peak decays along half a cosine to `finalLr` at the last step.
 */
export function cosineWithWarmup(step: number, schedule: CosineSchedule): number {
  const { peakLr, totalSteps, warmupSteps } = schedule;
  const finalLr = schedule.finalLr ?? 0;
  if (!(Number.isInteger(totalSteps) && totalSteps > 0)) {
    throw new RangeError(`Argument 'totalSteps' must be a positive integer, got ${totalSteps}`);
  }
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0 && warmupSteps <= totalSteps)) {
    throw new RangeError(
      `Argument 'warmupSteps' must be an integer in [0, totalSteps], got ${warmupSteps}`,
    );
  }
  if (!(Number.isInteger(step) && step >= 0)) {
    throw new RangeError(`Argument 'step' must be a non-negative integer, got ${step}`);
  }
  if (step < warmupSteps) return (peakLr * (step + 1)) / warmupSteps;
  const decaySteps = totalSteps - warmupSteps;
  if (decaySteps <= 1) return peakLr;
  const t = Math.min(1, (step - warmupSteps) / (decaySteps - 1));
  return finalLr + 0.5 * (peakLr - finalLr) * (1 + Math.cos(Math.PI * t));
}
