import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { ParamBlock } from './types.ts';
import { conv } from './ops/conv.ts';
import { pixelShuffle } from './ops/pixel_shuffle.ts';
import { upsampleNearest } from './ops/upsample_nearest.ts';

/** One layer of a Keras functional model, reduced to what the functional forward needs. */
export type GraphLayer =
  | { kind: 'input'; name: string }
  | {
      kind: 'conv';
      name: string;
      input: string;
      kernelSize: number;
      filters: number;
      padding: 'same' | 'valid';
      relu: boolean;
      bias: boolean;
    }
  | { kind: 'relu'; name: string; input: string }
  | { kind: 'concat'; name: string; inputs: string[] }
  | { kind: 'add'; name: string; inputs: string[] }
  | { kind: 'scale'; name: string; input: string; factor: number }
  | { kind: 'upsample'; name: string; input: string; scale: number }
  | { kind: 'pixelShuffle'; name: string; input: string; scale: number };

/** A Keras functional model as a list of layers in evaluation order, plus its output layer. */
export interface KerasGraph {
  readonly layers: readonly GraphLayer[];
  readonly output: string;
  /** Conv kernels and biases in layer order, named like the TF.js weights (`F_0/kernel`). */
  readonly blocks: readonly ParamBlock[];
}

interface KerasLayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes: Array<Array<[string, number, number, object?]>>;
}

/** Beta of the `MultiplyBeta` layer of the UpscalerJS RRDN models (residual scaling). */
const MULTIPLY_BETA = 0.2;

/**
 * Parses the `modelTopology` of a TF.js layers model exported from a Keras functional model
 * into a `KerasGraph`. Supported: InputLayer, Conv2D ('same' or 'valid' padding, stride 1, dilation 1,
 * channels_last, linear or relu activation), Activation (relu, linear), Concatenate (channel
 * axis), Add, UpSampling2D (nearest, integer size), and the custom `MultiplyBeta` (x 0.2) and
 * `PixelShuffle{s}x` layers of the UpscalerJS models. Anything else throws, naming the layer.
 *
 * ```ts
 * const graph = parseKerasGraph(artifacts.modelTopology);
 * graph.blocks[0]; // { name: 'F_m1/kernel', kind: 'weight', shape: [3, 3, 3, 64] }
 * ```
 */
export function parseKerasGraph(modelTopology: unknown): KerasGraph {
  const topo = modelTopology as {
    model_config?: { class_name: string; config: unknown };
    class_name?: string;
    config?: unknown;
  };
  const model = topo.model_config ?? (topo as { class_name: string; config: unknown });
  const config = model.config as {
    layers?: KerasLayerJson[];
    output_layers?: Array<[string, number, number]>;
  };
  if (
    !Array.isArray(config?.layers) ||
    !Array.isArray(config.output_layers) ||
    config.output_layers.length !== 1
  ) {
    throw new Error(
      `Argument 'modelTopology' passed to 'parseKerasGraph' must be a functional model with one output`,
    );
  }
  const layers: GraphLayer[] = [];
  const blocks: ParamBlock[] = [];
  const channels = new Map<string, number>();
  for (const layer of config.layers) {
    const name = layer.config.name;
    const c = layer.config;
    const inputs = (layer.inbound_nodes[0] ?? []).map((n) => n[0]);
    const one = (): string => {
      if (inputs.length !== 1)
        throw new Error(
          `Layer '${name}' (${layer.class_name}) must have one input, has ${inputs.length}`,
        );
      return inputs[0] as string;
    };
    const unsupported = (what: string): Error =>
      new Error(`Layer '${name}' (${layer.class_name}): unsupported ${what}`);
    const cls = layer.class_name;
    if (cls === 'InputLayer') {
      const shape = c['batch_input_shape'] as Array<number | null>;
      channels.set(name, shape[shape.length - 1] ?? 3);
      layers.push({ kind: 'input', name });
    } else if (cls === 'Conv2D') {
      const ks = c['kernel_size'] as number[];
      const strides = c['strides'] as number[];
      const dil = c['dilation_rate'] as number[] | number;
      const act = c['activation'] as string;
      if (ks[0] !== ks[1]) throw unsupported(`kernel_size ${JSON.stringify(ks)}`);
      const padding = c['padding'];
      if (padding !== 'same' && padding !== 'valid')
        throw unsupported(`padding ${String(padding)}`);
      if (strides.some((s) => s !== 1)) throw unsupported(`strides ${JSON.stringify(strides)}`);
      if ((Array.isArray(dil) ? dil : [dil]).some((d) => d !== 1))
        throw unsupported(`dilation ${JSON.stringify(dil)}`);
      if ((c['data_format'] ?? 'channels_last') !== 'channels_last')
        throw unsupported(`data_format ${String(c['data_format'])}`);
      if (act !== 'linear' && act !== 'relu') throw unsupported(`activation ${act}`);
      const input = one();
      const cin = channels.get(input);
      if (cin === undefined)
        throw new Error(`Layer '${name}' reads '${input}', which is not defined before it`);
      const filters = c['filters'] as number;
      const bias = c['use_bias'] !== false;
      blocks.push({
        name: `${name}/kernel`,
        kind: 'weight',
        shape: [ks[0] as number, ks[0] as number, cin, filters],
      });
      if (bias) blocks.push({ name: `${name}/bias`, kind: 'bias', shape: [filters] });
      channels.set(name, filters);
      layers.push({
        kind: 'conv',
        name,
        input,
        kernelSize: ks[0] as number,
        filters,
        padding,
        relu: act === 'relu',
        bias,
      });
    } else if (cls === 'Activation') {
      const act = c['activation'] as string;
      const input = one();
      channels.set(name, channels.get(input) as number);
      if (act === 'relu') layers.push({ kind: 'relu', name, input });
      else if (act === 'linear') layers.push({ kind: 'scale', name, input, factor: 1 });
      else throw unsupported(`activation ${act}`);
    } else if (cls === 'Concatenate') {
      const axis = c['axis'] as number;
      if (axis !== 3 && axis !== -1) throw unsupported(`axis ${axis}`);
      channels.set(
        name,
        inputs.reduce((a, i) => a + (channels.get(i) as number), 0),
      );
      layers.push({ kind: 'concat', name, inputs });
    } else if (cls === 'Add') {
      channels.set(name, channels.get(inputs[0] as string) as number);
      layers.push({ kind: 'add', name, inputs });
    } else if (cls === 'UpSampling2D') {
      const size = c['size'] as number[];
      if (size[0] !== size[1] || (c['interpolation'] ?? 'nearest') !== 'nearest') {
        throw unsupported(
          `size ${JSON.stringify(size)} / interpolation ${String(c['interpolation'])}`,
        );
      }
      const input = one();
      channels.set(name, channels.get(input) as number);
      layers.push({ kind: 'upsample', name, input, scale: size[0] as number });
    } else if (cls === 'MultiplyBeta') {
      const input = one();
      channels.set(name, channels.get(input) as number);
      layers.push({ kind: 'scale', name, input, factor: MULTIPLY_BETA });
    } else if (/^PixelShuffle\dx$/.test(cls)) {
      const scale = Number(cls.slice('PixelShuffle'.length, -1));
      const input = one();
      channels.set(name, (channels.get(input) as number) / (scale * scale));
      layers.push({ kind: 'pixelShuffle', name, input, scale });
    } else {
      throw unsupported('layer class');
    }
  }
  const output = (config.output_layers[0] as [string, number, number])[0];
  return { layers, output, blocks };
}

/**
 * Evaluates a `KerasGraph` functionally: `params[i]` holds `graph.blocks[i]`, shared by the
 * whole batch, or with `perExample` one per example ([B, ...blocks[i].shape]). x: float32 [B, H, W, Cin] in the model's own input range; returns the output
 * layer's value [B, H*s, W*s, Cout]. Intermediates are freed (runs inside `tf.tidy`).
 *
 * ```ts
 * const y = runKerasGraph(graph, tf.mul(x, 255), params); // RDN: inputs in [0, 255]
 * ```
 */
export function runKerasGraph(
  graph: KerasGraph,
  x: Tensor4D,
  params: readonly Tensor[],
  perExample = false,
): Tensor4D {
  if (params.length !== graph.blocks.length) {
    throw new Error(
      `Argument 'params' passed to 'runKerasGraph' must hold ${graph.blocks.length} tensors, got ${params.length}`,
    );
  }
  return tf.tidy(() => {
    const values = new Map<string, Tensor4D>();
    const get = (n: string): Tensor4D => values.get(n) as Tensor4D;
    let p = 0;
    for (const layer of graph.layers) {
      let out: Tensor4D;
      switch (layer.kind) {
        case 'input':
          out = x;
          break;
        case 'conv': {
          const kernel = params[p++] as Tensor;
          const bias = layer.bias ? (params[p++] as Tensor) : undefined;
          out = conv(get(layer.input), kernel, bias, { perExample, pad: layer.padding });
          if (layer.relu) out = tf.relu(out);
          break;
        }
        case 'relu':
          out = tf.relu(get(layer.input));
          break;
        case 'concat':
          out = tf.concat4d(layer.inputs.map(get), 3);
          break;
        case 'add':
          out = layer.inputs.map(get).reduce((a, b) => tf.add(a, b));
          break;
        case 'scale':
          out = layer.factor === 1 ? get(layer.input) : tf.mul(get(layer.input), layer.factor);
          break;
        case 'upsample':
          out = upsampleNearest(get(layer.input), layer.scale);
          break;
        case 'pixelShuffle':
          out = pixelShuffle(get(layer.input), layer.scale);
          break;
        default: {
          const never: never = layer;
          throw new Error(`Unknown layer ${JSON.stringify(never)}`);
        }
      }
      values.set(layer.name, out);
    }
    return get(graph.output);
  });
}
