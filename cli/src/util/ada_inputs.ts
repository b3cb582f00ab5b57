import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { STEP_RULES, type ClassifierFn, type StepRule } from '@ada/ada';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { makeDemoDataset } from '@ada/data';
import {
  CLASSIFIER_PRESET_NAMES,
  CORRUPTION_NETWORK_NAMES,
  DEFAULT_CORRUPTION_NETWORK,
  createClassifier,
  loadClassifierAt,
  resolveCheckpoint,
  type ClassifierPreset,
  type CorruptionNetwork,
} from '@ada/models';
import { imagesFromUint8 } from '@ada/tensor';
import { readNpyInput } from './cli_files.ts';
import { checkNetworkChoice, loadNetworkChoice, type NetworkFlags } from './corruption_network.ts';

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
  networkWeights?: string;
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
 * `--network-weights`, `--classifier`, `--store`, `--checkpoint`, `--seed` (the parsed values
 * form `AdaToolOptions`).
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
      `corruption network, any of ada run --ada-network (${CORRUPTION_NETWORK_NAMES.join(', ')}), or toy (a small random net)`,
      DEFAULT_CORRUPTION_NETWORK,
    )
    .option(
      '--network-weights <dir>',
      'converted pretrained weights for edsr or cae, or instead of the set-up cache for edsr-denoise/-dejpeg/-deblur (as ada run --ada-network-weights)',
    )
    .option(
      '--classifier <preset>',
      'classifier preset, freshly initialised with --seed',
      'resnet18-w0.25',
    )
    .option(
      '--checkpoint <path>',
      'trained classifier: an ada run folder, its checkpoint folder (latest), or a step folder',
    )
    .option('--store <dir>', 'with --checkpoint KEY: the store folder holding KEY (older form)')
    .option('--seed <n>', 'seed of the offsets, the demo images and an untrained classifier', '0');
}

/** The tools' network flags: every name `ada run` accepts, plus `toy` (a small random residual net). */
const TOOL_NETWORK_FLAGS: NetworkFlags = {
  network: '--network',
  weights: '--network-weights',
  others: ['toy'],
};

/** Checks `--network NAME [--network-weights DIR]` of a tool (see `checkNetworkChoice`). */
export function checkToolNetwork(name: string, weights: string | undefined): void {
  if (name !== 'toy') checkNetworkChoice(name, weights, TOOL_NETWORK_FLAGS);
  else if (weights !== undefined)
    throw new Error(`--network-weights does not apply to 'toy' (a random network of its own)`);
}

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

/** The image inputs of an AdA tool, read and checked (before any expensive step). */
export interface ImageInputs {
  n: number;
  seed: number;
  /** `--in` as uint8 [count, h, w, 3] and `--labels`, when given. */
  file?: { path: string; data: Uint8Array; count: number; h: number; w: number; labels?: number[] };
}

/**
 * Reads and checks `--n`, `--seed`, `--in X.npy` (uint8 [N, H, W, 3], N >= 1) and `--labels
 * Y.npy` (integers [N] in 0..255), with errors naming the option and the file.
 */
export async function readImageInputs(o: AdaToolOptions): Promise<ImageInputs> {
  // The classifier and network options too: every input is checked before the first model.
  const ckpt = checkpointArg(o);
  if (ckpt !== undefined) resolveCheckpoint(ckpt);
  else checkClassifierPreset(o.classifier);
  checkToolNetwork(o.network, o.networkWeights);
  const n = parseCount('--n', o.n, 1);
  const seed = parseCount('--seed', o.seed);
  if (o.labels !== undefined && !o.in)
    throw new Error('--labels needs --in (labels of those images)');
  if (!o.in) return { n, seed };
  const arr = await readNpyInput(o.in, '--in');
  const [count, h, w, c] = arr.shape;
  if (arr.dtype !== 'uint8' || arr.shape.length !== 4 || c !== 3 || !h || !w) {
    throw new Error(
      `--in ${o.in}: expected uint8 images [N, H, W, 3], got ${arr.dtype} [${arr.shape}]`,
    );
  }
  if (count === 0) throw new Error(`--in ${o.in}: holds 0 images; need at least 1`);
  const take = Math.min(n, count!);
  let labels: number[] | undefined;
  if (o.labels) {
    const l = await readNpyInput(o.labels, '--labels');
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
    const bad = labels.findIndex((v) => !Number.isInteger(v) || v < 0 || v > 255);
    if (bad >= 0)
      throw new Error(
        `--labels ${o.labels}: labels must be class indices >= 0, got ${labels[bad]} at ${bad}`,
      );
  }
  return {
    n,
    seed,
    file: {
      path: o.in,
      data: (arr.data as Uint8Array).subarray(0, take * h * w * 3),
      count: take,
      h,
      w,
      ...(labels ? { labels } : {}),
    },
  };
}

/**
 * The images of `readImageInputs`: `--in` (with `--labels`), else the synthetic demo test split
 * (`--n` images, `--seed`). Without labels, the classifier's own clean predictions stand in.
 */
export async function loadImages(
  inputs: ImageInputs,
  predict: ClassifierFn,
): Promise<LabelledImages> {
  const { n, seed, file } = inputs;
  if (!file) {
    const ds = makeDemoDataset({ split: 'test', size: n, seed });
    return {
      images: imagesFromUint8(ds.images, n, 32, 32),
      labels: Array.from(ds.labels),
      source: `demo test split, seed ${seed}`,
    };
  }
  const images = imagesFromUint8(file.data, file.count, file.h, file.w);
  let labels = file.labels;
  if (!labels) {
    let predicted: number[] = [];
    tf.tidy(() => {
      predicted = Array.from(tf.argMax(predict(images), 1).dataSync());
    });
    labels = predicted;
  }
  return { images, labels, source: file.path };
}

/**
 * `--network NAME [--network-weights DIR]`: any network `ada run --ada-network` accepts, through
 * the same resolver (`loadNetworkChoice`: a restoration network that is not set up is an error
 * naming `npm run setup:restoration-nets`), or `toy` (random, from `seed`).
 */
export async function loadNetwork(
  name: string,
  seed: number,
  weights?: string,
): Promise<CorruptionNetwork> {
  checkToolNetwork(name, weights);
  if (name === 'toy') return createToyCorruptionNetwork({ seed, hidden: 8 });
  return loadNetworkChoice(name, weights, TOOL_NETWORK_FLAGS);
}

/** The checkpoint argument of `--checkpoint PATH` (or the older `--store DIR --checkpoint KEY`). */
export function checkpointArg(o: AdaToolOptions): string | undefined {
  if (o.store !== undefined && o.checkpoint === undefined)
    throw new Error('--store needs --checkpoint KEY (or give --checkpoint PATH alone)');
  if (o.checkpoint === undefined) return undefined;
  return o.store !== undefined ? `${o.store}@${o.checkpoint}` : o.checkpoint;
}

/**
 * `--checkpoint PATH` (see `resolveCheckpoint`): a trained classifier; otherwise `--classifier PRESET`, freshly
 * initialised with `--seed` (an untrained classifier: fine for looking at the perturbation set,
 * not for the attack's effect on a trained model).
 */
export async function loadClassifierFn(
  o: AdaToolOptions,
): Promise<{ fn: ClassifierFn; name: string; dispose(): void }> {
  const arg = checkpointArg(o);
  if (arg !== undefined) {
    const { classifier, at } = await loadClassifierAt(arg);
    return {
      fn: (x) => classifier.apply(x, { training: false }),
      name: `checkpoint ${at.dir}`,
      dispose: () => classifier.dispose(),
    };
  }
  checkClassifierPreset(o.classifier);
  const seed = parseCount('--seed', o.seed);
  const classifier = createClassifier(o.classifier as ClassifierPreset, { seed });
  return {
    fn: (x) => classifier.apply(x, { training: false }),
    name: `${o.classifier} (untrained, seed ${seed})`,
    dispose: () => classifier.dispose(),
  };
}

function checkClassifierPreset(name: string): void {
  if (!(CLASSIFIER_PRESET_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `--classifier must be one of ${CLASSIFIER_PRESET_NAMES.join(', ')}, got '${name}'`,
    );
  }
}
