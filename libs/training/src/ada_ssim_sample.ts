import { RandomState } from '@ada/data';
import { stepSeed } from './batches.ts';

/**
 * A uniform sample of at most `limit` of the SSIM values of one epoch's AdA images (reservoir
 * sampling, Algorithm R), so a run records the SSIM distribution of what it trained on in bounded
 * memory whatever the epoch's size. Seeded from the run seed and the epoch: the same run draws
 * the same sample.
 *
 * Input: SSIM values (numbers, usually in [0.3, 1] after AdA's line search), batch by batch.
 * Output: `take()` gives the sampled values (at most `limit`, in no particular order) and how
 * many values the epoch saw, and starts the next epoch.
 *
 * ```ts
 * const sample = new AdaSsimSample(256, runSeed);
 * sample.add(0, [0.41, 0.37]); // epoch 0, one batch
 * const { values, seen } = sample.take(); // values.length === 2, seen === 2
 * ```
 */
export class AdaSsimSample {
  private values: number[] = [];
  private seen = 0;
  private epoch = -1;
  private rng: RandomState | undefined;

  constructor(
    readonly limit: number,
    private readonly runSeed: number,
  ) {
    if (!(Number.isInteger(limit) && limit >= 1)) {
      throw new RangeError(
        `Argument 'limit' passed to 'AdaSsimSample' must be an integer >= 1, got ${limit}`,
      );
    }
  }

  /** Adds the SSIM values of one batch of `epoch` (0-based); a new epoch starts a new sample. */
  add(epoch: number, ssim: readonly number[]): void {
    if (epoch !== this.epoch) {
      this.values = [];
      this.seen = 0;
      this.epoch = epoch;
      this.rng = new RandomState(stepSeed(this.runSeed, epoch, 0x551e));
    }
    for (const v of ssim) {
      this.seen++;
      if (this.values.length < this.limit) {
        this.values.push(v);
      } else {
        // Keep the seen-th value with probability limit / seen, in place of a uniform pick.
        const j = this.rng!.randint(0, this.seen);
        if (j < this.limit) this.values[j] = v;
      }
    }
  }

  /** The sample of the epoch in progress and how many values it saw; empties the sample. */
  take(): { values: number[]; seen: number } {
    const out = { values: this.values, seen: this.seen };
    this.values = [];
    this.seen = 0;
    this.epoch = -1;
    return out;
  }
}
