/**
 * Classifier checkpoints named on the command line of the diagnostics: every form that
 * `resolveCheckpoint` of `@ada/models` takes (the one resolver of all commands): a run folder,
 * its checkpoint folder (latest), a step folder (`manifest.json`, as `bench/gpu/ada_dose.py` and
 * `convert_pytorch.py` write them) or `DIR@KEY`; and `LABEL=...` pairs.
 *
 * ```ts
 * const model = await loadClassifierAt('RUN_DIR/nominal/seed-0');
 * const { label, at } = labelled('nominal-s0=RUN_DIR/nominal/seed-0');
 * ```
 */
import { loadClassifierAt as loadAt, type Classifier } from '@ada/models';

/** Loads the classifier that `at` names; errors name the argument. */
export async function loadClassifierAt(at: string): Promise<Classifier> {
  return (await loadAt(at)).classifier;
}

/** Splits `LABEL=DIR[@KEY]`. */
export function labelled(arg: string): { label: string; at: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1)
    throw new Error(`argument '${arg}' must be LABEL=DIR[@KEY]`);
  return { label: arg.slice(0, eq), at: arg.slice(eq + 1) };
}
