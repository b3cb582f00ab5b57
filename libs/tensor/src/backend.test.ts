import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from './backend.ts';

const require = createRequire(import.meta.url);
const installed = (name: string): boolean => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};
const nativeInstalled =
  installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

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
      expect(info.skipped.every((s) => s.why === 'is not installed')).toBe(true);
      expect(info.reason).toContain('@tensorflow/tfjs-node-gpu is not installed');
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
      "Backend 'tensorflow' (forced by the backend option) is unavailable: @tensorflow/tfjs-node-gpu: is not installed; @tensorflow/tfjs-node: is not installed",
    );
    // A failed request leaves the previous backend in place and can be retried.
    expect(['wasm', 'cpu']).toContain(tf.getBackend());
  });
});
