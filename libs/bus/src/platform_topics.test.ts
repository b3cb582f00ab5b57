import { TOPIC_NAMES } from '@ada/contracts';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from './in_process_bus.ts';
import { ensurePlatformTopics, platformTopicSpecs } from './platform_topics.ts';

describe('platformTopicSpecs', () => {
  it('workers = 3: work topics get 3 partitions, the others 1', () => {
    const specs = Object.fromEntries(
      platformTopicSpecs({ workers: 3 }).map((s) => [s.topic, s.partitions]),
    );
    expect(Object.keys(specs).sort()).toEqual([...TOPIC_NAMES].sort());
    expect(specs['ada.batches.clean.v1']).toBe(3);
    expect(specs['ada.augment.requests.v1']).toBe(3);
    expect(specs['ada.runs.v1']).toBe(1);
    expect(specs['ada.dlq.v1']).toBe(1);
  });

  it('rejects workers = 0 naming the argument', () => {
    expect(() => platformTopicSpecs({ workers: 0 })).toThrow(/Argument 'workers'/);
  });

  it('creates the topics on a bus: 2 members of one group split ada.batches.clean.v1', async () => {
    const bus = new InProcessBus();
    await ensurePlatformTopics(bus, { workers: 2 });
    const handler = async () => undefined;
    const a = await bus.subscribe({ topic: 'ada.batches.clean.v1', groupId: 'g', handler });
    const b = await bus.subscribe({ topic: 'ada.batches.clean.v1', groupId: 'g', handler });
    expect([a.assignedPartitions(), b.assignedPartitions()]).toEqual([[0], [1]]);
    await bus.close();
  });
});
