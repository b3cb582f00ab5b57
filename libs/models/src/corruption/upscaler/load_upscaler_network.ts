import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { fileIOHandler } from '../file_io_handler.ts';
import { parseKerasGraph, runKerasGraph } from '../keras_graph.ts';
import { UPSCALER_MODELS } from '../names.ts';
import type { ResizeMode, UpscalerModelName } from '../names.ts';
import { areaDownscale } from '../ops/area_downscale.ts';
import { checkImageBatch, checkParams } from '../per_example.ts';
import type { ApplyOptions, CorruptionNetwork } from '../types.ts';
import { packageDir } from './package_dir.ts';

export interface UpscalerNetworkOptions {
  /** How 32x32 comes back to 32x32 (see `ResizeMode`). Default `sr-then-area`. */
  resize?: ResizeMode;
}

/** A corruption network built on an UpscalerJS super-resolution model, with its details. */
export interface UpscalerNetwork extends CorruptionNetwork {
  readonly scale: number;
  readonly resize: ResizeMode;
  /** The model's own forward: x in [0, 1] at H x W -> super-resolved [B, sH, sW, 3] in [0, 1]. */
  superResolve(x: Tensor4D, params: readonly Tensor[]): Tensor4D;
}

/**
 * Loads one of the pretrained `@upscalerjs/*` super-resolution models from its installed package
 * files (no network) and wraps it as a size-preserving `CorruptionNetwork`.
 *
 * The forward is our functional re-implementation of the Keras graph stored in the package's
 * `model.json` (see `parseKerasGraph`), with every conv kernel and bias an explicit parameter
 * block named like the TF.js weight (`F_0/kernel`, `F_0/bias`, ...). Images are scaled to the
 * model's training range (x 255 for the RDN models, x 1 for RRDN) and back. With the default
 * `sr-then-area`, x [B, H, W, 3] in [0, 1] is super-resolved to [B, sH, sW, 3] and averaged over
 * s x s blocks back to [B, H, W, 3]; the output is not clipped. Per-example params
 * (`{ perExample: true }`) run each example with its own parameters (`conv2dPerExample`).
 *
 * ```ts
 * const net = await loadUpscalerNetwork('rdn-slim-x2');
 * const y = net.apply(x, net.params); // [B, 32, 32, 3], mean SSIM to x about 0.95
 * ```
 */
export async function loadUpscalerNetwork(
  name: UpscalerModelName,
  options: UpscalerNetworkOptions = {},
): Promise<UpscalerNetwork> {
  const spec = UPSCALER_MODELS[name];
  if (spec === undefined) {
    throw new Error(
      `Argument 'name' passed to 'loadUpscalerNetwork' must be one of ${Object.keys(UPSCALER_MODELS).join(', ')}, got '${String(name)}'`,
    );
  }
  const resize = options.resize ?? 'sr-then-area';
  if (resize !== 'sr-then-area' && resize !== 'area-then-sr') {
    throw new Error(
      `Argument 'options.resize' passed to 'loadUpscalerNetwork' must be 'sr-then-area' or 'area-then-sr', got '${String(resize)}'`,
    );
  }
  const path = join(packageDir(spec.packageName), spec.modelPath);
  const artifacts = await fileIOHandler(path).load();
  const graph = parseKerasGraph(artifacts.modelTopology);
  if (!artifacts.weightData || !artifacts.weightSpecs)
    throw new Error(`'${path}' holds no weights`);
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const params = graph.blocks.map((block) => {
    const t = named[block.name];
    if (t === undefined || !tf.util.arraysEqual(t.shape, [...block.shape])) {
      throw new Error(
        `'${path}': weight '${block.name}' must be [${block.shape.join(', ')}], got ${t ? `[${t.shape.join(', ')}]` : 'nothing'}`,
      );
    }
    return t;
  });
  const used = new Set(graph.blocks.map((b) => b.name));
  tf.dispose(
    Object.entries(named)
      .filter(([n]) => !used.has(n))
      .map(([, t]) => t),
  );

  const { scale, range } = spec;
  const run = (x: Tensor4D, p: readonly Tensor[], perExample: boolean): Tensor4D =>
    tf.tidy(() => {
      const y = runKerasGraph(graph, range === 1 ? x : tf.mul(x, range), p, perExample);
      return range === 1 ? y : tf.div(y, range);
    });
  const superResolve = (x: Tensor4D, p: readonly Tensor[]): Tensor4D => run(x, p, false);
  const forward = (x: Tensor4D, p: readonly Tensor[], perExample: boolean): Tensor4D =>
    tf.tidy(() =>
      resize === 'sr-then-area'
        ? areaDownscale(run(x, p, perExample), scale)
        : run(areaDownscale(x, scale), p, perExample),
    );
  let disposed = false;

  return {
    name,
    scale,
    resize,
    blocks: graph.blocks,
    params,
    superResolve,
    apply(x: Tensor4D, p: readonly Tensor[], applyOptions: ApplyOptions = {}): Tensor4D {
      checkImageBatch(name, disposed, x);
      if (resize === 'area-then-sr' && (x.shape[1] % scale !== 0 || x.shape[2] % scale !== 0)) {
        throw new Error(
          `Argument 'x' passed to '${name}.apply' (area-then-sr) must have H and W divisible by ${scale}, got [${x.shape.join(', ')}]`,
        );
      }
      const perExample = applyOptions.perExample === true;
      checkParams(`${name}.apply`, graph.blocks, p, perExample, x.shape[0]);
      return forward(x, p, perExample);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose(params);
    },
  };
}
