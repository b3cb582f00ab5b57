/**
 * @ada/eval-requests: what every evaluation service (metrics, attack) does with an
 * `ada.eval.requests.v1` message around its own evaluation: stored-reply replay, test-set
 * resolution, checkpoint loading with its sha256 check, one error for a request that cannot be
 * served.
 *
 * ```ts
 * import { createEvalRequestHandler, loadRequestedTestSet, loadRequestedClassifier } from '@ada/eval-requests';
 * ```
 */
export { EvalRequestError } from './errors.ts';
export { evalPrefix, jsonBytes, ReplyArchive } from './reply_archive.ts';
export { readCheckpointFiles, loadRequestedClassifier } from './checkpoint.ts';
export type { CheckpointFiles } from './checkpoint.ts';
export { loadRequestedTestSet } from './test_set.ts';
export type { TestSetContext, TestSetParams } from './test_set.ts';
export { createEvalRequestHandler } from './handler.ts';
export type {
  EvalAnswer,
  EvalRequestHandler,
  EvalRequestHandlerOptions,
  EvalRequestStats,
  EvalTable,
} from './handler.ts';
export { createEvalService } from './eval_service.ts';
export type { EvalService, EvalServiceOptions, EvalServiceSpec } from './eval_service.ts';
