/**
 * Classifier checkpoints named on the command line of the diagnostics, in one place:
 * `DIR@KEY` (a checkpoint store folder and one key in it), `DIR` holding `latest.json` (an
 * `ada run` checkpoint folder: its latest checkpoint) or `DIR` holding `manifest.json` (one
 * checkpoint folder, as `bench/gpu/ada_dose.py` and `convert_pytorch.py` write them).
 *
 * ```ts
 * const model = await loadClassifierAt('RUN_DIR/nominal/seed-0/checkpoint');
 * const { label, at } = labelled('nominal-s0=RUN_DIR/nominal/seed-0/checkpoint');
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileCheckpointStore, loadClassifier, type Classifier } from '@ada/models';

/** Loads the classifier that `at` (DIR, DIR@KEY) names; errors name the argument. */
export async function loadClassifierAt(at: string): Promise<Classifier> {
  const [dir, key] = at.split('@') as [string, string | undefined];
  let root = dir;
  let k = key;
  if (k === undefined) {
    if (existsSync(join(dir, 'manifest.json'))) {
      root = dirname(resolve(dir));
      k = basename(resolve(dir));
    } else if (existsSync(join(dir, 'latest.json'))) {
      k = (JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as { key: string }).key;
    } else {
      throw new Error(`'${at}': no manifest.json or latest.json in ${dir}; give DIR@KEY`);
    }
  }
  return (await loadClassifier(fileCheckpointStore(root), k)).classifier;
}

/** Splits `LABEL=DIR[@KEY]`. */
export function labelled(arg: string): { label: string; at: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1)
    throw new Error(`argument '${arg}' must be LABEL=DIR[@KEY]`);
  return { label: arg.slice(0, eq), at: arg.slice(eq + 1) };
}
