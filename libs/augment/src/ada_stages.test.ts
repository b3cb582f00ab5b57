import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { AdaAugmenter } from '@ada/ada';
import { ssimPlain } from '@ada/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaPipelineStages } from './ada_stages.ts';
import { composePipeline } from './pipeline.ts';
import { tinyCorruptionNetwork } from './testing/tiny_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('composePipeline with the real AdaAugmenter ([2, 16, 16, 3], tiny network, 2 FGSM steps)', () => {
  it('runs AdA then the SSIM line search, and every output is at least the threshold from its crop', () => {
    const net = tinyCorruptionNetwork(6);
    const w = tf.randomNormal([16 * 16 * 3, 10], 0, 0.05, 'float32', 3) as tf.Tensor2D;
    const classifier = (x: tf.Tensor4D): tf.Tensor2D =>
      tf.matMul(tf.reshape(x, [x.shape[0], -1]), w);
    const threshold = 0.9;
    // A large radius makes the corruption strong enough for the line search to matter.
    const stages = adaPipelineStages(new AdaAugmenter(net), classifier, {
      nu: 0.5,
      steps: 2,
      offsets: 'shared',
      ssimThreshold: threshold,
    });
    const images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const labels = tf.tensor1d([1, 2], 'int32');
    const seen: tf.Tensor4D[] = [];
    const run = composePipeline(
      { seed: 5, padCropFlip: { pad: 2 }, ada: true, lineSearch: true },
      {
        ada: (x, y, s) => {
          seen.push(tf.clone(x));
          const adv = stages.ada(x, y, s);
          seen.push(tf.clone(adv));
          return adv;
        },
        lineSearch: stages.lineSearch,
      },
    );
    const out = run({ images, labels, indices: [0, 1] });
    expect(out.ran).toEqual(['padCropFlip', 'ada', 'lineSearch']);
    expect(out.images.shape).toEqual([2, 16, 16, 3]);
    const shape = [2, 16, 16, 3] as const;
    const before = ssimPlain(seen[0]!.dataSync(), seen[1]!.dataSync(), shape);
    const after = ssimPlain(seen[0]!.dataSync(), out.images.dataSync(), shape);
    // AdA alone went below the threshold; the line search brought every image back to it.
    expect(Math.min(...before)).toBeLessThan(threshold);
    for (const s of after) expect(s).toBeGreaterThanOrEqual(threshold - 0.02);
    tf.dispose([images, labels, out.images, ...seen, w]);
    net.dispose();
  });
});
