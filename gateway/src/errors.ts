import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ErrorCode, FieldErrorCode } from './generated/resolvers.ts';

/**
 * The gateway's errors. Every error a client sees carries `extensions.code`, one of the public
 * `ErrorCode` enum of the schema; the classes below set it and the HTTP status. Anything else
 * thrown while serving (a bug, a store outage not mapped here) is normalised by `formatError`
 * to `INTERNAL_SERVER_ERROR` with a fixed message and an `errorId` that the server log carries
 * beside the real cause; stack traces never reach the response.
 *
 * ```ts
 * throw new UserInputError([{ field: 'input.seeds.0', code: 'OUT_OF_RANGE', message: '...' }]);
 * // -> { message: "invalid input: 'input.seeds.0' ...", extensions: { code: 'BAD_USER_INPUT',
 * //      fieldErrors: [{ field: 'input.seeds.0', code: 'OUT_OF_RANGE', message: '...' }] } }
 * ```
 */

/** Every public error code, in the schema's order (a test checks it against the SDL). */
export const ERROR_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
];

/** Every field error code, in the schema's order. */
export const FIELD_ERROR_CODES: readonly FieldErrorCode[] = [
  'REQUIRED',
  'INVALID_FORMAT',
  'OUT_OF_RANGE',
  'TOO_LONG',
  'TOO_MANY',
  'UNKNOWN_VALUE',
  'DUPLICATE',
  'NOT_FOUND',
];

/** One refused input field. */
export interface FieldErrorInfo {
  /** Dotted path in the arguments, e.g. `input.seeds.2`. */
  field: string;
  code: FieldErrorCode;
  message: string;
}

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COSTLY: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** The HTTP status that goes with a code. */
export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Base class of the gateway's public errors: a message safe to show, a code, an HTTP status. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  /**
   * `requestLevel`: the error refuses the whole request (credentials, role, limits), so the
   * HTTP status says so (401, 403, 400); errors of one field keep 200 with partial data, as
   * GraphQL over HTTP wants (Apollo Server applies `extensions.http` wherever it is set).
   */
  constructor(
    code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options: { requestLevel?: boolean } = {},
  ) {
    super(message, {
      extensions: {
        ...extensions,
        code,
        ...(options.requestLevel ? { http: { status: httpStatusOf(code) } } : {}),
      },
    });
    this.name = 'GatewayError';
    this.code = code;
  }
}

export class AuthenticationError extends GatewayError {
  constructor(message = 'authentication required: send Authorization: Bearer <api key or JWT>') {
    super('UNAUTHENTICATED', message, {}, { requestLevel: true });
    this.name = 'AuthenticationError';
  }
}

export class ForbiddenError extends GatewayError {
  constructor(message: string) {
    super('FORBIDDEN', message, {}, { requestLevel: true });
    this.name = 'ForbiddenError';
  }
}

export class UserInputError extends GatewayError {
  readonly fieldErrors: readonly FieldErrorInfo[];

  constructor(fieldErrors: readonly FieldErrorInfo[]) {
    if (fieldErrors.length === 0) {
      throw new TypeError("Argument 'fieldErrors' passed to 'UserInputError' must not be empty");
    }
    const first = fieldErrors[0]!;
    const more = fieldErrors.length > 1 ? ` (and ${fieldErrors.length - 1} more)` : '';
    super('BAD_USER_INPUT', `invalid input: '${first.field}' ${first.message}${more}`, {
      fieldErrors: fieldErrors.map((e) => ({ ...e })),
    });
    this.name = 'UserInputError';
    this.fieldErrors = fieldErrors;
  }
}

export class NotFoundError extends GatewayError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends GatewayError {
  constructor(message: string) {
    super('CONFLICT', message);
    this.name = 'ConflictError';
  }
}

export class UnavailableError extends GatewayError {
  constructor(message: string) {
    super('UNAVAILABLE', message, { retriable: true });
    this.name = 'UnavailableError';
  }
}

export class QueryLimitError extends GatewayError {
  constructor(code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY', message: string, limit: number) {
    super(code, message, { limit }, { requestLevel: true });
    this.name = 'QueryLimitError';
  }
}

/** Where internal errors are reported (the server log), with the id the client sees. */
export type InternalErrorSink = (errorId: string, error: unknown) => void;

/** Codes Apollo Server and graphql-js produce themselves that are already public. */
const PASSTHROUGH = new Set<string>(ERROR_CODES);
/** Apollo's own codes mapped to ours. */
const APOLLO_CODES: Readonly<Record<string, ErrorCode>> = {
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_SUPPORTED: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND: 'GRAPHQL_VALIDATION_FAILED',
  INTROSPECTION_DISABLED: 'GRAPHQL_VALIDATION_FAILED',
};

let errorCounter = 0;

/**
 * Apollo's `formatError` hook (also used for graphql-ws): public errors pass with their code and
 * the extensions the gateway set; an error of another module that says what it is (a `code` from
 * the shared error model) is mapped by `mapDomainError`; everything else becomes
 * `INTERNAL_SERVER_ERROR` with an `errorId`, its cause going to `sink` only. `stacktrace` and
 * `exception` extensions are always dropped.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  sink: InternalErrorSink,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (original instanceof GatewayError) {
    const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
    return { ...base, message: original.message, extensions };
  }
  const mapped = mapDomainError(original);
  if (mapped !== undefined) {
    const { http: _http, ...extensions } = mapped.extensions as Record<string, unknown>;
    return { ...base, message: mapped.message, extensions };
  }
  // graphql-js's own errors (parse, validation, variable coercion) are safe to show.
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && original === error && error instanceof GraphQLError) {
    const publicCode = PASSTHROUGH.has(code) ? (code as ErrorCode) : APOLLO_CODES[code];
    if (publicCode !== undefined) return { ...base, extensions: { code: publicCode } };
  }
  errorCounter += 1;
  const errorId = `${Date.now().toString(36)}-${errorCounter.toString(36)}`;
  sink(errorId, original);
  return {
    ...base,
    message: 'internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}

/**
 * Maps an error of the shared error model (a `code` string and a `retriable` flag, as
 * `@ada/records`, `@ada/bus`, `@ada/store` and `@ada/contracts` raise them) to a public error.
 * Unknown shapes return undefined (they become internal errors).
 */
export function mapDomainError(error: unknown): GatewayError | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; retriable?: unknown; message?: unknown; name?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  switch (e.code) {
    case 'RECORD_NOT_FOUND':
      return new GatewayError('NOT_FOUND', message);
    case 'RECORD_CONFLICT':
    case 'RECORD_IMMUTABLE':
      return new GatewayError('CONFLICT', message);
    case 'INVALID_ARGUMENT':
      return new GatewayError('BAD_USER_INPUT', message);
    default:
      break;
  }
  // A dependency that says retrying may help (bus, store outage) is UNAVAILABLE; its message
  // may name internal hosts, so it is not passed on.
  if (e.retriable === true && e.name !== 'Error' && typeof e.name === 'string') {
    return new UnavailableError('a dependency of the gateway is unavailable; retry later');
  }
  return undefined;
}
