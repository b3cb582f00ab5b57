import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend, initBackend } from './backend.ts';
import { inspectNativePackage } from './native.ts';

const require = createRequire(import.meta.url);
/** 'absent', 'js-only' (npm ci without setup:native) or 'built' (the addon is there). */
const nativeState = (name: string): 'absent' | 'js-only' | 'built' => {
  let packageJson: string;
  try {
    packageJson = require.resolve(`${name}/package.json`);
  } catch {
    return 'absent';
  }
  return inspectNativePackage(dirname(packageJson)).addonPresent ? 'built' : 'js-only';
};
const gpuState = nativeState('@tensorflow/tfjs-node-gpu');
const cpuState = nativeState('@tensorflow/tfjs-node');
const nativeInstalled = gpuState === 'built' || cpuState === 'built';
const whyNot = (state: 'absent' | 'js-only'): string =>
  state === 'absent'
    ? 'is not installed'
    : 'is installed without its native addon (run `npm run setup:native` to build it)';

describe('initBackend', () => {
  const savedEnv = process.env.ADA_BACKEND;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.ADA_BACKEND;
    else process.env.ADA_BACKEND = savedEnv;
  });

  it.skipIf(nativeInstalled)(
    'picks wasm when no native package is installed, saying why',
    async () => {
      delete process.env.ADA_BACKEND;
      const lines: string[] = [];
      const info = await initBackend({ log: (l) => lines.push(l) });
      expect(info.name).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(info.version).toBe('4.22.0');
      expect(info.threads).toBeGreaterThanOrEqual(1);
      expect(info.skipped.map((s) => s.packageName)).toEqual([
        '@tensorflow/tfjs-node-gpu',
        '@tensorflow/tfjs-node',
      ]);
      expect(info.skipped.map((s) => s.why)).toEqual([
        whyNot(gpuState as 'absent' | 'js-only'),
        whyNot(cpuState as 'absent' | 'js-only'),
      ]);
      expect(info.reason).toContain(`@tensorflow/tfjs-node-gpu ${whyNot(gpuState as 'absent')}`);
      expect(info.native).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^ada: backend wasm \(@tensorflow\/tfjs-backend-wasm 4\.22\.0, 1 thread\)/,
      );
    },
  );

  it('is idempotent: the same request returns the same result and logs once', async () => {
    delete process.env.ADA_BACKEND;
    const lines: string[] = [];
    const a = await initBackend({ log: (l) => lines.push(l) });
    const b = await initBackend({ log: (l) => lines.push(l) });
    expect(b).toBe(a);
    expect(lines.length).toBeLessThanOrEqual(1);
  });

  it('forces cpu through the option, then wasm through ADA_BACKEND', async () => {
    const cpu = await initBackend({ backend: 'cpu', log: false });
    expect(cpu).toMatchObject({ name: 'cpu', threads: 1, reason: 'forced by the backend option' });
    expect(tf.getBackend()).toBe('cpu');
    process.env.ADA_BACKEND = 'wasm';
    const wasm = await initBackend({ log: false });
    expect(wasm).toMatchObject({ name: 'wasm', reason: 'forced by ADA_BACKEND=wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown ADA_BACKEND value, naming the allowed ones', async () => {
    process.env.ADA_BACKEND = 'webgpu';
    await expect(initBackend({ log: false })).rejects.toThrow(
      "ADA_BACKEND must be one of tensorflow, wasm, cpu, but is 'webgpu'",
    );
  });

  it.skipIf(nativeInstalled)('fails clearly when the forced backend is not installed', async () => {
    await expect(initBackend({ backend: 'tensorflow', log: false })).rejects.toThrow(
      `Backend 'tensorflow' (forced by the backend option) is unavailable: @tensorflow/tfjs-node-gpu: ${whyNot(gpuState as 'absent')}; @tensorflow/tfjs-node: ${whyNot(cpuState as 'absent')}`,
    );
    // A failed request leaves the previous backend in place and can be retried.
    expect(['wasm', 'cpu']).toContain(tf.getBackend());
  });

  it.runIf(nativeInstalled)(
    'picks the native backend when its addon is built, naming the TensorFlow library',
    async () => {
      delete process.env.ADA_BACKEND;
      const info = await initBackend({ backend: 'tensorflow', log: false });
      expect(info.name).toBe('tensorflow');
      expect(tf.getBackend()).toBe('tensorflow');
      expect(info.version).toBe('4.22.0');
      expect(info.native?.tensorflowVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(describeBackend(info)).toMatch(
        /^tensorflow \(@tensorflow\/tfjs-node(-gpu)? 4\.22\.0, TensorFlow \d+\.\d+\.\d+( cpu| gpu)?, \d+ threads?\)$/,
      );
      // TensorFlow's INFO lines stay off stderr unless asked for.
      expect(process.env.TF_CPP_MIN_LOG_LEVEL).toBeDefined();
      const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])));
      expect(Array.from(await y.data())).toEqual([3, 3, 3, 3]);
      y.dispose();
      await initBackend({ backend: 'wasm', log: false });
    },
  );

  it('describes a wasm backend without a native library', () => {
    expect(
      describeBackend({
        name: 'wasm',
        packageName: '@tensorflow/tfjs-backend-wasm',
        version: '4.22.0',
        threads: 1,
        reason: 'x',
        skipped: [],
      }),
    ).toBe('wasm (@tensorflow/tfjs-backend-wasm 4.22.0, 1 thread)');
  });
});
