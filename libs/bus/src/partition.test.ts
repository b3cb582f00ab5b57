import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partition.ts';

describe('murmur2', () => {
  // Vectors from Apache Kafka's UtilsTest.testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%j) = %i', (key, expected) => {
    expect(murmur2(Buffer.from(key))).toBe(expected);
  });
});

describe('partitionForKey', () => {
  it('agrees with the kafkajs default partitioner for 200 keys on 1, 3 and 7 partitions', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 7]) {
      const partitionMetadata = Array.from({ length: n }, (_, i) => ({
        partitionId: i,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (let i = 0; i < 200; i++) {
        const key = `run-${i * 7919}`;
        const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(partitionForKey(key, n)).toBe(expected);
      }
    }
  });

  it('rejects 0 partitions naming the argument', () => {
    expect(() => partitionForKey('k', 0)).toThrow(/Argument 'partitions'/);
  });
});
