/**
 * Measures how close each unperturbed UpscalerJS corruption network is to the identity at
 * 32x32: mean SSIM(x, c_phi(x)) over the 32 natural patches of `fixtures/images.npy`, for each
 * model and each way back to 32x32 (`sr-then-area`, `area-then-sr`).
 *
 *   npx tsx libs/models/scripts/identity_ssim.ts [model ...]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy } from '@ada/data';
import { ssim } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import { RESIZE_MODES, UPSCALER_MODEL_NAMES, UPSCALER_MODELS } from '../src/corruption/names.ts';
import type { UpscalerModelName } from '../src/corruption/names.ts';
import { loadUpscalerNetwork } from '../src/corruption/upscaler/load_upscaler_network.ts';

const info = await initBackend();
const npy = readNpy(
  readFileSync(fileURLToPath(new URL('../fixtures/images.npy', import.meta.url))),
);
const images = tf.tidy(() =>
  tf.div(
    tf.tensor4d(
      Float32Array.from(npy.data as Uint8Array),
      npy.shape as [number, number, number, number],
    ),
    255,
  ),
) as Tensor4D;
const names = (
  process.argv.length > 2 ? process.argv.slice(2) : UPSCALER_MODEL_NAMES
) as UpscalerModelName[];
console.log(`backend ${info.name}; ${images.shape[0]} patches 32x32`);
console.log('| model | scale | sr-then-area | area-then-sr | ms/image (sr-then-area) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const name of names) {
  const cells: string[] = [];
  let ms = 0;
  for (const resize of RESIZE_MODES) {
    if (resize === 'area-then-sr' && 32 % UPSCALER_MODELS[name].scale !== 0) {
      cells.push('n/a');
      continue;
    }
    const net = await loadUpscalerNetwork(name, { resize });
    const start = performance.now();
    const s = tf.tidy(() => {
      const outs: Tensor4D[] = [];
      for (let i = 0; i < images.shape[0]; i += 8) {
        const x = tf.slice(images, [i, 0, 0, 0], [Math.min(8, images.shape[0] - i), 32, 32, 3]);
        outs.push(net.apply(x, net.params));
      }
      return tf.mean(ssim(images, tf.concat4d(outs, 0))).dataSync()[0] as number;
    });
    if (resize === 'sr-then-area') ms = (performance.now() - start) / images.shape[0];
    cells.push(s.toFixed(4));
    net.dispose();
  }
  console.log(
    `| ${name} | ${UPSCALER_MODELS[name].scale} | ${cells.join(' | ')} | ${ms.toFixed(1)} |`,
  );
}
