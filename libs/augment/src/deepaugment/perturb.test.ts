import '@tensorflow/tfjs-backend-cpu';
import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyCorruptionNetwork } from '../testing/tiny_corruption_network.ts';
import {
  convolveWeights,
  flipFilters,
  gelu,
  keepMaxTap,
  kidx,
  rot90Channels,
  rot90Spatial,
  type ConvKernel,
} from './kernel.ts';
import { DEEPAUGMENT_PRE_OPS, DEEPAUGMENT_WEIGHT_OPS } from './names.ts';
import { bodyLayerIndices, convLayers, perturbNetwork } from './perturb.ts';
import { applyPreDistortion, WEIGHT_PERTURBATIONS } from './perturbations.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function kernel(cin: number, cout: number, seed = 0): ConvKernel {
  const rng = new RandomState(seed);
  return {
    kh: 3,
    kw: 3,
    cin,
    cout,
    weight: Float32Array.from({ length: 9 * cin * cout }, () => rng.standardNormal()),
    bias: Float32Array.from({ length: cout }, () => rng.standardNormal()),
  };
}

describe('kernel edits on HWIO [3, 3, 4, 4]', () => {
  it('flipFilters twice and rot90 four times are identities; rot90 once is not', () => {
    const k = kernel(4, 4);
    const w0 = k.weight.slice();
    flipFilters(k);
    expect(Array.from(k.weight)).not.toEqual(Array.from(w0));
    flipFilters(k);
    expect(Array.from(k.weight)).toEqual(Array.from(w0));
    rot90Spatial(k, 1);
    expect(Array.from(k.weight)).not.toEqual(Array.from(w0));
    rot90Spatial(k, 3);
    expect(Array.from(k.weight)).toEqual(Array.from(w0));
    rot90Channels(k, 4);
    expect(Array.from(k.weight)).toEqual(Array.from(w0));
  });

  it('rot90Spatial once follows torch.rot90(dims=(2, 3)): new[y][x] = old[x][2 - y]', () => {
    const k = kernel(2, 2, 4);
    const w0 = k.weight.slice();
    rot90Spatial(k, 1);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 3; x++)
        expect(k.weight[kidx(k, y, x, 1, 0)]).toBe(w0[kidx(k, x, 2 - y, 1, 0)]);
  });

  it('convolveWeights with a centred identity bank is the identity', () => {
    const k = kernel(4, 4, 2);
    const w0 = k.weight.slice();
    convolveWeights(k, (c, j, dy, dx) => (c === j && dy === 1 && dx === 1 ? 1 : 0));
    k.weight.forEach((v, i) => expect(v).toBeCloseTo(w0[i]!, 6));
  });

  it('keepMaxTap leaves exactly the largest tap of every kernel', () => {
    const k = kernel(3, 5, 3);
    const w0 = k.weight.slice();
    keepMaxTap(k);
    for (let i = 0; i < 3; i++)
      for (let o = 0; o < 5; o++) {
        const taps = Array.from(
          { length: 9 },
          (_, t) => k.weight[kidx(k, Math.floor(t / 3), t % 3, i, o)]!,
        );
        const orig = Array.from(
          { length: 9 },
          (_, t) => w0[kidx(k, Math.floor(t / 3), t % 3, i, o)]!,
        );
        expect(taps.filter((v) => v !== 0)).toEqual([Math.max(...orig)]);
      }
  });

  it('gelu matches known values', () => {
    expect(gelu(1)).toBeCloseTo(0.8413447, 6);
    expect(gelu(-1)).toBeCloseTo(-0.1586553, 6);
    expect(gelu(0)).toBe(0);
  });
});

describe('DeepAugment perturbations on the tiny network (4 conv layers, 8 channels)', () => {
  const net = tinyCorruptionNetwork(3);

  it('finds the conv layers with their biases', () => {
    expect(convLayers(net)).toEqual([
      { weight: 0, bias: 1 },
      { weight: 2, bias: 3 },
      { weight: 4, bias: 5 },
      { weight: 6, bias: 7 },
    ]);
  });

  it('perturbs the body: all but head and tail here, the part before the global skip for RDN names', () => {
    expect(bodyLayerIndices(net, convLayers(net))).toEqual([1, 2]);
    const names = ['F_m1', 'F_0', 'F_1_1', 'LFF_1', 'GFF_1', 'GFF_2', 'UPN1', 'SR'];
    const rdnLike = {
      ...net,
      blocks: names.flatMap((name) => [
        { name: `${name}/kernel`, kind: 'weight' as const, shape: [3, 3, 4, 4] },
        { name: `${name}/bias`, kind: 'bias' as const, shape: [4] },
      ]),
    };
    expect(bodyLayerIndices(rdnLike, convLayers(rdnLike))).toEqual([1, 2, 3, 4, 5]);
  });

  it.each(DEEPAUGMENT_WEIGHT_OPS)(
    '%s changes the body weights, keeps shapes and finiteness',
    (op) => {
      const body = [2, 4].map((b) => ({
        kh: 3,
        kw: 3,
        cin: 8,
        cout: 8,
        weight: (net.params[b]!.dataSync() as Float32Array).slice(),
        bias: (net.params[b + 1]!.dataSync() as Float32Array).slice(),
      }));
      const before = body.map((k) => Array.from(k.weight).concat(Array.from(k.bias)));
      WEIGHT_PERTURBATIONS[op](body, new RandomState(5));
      const after = body.map((k) => Array.from(k.weight).concat(Array.from(k.bias!)));
      expect(after.map((a) => a.length)).toEqual(before.map((a) => a.length));
      expect(after.flat().every(Number.isFinite)).toBe(true);
      expect(after).not.toEqual(before);
    },
  );

  it.each(DEEPAUGMENT_PRE_OPS.filter((o) => o !== 'none'))(
    '%s edits only the head filters (some seed)',
    (op) => {
      let changed = false;
      for (let s = 0; s < 20 && !changed; s++) {
        const head = kernel(3, 8, s);
        const w0 = Array.from(head.weight);
        applyPreDistortion(head, op, new RandomState(s));
        changed = Array.from(head.weight).some((v, i) => v !== w0[i]);
      }
      expect(changed).toBe(true);
    },
  );

  it('perturbNetwork is seeded: same seed same parameters, other seed other ones; no leak', () => {
    const before = tf.memory().numTensors;
    const a = perturbNetwork(net, new RandomState(1));
    const b = perturbNetwork(net, new RandomState(1));
    const c = perturbNetwork(net, new RandomState(2));
    expect(a.draw).toEqual(b.draw);
    expect(a.draw.weightOps).toHaveLength(3);
    const flat = (ps: tf.Tensor[]) => ps.flatMap((p) => Array.from(p.dataSync()));
    expect(flat(a.params)).toEqual(flat(b.params));
    expect(flat(a.params)).not.toEqual(flat(c.params));
    a.params.forEach((p, i) => expect(p.shape).toEqual(net.blocks[i]!.shape));
    const x = tf.fill([1, 8, 8, 3], 0.5) as tf.Tensor4D;
    const y = net.apply(x, a.params);
    expect(y.shape).toEqual([1, 8, 8, 3]);
    tf.dispose([x, y, ...a.params, ...b.params, ...c.params]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
