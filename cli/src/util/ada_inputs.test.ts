import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESTORATION_NETWORK_NAMES, restorationNetsDir } from '@ada/models';
import { loadNetwork } from './ada_inputs.ts';

const restorationTiny = fileURLToPath(
  new URL('../../../libs/models/fixtures/restoration_tiny', import.meta.url),
);
const edsrTiny = fileURLToPath(new URL('../../../libs/models/fixtures/edsr_tiny', import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const savedCache = process.env['XDG_CACHE_HOME'];
afterEach(() => {
  if (savedCache === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = savedCache;
});

/** Runs the network on one grey 32x32 image: [1, 32, 32, 3] in, the same shape out. */
function outputShape(net: Awaited<ReturnType<typeof loadNetwork>>): number[] {
  const y = net.apply(tf.fill([1, 32, 32, 3], 0.5) as tf.Tensor4D, net.params);
  const shape = y.shape;
  y.dispose();
  return shape;
}

describe('loadNetwork (ada calibrate, examples, ssim-hist): every name ada run accepts', () => {
  it('edsr-deblur from --network-weights DIR (converted weights)', async () => {
    const net = await loadNetwork('edsr-deblur', 0, restorationTiny);
    expect(net.name).toBe('edsr-deblur');
    expect(outputShape(net)).toEqual([1, 32, 32, 3]);
    net.dispose();
    const edsr = await loadNetwork('edsr', 0, edsrTiny);
    expect(outputShape(edsr)).toEqual([1, 32, 32, 3]);
    edsr.dispose();
  });

  it('edsr-denoise without the set-up cache: the error names the set-up command', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ada-no-cache-'));
    process.env['XDG_CACHE_HOME'] = empty;
    try {
      await expect(loadNetwork('edsr-denoise', 0)).rejects.toThrow(
        /The corruption network 'edsr-denoise' is not set up: .* Run `npm run setup:restoration-nets`/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('every restoration network from the set-up cache, when it is set up', async (ctx) => {
    const present = RESTORATION_NETWORK_NAMES.every((n) =>
      existsSync(join(restorationNetsDir(), n, 'manifest.json')),
    );
    ctx.skip(
      !present,
      `${restorationNetsDir()} lacks the restoration networks (opt-in: npm run setup:restoration-nets)`,
    );
    for (const name of RESTORATION_NETWORK_NAMES) {
      const net = await loadNetwork(name, 0);
      expect(net.name).toBe(name);
      expect(outputShape(net)).toEqual([1, 32, 32, 3]);
      net.dispose();
    }
  });

  it('errors name the tool flags: unknown name, missing or misplaced weights', async () => {
    await expect(loadNetwork('unet', 0)).rejects.toThrow(
      /--network must be one of rdn-default-x2, .*edsr, cae, edsr-denoise, edsr-dejpeg, edsr-deblur, toy, got 'unet'/,
    );
    await expect(loadNetwork('edsr', 0)).rejects.toThrow(
      /--network edsr needs --network-weights DIR.*convert_pytorch\.py --arch edsr/,
    );
    await expect(loadNetwork('rdn-slim-x2', 0, edsrTiny)).rejects.toThrow(
      /--network-weights applies to edsr, cae, edsr-denoise, edsr-dejpeg, edsr-deblur, not to 'rdn-slim-x2'/,
    );
    await expect(loadNetwork('toy', 0, edsrTiny)).rejects.toThrow(
      /--network-weights does not apply to 'toy'/,
    );
    const toy = await loadNetwork('toy', 3);
    expect(outputShape(toy)).toEqual([1, 32, 32, 3]);
    toy.dispose();
  });
});
