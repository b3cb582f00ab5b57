import {
  inlineTensor,
  type AdaConfigV1,
  type AugmentRequestV1,
  type CleanBatchV1,
} from '@ada/contracts';
import { createClassifier, saveClassifier, type ClassifierPreset } from '@ada/models';
import type { ArtifactStore } from '@ada/store';

/**
 * Test helpers of the corruption service: a fresh-weights classifier checkpoint written to a
 * store, clean batches and augment requests with deterministic images (`@ada/bus/testing` has
 * the topic collector and the condition wait).
 *
 * ```ts
 * await saveTestClassifier(store, 'runs/r1/ckpt/0', { step: 0 });
 * const batch = cleanBatch({ batchId: 'r1:1', checkpoint: { key: 'runs/r1/ckpt/0/manifest.json', step: 0 } });
 * ```
 */
export const AT = '2026-01-02T03:04:05.000Z';
export const TINY_ADA: AdaConfigV1 = {
  network: 'rdn-slim-x2',
  nu: 0.015,
  steps: 2,
  ssimThreshold: 0.3,
};

/** Saves a classifier with fresh weights (seeded) under `key`; returns its manifest key. */
export async function saveTestClassifier(
  store: ArtifactStore,
  key: string,
  options: { step: number; seed?: number; preset?: ClassifierPreset },
): Promise<string> {
  const classifier = createClassifier(options.preset ?? 'resnet18-w0.125', {
    seed: options.seed ?? 1,
  });
  try {
    await saveClassifier(
      { put: async (k, bytes) => void (await store.put(k, bytes)) },
      key,
      classifier,
      {
        step: options.step,
      },
    );
  } finally {
    classifier.dispose();
  }
  return `${key}/manifest.json`;
}

/** Smooth deterministic test images (gradients plus a pattern), uint8 NHWC. */
export function testImages(n: number, size: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n * size * size * 3);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          const v =
            128 +
            80 * Math.sin((x + 3 * b + seed) / (2 + c)) +
            40 * Math.cos((y * (c + 1) + b * 7 + seed) / 5);
          out[((b * size + y) * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return out;
}

export function cleanBatch(
  options: Partial<CleanBatchV1> & {
    checkpoint: CleanBatchV1['checkpoint'];
    n?: number;
    size?: number;
  },
): CleanBatchV1 {
  const { n = 4, size = 16, ...rest } = options;
  return {
    batchId: 'r1:1',
    runId: 'r1',
    step: options.checkpoint.step + 1,
    at: AT,
    seed: 7,
    config: TINY_ADA,
    images: inlineTensor('uint8', [n, size, size, 3], testImages(n, size)),
    labels: Array.from({ length: n }, (_, i) => i % 10),
    ...rest,
  };
}

export function augmentRequest(
  options: Partial<AugmentRequestV1> & { classifier: string; n?: number; size?: number },
): AugmentRequestV1 {
  const { n = 4, size = 16, ...rest } = options;
  return {
    requestId: 'req-1',
    at: AT,
    images: inlineTensor('uint8', [n, size, size, 3], testImages(n, size, 3)),
    labels: Array.from({ length: n }, (_, i) => (i * 3) % 10),
    seed: 11,
    config: { network: 'rdn-slim-x2', steps: 2 },
    ...rest,
  };
}
