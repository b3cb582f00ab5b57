import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { checkpointRefSchema, idSchema, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';

/**
 * `ada.eval.requests.v1` (-> metrics-service, attack-service): evaluate a classifier checkpoint.
 * Key: request id. Kinds: `corruption-benchmark` (CIFAR-10-C mCE), `clean`, `cifar10.1`,
 * `lp-robustness` (attack ensemble), `ssim` (SSIM statistics of the corruptions).
 *
 * ```ts
 * { requestId: 'eval-1', runId: 'r1', at, kind: 'lp-robustness',
 *   checkpoint: { key: 'runs/r1/ckpt/final/manifest.json', step: 1000 },
 *   params: { norm: 'linf', epsilon: 0.0314, examples: 1000 } }
 * ```
 */
export const EVAL_KINDS = [
  'corruption-benchmark',
  'clean',
  'cifar10.1',
  'lp-robustness',
  'ssim',
] as const;
export type EvalKindV1 = (typeof EVAL_KINDS)[number];

export const evalRequestV1Schema = z.object({
  requestId: idSchema,
  runId: idSchema.optional(),
  at: timestampSchema,
  kind: z.enum(EVAL_KINDS),
  checkpoint: checkpointRefSchema,
  /** Kind-specific parameters (dataset key, severities, attack settings, example count, seed). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Topic to answer on (defaults to `ada.eval.results.v1`). */
  replyTo: z.string().min(1).max(249).optional(),
});

export type EvalRequestV1 = z.infer<typeof evalRequestV1Schema>;

export const evalRequestsV1: EventContract<EvalRequestV1> = {
  topic: TOPICS.evalRequests,
  version: 1,
  schema: evalRequestV1Schema,
  keyOf: (r) => r.requestId,
  idOf: (r) => r.requestId,
};
