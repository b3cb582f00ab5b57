import { randomUUID } from 'node:crypto';
import {
  augmentRequestsV1,
  augmentResultsV1,
  batchesCleanV1,
  batchesCorruptedV1,
  decodeEvent,
  fromWireTensor,
  type CorruptedBatchV1,
} from '@ada/contracts';
import { RequestReplyClient, publishEvents } from '@ada/bus';
import { closeAll, collect, kafka, unique, waitFor } from '@ada/bus/testing';
import { createArtifactStore, type ArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { augmentRequest, cleanBatch, saveTestClassifier } from './testing/fixtures.ts';
import { startWorkerProcess, type WorkerProcess } from './testing/worker_process.ts';

/**
 * The process entry against real Kafka and S3 (skipped without KAFKA_BROKERS / S3_ENDPOINT; runs
 * in `.ci/run`): `main.ts` started as a child process (node --import tsx) on its own topics,
 * group and bucket prefix, processes a clean batch [4,32,32,3] (AdA steps 2, rdn-slim-x2, fresh
 * resnet18-w0.125 checkpoint in S3, output claim-checked to S3), answers an augment request, and
 * on SIGTERM during a batch finishes and publishes it, then exits 0.
 */
const skip =
  kafka.skip ??
  (process.env['S3_ENDPOINT'] === undefined
    ? 'S3_ENDPOINT not set (deploy/local/stack start; eval "$(deploy/local/stack env)")'
    : undefined);

const workers: WorkerProcess[] = [];
let store: ArtifactStore | undefined;
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await closeAll();
  await store?.close();
});

describe.skipIf(skip !== undefined)(
  `corruption-service process: kafka + s3${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('processes a batch, answers an augment request, and exits 0 on SIGTERM after finishing the batch in flight', async () => {
      await initBackend({ log: false });
      const prefix = `test-corruption-${randomUUID().slice(0, 8)}`;
      store = await createArtifactStore({ dataDir: '.ada-unused', prefix });
      const ckpt = await saveTestClassifier(store, 'runs/p1/ckpt/0', { step: 0 });
      const topics = {
        CLEAN_TOPIC: unique('clean'),
        CORRUPTED_TOPIC: unique('corrupted'),
        AUGMENT_REQUESTS_TOPIC: unique('augment-req'),
        AUGMENT_RESULTS_TOPIC: unique('augment-res'),
        DLQ_TOPIC: unique('dlq'),
      };
      const worker = startWorkerProcess({
        ...topics,
        ADA_CORRUPTION_PORT: '0',
        S3_PREFIX: prefix,
        GROUP_ID: unique('corruption'),
        PARTITIONS: '2',
        INLINE_LIMIT: '4096',
        LOG_LEVEL: 'debug',
        SESSION_TIMEOUT_MS: '15000',
      });
      workers.push(worker);
      const event = (msg: string, where?: (fields: Record<string, unknown>) => boolean) =>
        worker.record(msg, (r) => where?.(r.fields ?? {}) ?? true)?.fields;
      await waitFor(
        () => event('corruption.ready') !== undefined || worker.child.exitCode !== null,
        'the worker to be ready',
        120_000,
      );
      expect(worker.child.exitCode).toBeNull();
      const port = event('corruption.ready')?.['port'] as number;
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);

      const bus = await kafka.create();
      const corrupted = await collect(bus, topics.CORRUPTED_TOPIC);
      const results = () =>
        corrupted.messages.map((m) => decodeEvent(batchesCorruptedV1, m.value) as CorruptedBatchV1);
      const batch = cleanBatch({
        batchId: 'p1:1',
        runId: 'p1',
        step: 1,
        size: 32,
        checkpoint: { key: ckpt, step: 0 },
      });
      await publishEvents(bus, batchesCleanV1, [batch], { topic: topics.CLEAN_TOPIC });
      await waitFor(() => results().length === 1, 'the corrupted batch', 120_000);
      const [first] = results();
      expect(first).toMatchObject({ batchId: 'p1:1', checkpointStep: 0, staleness: 1 });
      expect(first?.images.encoding).toBe('claim-check');
      const bytes = await fromWireTensor(first!.images, { store });
      expect(bytes).toHaveLength(4 * 32 * 32 * 3);
      expect(first?.ssim.every((s) => s > 0.3 && s <= 1)).toBe(true);
      const line = event('corruption.batch', (l) => l['batchId'] === 'p1:1');
      expect(line).toMatchObject({ images: 4 });
      expect(line?.['imagesPerSecond']).toBeGreaterThan(0);

      const client = new RequestReplyClient(bus, {
        request: augmentRequestsV1,
        reply: augmentResultsV1,
        requestTopic: topics.AUGMENT_REQUESTS_TOPIC,
        replyTopic: topics.AUGMENT_RESULTS_TOPIC,
        groupId: unique('client'),
      });
      await client.start();
      const reply = await client.request(
        augmentRequest({ requestId: 'p1-req', classifier: ckpt, size: 32 }),
        { timeoutMs: 120_000 },
      );
      expect(reply).toMatchObject({ requestId: 'p1-req', status: 'ok', checkpointStep: 0 });

      // SIGTERM while the next batch is computing: it is finished, published, then exit 0.
      const second = { ...batch, batchId: 'p1:2', step: 2 };
      await publishEvents(bus, batchesCleanV1, [second], { topic: topics.CLEAN_TOPIC });
      await waitFor(
        () => event('corruption.batch_started', (l) => l['batchId'] === 'p1:2') !== undefined,
        'the second batch to start',
        60_000,
      );
      worker.child.kill('SIGTERM');
      expect(await worker.exit).toBe(0);
      await waitFor(() => results().length === 2, 'the batch in flight at SIGTERM', 60_000);
      expect(results()[1]).toMatchObject({ batchId: 'p1:2', staleness: 2 });
      expect(event('corruption.drained')).toMatchObject({ batches: 2, augmentRequests: 1 });
      await corrupted.sub.close();
    });
  },
);
