import { describe, expect, it } from 'vitest';
import { BusError, PermanentHandlerError, RetriableHandlerError } from '@ada/bus';
import {
  ContractValidationError,
  MalformedPayloadError,
  PayloadTooLargeError,
} from '@ada/contracts';
import { AdaError, isRetriable, publicCode } from '@ada/errors';
import { EvalRequestError } from '@ada/eval-requests';
import { RecordNotFoundError } from '@ada/records';
import { ConfigError } from '@ada/service-kit';
import { InvalidKeyError, ObjectNotFoundError, StoreChecksumError } from '@ada/store';
// The services' error classes (the type:testing tag allows type:service).
import { ConfigError as CorruptionConfigError } from '@ada/corruption-service';
import {
  ConfigError as TrainerConfigError,
  MissingBatchError,
  RunConfigError,
} from '@ada/trainer-service';

/**
 * One error model: every error that contracts, bus, store, records and services raise on purpose
 * is an `AdaError` with a public code and `retriable` (what the gateway maps to GraphQL codes and
 * consumers use to retry or dead-letter), told apart by `instanceof`.
 */
const cause = new Error('lower level');
const cases: Array<[AdaError, string, boolean]> = [
  [new ContractValidationError('bad', ['a: b']), 'INVALID_MESSAGE', false],
  [new MalformedPayloadError('not json'), 'MALFORMED_PAYLOAD', false],
  [new PayloadTooLargeError(10, 5), 'PAYLOAD_TOO_LARGE', false],
  [new BusError('broker down', { retriable: true, cause }), 'BUS_ERROR', true],
  [new PermanentHandlerError('no'), 'HANDLER_FAILED', false],
  [new RetriableHandlerError('later'), 'HANDLER_RETRY', true],
  [ConfigError.invalid('KAFKA_BROKERS', 'a host:port list', undefined), 'INVALID_CONFIG', false],
  [new ObjectNotFoundError('k'), 'NOT_FOUND', false],
  [new StoreChecksumError('k', 'size'), 'CHECKSUM_MISMATCH', false],
  [new InvalidKeyError('../x', 'dots'), 'INVALID_KEY', false],
  [new RecordNotFoundError("run 'r1'"), 'RECORD_NOT_FOUND', false],
  [ConfigError.invalid('ADA_CORRUPTION_PORT', 'a port', 'x'), 'INVALID_CONFIG', false],
  [new EvalRequestError('bad params', 'params.x'), 'INVALID_REQUEST', false],
  [new RunConfigError('bad', 'config.setup'), 'INVALID_CONFIG', false],
  [new MissingBatchError('step 3 missing'), 'BATCH_MISSING', true],
];

describe('one error model across packages', () => {
  it.each(cases)(
    '%s: an AdaError with its public code and retriable flag',
    (error, code, retriable) => {
      expect(error).toBeInstanceOf(AdaError);
      expect(error).toBeInstanceOf(Error);
      expect(publicCode(error)).toBe(code);
      expect(error.retriable).toBe(retriable);
      expect(isRetriable(error)).toBe(retriable);
      expect(error.name).toBe(error.constructor.name);
    },
  );
  it('every service reports a bad environment with the service kit’s one ConfigError', () => {
    expect(CorruptionConfigError).toBe(ConfigError);
    expect(TrainerConfigError).toBe(ConfigError);
  });
  it('keeps the cause', () => {
    expect(new BusError('x', { cause }).cause).toBe(cause);
  });
});
