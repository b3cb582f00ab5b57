import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import {
  adaConfigSchema,
  idSchema,
  labelsSchema,
  perExample,
  timestampSchema,
} from '../../common.ts';
import { TOPICS } from '../../names.ts';
import { wireImagesSchema } from '../../wire/tensor.ts';

/**
 * `ada.augment.requests.v1`: the public request of batch augmentation as a service. Any producer
 * sends its own images and gets AdA-corrupted versions back on `ada.augment.results.v1` (or on
 * `replyTo`) under the same `requestId`. Key: request id. Images are uint8 NHWC [N, H, W, C]
 * (inline up to 256 KiB, otherwise a claim check in the shared object store), `labels` has N
 * entries, `classifier` names a published classifier (a checkpoint manifest key). `config`
 * overrides the service's AdA defaults (paper: EDSR, nu 0.015, 10 steps, SSIM guard 0.3).
 *
 * ```ts
 * { requestId: 'acme-000123', at, replyTo: 'acme.augmented',
 *   classifier: 'models/resnet18-cifar10/manifest.json',
 *   images: { encoding: 'inline', dtype: 'uint8', shape: [4, 32, 32, 3], data: '...' },
 *   labels: [0, 1, 2, 3], seed: 7 }
 * ```
 */
export const augmentRequestV1Schema = z
  .object({
    requestId: idSchema,
    at: timestampSchema,
    replyTo: z
      .string()
      .min(1)
      .max(249)
      .regex(/^[A-Za-z0-9._-]+$/, 'must be a Kafka topic name')
      .optional(),
    classifier: z.string().min(1).max(1024),
    images: wireImagesSchema,
    labels: labelsSchema,
    seed: z.int().min(0).optional(),
    config: adaConfigSchema.partial().optional(),
  })
  .superRefine((r, ctx) => perExample(r.images, r.labels, 'labels', ctx));

export type AugmentRequestV1 = z.infer<typeof augmentRequestV1Schema>;

export const augmentRequestsV1: EventContract<AugmentRequestV1> = {
  topic: TOPICS.augmentRequests,
  version: 1,
  schema: augmentRequestV1Schema,
  keyOf: (r) => r.requestId,
  idOf: (r) => r.requestId,
};
