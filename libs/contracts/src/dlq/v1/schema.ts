import { z } from 'zod';
import type { EventContract } from '../../contract.ts';
import { idSchema, timestampSchema } from '../../common.ts';
import { TOPICS } from '../../names.ts';

/**
 * `ada.dlq.v1`: a message that failed validation or processing, with the reason. Key: the
 * original key (or `-` when it had none). `payload` is the original value as base64, cut to
 * `DLQ_PAYLOAD_LIMIT` bytes (`payloadBytes` gives the original size).
 *
 * ```ts
 * { messageId: 'dlq-...', at, source: { topic: 'ada.batches.clean.v1', partition: 0,
 *   offset: '42', key: 'r1', groupId: 'corruption-service' },
 *   reason: 'invalid', error: { name: 'ContractValidationError', message: '...',
 *   retriable: false, field: 'images.data' }, attempts: 1, payload: 'eyJ...', payloadBytes: 17,
 *   truncated: false, headers: {} }
 * ```
 */
export const DLQ_PAYLOAD_LIMIT = 64 * 1024;

/** Why a message was dead-lettered: failed decoding/validation, or failed its handler too often. */
export const DLQ_REASONS = ['invalid', 'failed', 'retries-exhausted'] as const;
export type DlqReasonV1 = (typeof DLQ_REASONS)[number];

export const dlqEntryV1Schema = z.object({
  messageId: idSchema,
  at: timestampSchema,
  source: z.object({
    topic: z.string().min(1).max(249),
    partition: z.int().min(0),
    offset: z.string().regex(/^\d+$/),
    key: z.string().nullable(),
    groupId: z.string().min(1).max(249),
  }),
  reason: z.enum(DLQ_REASONS),
  error: z.object({
    name: z.string().min(1).max(200),
    message: z.string().max(8000),
    retriable: z.boolean(),
    field: z.string().max(1000).optional(),
  }),
  attempts: z.int().min(1),
  payload: z.base64(),
  payloadBytes: z.int().min(0),
  truncated: z.boolean(),
  headers: z.record(z.string(), z.string()),
});

export type DlqEntryV1 = z.infer<typeof dlqEntryV1Schema>;

export const dlqV1: EventContract<DlqEntryV1> = {
  topic: TOPICS.dlq,
  version: 1,
  schema: dlqEntryV1Schema,
  keyOf: (e) => e.source.key ?? '-',
  idOf: (e) => e.messageId,
};
