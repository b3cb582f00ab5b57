import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy } from '@ada/data';
import { ssim } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTORATION_NETWORK_NAMES } from '../names.ts';
import { loadCorruptionNetwork } from '../register_all.ts';
import { restorationNetsDir } from './load_restoration_net.ts';

// The real networks exist only after the opt-in `npm run setup:restoration-nets`.
const setUp = RESTORATION_NETWORK_NAMES.every((n) =>
  existsSync(join(restorationNetsDir(), n, 'manifest.json')),
);
if (!setUp) {
  console.warn(
    `restoration_identity.test.ts skipped: the networks are not set up in ${restorationNetsDir()} (run npm run setup:restoration-nets)`,
  );
}

// Measured on the 32 patches (wasm; mean over images): PSNR / SSIM denoise 40.68 dB / 0.9914,
// deJPEG 35.88 / 0.9737, deblur 44.48 / 0.9970. The bounds sit about 1 dB / 0.005-0.01 under
// them, so a wrong conversion (a channel order, a missing mean shift) fails by far.
const BOUNDS = {
  'edsr-denoise': { psnr: 39.5, ssim: 0.985 },
  'edsr-dejpeg': { psnr: 34.5, ssim: 0.965 },
  'edsr-deblur': { psnr: 43.5, ssim: 0.99 },
} as const;

let images: Tensor4D;

describe.skipIf(!setUp)('restoration networks are close to the identity on natural patches', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', log: false });
    const npy = readNpy(
      readFileSync(fileURLToPath(new URL('../../../fixtures/images.npy', import.meta.url))),
    );
    images = tf.tidy(() =>
      tf.div(tf.tensor4d(Float32Array.from(npy.data as Uint8Array), [32, 32, 32, 3]), 255),
    );
  });
  afterAll(() => images.dispose());

  it.each(RESTORATION_NETWORK_NAMES)(
    '%s: mean PSNR and SSIM(x, c_phi(x)) over the 32 patches [32, 32, 32, 3]',
    async (name) => {
      const net = await loadCorruptionNetwork(name);
      const y = net.apply(images, net.params);
      const [psnr, s] = tf.tidy(() => {
        const mse = tf.mean(tf.square(tf.sub(y, images)), [1, 2, 3]);
        const p = tf.mean(tf.mul(-10 / Math.LN10, tf.log(mse))).dataSync()[0]!;
        return [p, tf.mean(ssim(images, y)).dataSync()[0]!];
      });
      console.log(`${name}: PSNR ${psnr.toFixed(2)} dB, SSIM ${s.toFixed(4)}`);
      expect(psnr).toBeGreaterThan(BOUNDS[name].psnr);
      expect(s).toBeGreaterThan(BOUNDS[name].ssim);
      expect(s).toBeLessThan(1);
      y.dispose();
      net.dispose();
    },
  );
});
