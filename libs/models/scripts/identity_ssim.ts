/**
 * Measures how close each unperturbed UpscalerJS corruption network is to the identity at
 * 32x32: mean SSIM(x, c_phi(x)) for each model and each way back to 32x32 (`sr-then-area`,
 * `area-then-sr`), on two sets of natural patches: the 32 patches of `fixtures/images.npy`, and
 * the 16 non-overlapping 32x32 patches of the sample photo the packages ship
 * (`assets/fixture.png`, 128x128).
 *
 *   npx tsx libs/models/scripts/identity_ssim.ts [model ...]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { decodePng, readNpy } from '@ada/data';
import { ssim } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import { RESIZE_MODES, UPSCALER_MODEL_NAMES, UPSCALER_MODELS } from '../src/corruption/names.ts';
import type { UpscalerModelName } from '../src/corruption/names.ts';
import { loadUpscalerNetwork } from '../src/corruption/upscaler/load_upscaler_network.ts';
import { packageDir } from '../src/corruption/upscaler/package_dir.ts';

const info = await initBackend();
const npy = readNpy(
  readFileSync(fileURLToPath(new URL('../fixtures/images.npy', import.meta.url))),
);
const patches = tf.tidy(() =>
  tf.div(
    tf.tensor4d(
      Float32Array.from(npy.data as Uint8Array),
      npy.shape as [number, number, number, number],
    ),
    255,
  ),
) as Tensor4D;
const photo = decodePng(
  new Uint8Array(
    readFileSync(join(packageDir('@upscalerjs/esrgan-slim'), 'assets', 'fixture.png')),
  ),
);
const photoPatches = tf.tidy(() => {
  const img = tf.div(
    tf.tensor3d(Float32Array.from(photo.data), [photo.height, photo.width, 3]),
    255,
  );
  const out: tf.Tensor3D[] = [];
  for (let y = 0; y + 32 <= photo.height; y += 32) {
    for (let x = 0; x + 32 <= photo.width; x += 32)
      out.push(tf.slice(img, [y, x, 0], [32, 32, 3]) as tf.Tensor3D);
  }
  return tf.stack(out) as Tensor4D;
});
const names = (
  process.argv.length > 2 ? process.argv.slice(2) : UPSCALER_MODEL_NAMES
) as UpscalerModelName[];
console.log(
  `backend ${info.name}; ${patches.shape[0]} fixture patches, ${photoPatches.shape[0]} sample-photo patches, 32x32`,
);
console.log(
  '| model | scale | images.npy sr-then-area | images.npy area-then-sr | photo sr-then-area | photo area-then-sr | ms/image (sr-then-area) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of names) {
  const cells: string[] = [];
  let ms = 0;
  for (const set of [patches, photoPatches]) {
    for (const resize of RESIZE_MODES) {
      if (resize === 'area-then-sr' && 32 % UPSCALER_MODELS[name].scale !== 0) {
        cells.push('n/a');
        continue;
      }
      const net = await loadUpscalerNetwork(name, { resize });
      const start = performance.now();
      const s = tf.tidy(() => {
        const outs: Tensor4D[] = [];
        for (let i = 0; i < set.shape[0]; i += 8) {
          outs.push(
            net.apply(
              tf.slice(set, [i, 0, 0, 0], [Math.min(8, set.shape[0] - i), 32, 32, 3]),
              net.params,
            ),
          );
        }
        return tf.mean(ssim(set, tf.concat4d(outs, 0))).dataSync()[0] as number;
      });
      if (resize === 'sr-then-area' && set === patches)
        ms = (performance.now() - start) / set.shape[0];
      cells.push(s.toFixed(4));
      net.dispose();
    }
  }
  console.log(
    `| ${name} | ${UPSCALER_MODELS[name].scale} | ${cells.join(' | ')} | ${ms.toFixed(1)} |`,
  );
}
