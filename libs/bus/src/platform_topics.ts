import { TOPICS, TOPIC_NAMES, type TopicName } from '@ada/contracts';
import type { EventBus, TopicSpec } from './bus.ts';

/**
 * Creates every platform topic with its partition count (existing topics are left alone). The
 * batch and augmentation topics get `workers` partitions so that many corruption workers can
 * share them (a consumer group spreads partitions, never splits one); the rest get one.
 *
 * ```ts
 * await ensurePlatformTopics(bus, { workers: 4 });   // ada.batches.clean.v1 with 4 partitions
 * ```
 */
export interface PlatformTopicsOptions {
  /** Partitions of the work topics: the most consumers one group can use (default 4). */
  workers?: number;
}

const WORK_TOPICS: ReadonlySet<TopicName> = new Set<TopicName>([
  TOPICS.batchesClean,
  TOPICS.batchesCorrupted,
  TOPICS.augmentRequests,
  TOPICS.augmentResults,
  TOPICS.evalRequests,
]);

/** The topic specs `ensurePlatformTopics` creates. */
export function platformTopicSpecs(options: PlatformTopicsOptions = {}): TopicSpec[] {
  const workers = options.workers ?? 4;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(
      `Argument 'workers' passed to 'platformTopicSpecs' must be an integer >= 1, got ${workers}`,
    );
  }
  return TOPIC_NAMES.map((topic) => ({ topic, partitions: WORK_TOPICS.has(topic) ? workers : 1 }));
}

export async function ensurePlatformTopics(
  bus: EventBus,
  options: PlatformTopicsOptions = {},
): Promise<void> {
  await bus.ensureTopics(platformTopicSpecs(options));
}
