/**
 * The identity of an experiment's settings: a hash of every setting that changes a run's result,
 * and the list of settings in which two configs differ. `ada run --resume` compares the hash
 * recorded in `config.json` (and in each run's `result.json`) with the one of the command line,
 * so a finished or checkpointed run is never reused under settings it was not trained with.
 *
 * In the hash (they change what a run computes):
 * - `data` (source kind and sizes), `model`, all of `train` (batch size, epochs, learning rate,
 *   warm-up, SGD, checkpoint interval, padding), all of `ada` (network, its weights folder, nu,
 *   steps, offsets, SSIM threshold, fraction, residual, step rule, attacked labels, warm-up
 *   epochs; an unset optional field is its default and hashes as before it existed), all of `augmix`, all of `eval`;
 * - `dataKind`: where the images come from (`demo` or `cifar10`), given by the caller because
 *   `--data-dir` is not part of `ExperimentConfig` (the folder's path is not: the same CIFAR-10
 *   copy moved elsewhere gives the same result).
 *
 * Out of the hash (they do not change any run's numbers):
 * - `setups` and `seeds`: which runs an experiment holds. Each run is its own setup and seed, so
 *   adding a seed to a finished experiment reuses its runs and trains only the new one;
 * - `preset`: a name; every setting it stands for is in the hash one by one;
 * - `deviations`: prose for the report;
 * - where things go and how fast: `--out`, `--jobs`, `--json`, progress format, the backend.
 *
 * ```ts
 * configHash(a, 'demo') === configHash(b, 'demo'); // same result settings
 * diffConfigs(a, b); // ['train.epochs: 3 -> 4', 'ada.nu: 0.015 -> 0.005']
 * ```
 */
import { createHash } from 'node:crypto';
import type { ExperimentConfig } from './presets.ts';

/** Where an experiment's images come from: the synthetic demo set or CIFAR-10 from a folder. */
export type DataKind = 'demo' | 'cifar10';

/** Version of the hashed form; bump it when the meaning of a hashed field changes. */
const HASH_VERSION = 1;

/** The settings that change a run's result, as a plain JSON value (see the module doc). */
export function resultSettings(
  config: ExperimentConfig,
  dataKind: DataKind,
): Record<string, unknown> {
  return {
    version: HASH_VERSION,
    dataKind,
    data: config.data,
    model: config.model,
    train: config.train,
    ada: config.ada,
    augmix: config.augmix,
    eval: config.eval,
  };
}

/** JSON with object keys sorted at every level, `undefined` members dropped (as JSON does). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new RangeError(`canonicalJson: non-finite number ${value} has no JSON form`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of the result settings of `config`. */
export function configHash(config: ExperimentConfig, dataKind: DataKind): string {
  return createHash('sha256')
    .update(canonicalJson(resultSettings(config, dataKind)))
    .digest('hex');
}

/**
 * The result settings in which `before` and `after` differ, one line each as
 * `path: old -> new` (`(unset)` for a missing value), sorted by path. Empty when their hashes
 * are equal.
 */
export function diffConfigs(
  before: ExperimentConfig,
  beforeKind: DataKind,
  after: ExperimentConfig,
  afterKind: DataKind,
): string[] {
  const out: string[] = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    const isObj = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(a) && isObj(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k]);
      return;
    }
    const sa = a === undefined ? '(unset)' : canonicalJson(a);
    const sb = b === undefined ? '(unset)' : canonicalJson(b);
    if (sa !== sb) out.push(`${path}: ${sa} -> ${sb}`);
  };
  const { version: _va, ...a } = resultSettings(before, beforeKind);
  const { version: _vb, ...b } = resultSettings(after, afterKind);
  walk('', a, b);
  return out;
}
