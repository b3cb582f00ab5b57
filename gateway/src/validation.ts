import { UserInputError, type FieldErrorInfo } from './errors.ts';
import type { FieldErrorCode } from './generated/resolvers.ts';

/**
 * Field-level checks of mutation and query arguments, run before any command is sent or record
 * read. A `Checks` collects every violation (not only the first), each with its dotted field path
 * and a public `FieldErrorCode`; `done()` throws them together as one `UserInputError`.
 *
 * ```ts
 * const c = new Checks();
 * c.id('input.runId', input.runId, { optional: true });
 * c.intRange('input.seed', input.seed, 0, 2 ** 32 - 1);
 * c.done();   // throws UserInputError with extensions.fieldErrors when anything failed
 * ```
 */
const ID = /^[A-Za-z0-9._:-]+$/;

export class Checks {
  readonly errors: FieldErrorInfo[] = [];

  fail(field: string, code: FieldErrorCode, message: string): this {
    this.errors.push({ field, code, message });
    return this;
  }

  /** An id: 1-`max` characters of [A-Za-z0-9._:-]. */
  id(
    field: string,
    value: string | null | undefined,
    options: { max?: number; optional?: boolean } = {},
  ): this {
    const max = options.max ?? 200;
    if (value === undefined || value === null) {
      return options.optional ? this : this.fail(field, 'REQUIRED', 'is required');
    }
    if (value.length === 0 || value.length > max) {
      return this.fail(field, 'TOO_LONG', `must have 1-${max} characters, got ${value.length}`);
    }
    if (!ID.test(value)) {
      return this.fail(field, 'INVALID_FORMAT', 'must match [A-Za-z0-9._:-]+');
    }
    return this;
  }

  /** A string of `min`-`max` characters. */
  text(
    field: string,
    value: string | null | undefined,
    min: number,
    max: number,
    optional = false,
  ): this {
    if (value === undefined || value === null) {
      return optional ? this : this.fail(field, 'REQUIRED', 'is required');
    }
    if (value.trim().length < min)
      return this.fail(field, 'REQUIRED', `must have at least ${min} non-blank characters`);
    if (value.length > max)
      return this.fail(
        field,
        'TOO_LONG',
        `must have at most ${max} characters, got ${value.length}`,
      );
    return this;
  }

  /** An integer in [min, max]. */
  intRange(
    field: string,
    value: number | null | undefined,
    min: number,
    max: number,
    optional = false,
  ): this {
    if (value === undefined || value === null) {
      return optional ? this : this.fail(field, 'REQUIRED', 'is required');
    }
    if (!Number.isInteger(value) || value < min || value > max) {
      return this.fail(
        field,
        'OUT_OF_RANGE',
        `must be an integer in [${min}, ${max}], got ${value}`,
      );
    }
    return this;
  }

  /** A finite number in [min, max]. */
  numberRange(field: string, value: number | null | undefined, min: number, max: number): this {
    if (value === undefined || value === null) return this;
    if (!Number.isFinite(value) || value < min || value > max) {
      return this.fail(field, 'OUT_OF_RANGE', `must be a number in [${min}, ${max}], got ${value}`);
    }
    return this;
  }

  /** One of `allowed`. */
  oneOf(field: string, value: string | null | undefined, allowed: readonly string[]): this {
    if (value === undefined || value === null) return this;
    if (!allowed.includes(value)) {
      return this.fail(
        field,
        'UNKNOWN_VALUE',
        `must be one of ${allowed.join(', ')}, got '${value}'`,
      );
    }
    return this;
  }

  /** A list of 1-`max` entries without duplicates. */
  list<T>(
    field: string,
    values: readonly T[] | null | undefined,
    max: number,
    optional = false,
  ): this {
    if (values === undefined || values === null) {
      return optional ? this : this.fail(field, 'REQUIRED', 'is required');
    }
    if (values.length === 0 && !optional) return this.fail(field, 'REQUIRED', 'must not be empty');
    if (values.length > max)
      return this.fail(field, 'TOO_MANY', `must have at most ${max} entries, got ${values.length}`);
    const seen = new Set<T>();
    values.forEach((v, i) => {
      if (seen.has(v)) this.fail(`${field}.${i}`, 'DUPLICATE', `repeats ${JSON.stringify(v)}`);
      seen.add(v);
    });
    return this;
  }

  /** A JSON object (not an array, not null). */
  object(field: string, value: unknown, optional = true): this {
    if (value === undefined || value === null) {
      return optional ? this : this.fail(field, 'REQUIRED', 'is required');
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(field, 'INVALID_FORMAT', 'must be a JSON object');
    }
    return this;
  }

  /** Throws the collected errors as one `UserInputError`. */
  done(): void {
    if (this.errors.length > 0) throw new UserInputError(this.errors);
  }
}

/** Checks `first` of a page (1..max) and returns it. */
export function pageSize(
  field: string,
  first: number | null | undefined,
  max: number,
  fallback: number,
): number {
  new Checks().intRange(field, first ?? fallback, 1, max).done();
  return first ?? fallback;
}
