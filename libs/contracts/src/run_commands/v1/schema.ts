import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';

/**
 * `ada.run.commands.v1`: commands to the service that holds a run (the trainer), as the gateway
 * sends them. Key: run id. Starting a run stays the `created` event of `ada.runs.v1` (what the
 * trainer already consumes); this topic carries what changes a run afterwards:
 *
 * - `cancel`: stop the run after its current step; the holder publishes `cancelled` on
 *   `ada.runs.v1` and records the run CANCELLED with `reason`. A run that has already finished
 *   is left alone (commands are idempotent by `commandId`).
 *
 * ```ts
 * { commandId: 'r1:cancel:8f3a', runId: 'r1', at, type: 'cancel', reason: 'wrong preset',
 *   requestedBy: 'alice' }
 * ```
 */
export const runCommandV1Schema = z.discriminatedUnion('type', [
  z.object({
    commandId: idSchema,
    runId: idSchema,
    at: timestampSchema,
    type: z.literal('cancel'),
    reason: z.string().max(4000).optional(),
    /** The principal that asked (a subject of the gateway's credentials). */
    requestedBy: z.string().min(1).max(200),
  }),
]);

export type RunCommandV1 = z.infer<typeof runCommandV1Schema>;
export type RunCommandTypeV1 = RunCommandV1['type'];

export const runCommandsV1: EventContract<RunCommandV1> = {
  topic: TOPICS.runCommands,
  version: 1,
  schema: runCommandV1Schema,
  keyOf: (c) => c.runId,
  idOf: (c) => c.commandId,
};
