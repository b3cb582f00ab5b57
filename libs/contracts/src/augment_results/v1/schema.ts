import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, perExample, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';
import { wireImagesSchema } from '../../wire/tensor.ts';

/**
 * `ada.augment.results.v1`: the public response of batch augmentation as a service, same
 * `requestId`, images in the request's order. Key: request id. `status: 'failed'` carries the
 * reason and whether resending may help (`retriable`).
 *
 * ```ts
 * { requestId: 'acme-000123', at, status: 'ok', images: { ... [4, 32, 32, 3] ... },
 *   ssim: [0.99, 0.98, 0.97, 0.99], lineSearchSteps: [0, 0, 1, 0], checkpointStep: 1000 }
 * ```
 */
export const augmentResultV1Schema = z.discriminatedUnion('status', [
  z
    .object({
      requestId: idSchema,
      at: timestampSchema,
      status: z.literal('ok'),
      images: wireImagesSchema,
      ssim: z.array(z.number().min(-1).max(1)),
      lineSearchSteps: z.array(z.int().min(0)),
      checkpointStep: z.int().min(0),
    })
    .superRefine((r, ctx) => {
      perExample(r.images, r.ssim, 'ssim', ctx);
      perExample(r.images, r.lineSearchSteps, 'lineSearchSteps', ctx);
    }),
  z.object({
    requestId: idSchema,
    at: timestampSchema,
    status: z.literal('failed'),
    error: z.string().min(1).max(4000),
    retriable: z.boolean(),
  }),
]);

export type AugmentResultV1 = z.infer<typeof augmentResultV1Schema>;

export const augmentResultsV1: EventContract<AugmentResultV1> = {
  topic: TOPICS.augmentResults,
  version: 1,
  schema: augmentResultV1Schema,
  keyOf: (r) => r.requestId,
  idOf: (r) => r.requestId,
};
