import * as tf from '@tensorflow/tfjs-core';
import type { EvalRequestV1 } from '@ada/contracts';
import { makeDemoDataset, writeShards } from '@ada/data';
import { createClassifier, saveClassifier } from '@ada/models';
import type { ArtifactStore } from '@ada/store';
import { imagesFromUint8 } from '@ada/tensor';

/**
 * Saves a fresh `resnet18-w0.125` (seeded) under `key` in the store and, under `datasetPrefix`,
 * a shard set of `n` demo test images labelled with that classifier's own predictions (clean
 * accuracy 1 by construction). Returns the manifest key.
 */
export async function saveTestCheckpointAndData(
  store: ArtifactStore,
  key: string,
  datasetPrefix: string,
  n: number,
): Promise<string> {
  const net = createClassifier('resnet18-w0.125', { seed: 4 });
  try {
    const sink = { put: async (k: string, b: Uint8Array) => void (await store.put(k, b)) };
    await saveClassifier(sink, key, net, { step: 7 });
    const ds = makeDemoDataset({ split: 'test', size: n, seed: 3 });
    const preds = tf.tidy(() =>
      tf
        .argMax(net.apply(imagesFromUint8(ds.images, n, 32, 32), { training: false }), 1)
        .dataSync(),
    );
    await writeShards({ ...ds, labels: Uint8Array.from(preds) }, sink, { prefix: datasetPrefix });
  } finally {
    net.dispose();
  }
  return `${key}/manifest.json`;
}

/** An `lp-robustness` request with small attack budgets. */
export function lpRequest(
  requestId: string,
  checkpointKey: string,
  params: EvalRequestV1['params'],
  extra: Partial<EvalRequestV1> = {},
): EvalRequestV1 {
  return {
    requestId,
    at: new Date().toISOString(),
    kind: 'lp-robustness',
    checkpoint: { key: checkpointKey, step: 7 },
    params: { iterations: 4, targetClasses: 2, queries: 10, ...params },
    ...extra,
  };
}
