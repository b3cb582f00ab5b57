import type { DemoVariant } from '@ada/data';
import type { AttackName, Norm } from '@ada/attacks';
import { PAPER_SGD, type SgdConfig } from './optimizer/sgd_nesterov.ts';
import type { TrainOptions } from './train_loop.ts';

/** AdA settings of a run (PAPER.md; deviations are named in `deviations`). */
export interface AdaRunConfig {
  /** Corruption network name (see `@ada/models`), e.g. `rdn-slim-x2`. */
  network: string;
  /**
   * Folder of converted pretrained weights (an `ada-checkpoint` written by
   * `libs/models/scripts/convert_pytorch.py`) for the networks that need them (`edsr`, `cae`).
   */
  networkWeights?: string;
  /** Relative radius nu (paper: 0.015). */
  nu: number;
  /** Iterated-FGSM steps (paper: 10). */
  steps: number;
  /** Per-example offsets (paper) or one offset shared by the batch (cheaper deviation). */
  offsets: 'per-example' | 'shared';
  /** SSIM threshold of the line search (paper: 0.3). */
  ssimThreshold: number;
  /** Fraction of each batch that AdA corrupts (1 = every example). */
  fraction: number;
  /**
   * Residual corruptions x + c_(phi+beta)(x) - c_phi(x) (see `AdaConfig.residual`): removes the
   * corruption network's own reconstruction gap. Default false (the paper's form).
   */
  residual?: boolean;
  /**
   * How an FGSM step moves each parameter block (see `AdaConfig.stepRule`): `sign` (the paper's;
   * the default when unset) or `l2-block`.
   */
  stepRule?: 'sign' | 'l2-block';
  /**
   * The labels the attack maximises the loss for (see `AdaConfig.attackLabels`): the true ones
   * (the paper; unset) or `permuted`, a fixed seeded permutation of each AdA batch's labels (a
   * control). The classifier trains on the true labels either way.
   */
  attackLabels?: 'true' | 'permuted';
  /**
   * Nominal epochs before AdA starts (a warm start; unset = 0): an AdA setup trains its first
   * `warmupEpochs` epochs exactly as the nominal setup does (same pipeline, no AdA), then with
   * AdA. An integer in [0, train.epochs). Not the learning-rate warm-up (`train.warmupEpochs`).
   */
  warmupEpochs?: number;
}

/** l_p robust accuracy (the paper's Table 2) under the attack ensemble of `@ada/attacks`. */
export interface LpEvalConfig {
  /** Test images attacked (the first N of the test set); 0 turns the evaluation off. */
  examples: number;
  /** Attacks in order, each on the examples still robust (AutoAttack: apgd-ce, apgd-t, square). */
  attacks: AttackName[];
  /** Iterations of the APGD attacks (AutoAttack: 100). */
  iterations: number;
  /** Threat models, one Table 2 column each. */
  threats: { norm: Norm; eps: number }[];
}

export interface AugmixRunConfig {
  /** Train with the Jensen-Shannon consistency loss (clean + 2 AugMix views). */
  jsd: boolean;
  jsdLambda: number;
}

/** Everything that defines an experiment; a run is reproducible from it and its seeds. */
export interface ExperimentConfig {
  preset: string;
  setups: string[];
  seeds: number[];
  data: {
    /** `demo`: the synthetic dataset; `cifar10`: binary batches under `dataDir`. */
    source: 'demo' | 'cifar10';
    trainSize: number;
    testSize: number;
    /** The demo variant when the demo is used (default 'procedural'; 'photo' needs `npm run setup:demo-photos`). */
    demoVariant?: DemoVariant;
  };
  model: string;
  train: {
    batchSize: number;
    epochs: number;
    baseLr: number;
    warmupEpochs: number;
    sgd: SgdConfig;
    /** Checkpoint every N steps (and at the end, and on Ctrl-C). */
    checkpointEvery: number;
    /** Pad-crop-flip padding mode (paper: zero). */
    padMode: 'zero' | 'reflect';
  };
  ada: AdaRunConfig;
  augmix: AugmixRunConfig;
  eval: {
    /** Test images of the corruption benchmark (the first N of the test set). */
    benchmarkSize: number;
    /** Include the 4 extra corruptions (reported apart, not in mCE). */
    extraCorruptions: boolean;
    /** Per-corruption accuracy through training (Figure 2): every N epochs on `historySize` images at severity 3; 0 = off. */
    historyEvery: number;
    historySize: number;
    lp: LpEvalConfig;
  };
  /** Human-readable list of the ways this preset departs from PAPER.md, printed with results. */
  deviations: string[];
}

const PAPER_ADA: AdaRunConfig = {
  network: 'rdn-slim-x2',
  nu: 0.015,
  steps: 10,
  offsets: 'per-example',
  ssimThreshold: 0.3,
  fraction: 1,
};

const PAPER_AUGMIX: AugmixRunConfig = { jsd: true, jsdLambda: 12 };

/** PAPER.md's Table 2 columns: l_2 0.5, l_inf 1/255 and 2/255. */
const PAPER_THREATS: LpEvalConfig['threats'] = [
  { norm: 'l2', eps: 0.5 },
  { norm: 'linf', eps: 1 / 255 },
  { norm: 'linf', eps: 2 / 255 },
];

const LP_OFF: LpEvalConfig = { examples: 0, attacks: [], iterations: 0, threats: [] };

export const PRESET_NAMES = ['quick', 'cpu-full', 'paper'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * The presets:
 * - `quick`: the README's command; nominal vs AdA on the demo dataset in minutes on 2 CPU cores.
 * - `cpu-full`: the paper's qualitative claims at small scale (an hour or more per setup).
 * - `paper`: the paper's full settings, for a GPU machine and real CIFAR-10 (`--data-dir`).
 */
export function presetConfig(name: string): ExperimentConfig {
  // A fresh copy every time: callers apply overrides to it, and the presets share constants
  // (PAPER_ADA, PAPER_SGD, ...) that an override must never change for the next caller.
  return structuredClone(presetTemplate(name));
}

function presetTemplate(name: string): ExperimentConfig {
  switch (name) {
    case 'quick':
      return {
        preset: 'quick',
        setups: ['nominal', 'ada'],
        seeds: [0],
        data: { source: 'demo', trainSize: 4000, testSize: 1000 },
        model: 'resnet18-w0.125',
        train: {
          batchSize: 64,
          epochs: 4,
          baseLr: 0.1,
          warmupEpochs: 0.5,
          sgd: PAPER_SGD,
          checkpointEvery: 50,
          padMode: 'zero',
        },
        ada: { ...PAPER_ADA, steps: 1, offsets: 'shared', fraction: 0.125 },
        augmix: PAPER_AUGMIX,
        eval: {
          benchmarkSize: 500,
          extraCorruptions: false,
          historyEvery: 1,
          historySize: 200,
          lp: LP_OFF,
        },
        deviations: [
          'demo dataset instead of CIFAR-10; pre-act ResNet-18 at 1/8 width instead of ResNet-50',
          '4 epochs instead of 300 (warm-up 0.5 epoch), batch 64',
          'AdA: 1 FGSM step instead of 10, one offset shared by the batch instead of per-example offsets, on 1/8 of each batch',
        ],
      };
    case 'cpu-full':
      // Sized from measured wasm rates on one core per run (2 cores, `--jobs 2`): nominal about
      // 20 min, ada 45 min, augmix (3 views) and ada+augmix about 1-1.5 h each, plus a few
      // minutes of evaluation per run; about 4 h wall for the 8 runs. 10 epochs on 10,000 demo
      // images is where the nominal model stops improving (83% clean), the smallest scale at
      // which the setups can be told apart (at the quick preset's scale they cannot).
      // The demo's photo variant is closer to CIFAR-10 than the procedural one in the
      // corruption networks' identity SSIM and in AdA's SSIM, at about the same nominal accuracy
      // (docs/demo-data.md); it needs `npm run setup:demo-photos` once. `--demo-variant
      // procedural` gives the data of the earlier cpu-full results.
      return {
        preset: 'cpu-full',
        setups: ['nominal', 'augmix', 'ada', 'ada+augmix'],
        seeds: [0, 1],
        data: { source: 'demo', trainSize: 10000, testSize: 2000, demoVariant: 'photo' },
        model: 'resnet18-w0.125',
        train: {
          batchSize: 64,
          epochs: 10,
          baseLr: 0.1,
          warmupEpochs: 0.5,
          sgd: PAPER_SGD,
          checkpointEvery: 50,
          padMode: 'zero',
        },
        ada: { ...PAPER_ADA, steps: 1, offsets: 'shared', fraction: 0.125 },
        augmix: PAPER_AUGMIX,
        eval: {
          benchmarkSize: 2000,
          extraCorruptions: true,
          historyEvery: 1,
          historySize: 200,
          lp: {
            examples: 200,
            attacks: ['apgd-ce', 'apgd-t'],
            iterations: 20,
            threats: PAPER_THREATS,
          },
        },
        deviations: [
          'demo dataset instead of CIFAR-10; pre-act ResNet-18 at 1/8 width instead of ResNet-50',
          '10 epochs instead of 300 (warm-up 0.5 epoch), batch 64',
          'AdA: 1 FGSM step instead of 10, one offset shared by the batch instead of per-example offsets, on 1/8 of each batch',
          'l_p robustness: APGD-CE + APGD-T (20 iterations) on 200 test images instead of AutoAttack + MultiTargeted on 10,000',
        ],
      };
    case 'paper':
      return {
        preset: 'paper',
        setups: [
          'nominal',
          'augmix',
          'deepaugment',
          'ada',
          'ada+augmix',
          'deepaugment-10x+ada+augmix',
        ],
        seeds: [0],
        data: { source: 'cifar10', trainSize: 50000, testSize: 10000 },
        model: 'resnet50',
        train: {
          batchSize: 256,
          epochs: 300,
          baseLr: 0.1,
          warmupEpochs: 5,
          sgd: PAPER_SGD,
          checkpointEvery: 1000,
          padMode: 'zero',
        },
        ada: PAPER_ADA,
        augmix: PAPER_AUGMIX,
        eval: {
          benchmarkSize: 10000,
          extraCorruptions: true,
          historyEvery: 10,
          historySize: 1000,
          lp: {
            examples: 10000,
            attacks: ['apgd-ce', 'apgd-t', 'square', 'multitargeted'],
            iterations: 100,
            threats: PAPER_THREATS,
          },
        },
        deviations: [
          'corruption network: pretrained RDN (upscalerjs esrgan-slim x2) instead of EDSR',
          'l_p robustness: AutoAttack standard without FAB-T, then MultiTargeted with our own optimiser settings (libs/attacks/README.md)',
        ],
      };
    default:
      throw new RangeError(`Unknown preset '${name}': expected one of ${PRESET_NAMES.join(', ')}`);
  }
}

/**
 * The optimisation settings of `config.train` as `trainClassifier` options (batch size, epochs,
 * base LR, warm-up, SGD), so the embedded runner and the trainer service read them one way.
 */
export function trainScheduleFrom(
  config: Pick<ExperimentConfig, 'train'>,
): Pick<TrainOptions, 'batchSize' | 'epochs' | 'baseLr' | 'warmupEpochs' | 'sgd'> {
  const { batchSize, epochs, baseLr, warmupEpochs, sgd } = config.train;
  return { batchSize, epochs, baseLr, warmupEpochs, sgd };
}
