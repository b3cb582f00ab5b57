import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, objectKeySchema, sha256Schema, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';

/**
 * `ada.runs.v1`: the lifecycle of a training run. Key: run id. One event per transition:
 * created -> started -> progress* / checkpoint* -> completed | failed | cancelled.
 *
 * ```ts
 * { eventId: 'r1:progress:100', runId: 'r1', at: '2026-01-01T00:00:00.000Z',
 *   type: 'progress', step: 100, totalSteps: 1000, metrics: { loss: 1.2 } }
 * ```
 */
const base = { eventId: idSchema, runId: idSchema, at: timestampSchema };
const metricsSchema = z.record(z.string().min(1).max(100), z.number());

export const runEventV1Schema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('created'),
    /**
     * The run's configuration as the trainer-service reads it (`run_config.ts` there: preset,
     * setup and overrides of `data`, `model`, `train`, `ada`, `eval` such as `eval.historyEvery`,
     * `remote`). Every field of it is optional, so events of older producers stay valid.
     */
    config: z.record(z.string(), z.unknown()),
    seed: z.int().min(0),
    /** The experiment the run belongs to (optional: older producers leave it out). */
    experimentId: idSchema.optional(),
    /** Who asked for the run (a gateway principal, `ada run`), when known. */
    requestedBy: z.string().min(1).max(200).optional(),
  }),
  z.object({ ...base, type: z.literal('started') }),
  z.object({
    ...base,
    type: z.literal('progress'),
    step: z.int().min(0),
    totalSteps: z.int().min(1),
    metrics: metricsSchema,
  }),
  z.object({
    ...base,
    type: z.literal('checkpoint'),
    step: z.int().min(0),
    key: objectKeySchema,
    sha256: sha256Schema,
  }),
  z.object({
    ...base,
    type: z.literal('completed'),
    metrics: metricsSchema,
    resultKey: objectKeySchema.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('failed'),
    reason: z.string().min(1).max(4000),
    retriable: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('cancelled'), reason: z.string().max(4000).optional() }),
]);

export type RunEventV1 = z.infer<typeof runEventV1Schema>;
export type RunEventTypeV1 = RunEventV1['type'];

export const runsV1: EventContract<RunEventV1> = {
  topic: TOPICS.runs,
  version: 1,
  schema: runEventV1Schema,
  keyOf: (e) => e.runId,
  idOf: (e) => e.eventId,
};
