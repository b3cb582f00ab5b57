/** What `stuckAtChance` looks at after an epoch of training. */
export interface EpochHealth {
  /** Epochs finished (1-based). */
  epoch: number;
  /** Optimisation steps taken so far. */
  steps: number;
  /** Clean accuracy in [0, 1] measured after that epoch. */
  cleanAccuracy: number;
  /** Mean training loss over that epoch's steps (cross-entropy, or the AugMix JSD loss). */
  meanLoss: number;
  /** Number of classes K (chance accuracy 1/K, chance cross-entropy ln K). */
  classes: number;
}

/** Steps before which no run is judged: a tiny run (a test, a smoke run) may sit at chance. */
export const MIN_STEPS_JUDGED = 100;

/**
 * Whether a run has stopped learning: from the third epoch and step 100 on, clean accuracy within
 * 5 points of chance and a mean training loss still at 97% of ln K or more. Per-example AdA on
 * every training image does this to small classifiers (the loss stays at ln K for the whole run;
 * `bench/gpu/README.md`), and hours of training would otherwise end in a chance-level model.
 * Healthy runs on the demo dataset start slowly but stay clear of it: 16-18.5% clean and a loss
 * of 2.24-2.27 after epoch 2, about 22% and 2.12-2.15 after epoch 3.
 *
 * ```ts
 * stuckAtChance({ epoch: 3, steps: 468, cleanAccuracy: 0.101, meanLoss: 2.303, classes: 10 }); // true
 * ```
 */
export function stuckAtChance(h: EpochHealth): boolean {
  if (!(Number.isInteger(h.classes) && h.classes >= 2)) {
    throw new RangeError(
      `Argument 'classes' passed to 'stuckAtChance' must be an integer >= 2, got ${h.classes}`,
    );
  }
  if (
    h.epoch < 3 ||
    h.steps < MIN_STEPS_JUDGED ||
    !Number.isFinite(h.meanLoss) ||
    !Number.isFinite(h.cleanAccuracy)
  ) {
    return false;
  }
  return h.cleanAccuracy <= 1 / h.classes + 0.05 && h.meanLoss >= 0.97 * Math.log(h.classes);
}

/**
 * The warning `ada run` logs (once per run) when `stuckAtChance` holds; `ada` adds what to try
 * for a setup with AdA.
 */
export function chanceWarning(run: string, h: EpochHealth, ada = false): string {
  const hint = ada
    ? 'AdA with per-example offsets on every image does this to small models (bench/gpu/README.md); ' +
      'try --ada-fraction 0.125, --ada-offsets shared or a smaller --nu'
    : 'check the data, the learning rate and the batch size';
  return (
    `warning: ${run} is still at chance after epoch ${h.epoch} (clean ${(100 * h.cleanAccuracy).toFixed(1)}%, ` +
    `training loss ${h.meanLoss.toFixed(3)} against ln ${h.classes} = ${Math.log(h.classes).toFixed(3)}): ` +
    `the model is not learning; ${hint}`
  );
}
