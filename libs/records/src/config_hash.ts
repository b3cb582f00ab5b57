import { createHash } from 'node:crypto';
import { RecordArgumentError } from './errors.ts';

/**
 * The identity of a run's configuration: sha256 (lowercase hex) of its canonical JSON, where
 * object keys are sorted at every depth, `undefined` fields are left out (as `JSON.stringify`
 * does) and array order counts. Two configs that differ in any value get different hashes; the
 * same settings written in another key order get the same one.
 *
 * The caller decides what goes in: pass every setting that changes the result (model, data,
 * schedule, augmentation, evaluation) and nothing that does not (output folder, log level).
 *
 * ```ts
 * configHash({ b: 1, a: [1, 2] }) === configHash({ a: [1, 2], b: 1 });   // true
 * configHash({ a: [1, 2] }) === configHash({ a: [2, 1] });               // false
 * ```
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

/** JSON with sorted keys and no whitespace; throws on values JSON cannot hold faithfully. */
export function canonicalJson(value: unknown, path = 'config'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new RecordArgumentError(`'${path}' must be a finite number, got ${value}`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonicalJson(v === undefined ? null : v, `${path}.${i}`)).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new RecordArgumentError(
        `'${path}' must be JSON (null, boolean, number, string, array or object), got ${typeof value}`,
      );
  }
}
