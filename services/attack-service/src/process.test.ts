import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishEvents } from '@ada/bus';
import { closeAll, collect, kafka, unique, waitFor } from '@ada/bus/testing';
import { decodeEvent, dlqV1, evalRequestsV1, evalResultsV1 } from '@ada/contracts';
import { startServiceProcess, type ServiceProcess } from '@ada/service-kit/testing';
import { createArtifactStore, type ArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { lpRequest, saveTestCheckpointAndData } from './testing/fixtures.ts';

/**
 * The process entry against real Kafka and S3 (skipped without KAFKA_BROKERS / S3_ENDPOINT; runs
 * in `.ci/run`): `main.ts` as a child process (node --import tsx) on its own topics, group and
 * bucket prefix; answers an lp-robustness request for a checkpoint in S3 (robust accuracy 0 at
 * linf 0.5 on a shard set labelled by the model itself), serves /healthz and /readyz,
 * dead-letters a malformed request, and exits 0 on SIGTERM.
 */
const skip =
  kafka.skip ??
  (process.env['S3_ENDPOINT'] === undefined
    ? 'S3_ENDPOINT not set (deploy/local/stack start; eval "$(deploy/local/stack env)")'
    : undefined);

const here = dirname(fileURLToPath(import.meta.url));
const children: ServiceProcess[] = [];
let store: ArtifactStore | undefined;

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await closeAll();
  await store?.close();
});

describe.skipIf(skip !== undefined)(
  `attack-service process: kafka + s3${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('answers a request from S3 data, dead-letters junk, is healthy, exits 0 on SIGTERM', async () => {
      await initBackend({ log: false });
      const prefix = `test-attack-${randomUUID().slice(0, 8)}`;
      store = await createArtifactStore({ dataDir: '.ada-unused', prefix });
      const ckpt = await saveTestCheckpointAndData(store, 'runs/p1/ckpt/7', 'datasets/own', 4);
      const topics = {
        ADA_EVAL_REQUESTS_TOPIC: unique('attack-req'),
        ADA_EVAL_RESULTS_TOPIC: unique('attack-res'),
        ADA_DLQ_TOPIC: unique('attack-dlq'),
      };
      const service = startServiceProcess(join(here, 'main.ts'), {
        ...topics,
        ADA_ATTACK_PORT: '0',
        ADA_ATTACK_GROUP: unique('attack-service'),
        S3_PREFIX: prefix,
        ADA_WORKERS: '1',
      });
      children.push(service);
      const { child } = service;
      await waitFor(
        () => service.record('running') !== undefined || child.exitCode !== null,
        'the service to be ready',
        120_000,
      );
      expect(child.exitCode, service.output()).toBeNull();
      const port = service.record('running')?.fields?.['port'] as number;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

      const bus = await kafka.create();
      const results = await collect(bus, topics.ADA_EVAL_RESULTS_TOPIC);
      const dlq = await collect(bus, topics.ADA_DLQ_TOPIC);
      const request = lpRequest('p1-req', ckpt, {
        norm: 'linf',
        epsilon: 0.5,
        examples: 4,
        dataset: 'datasets/own',
      });
      await publishEvents(bus, evalRequestsV1, [request], {
        topic: topics.ADA_EVAL_REQUESTS_TOPIC,
      });
      await bus.publish(topics.ADA_EVAL_REQUESTS_TOPIC, [
        { key: 'junk', value: new TextEncoder().encode('not json') },
      ]);
      await waitFor(() => results.messages.length >= 1, 'the reply', 120_000);
      const reply = decodeEvent(evalResultsV1, results.messages[0]!.value);
      expect(reply).toMatchObject({
        requestId: 'p1-req',
        status: 'ok',
        tableKey: 'evals/p1-req/table.json',
      });
      if (reply.status === 'ok') {
        expect(reply.metrics['cleanAccuracy']).toBe(1);
        expect(reply.metrics['robustAccuracy']).toBe(0);
      }
      expect(await store.exists('evals/p1-req/table.json')).toBe(true);
      await waitFor(() => dlq.messages.length >= 1, 'the dead letter', 60_000);
      expect(decodeEvent(dlqV1, dlq.messages[0]!.value).reason).toBe('invalid');

      child.kill('SIGTERM');
      expect(await service.exit).toBe(0);
      expect(service.record('stopped')).toMatchObject({ service: 'attack-service' });
      // A normal start and stop logs no error (kafkajs's retries at start are debug records).
      expect(service.records.filter((r) => r.level === 'error')).toEqual([]);
      await results.sub.close();
      await dlq.sub.close();
    });
  },
);
