/**
 * Kafka's default partitioner for keyed messages: murmur2 of the UTF-8 key, made positive,
 * modulo the partition count (the same partition a Java or kafkajs producer picks).
 *
 * ```ts
 * partitionForKey('run-1', 4);   // 0..3, stable across processes and clients
 * ```
 */
export function partitionForKey(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(
      `Argument 'partitions' passed to 'partitionForKey' must be an integer >= 1, got ${partitions}`,
    );
  }
  return (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
}

/** Kafka's murmur2 (seed 0x9747b28c), as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      ((data[i4] as number) & 0xff) +
      (((data[i4 + 1] as number) & 0xff) << 8) +
      (((data[i4 + 2] as number) & 0xff) << 16) +
      (((data[i4 + 3] as number) & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length4 * 4;
  const rest = length % 4;
  if (rest === 3) h ^= ((data[tail + 2] as number) & 0xff) << 16;
  if (rest >= 2) h ^= ((data[tail + 1] as number) & 0xff) << 8;
  if (rest >= 1) {
    h ^= (data[tail] as number) & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
