import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { STEP_RULES, type ClassifierFn, type StepRule } from '@ada/ada';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { directoryByteStore, makeDemoDataset, readNpy } from '@ada/data';
import {
  CLASSIFIER_PRESET_NAMES,
  DEFAULT_CORRUPTION_NETWORK,
  UPSCALER_MODEL_NAMES,
  createClassifier,
  loadClassifier,
  loadUpscalerNetwork,
  type ClassifierPreset,
  type CorruptionNetwork,
  type UpscalerModelName,
} from '@ada/models';
import { imagesFromUint8 } from '@ada/tensor';

/**
 * Inputs shared by the AdA tools (`ada ssim-hist`, `ada examples`): an image set with labels, a
 * corruption network and a classifier in inference mode, from command-line options.
 */
export interface AdaToolOptions {
  in?: string;
  labels?: string;
  n: string;
  seed: string;
  network: string;
  classifier: string;
  store?: string;
  checkpoint?: string;
}

/** Clean images float32 [N, 32, 32, 3] in [0, 1] and their N labels. */
export interface LabelledImages {
  images: Tensor4D;
  labels: number[];
  /** Where they came from, for the JSON summaries. */
  source: string;
}

/**
 * Declares the input options every AdA tool shares: `--in`, `--labels`, `--n`, `--network`,
 * `--classifier`, `--store`, `--checkpoint`, `--seed` (the parsed values form `AdaToolOptions`).
 */
export function addAdaInputOptions(command: Command, defaultCount: string): Command {
  return command
    .option('--in <images.npy>', 'uint8 images [N,H,W,3] (default: the synthetic demo test split)')
    .option(
      '--labels <labels.npy>',
      'integer labels [N] for --in (default: the classifier predictions)',
    )
    .option('--n <count>', 'number of images', defaultCount)
    .option(
      '--network <name>',
      'corruption network (an UpscalerJS model or toy)',
      DEFAULT_CORRUPTION_NETWORK,
    )
    .option(
      '--classifier <preset>',
      'classifier preset, freshly initialised with --seed',
      'resnet18-w0.25',
    )
    .option('--store <dir>', 'artifact directory holding --checkpoint')
    .option('--checkpoint <key>', 'trained classifier checkpoint key in --store')
    .option('--seed <n>', 'seed of the offsets, the demo images and an untrained classifier', '0');
}

/** Network names the tools accept: every UpscalerJS model, plus `toy` (a small random residual net). */
export const TOOL_NETWORKS = [...UPSCALER_MODEL_NAMES, 'toy'] as const;

/** Parses a non-negative integer option, naming the flag in the error. */
export function parseCount(flag: string, text: string, min = 0): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > 0xffffffff) {
    throw new Error(`${flag} must be an integer >= ${min}, got '${text}'`);
  }
  return n;
}

/** Parses a step rule option (`sign` or `l2-block`), naming the flag in the error. */
export function parseStepRule(flag: string, text: string): StepRule {
  if (!(STEP_RULES as readonly string[]).includes(text)) {
    throw new Error(`${flag} must be one of ${STEP_RULES.join(', ')}, got '${text}'`);
  }
  return text as StepRule;
}

/**
 * `--in X.npy` (uint8 [N, H, W, 3]) with optional `--labels Y.npy` (integers [N]), else the
 * synthetic demo test split (`--n` images, `--seed`). Without labels, the classifier's own clean
 * predictions stand in for them.
 */
export async function loadImages(
  o: AdaToolOptions,
  predict: ClassifierFn,
): Promise<LabelledImages> {
  const n = parseCount('--n', o.n, 1);
  const seed = parseCount('--seed', o.seed);
  if (!o.in) {
    const ds = makeDemoDataset({ split: 'test', size: n, seed });
    return {
      images: imagesFromUint8(ds.images, n, 32, 32),
      labels: Array.from(ds.labels),
      source: `demo test split, seed ${seed}`,
    };
  }
  const arr = readNpy(await readFile(o.in), o.in);
  const [count, h, w, c] = arr.shape;
  if (arr.dtype !== 'uint8' || arr.shape.length !== 4 || c !== 3) {
    throw new Error(
      `--in ${o.in}: expected uint8 images [N, H, W, 3], got ${arr.dtype} [${arr.shape}]`,
    );
  }
  const take = Math.min(n, count!);
  const images = imagesFromUint8(
    (arr.data as Uint8Array).subarray(0, take * h! * w! * 3),
    take,
    h!,
    w!,
  );
  let labels: number[];
  if (o.labels) {
    const l = readNpy(await readFile(o.labels), o.labels);
    if (
      l.shape.length !== 1 ||
      l.shape[0]! < take ||
      l.dtype === 'float32' ||
      l.dtype === 'float64'
    ) {
      throw new Error(
        `--labels ${o.labels}: expected integer labels [${count}], got ${l.dtype} [${l.shape}]`,
      );
    }
    labels = Array.from(l.data as ArrayLike<number | bigint>, Number).slice(0, take);
  } else {
    labels = Array.from(tf.tidy(() => tf.argMax(predict(images), 1).dataSync()));
  }
  return { images, labels, source: o.in };
}

/** `--network NAME`: an UpscalerJS super-resolution model, or `toy`. */
export async function loadNetwork(name: string, seed: number): Promise<CorruptionNetwork> {
  if (name === 'toy') return createToyCorruptionNetwork({ seed, hidden: 8 });
  if (!(UPSCALER_MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`--network must be one of ${TOOL_NETWORKS.join(', ')}, got '${name}'`);
  }
  return loadUpscalerNetwork(name as UpscalerModelName);
}

/**
 * `--store DIR --checkpoint KEY`: a trained classifier; otherwise `--classifier PRESET`, freshly
 * initialised with `--seed` (an untrained classifier: fine for looking at the perturbation set,
 * not for the attack's effect on a trained model).
 */
export async function loadClassifierFn(
  o: AdaToolOptions,
): Promise<{ fn: ClassifierFn; name: string; dispose(): void }> {
  if (o.checkpoint) {
    if (!o.store) throw new Error('--checkpoint needs --store DIR (the artifact directory)');
    const { classifier, optimizer } = await loadClassifier(
      directoryByteStore(o.store),
      o.checkpoint,
    );
    if (optimizer) tf.dispose(Object.values(optimizer));
    return {
      fn: (x) => classifier.apply(x, { training: false }),
      name: `checkpoint ${o.checkpoint}`,
      dispose: () => classifier.dispose(),
    };
  }
  if (!(CLASSIFIER_PRESET_NAMES as readonly string[]).includes(o.classifier)) {
    throw new Error(
      `--classifier must be one of ${CLASSIFIER_PRESET_NAMES.join(', ')}, got '${o.classifier}'`,
    );
  }
  const seed = parseCount('--seed', o.seed);
  const classifier = createClassifier(o.classifier as ClassifierPreset, { seed });
  return {
    fn: (x) => classifier.apply(x, { training: false }),
    name: `${o.classifier} (untrained, seed ${seed})`,
    dispose: () => classifier.dispose(),
  };
}
