import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import {
  benchmarkConv,
  convFlops,
  describeConv,
  formatHeadline,
  HEADLINE_CONV,
} from './conv_benchmark.ts';
import { timeMs } from './time_ms.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', log: false });
});

describe('convFlops', () => {
  it('counts 2 x multiply-adds: 3x3 64->64 on 32x32 batch 32 same = 2.42 GFLOP', () => {
    expect(convFlops(HEADLINE_CONV)).toBe(2 * 32 * 32 * 32 * 64 * 9 * 64);
  });
  it('uses the output size: 3x3 stride 2 valid on 9x9 gives 4x4 outputs', () => {
    const spec = { ...HEADLINE_CONV, batch: 1, size: 9, inChannels: 1, outChannels: 1, stride: 2 };
    expect(convFlops({ ...spec, pad: 'valid' })).toBe(2 * 16 * 9);
    expect(convFlops({ ...spec, pad: 'same' })).toBe(2 * 25 * 9);
  });
});

describe('describeConv', () => {
  it('names kernel, channels, size, batch, and stride/padding when not the default', () => {
    expect(describeConv(HEADLINE_CONV)).toBe('conv 3x3 64->64 32x32 batch 32');
    expect(describeConv({ ...HEADLINE_CONV, kernel: 1, stride: 2, pad: 'valid' })).toBe(
      'conv 1x1 64->64 32x32 batch 32 stride 2 valid',
    );
  });
});

describe('timeMs', () => {
  it('times a small matMul without leaking tensors', async () => {
    const a = tf.ones([16, 16]);
    const before = tf.memory().numTensors;
    const ms = await timeMs(() => tf.matMul(a, a), { warmup: 1, reps: 3 });
    expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
  it('rejects reps < 1, naming the options', async () => {
    await expect(timeMs(() => tf.scalar(1), { reps: 0 })).rejects.toThrow(
      "Argument 'options' passed to 'timeMs' must have integer warmup >= 0 and reps >= 1",
    );
  });
});

describe('benchmarkConv', () => {
  it('measures a small conv [2,8,8,4] -> 4, k3, and formats a headline', async () => {
    const before = tf.memory().numTensors;
    const spec = {
      batch: 2,
      size: 8,
      inChannels: 4,
      outChannels: 4,
      kernel: 3,
      stride: 1,
      pad: 'same',
    } as const;
    const t = await benchmarkConv(spec, { warmup: 0, reps: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(t.forwardFlops).toBe(2 * 2 * 64 * 4 * 9 * 4);
    expect(t.ratio).toBeCloseTo((3 * t.forwardMs) / t.forwardBackwardMs, 10);
    expect(formatHeadline('wasm', spec, t)).toMatch(
      /^conv 3x3 4->4 8x8 batch 2 on wasm: forward [\d.]+ ms \([\d.]+ GFLOP\/s\), forward\+backward [\d.]+ ms \([\d.]+ GFLOP\/s, \d+% of forward\)$/,
    );
  });
});
