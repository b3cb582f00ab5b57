import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import {
  adaConfigSchema,
  checkpointRefSchema,
  idSchema,
  labelsSchema,
  perExample,
  timestampSchema,
} from '../../common.ts';
import { TOPICS } from '../../names.ts';
import { wireImagesSchema } from '../../wire/tensor.ts';

/**
 * `ada.batches.clean.v1` (trainer -> corruption-service): a clean batch to corrupt with AdA
 * against a classifier checkpoint. Key: run id (one run stays ordered). `images` is uint8 NHWC
 * [N, H, W, C], inline or claim-checked; `labels` has N entries.
 *
 * ```ts
 * { batchId: 'r1:17', runId: 'r1', step: 17, at, seed: 17,
 *   checkpoint: { key: 'runs/r1/ckpt/16/manifest.json', step: 16 },
 *   config: { network: 'edsr', nu: 0.015, steps: 10, ssimThreshold: 0.3 },
 *   images: { encoding: 'inline', dtype: 'uint8', shape: [2, 32, 32, 3], data: '...' },
 *   labels: [3, 7] }
 * ```
 */
export const cleanBatchV1Schema = z
  .object({
    batchId: idSchema,
    runId: idSchema,
    step: z.int().min(0),
    at: timestampSchema,
    seed: z.int().min(0),
    checkpoint: checkpointRefSchema,
    config: adaConfigSchema,
    images: wireImagesSchema,
    labels: labelsSchema,
  })
  .superRefine((b, ctx) => perExample(b.images, b.labels, 'labels', ctx));

export type CleanBatchV1 = z.infer<typeof cleanBatchV1Schema>;

export const batchesCleanV1: EventContract<CleanBatchV1> = {
  topic: TOPICS.batchesClean,
  version: 1,
  schema: cleanBatchV1Schema,
  keyOf: (b) => b.runId,
  idOf: (b) => b.batchId,
};
