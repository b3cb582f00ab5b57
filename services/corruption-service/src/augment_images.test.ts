import type { AdaConfig } from '@ada/ada';
import { createClassifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augmentImages, chunkSeed, NetworkCache } from './augment_images.ts';
import { testImages } from './testing/fixtures.ts';

/** `augmentImages` with rdn-slim-x2 and a fresh resnet18-w0.125 on [4,16,16,3], 1 AdA step. */
const networks = new NetworkCache();
let classifier: ReturnType<typeof createClassifier>;

beforeAll(async () => {
  await initBackend({ log: false });
  classifier = createClassifier('resnet18-w0.125', { seed: 1 });
});

afterAll(async () => {
  classifier.dispose();
  await networks.dispose();
});

const input = async (chunkImages: number) => ({
  augmenter: await networks.get('rdn-slim-x2'),
  classifier,
  images: testImages(4, 16),
  shape: [4, 16, 16, 3],
  labels: [0, 1, 2, 3],
  config: { nu: 0.015, steps: 1, ssimThreshold: 0.3 },
  seed: 42,
  chunkImages,
});

describe('augmentImages', () => {
  it('lets due timers (Kafka heartbeats) run between every two AdA calls of 1 image', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const out = await augmentImages(await input(1));
    clearInterval(timer);
    expect(out.ssim).toHaveLength(4);
    // 4 calls, 3 boundaries; setImmediate instead of a timer lets timers run only at every other one.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  /** SSIM per image of one direct `AdaAugmenter.augment` call on the input's images, seed 42. */
  const directSsim = (i: Awaited<ReturnType<typeof input>>, config: AdaConfig): number[] => {
    const x = tf.tensor4d(
      Float32Array.from(i.images, (v) => v / 255),
      [4, 16, 16, 3],
    );
    const direct = i.augmenter.augment(
      x,
      i.labels,
      (v) => classifier.apply(v, { training: false }),
      { ...config, lineSearch: true },
      42,
    );
    tf.dispose([x, direct.images]);
    return direct.stats.map((s) => s.ssim);
  };

  it('one call for the whole batch is AdaAugmenter.augment with the message seed', async () => {
    const i = await input(4);
    const out = await augmentImages(i);
    expect(out.ssim).toEqual(directSsim(i, { nu: 0.015, steps: 1, ssimThreshold: 0.3 }));
    expect(chunkSeed(42, 0)).toBe(42);
    expect(chunkSeed(42, 1)).not.toBe(42);
    expect(chunkSeed(2 ** 40 + 5, 0)).toBe(5);
  });

  it('passes offsets, residual and stepRule through to AdaAugmenter.augment', async () => {
    const i = await input(4);
    const config = {
      ...i.config,
      offsets: 'shared' as const,
      residual: true,
      stepRule: 'l2-block' as const,
    };
    const out = await augmentImages({ ...i, config });
    expect(out.ssim).toEqual(directSsim(i, config));
    expect(out.ssim).not.toEqual((await augmentImages(i)).ssim);
    const sign = await augmentImages({ ...i, config: { ...config, stepRule: 'sign' } });
    expect(out.ssim).not.toEqual(sign.ssim);
  });

  it('rejects images it cannot corrupt, naming the field', async () => {
    const i = await input(4);
    await expect(
      augmentImages({ ...i, shape: [4, 8, 8, 3], images: testImages(4, 8) }),
    ).rejects.toMatchObject({
      name: 'UnservableError',
      field: 'images.shape',
    });
    await expect(augmentImages({ ...i, labels: [0, 1, 2, 10] })).rejects.toMatchObject({
      field: 'labels.3',
    });
  });
});
