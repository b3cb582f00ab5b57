import type { ArtifactStore } from '@ada/store';
import { ObjectNotFoundError } from '@ada/store';
import type { z } from 'zod';
import { RecordArgumentError, RecordValidationError } from './errors.ts';

/** Reads `key` and checks it against `schema`; undefined when the object does not exist. */
export async function readRecord<T>(
  store: ArtifactStore,
  key: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new RecordValidationError('record is not JSON', [String(cause)], { key, cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new RecordValidationError('record does not match its schema', issuesOf(parsed.error), {
      key,
    });
  }
  return parsed.data;
}

/** Checks `value` against `schema` (an argument error naming each field) and writes it. */
export async function writeRecord<T>(
  store: ArtifactStore,
  key: string,
  schema: z.ZodType<T>,
  value: T,
): Promise<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RecordArgumentError(
      `record for '${key}' does not match its schema: ${issuesOf(parsed.error).join('; ')}`,
    );
  }
  await store.put(key, Buffer.from(`${JSON.stringify(parsed.data)}\n`, 'utf8'));
  return parsed.data;
}

export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Keeps `map` from running more than `limit` calls at once (store listings read many records). */
export async function mapLimited<T, U>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<U>,
): Promise<U[]> {
  const out = new Array<U>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
