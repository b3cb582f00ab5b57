import type { Tensor } from '@tensorflow/tfjs-core';
import { isNorm } from './names.ts';
import type { CommonAttackOptions } from './types.ts';

/** Checks the arguments every attack takes, naming the attack and the argument at fault. */
export function checkAttackInputs(
  fn: string,
  images: Tensor,
  labels: readonly number[],
  options: CommonAttackOptions,
): void {
  if (images.rank !== 4 || images.dtype !== 'float32') {
    throw new TypeError(
      `Argument 'images' passed to '${fn}' must be float32 [N, H, W, C] in [0, 1], got ${images.dtype} [${images.shape}]`,
    );
  }
  const n = images.shape[0];
  if (!Array.isArray(labels) || labels.length !== n) {
    throw new TypeError(
      `Argument 'labels' passed to '${fn}' must hold one label per image (${n}), got ${Array.isArray(labels) ? labels.length : typeof labels}`,
    );
  }
  for (const [i, l] of labels.entries()) {
    if (!Number.isInteger(l) || l < 0) {
      throw new TypeError(
        `Argument 'labels[${i}]' passed to '${fn}' must be a class index (integer >= 0), got ${l}`,
      );
    }
  }
  if (!isNorm(String(options.norm))) {
    throw new TypeError(
      `Argument 'options.norm' passed to '${fn}' must be 'linf' or 'l2', got '${String(options.norm)}'`,
    );
  }
  if (!(Number.isFinite(options.eps) && options.eps >= 0)) {
    throw new RangeError(
      `Argument 'options.eps' passed to '${fn}' must be a finite number >= 0, got ${options.eps}`,
    );
  }
  checkInt(fn, 'options.seed', options.seed, 0);
  checkInt(fn, 'options.batchSize', options.batchSize, 1);
}

/** Throws unless `value` is undefined or an integer >= `min`. */
export function checkInt(fn: string, name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new RangeError(
      `Argument '${name}' passed to '${fn}' must be an integer >= ${min}, got ${value}`,
    );
  }
}

/** Throws unless `value` is undefined or a finite number in [lo, hi]. */
export function checkRange(
  fn: string,
  name: string,
  value: number | undefined,
  lo: number,
  hi: number,
): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= lo && value <= hi)) {
    throw new RangeError(
      `Argument '${name}' passed to '${fn}' must be a number in [${lo}, ${hi}], got ${value}`,
    );
  }
}
