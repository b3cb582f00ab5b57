import '@tensorflow/tfjs-backend-cpu';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunNetwork } from './embedded.ts';

const edsrTiny = fileURLToPath(new URL('../../libs/models/fixtures/edsr_tiny', import.meta.url));
const restorationTiny = fileURLToPath(
  new URL('../../libs/models/fixtures/restoration_tiny', import.meta.url),
);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadRunNetwork (the AdA network of ada run)', () => {
  it('loads EDSR from a folder of converted weights and runs it on a 32x32 batch', async () => {
    const net = await loadRunNetwork('edsr', edsrTiny);
    expect(net.blocks.length).toBe(net.params.length);
    expect(net.blocks.length).toBeGreaterThan(0);
    const y = net.apply(tf.fill([2, 32, 32, 3], 0.5) as tf.Tensor4D, net.params);
    expect(y.shape).toEqual([2, 32, 32, 3]);
    tf.dispose(y);
    net.dispose();
  });

  it('refuses EDSR or the CAE without weights, and weights for a packaged network', async () => {
    await expect(loadRunNetwork('edsr')).rejects.toThrow(
      /--ada-network edsr needs --ada-network-weights DIR.*convert_pytorch\.py --arch edsr/,
    );
    await expect(loadRunNetwork('cae')).rejects.toThrow(/needs --ada-network-weights/);
    await expect(loadRunNetwork('rdn-slim-x2', edsrTiny)).rejects.toThrow(
      /--ada-network-weights applies to edsr, cae, edsr-denoise, edsr-dejpeg, edsr-deblur, not to 'rdn-slim-x2'/,
    );
    await expect(loadRunNetwork('unet')).rejects.toThrow(
      /--ada-network must be one of .*rdn-slim-x2/,
    );
  });

  it('loads a restoration network from converted weights, or says how to set it up', async () => {
    const net = await loadRunNetwork('edsr-deblur', restorationTiny);
    expect(net.name).toBe('edsr-deblur');
    const y = net.apply(tf.fill([1, 32, 32, 3], 0.5) as tf.Tensor4D, net.params);
    expect(y.shape).toEqual([1, 32, 32, 3]);
    tf.dispose(y);
    net.dispose();
    const saved = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = '/nonexistent-cache';
    try {
      await expect(loadRunNetwork('edsr-denoise')).rejects.toThrow(
        /not set up.*npm run setup:restoration-nets/,
      );
    } finally {
      if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved;
    }
  });

  it('names the folder when the weights are missing', async () => {
    await expect(loadRunNetwork('edsr', '/nonexistent/edsr-x2')).rejects.toThrow(/edsr-x2/);
  });
});
