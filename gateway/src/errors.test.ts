import { buildSchema, GraphQLError, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  FIELD_ERROR_CODES,
  formatError,
  GatewayError,
  mapDomainError,
  UserInputError,
} from './errors.ts';
import { loadTypeDefs } from './sdl.ts';

const schema = buildSchema(loadTypeDefs());
const enumValues = (name: string) =>
  (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);

describe('public error codes', () => {
  it('ERROR_CODES and FIELD_ERROR_CODES are the SDL enums ErrorCode and FieldErrorCode, in order', () => {
    expect(ERROR_CODES).toEqual(enumValues('ErrorCode'));
    expect(FIELD_ERROR_CODES).toEqual(enumValues('FieldErrorCode'));
  });
});

describe('formatError', () => {
  const sink = (lines: string[]) => (id: string, e: unknown) => lines.push(`${id} ${String(e)}`);

  it('a GatewayError keeps its code and extensions, drops the http status', () => {
    const e = new UserInputError([
      { field: 'input.seed', code: 'OUT_OF_RANGE', message: 'must be >= 0' },
    ]);
    const out = formatError(e.toJSON(), e, sink([]));
    expect(out).toEqual({
      message: "invalid input: 'input.seed' must be >= 0",
      extensions: {
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'input.seed', code: 'OUT_OF_RANGE', message: 'must be >= 0' }],
      },
    });
  });

  it('an unknown error thrown in a resolver becomes INTERNAL_SERVER_ERROR with an id; the cause goes to the sink only', () => {
    const lines: string[] = [];
    const cause = new Error('connect ECONNREFUSED 10.0.0.7:9000 password=hunter2');
    const wrapped = new GraphQLError(cause.message, { path: ['run'], originalError: cause });
    const out = formatError(
      { ...wrapped.toJSON(), extensions: { code: 'X', stacktrace: ['at x'] } },
      wrapped,
      sink(lines),
    );
    expect(out.message).toBe('internal server error');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(out.path).toEqual(['run']);
    expect(JSON.stringify(out)).not.toMatch(/hunter2|ECONNREFUSED|stacktrace/);
    expect(lines[0]).toContain(String(out.extensions!['errorId']));
    expect(lines[0]).toContain('ECONNREFUSED');
  });

  it('errors of the shared error model map by code: not found, conflict, invalid argument; retriable ones are UNAVAILABLE', () => {
    const err = (code: string | undefined, retriable: boolean, name = 'RecordsError') =>
      Object.assign(new Error(`m-${code}`), { code, retriable, name });
    expect(mapDomainError(err('RECORD_NOT_FOUND', false))?.code).toBe('NOT_FOUND');
    expect(mapDomainError(err('RECORD_CONFLICT', false))?.code).toBe('CONFLICT');
    expect(mapDomainError(err('RECORD_IMMUTABLE', false))?.code).toBe('CONFLICT');
    expect(mapDomainError(err('INVALID_ARGUMENT', false))?.code).toBe('BAD_USER_INPUT');
    const outage = mapDomainError(err(undefined, true, 'StoreError'));
    expect(outage?.code).toBe('UNAVAILABLE');
    expect(outage?.message).not.toContain('m-');
    expect(mapDomainError(new Error('plain'))).toBeUndefined();
    expect(new GatewayError('NOT_FOUND', 'x').extensions['http']).toBeUndefined();
    expect(
      new GatewayError('FORBIDDEN', 'x', {}, { requestLevel: true }).extensions['http'],
    ).toEqual({ status: 403 });
  });
});
