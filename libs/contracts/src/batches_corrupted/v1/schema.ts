import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, perExample, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';
import { wireImagesSchema } from '../../wire/tensor.ts';

/**
 * `ada.batches.corrupted.v1` (corruption-service -> trainer): the AdA-corrupted version of a
 * clean batch, same batch id and order. Key: run id. Per-example arrays have N entries: `ssim`
 * in [-1, 1] against the clean image, `lineSearchSteps` (0 when the SSIM guard did not fire).
 * `staleness` = clean batch step - step of the checkpoint the worker used.
 *
 * ```ts
 * { batchId: 'r1:17', runId: 'r1', step: 17, at, workerId: 'corruption-0',
 *   checkpointStep: 16, staleness: 1, images: { ... [2, 32, 32, 3] ... },
 *   ssim: [0.98, 0.97], lineSearchSteps: [0, 0], lossBefore: 0.41, lossAfter: 1.73 }
 * ```
 */
export const corruptedBatchV1Schema = z
  .object({
    batchId: idSchema,
    runId: idSchema,
    step: z.int().min(0),
    at: timestampSchema,
    workerId: idSchema,
    checkpointStep: z.int().min(0),
    staleness: z.int().min(0),
    images: wireImagesSchema,
    ssim: z.array(z.number().min(-1).max(1)),
    lineSearchSteps: z.array(z.int().min(0)),
    lossBefore: z.number(),
    lossAfter: z.number(),
  })
  .superRefine((b, ctx) => {
    perExample(b.images, b.ssim, 'ssim', ctx);
    perExample(b.images, b.lineSearchSteps, 'lineSearchSteps', ctx);
  });

export type CorruptedBatchV1 = z.infer<typeof corruptedBatchV1Schema>;

export const batchesCorruptedV1: EventContract<CorruptedBatchV1> = {
  topic: TOPICS.batchesCorrupted,
  version: 1,
  schema: corruptedBatchV1Schema,
  keyOf: (b) => b.runId,
  idOf: (b) => b.batchId,
};
