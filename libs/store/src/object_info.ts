import type { ObjectInfo, StoredObject } from './artifact_store.ts';
import { ObjectNotFoundError } from './errors.ts';

/**
 * Helpers both store implementations share: key-ordered listings and `exists` in terms of
 * `stat`.
 *
 * ```ts
 * sortByKey([{ key: 'b', size: 1 }, { key: 'a', size: 2 }]);   // a, b (code-unit order, like S3)
 * ```
 */
export function sortByKey<T extends ObjectInfo>(objects: T[]): T[] {
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether `stat(key)` finds the object; errors other than not-found propagate. */
export async function existsByStat(
  stat: (key: string) => Promise<StoredObject>,
  key: string,
): Promise<boolean> {
  try {
    await stat(key);
    return true;
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return false;
    throw e;
  }
}
