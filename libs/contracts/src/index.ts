/**
 * @ada/contracts: versioned event schemas (one folder per topic and version), the wire format
 * of tensors, claim-check helpers and the errors of encoding and decoding.
 *
 * ```ts
 * import { CONTRACTS, encodeEvent, decodeEvent } from '@ada/contracts';
 * const contract = CONTRACTS['ada.batches.clean.v1'];
 * const batch = decodeEvent(contract, bytes, { key });
 * ```
 */
import type { EventContract } from './contract.ts';
import type { TopicName } from './names.ts';
import { runsV1, type RunEventV1 } from './runs/v1/schema.ts';
import { batchesCleanV1, type CleanBatchV1 } from './batches_clean/v1/schema.ts';
import { batchesCorruptedV1, type CorruptedBatchV1 } from './batches_corrupted/v1/schema.ts';
import { evalRequestsV1, type EvalRequestV1 } from './eval_requests/v1/schema.ts';
import { evalResultsV1, type EvalResultV1 } from './eval_results/v1/schema.ts';
import { dlqV1, type DlqEntryV1 } from './dlq/v1/schema.ts';
import { augmentRequestsV1, type AugmentRequestV1 } from './augment_requests/v1/schema.ts';
import { augmentResultsV1, type AugmentResultV1 } from './augment_results/v1/schema.ts';
import { runCommandsV1, type RunCommandV1 } from './run_commands/v1/schema.ts';

/** Value type of each topic. */
export interface TopicEvents {
  'ada.runs.v1': RunEventV1;
  'ada.batches.clean.v1': CleanBatchV1;
  'ada.batches.corrupted.v1': CorruptedBatchV1;
  'ada.eval.requests.v1': EvalRequestV1;
  'ada.eval.results.v1': EvalResultV1;
  'ada.dlq.v1': DlqEntryV1;
  'ada.augment.requests.v1': AugmentRequestV1;
  'ada.augment.results.v1': AugmentResultV1;
  'ada.run.commands.v1': RunCommandV1;
}

/** The version map: topic name -> contract (the current version of each event). */
export const CONTRACTS: { readonly [T in TopicName]: EventContract<TopicEvents[T]> } = {
  'ada.runs.v1': runsV1,
  'ada.batches.clean.v1': batchesCleanV1,
  'ada.batches.corrupted.v1': batchesCorruptedV1,
  'ada.eval.requests.v1': evalRequestsV1,
  'ada.eval.results.v1': evalResultsV1,
  'ada.dlq.v1': dlqV1,
  'ada.augment.requests.v1': augmentRequestsV1,
  'ada.augment.results.v1': augmentResultsV1,
  'ada.run.commands.v1': runCommandsV1,
};

export { TOPICS, TOPIC_NAMES, HEADER_MESSAGE_ID, HEADER_SCHEMA_VERSION } from './names.ts';
export type { TopicName } from './names.ts';
export {
  ContractError,
  ContractValidationError,
  MalformedPayloadError,
  PayloadTooLargeError,
  ChecksumMismatchError,
  isRetriable,
} from './errors.ts';
export type { ContractErrorOptions } from './errors.ts';
export { encodeEvent, decodeEvent, DEFAULT_MAX_MESSAGE_BYTES } from './contract.ts';
export type { EventContract, EventOf, CodecOptions } from './contract.ts';
export {
  wireTensorSchema,
  wireImagesSchema,
  inlineTensor,
  inlineTensorBytes,
  tensorByteLength,
  quantizeImages,
  dequantizeImages,
  WIRE_DTYPES,
  BYTES_PER_ELEMENT,
} from './wire/tensor.ts';
export type {
  WireTensor,
  WireDtype,
  InlineWireTensor,
  ClaimCheckWireTensor,
} from './wire/tensor.ts';
export {
  toWireTensor,
  fromWireTensor,
  sha256Hex,
  DEFAULT_INLINE_LIMIT,
} from './wire/claim_check.ts';
export type { ByteStore, ToWireOptions, FromWireOptions } from './wire/claim_check.ts';
export {
  adaConfigSchema,
  checkpointRefSchema,
  idSchema,
  objectKeySchema,
  sha256Schema,
  timestampSchema,
} from './common.ts';
export type { AdaConfigV1, CheckpointRefV1 } from './common.ts';
export { runsV1, runEventV1Schema } from './runs/v1/schema.ts';
export type { RunEventV1, RunEventTypeV1 } from './runs/v1/schema.ts';
export { batchesCleanV1, cleanBatchV1Schema } from './batches_clean/v1/schema.ts';
export type { CleanBatchV1 } from './batches_clean/v1/schema.ts';
export { batchesCorruptedV1, corruptedBatchV1Schema } from './batches_corrupted/v1/schema.ts';
export type { CorruptedBatchV1 } from './batches_corrupted/v1/schema.ts';
export { evalRequestsV1, evalRequestV1Schema, EVAL_KINDS } from './eval_requests/v1/schema.ts';
export type { EvalRequestV1, EvalKindV1 } from './eval_requests/v1/schema.ts';
export { evalResultsV1, evalResultV1Schema } from './eval_results/v1/schema.ts';
export type { EvalResultV1 } from './eval_results/v1/schema.ts';
export { dlqV1, dlqEntryV1Schema, DLQ_PAYLOAD_LIMIT, DLQ_REASONS } from './dlq/v1/schema.ts';
export type { DlqEntryV1, DlqReasonV1 } from './dlq/v1/schema.ts';
export { augmentRequestsV1, augmentRequestV1Schema } from './augment_requests/v1/schema.ts';
export type { AugmentRequestV1 } from './augment_requests/v1/schema.ts';
export { augmentResultsV1, augmentResultV1Schema } from './augment_results/v1/schema.ts';
export type { AugmentResultV1 } from './augment_results/v1/schema.ts';
export { runCommandsV1, runCommandV1Schema } from './run_commands/v1/schema.ts';
export type { RunCommandV1, RunCommandTypeV1 } from './run_commands/v1/schema.ts';
