import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileIOHandler } from '../file_io_handler.ts';
import { UPSCALER_MODELS } from '../names.ts';
import { applyPerExampleByLoop } from '../per_example.ts';
import type { UpscalerModelName } from '../names.ts';
import { loadUpscalerNetwork } from './load_upscaler_network.ts';
import { packageDir } from './package_dir.ts';

/**
 * The two custom layers of the RRDN (thick) models, defined as the UpscalerJS package defines
 * them for tfjs-layers (residual scaling by 0.2; depth-to-space), so that tfjs-layers can load
 * the stored model and serve as the reference.
 */
function registerRrdnLayers(): void {
  class MultiplyBeta extends tfl.layers.Layer {
    static className = 'MultiplyBeta';
    constructor() {
      super({});
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.mul(Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs, 0.2);
    }
  }
  tf.serialization.registerClass(MultiplyBeta);
  for (const s of [2, 3, 4]) {
    class PixelShuffle extends tfl.layers.Layer {
      static className = `PixelShuffle${s}x`;
      constructor() {
        super({});
      }
      override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
        const [b, h, w] = shape as tfl.Shape;
        return [
          b ?? null,
          h === null || h === undefined ? null : h * s,
          w === null || w === undefined ? null : w * s,
          3,
        ];
      }
      override call(inputs: Tensor | Tensor[]): Tensor {
        return tf.depthToSpace((Array.isArray(inputs) ? inputs[0] : inputs) as Tensor4D, s, 'NHWC');
      }
    }
    tf.serialization.registerClass(PixelShuffle);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerRrdnLayers();
});

const maxAbs = (a: Tensor, b: Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('loadUpscalerNetwork: functional forward equals the tfjs-layers model', () => {
  it.each([
    ['rdn-default-x2', 10],
    ['rdn-slim-x2', 10],
    ['rdn-slim-x3', 8],
    ['rdn-slim-x4', 8],
    ['rdn-medium-x2', 8],
    ['rrdn-thick-x2', 4],
  ] as const)('%s on [2, size %d, size, 3]', async (name: UpscalerModelName, size: number) => {
    const spec = UPSCALER_MODELS[name];
    const net = await loadUpscalerNetwork(name);
    const model = await tfl.loadLayersModel(
      fileIOHandler(join(packageDir(spec.packageName), spec.modelPath)),
    );
    const x = tf.randomUniform([2, size, size, 3], 0, 1, 'float32', 11) as Tensor4D;
    const ours = net.superResolve(x, net.params);
    const theirs = tf.tidy(() =>
      tf.div(model.predict(tf.mul(x, spec.range)) as Tensor, spec.range),
    );
    expect(ours.shape).toEqual([2, size * spec.scale, size * spec.scale, 3]);
    expect(theirs.shape).toEqual(ours.shape);
    expect(maxAbs(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose([x, ours, theirs]);
    model.dispose();
    net.dispose();
  });
});

describe('loadUpscalerNetwork: 32x32 in, 32x32 out', () => {
  it.each(['sr-then-area', 'area-then-sr'] as const)(
    'rdn-slim-x2 %s maps [1, 32, 32, 3] to [1, 32, 32, 3]',
    async (resize) => {
      const net = await loadUpscalerNetwork('rdn-slim-x2', { resize });
      const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 3) as Tensor4D;
      const y = net.apply(x, net.params);
      expect(y.shape).toEqual([1, 32, 32, 3]);
      tf.dispose([x, y]);
      net.dispose();
    },
  );

  it('exposes named weight and bias blocks matching the params', async () => {
    const net = await loadUpscalerNetwork('rdn-slim-x2');
    expect(net.blocks).toHaveLength(24);
    expect(net.blocks[0]).toEqual({ name: 'F_m1/kernel', kind: 'weight', shape: [3, 3, 3, 64] });
    expect(net.blocks[1]).toEqual({ name: 'F_m1/bias', kind: 'bias', shape: [64] });
    net.blocks.forEach((b, i) => expect(net.params[i]!.shape).toEqual(b.shape));
    expect(new Set(net.blocks.map((b) => b.name)).size).toBe(24);
    net.dispose();
  });

  it('rejects bad names, inputs and params with clear messages', async () => {
    await expect(loadUpscalerNetwork('rdn-huge-x2' as UpscalerModelName)).rejects.toThrow(
      /Argument 'name'/,
    );
    const net = await loadUpscalerNetwork('rdn-slim-x4', { resize: 'area-then-sr' });
    const x = tf.zeros([1, 10, 10, 3]) as Tensor4D;
    expect(() => net.apply(x, net.params)).toThrow(/divisible by 4/);
    const x1 = tf.zeros([1, 8, 8, 1]) as Tensor4D;
    expect(() => net.apply(x1, net.params)).toThrow(/must be \[B, H, W, 3\]/);
    const x8 = tf.zeros([2, 8, 8, 3]) as Tensor4D;
    expect(() => net.apply(x8, net.params.slice(1))).toThrow(/must hold 24 tensors/);
    expect(() => net.apply(x8, net.params, { perExample: true })).toThrow(
      /params\[0\]' \(F_m1\/kernel\).*\[2, 3, 3, 3, 64\]/,
    );
    tf.dispose([x, x1, x8]);
    net.dispose();
  });
});

describe('loadUpscalerNetwork: per-example parameters and gradients', () => {
  it('perExample with params [B, ...] computes example b with params[.][b]', async () => {
    const net = await loadUpscalerNetwork('rdn-slim-x2');
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 4) as Tensor4D;
    const offsets = net.params.map((p, i) =>
      tf.mul(
        tf.randomNormal([2, ...p.shape], 0, 1, 'float32', i),
        tf.mul(tf.norm(p), 0.02 / Math.sqrt(p.size)),
      ),
    );
    const stacked = net.params.map((p, i) => tf.add(tf.expandDims(p, 0), offsets[i]!));
    const y = net.apply(x, stacked, { perExample: true });
    for (const b of [0, 1]) {
      const xb = tf.slice(x, [b, 0, 0, 0], [1, 8, 8, 3]) as Tensor4D;
      const pb = stacked.map((p) => tf.squeeze(tf.slice(p, [b], [1]), [0]));
      const yb = net.apply(xb, pb);
      expect(maxAbs(yb, tf.slice(y, [b, 0, 0, 0], [1, 8, 8, 3]))).toBeLessThan(1e-4);
      tf.dispose([xb, yb, ...pb]);
    }
    const loop = applyPerExampleByLoop((xb, pb) => net.apply(xb, pb), x, stacked);
    expect(maxAbs(loop, y)).toBeLessThan(1e-4);
    const shared = net.apply(x, net.params);
    expect(maxAbs(shared, y)).toBeGreaterThan(1e-4);
    tf.dispose([x, y, loop, shared, ...offsets, ...stacked]);
    net.dispose();
  });

  it('gradients reach every per-example block and nothing leaks', async () => {
    const net = await loadUpscalerNetwork('rdn-slim-x2');
    const x = tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 5) as Tensor4D;
    const before = tf.memory().numTensors;
    const betas = net.params.map((p) => tf.zeros([2, ...p.shape]));
    const loss = (...bs: Tensor[]): tf.Scalar =>
      tf.tidy(() =>
        tf.mean(
          tf.square(
            tf.sub(
              net.apply(
                x,
                net.params.map((p, i) => tf.add(p, bs[i]!)),
                { perExample: true },
              ),
              x,
            ),
          ),
        ),
      );
    const { value, grads } = tf.valueAndGrads(loss)(betas);
    expect(grads).toHaveLength(net.blocks.length);
    const norms = tf.tidy(() => grads.map((g) => tf.norm(g).dataSync()[0]!));
    expect(norms.every(Number.isFinite)).toBe(true);
    expect(norms.filter((n) => n > 0)).toHaveLength(net.blocks.length);
    tf.dispose([value, ...grads, ...betas]);
    tf.dispose(net.apply(x, net.params));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
  });
});
