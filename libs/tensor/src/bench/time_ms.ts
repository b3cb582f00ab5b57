import * as tf from '@tensorflow/tfjs-core';

export interface TimeOptions {
  /** Untimed runs first (kernel setup, XNNPACK weight packing, JIT). Default 1. */
  warmup?: number;
  /** Timed runs. Default 3. */
  reps?: number;
  /**
   * Which of the timed runs to report: `min` (default; the run least disturbed by other
   * processes, the usual choice on a shared machine) or `median`.
   */
  stat?: 'min' | 'median';
}

/**
 * Wall-clock milliseconds of `fn` on the current backend: the fastest (or median) of `reps`
 * runs after `warmup` untimed ones. Each run waits for every output's data (so asynchronous backends are
 * timed to completion) and disposes everything `fn` allocated.
 *
 * ```ts
 * const ms = await timeMs(() => tf.conv2d(x, w, 1, 'same'), { reps: 5 });
 * ```
 */
export async function timeMs(
  fn: () => tf.Tensor | tf.Tensor[],
  options: TimeOptions = {},
): Promise<number> {
  const warmup = options.warmup ?? 1;
  const reps = options.reps ?? 3;
  if (!Number.isInteger(warmup) || warmup < 0 || !Number.isInteger(reps) || reps < 1) {
    throw new Error(
      `Argument 'options' passed to 'timeMs' must have integer warmup >= 0 and reps >= 1, but got warmup=${warmup}, reps=${reps}`,
    );
  }
  const once = async (): Promise<number> => {
    const start = performance.now();
    const out = tf.tidy(fn);
    const outs = Array.isArray(out) ? out : [out];
    await Promise.all(outs.map((t) => t.data()));
    const ms = performance.now() - start;
    tf.dispose(outs);
    return ms;
  };
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return options.stat === 'median' ? times[Math.floor(times.length / 2)]! : times[0]!;
}
