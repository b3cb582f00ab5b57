import * as tf from '@tensorflow/tfjs-core';
import type {
  NamedTensorMap,
  Rank,
  Tensor,
  Tensor2D,
  Tensor4D,
  Variable,
} from '@tensorflow/tfjs-core';
import { batchNorm } from './batch_norm.ts';
import type { BatchNormVariables } from './batch_norm.ts';
import type {
  Classifier,
  ClassifierApplyOptions,
  PreActResNetConfig,
  PreActResNetDepth,
} from './types.ts';

/** CIFAR-10 training-set per-channel mean and standard deviation (RGB, images in [0, 1]). */
export const CIFAR10_MEAN: readonly [number, number, number] = [0.4914, 0.4822, 0.4465];
export const CIFAR10_STD: readonly [number, number, number] = [0.247, 0.2435, 0.2616];

const STAGE_WIDTHS = [64, 128, 256, 512] as const;
const STAGE_STRIDES = [1, 2, 2, 2] as const;
const LAYOUT: Record<PreActResNetDepth, { blocks: readonly number[]; bottleneck: boolean }> = {
  18: { blocks: [2, 2, 2, 2], bottleneck: false },
  50: { blocks: [3, 4, 6, 3], bottleneck: true },
};
const EXPANSION = 4;

interface Conv {
  readonly kernel: Variable;
  readonly stride: number;
}

interface Block {
  readonly bns: readonly BatchNormVariables[];
  readonly convs: readonly Conv[];
  readonly shortcut: Conv | null;
}

/** Defaults of `PreActResNetConfig` (width 1, CIFAR-10, momentum 0.9, epsilon 1e-5, seed 0). */
export function preActResNetConfig(
  depth: PreActResNetDepth,
  overrides: Partial<Omit<PreActResNetConfig, 'arch' | 'depth'>> = {},
): PreActResNetConfig {
  return {
    arch: 'preact-resnet',
    depth,
    width: 1,
    numClasses: 10,
    bnMomentum: 0.9,
    bnEpsilon: 1e-5,
    seed: 0,
    ...overrides,
  };
}

function checkConfig(config: PreActResNetConfig): void {
  const where = "passed to 'createPreActResNet'";
  if (config.arch !== 'preact-resnet') {
    throw new Error(
      `Argument 'config.arch' ${where} must be 'preact-resnet', got '${config.arch}'`,
    );
  }
  if (!(config.depth in LAYOUT)) {
    throw new Error(`Argument 'config.depth' ${where} must be 18 or 50, got ${config.depth}`);
  }
  if (!(config.width > 0 && Number.isFinite(config.width))) {
    throw new Error(
      `Argument 'config.width' ${where} must be a positive number, got ${config.width}`,
    );
  }
  if (!Number.isInteger(config.numClasses) || config.numClasses < 1) {
    throw new Error(
      `Argument 'config.numClasses' ${where} must be a positive integer, got ${config.numClasses}`,
    );
  }
  if (!(config.bnMomentum >= 0 && config.bnMomentum < 1)) {
    throw new Error(
      `Argument 'config.bnMomentum' ${where} must be in [0, 1), got ${config.bnMomentum}`,
    );
  }
  if (!(config.bnEpsilon > 0)) {
    throw new Error(`Argument 'config.bnEpsilon' ${where} must be > 0, got ${config.bnEpsilon}`);
  }
  if (!Number.isInteger(config.seed)) {
    throw new Error(`Argument 'config.seed' ${where} must be an integer, got ${config.seed}`);
  }
}

/** Stage widths 64, 128, 256, 512 times `width`, rounded, at least 1. */
export function stageWidths(width: number): number[] {
  return STAGE_WIDTHS.map((w) => Math.max(1, Math.round(w * width)));
}

/**
 * Pre-activation ResNet (He et al. 2016, "Identity mappings in deep residual networks") for
 * 32x32 images, written with tfjs-core ops and explicit variables.
 *
 * Layout (as the widely used PyTorch `PreActResNet` for CIFAR, plus the final BN-ReLU of the
 * paper): normalise with the CIFAR-10 mean/std -> 3x3 stem conv (stride 1, no bias) -> 4 stages
 * of pre-activation blocks (widths 64, 128, 256, 512 times `width`, strides 1, 2, 2, 2; depth 18:
 * BasicBlock [2, 2, 2, 2]; depth 50: Bottleneck [3, 4, 6, 3], expansion 4, stride on the 3x3
 * conv) -> BN-ReLU -> global average pool -> linear head. A block computes
 * `out = relu(bn1(x))`, shortcut = 1x1 conv of `out` when stride or width change (else `x`),
 * then the convs each preceded by BN-ReLU, plus the shortcut. Convs have no bias and pad
 * symmetrically (k // 2 on every side), so weights from PyTorch give the same outputs.
 * Initialisation: He normal (fan in) for convs, BN gamma 1 / beta 0, head uniform
 * +-1/sqrt(fan in) with zero bias, drawn from `config.seed`.
 *
 * Input: x float32 [B, H, W, 3] in [0, 1] (H, W multiples of 8; 32x32 for CIFAR).
 * Output: logits float32 [B, numClasses].
 *
 * ```ts
 * const net = createPreActResNet(preActResNetConfig(18, { width: 0.25 }));
 * const logits = net.apply(tf.zeros([2, 32, 32, 3]), { training: false }); // [2, 10]
 * ```
 */
export function createPreActResNet(config: PreActResNetConfig): Classifier {
  checkConfig(config);
  const layout = LAYOUT[config.depth];
  const widths = stageWidths(config.width);
  const variables = new Map<string, Variable>();
  let seed = config.seed * 100_003;

  const add = (name: string, value: Tensor, trainable: boolean): Variable => {
    const v = tf.variable(value, trainable);
    value.dispose();
    variables.set(name, v);
    return v;
  };
  const conv = (name: string, k: number, cin: number, cout: number, stride: number): Conv => {
    const std = Math.sqrt(2 / (k * k * cin));
    return {
      kernel: add(
        `${name}/kernel`,
        tf.randomNormal([k, k, cin, cout], 0, std, 'float32', seed++),
        true,
      ),
      stride,
    };
  };
  const bn = (name: string, c: number): BatchNormVariables => ({
    gamma: add(`${name}/gamma`, tf.ones([c]), true) as Variable<Rank.R1>,
    beta: add(`${name}/beta`, tf.zeros([c]), true) as Variable<Rank.R1>,
    movingMean: add(`${name}/moving_mean`, tf.zeros([c]), false) as Variable<Rank.R1>,
    movingVariance: add(`${name}/moving_variance`, tf.ones([c]), false) as Variable<Rank.R1>,
  });

  const stem = conv('stem/conv', 3, 3, widths[0] as number, 1);
  const blocks: Block[] = [];
  let cin = widths[0] as number;
  layout.blocks.forEach((count, s) => {
    const planes = widths[s] as number;
    const cout = layout.bottleneck ? planes * EXPANSION : planes;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 ? STAGE_STRIDES[s] : 1;
      const p = `stage${s + 1}/block${b}`;
      const block: Block = layout.bottleneck
        ? {
            bns: [bn(`${p}/bn1`, cin), bn(`${p}/bn2`, planes), bn(`${p}/bn3`, planes)],
            convs: [
              conv(`${p}/conv1`, 1, cin, planes, 1),
              conv(`${p}/conv2`, 3, planes, planes, stride),
              conv(`${p}/conv3`, 1, planes, cout, 1),
            ],
            shortcut:
              stride !== 1 || cin !== cout ? conv(`${p}/shortcut`, 1, cin, cout, stride) : null,
          }
        : {
            bns: [bn(`${p}/bn1`, cin), bn(`${p}/bn2`, planes)],
            convs: [
              conv(`${p}/conv1`, 3, cin, planes, stride),
              conv(`${p}/conv2`, 3, planes, planes, 1),
            ],
            shortcut:
              stride !== 1 || cin !== cout ? conv(`${p}/shortcut`, 1, cin, cout, stride) : null,
          };
      blocks.push(block);
      cin = cout;
    }
  });
  const finalBn = bn('final_bn', cin);
  const bound = 1 / Math.sqrt(cin);
  const headKernel = add(
    'head/kernel',
    tf.randomUniform([cin, config.numClasses], -bound, bound, 'float32', seed++),
    true,
  );
  const headBias = add('head/bias', tf.zeros([config.numClasses]), true);
  const trainableVariables = [...variables.values()].filter((v) => v.trainable);

  const mean = tf.keep(tf.tensor1d([...CIFAR10_MEAN]));
  const invStd = tf.keep(tf.tensor1d(CIFAR10_STD.map((s) => 1 / s)));
  let disposed = false;

  const runConv = (x: Tensor4D, c: Conv): Tensor4D => {
    const k = c.kernel.shape[0] as number;
    const p = Math.floor(k / 2);
    return tf.conv2d(x, c.kernel as unknown as Tensor4D, c.stride, [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ]);
  };

  const apply = (x: Tensor4D, options: ClassifierApplyOptions = {}): Tensor2D => {
    if (disposed) throw new Error('The classifier passed to apply() has been disposed');
    if (x.rank !== 4 || x.shape[3] !== 3) {
      throw new Error(
        `Argument 'x' passed to 'PreActResNet.apply' must be [B, H, W, 3], got [${x.shape.join(', ')}]`,
      );
    }
    if (x.dtype !== 'float32') {
      throw new Error(
        `Argument 'x' passed to 'PreActResNet.apply' must be float32, got ${x.dtype}`,
      );
    }
    const bnOptions = {
      training: options.training === true,
      momentum: config.bnMomentum,
      epsilon: config.bnEpsilon,
    };
    return tf.tidy(() => {
      let h = runConv(tf.mul(tf.sub(x, mean), invStd), stem);
      for (const block of blocks) {
        const pre = tf.relu(batchNorm(h, block.bns[0] as BatchNormVariables, bnOptions));
        const shortcut = block.shortcut ? runConv(pre, block.shortcut) : h;
        let out = runConv(pre, block.convs[0] as Conv);
        for (let i = 1; i < block.convs.length; i++) {
          out = runConv(
            tf.relu(batchNorm(out, block.bns[i] as BatchNormVariables, bnOptions)),
            block.convs[i] as Conv,
          );
        }
        h = tf.add(out, shortcut);
      }
      const pooled = tf.mean(tf.relu(batchNorm(h, finalBn, bnOptions)), [1, 2]) as Tensor2D;
      return tf.add(tf.matMul(pooled, headKernel), headBias);
    });
  };

  const getWeights = (): NamedTensorMap => Object.fromEntries(variables);

  const setWeights = (weights: NamedTensorMap): void => {
    const missing = [...variables.keys()].filter((name) => !(name in weights));
    const unknown = Object.keys(weights).filter((name) => !variables.has(name));
    if (missing.length > 0 || unknown.length > 0) {
      throw new Error(
        `Argument 'weights' passed to 'setWeights' must hold exactly the classifier's variables; ` +
          `missing: [${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}], ` +
          `unknown: [${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''}]`,
      );
    }
    for (const [name, v] of variables) {
      const w = weights[name] as Tensor;
      if (!tf.util.arraysEqual(w.shape, v.shape) || w.dtype !== v.dtype) {
        throw new Error(
          `Argument 'weights' passed to 'setWeights': '${name}' must be ${v.dtype} [${v.shape.join(', ')}], ` +
            `got ${w.dtype} [${w.shape.join(', ')}]`,
        );
      }
    }
    for (const [name, v] of variables) v.assign(weights[name] as Tensor);
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    for (const v of variables.values()) v.dispose();
    mean.dispose();
    invStd.dispose();
  };

  return {
    config,
    numClasses: config.numClasses,
    trainableVariables,
    apply,
    getWeights,
    setWeights,
    dispose,
  };
}
