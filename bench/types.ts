import type { BackendName, TimeOptions } from '@ada/tensor';
import type * as tf from '@tensorflow/tfjs-core';

/** What a suite gets: the backend it runs on (already current) and the timing policy. */
export interface BenchContext {
  backend: BackendName;
  /** `--quick`: fewer and smaller cases, fewer repetitions (for `ada info`, `ada run --preset quick`). */
  quick: boolean;
  /**
   * The run's warmup/repetition policy: fewer runs with `--quick` and on the slow cpu backend
   * (one untimed-warmup-free run: its JS kernels need no warmup and take seconds per case).
   */
  timeOptions: TimeOptions;
  /** Wall-clock ms of `fn` (the fastest of the timed runs) under `timeOptions` (see `timeMs`). */
  time(fn: () => tf.Tensor | tf.Tensor[], options?: TimeOptions): Promise<number>;
}

/**
 * One measured case, one table row. Give `forwardFlops` when FLOPs are meaningful (GFLOP/s
 * columns are derived from it; the forward+backward pass is counted as 3x the forward FLOPs),
 * and `forwardBackwardMs` when a backward pass exists.
 */
export interface BenchRow {
  case: string;
  forwardMs: number;
  forwardFlops?: number;
  forwardBackwardMs?: number;
  note?: string;
}

/** A named group of cases; add one by writing a file in `suites/` and one line in its index. */
export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
