/**
 * Topic names, versioned in the name. Keys: run id for run lifecycle, run commands and batch topics (one run
 * stays ordered on one partition), request id for evaluation and augmentation topics.
 *
 * ```ts
 * await bus.publish(TOPICS.batchesClean, [{ key: runId, value: bytes }]);
 * ```
 */
export const TOPICS = {
  runs: 'ada.runs.v1',
  batchesClean: 'ada.batches.clean.v1',
  batchesCorrupted: 'ada.batches.corrupted.v1',
  evalRequests: 'ada.eval.requests.v1',
  evalResults: 'ada.eval.results.v1',
  dlq: 'ada.dlq.v1',
  augmentRequests: 'ada.augment.requests.v1',
  augmentResults: 'ada.augment.results.v1',
  runCommands: 'ada.run.commands.v1',
} as const;

/** One of the platform's topic names. */
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Every topic name, in a fixed order. */
export const TOPIC_NAMES: readonly TopicName[] = Object.values(TOPICS);

/** Message header carrying the producer-assigned unique message id (idempotency). */
export const HEADER_MESSAGE_ID = 'ada-message-id';
/** Message header carrying the schema version of the value. */
export const HEADER_SCHEMA_VERSION = 'ada-schema-version';
