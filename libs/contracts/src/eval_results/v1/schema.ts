import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, objectKeySchema, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';
import { EVAL_KINDS } from '../../eval_requests/v1/schema.ts';

/**
 * `ada.eval.results.v1`: the answer to an evaluation request, same request id. Key: request id.
 * `metrics` holds the headline numbers (e.g. `mce`, `accuracy`), `table` the result table as
 * laid out in the paper (rows x columns of numbers or null), `tableKey` a stored copy.
 *
 * ```ts
 * { requestId: 'eval-1', at, kind: 'clean', status: 'ok', metrics: { accuracy: 0.91 },
 *   table: { columns: ['accuracy'], rows: [{ label: 'clean', values: [0.91] }] } }
 * ```
 */
const tableSchema = z
  .object({
    columns: z.array(z.string().min(1).max(200)).min(1),
    rows: z.array(
      z.object({ label: z.string().min(1).max(200), values: z.array(z.number().nullable()) }),
    ),
  })
  .superRefine((t, ctx) => {
    t.rows.forEach((row, i) => {
      if (row.values.length !== t.columns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'values'],
          message: `has ${row.values.length} values for ${t.columns.length} columns`,
        });
      }
    });
  });

export const evalResultV1Schema = z.discriminatedUnion('status', [
  z.object({
    requestId: idSchema,
    runId: idSchema.optional(),
    at: timestampSchema,
    kind: z.enum(EVAL_KINDS),
    status: z.literal('ok'),
    metrics: z.record(z.string().min(1).max(100), z.number()),
    table: tableSchema.optional(),
    tableKey: objectKeySchema.optional(),
  }),
  z.object({
    requestId: idSchema,
    runId: idSchema.optional(),
    at: timestampSchema,
    kind: z.enum(EVAL_KINDS),
    status: z.literal('failed'),
    error: z.string().min(1).max(4000),
  }),
]);

export type EvalResultV1 = z.infer<typeof evalResultV1Schema>;

export const evalResultsV1: EventContract<EvalResultV1> = {
  topic: TOPICS.evalResults,
  version: 1,
  schema: evalResultV1Schema,
  keyOf: (r) => r.requestId,
  idOf: (r) => r.requestId,
};
