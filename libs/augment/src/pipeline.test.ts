import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmix } from './augmix/augment_and_mix.ts';
import { padCropFlip } from './pad_crop_flip.ts';
import { composePipeline, PIPELINE_STAGES, type PipelineStages } from './pipeline.ts';
import { exampleSeed, STREAMS } from './seeds.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SEED = 77;

function batch(n: number, size: number) {
  const images = tf.randomUniform([n, size, size, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: n }, (_, i) => i % 10),
    'int32',
  );
  const indices = Array.from({ length: n }, (_, i) => 100 + i);
  return { images, labels, indices };
}

/** Recording stages: each logs its name, the shape it saw, and transforms its input visibly. */
function recorder(log: { stage: string; shape: number[]; input: tf.Tensor }[]): PipelineStages {
  return {
    source: (x) => {
      log.push({ stage: 'source', shape: x.shape, input: x });
      return tf.tidy(() => tf.sub(1, x) as tf.Tensor4D); // invert: a "DeepAugment copy"
    },
    ada: (x) => {
      log.push({ stage: 'ada', shape: x.shape, input: x });
      return tf.tidy(() => tf.mul(x, 0.5) as tf.Tensor4D);
    },
    lineSearch: (clean, corrupted) => {
      log.push({ stage: 'lineSearch', shape: corrupted.shape, input: corrupted });
      return tf.tidy(() => tf.div(tf.add(clean, corrupted), 2) as tf.Tensor4D);
    },
  };
}

describe('composePipeline', () => {
  it('runs source -> pad-crop-flip -> AdA -> line search -> AugMix in that order ([4, 12, 12, 3] -> 8x8 crops)', () => {
    const b = batch(4, 12);
    const log: { stage: string; shape: number[]; input: tf.Tensor }[] = [];
    const run = composePipeline(
      {
        seed: SEED,
        deepAugment: true,
        padCropFlip: { pad: 2, cropSize: 8 },
        ada: true,
        lineSearch: true,
        augmix: {},
      },
      recorder(log),
    );
    const out = run(b);
    expect(out.ran).toEqual([...PIPELINE_STAGES]);
    expect(log.map((l) => l.stage)).toEqual(['source', 'ada', 'lineSearch']);
    // The source saw the raw 12x12 batch; AdA saw the 8x8 crops: pad-crop-flip ran between.
    expect(log[0]!.shape).toEqual([4, 12, 12, 3]);
    expect(log[1]!.shape).toEqual([4, 8, 8, 3]);

    // Recompute the chain by hand with the same per-example seeds and compare the final images.
    const seeds = (stream: number) => b.indices.map((i) => exampleSeed(SEED, i, stream));
    const src = tf.sub(1, b.images) as tf.Tensor4D;
    const pcf = padCropFlip(src, seeds(STREAMS.padCropFlip), { pad: 2, cropSize: 8 });
    const adv = tf.mul(pcf, 0.5) as tf.Tensor4D;
    const guarded = tf.div(tf.add(pcf, adv), 2) as tf.Tensor4D;
    const want = augmix(guarded, seeds(STREAMS.augmix));
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(out.augmixViews).toHaveLength(0);
  });

  it('skips what the config leaves out: pad-crop-flip only', () => {
    const b = batch(2, 8);
    const out = composePipeline({ seed: SEED })(b);
    expect(out.ran).toEqual(['padCropFlip']);
    const want = padCropFlip(
      b.images,
      b.indices.map((i) => exampleSeed(SEED, i, STREAMS.padCropFlip)),
    );
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(want.dataSync()));
  });

  it('nothing enabled returns a copy of the input', () => {
    const b = batch(2, 8);
    const out = composePipeline({ seed: SEED, padCropFlip: false })(b);
    expect(out.ran).toEqual([]);
    expect(out.images).not.toBe(b.images);
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(b.images.dataSync()));
  });

  it('augmix views 2 (JSD): images is the pre-AugMix batch and two different views come back', () => {
    const b = batch(3, 8);
    const out = composePipeline({ seed: SEED, padCropFlip: false, augmix: { views: 2 } })(b);
    expect(out.augmixViews).toHaveLength(2);
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(b.images.dataSync()));
    const [v1, v2] = out.augmixViews.map((v) => v.dataSync());
    expect(Array.from(v1!)).not.toEqual(Array.from(v2!));
  });

  it('an example gets the same result wherever it sits in the batch', () => {
    const b = batch(3, 8);
    const run = composePipeline({ seed: SEED, augmix: {} });
    const full = run(b);
    const last = run({
      images: tf.slice(b.images, [2, 0, 0, 0], [1, 8, 8, 3]) as tf.Tensor4D,
      labels: tf.slice(b.labels, [2], [1]) as tf.Tensor1D,
      indices: [b.indices[2]!],
    });
    expect(Array.from(tf.slice(full.images, [2, 0, 0, 0], [1, 8, 8, 3]).dataSync())).toEqual(
      Array.from(last.images.dataSync()),
    );
  });

  it('does not leak tensors (every stage on)', () => {
    const b = batch(2, 8);
    const log: { stage: string; shape: number[]; input: tf.Tensor }[] = [];
    const run = composePipeline(
      { seed: SEED, deepAugment: true, ada: true, lineSearch: true, augmix: { views: 2 } },
      recorder(log),
    );
    const before = tf.memory().numTensors;
    const out = run(b);
    tf.dispose([out.images, ...out.augmixViews]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a config that turns on a stage without its implementation', () => {
    expect(() => composePipeline({ seed: 1, ada: true })).toThrow(/'stages.ada'/);
    expect(() => composePipeline({ seed: 1, deepAugment: true })).toThrow(/'stages.source'/);
    expect(() => composePipeline({ seed: 1, augmix: { views: 0 } })).toThrow(
      /'config.augmix.views'/,
    );
  });
});
