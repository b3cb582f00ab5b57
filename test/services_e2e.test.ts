import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogLines } from '@ada/service-kit';
import { ensurePlatformTopics, KafkaBus, subscribeEvents, type Subscription } from '@ada/bus';
import {
  batchesCleanV1,
  batchesCorruptedV1,
  runsV1,
  type CleanBatchV1,
  type CorruptedBatchV1,
  type RunEventV1,
} from '@ada/contracts';
import { createArtifactStore, type ArtifactStore } from '@ada/store';
import { logLevel } from 'kafkajs';
import { waitFor as waitForCondition } from '@ada/test-helpers';

/**
 * The platform across processes on the real stack (`deploy/local/stack start`): the trainer
 * service, two corruption-service workers (one consumer group) and the metrics service, each a
 * child process on Kafka + S3, train a short AdA run; one worker is SIGKILLed after it has
 * corrupted a batch. Skipped without KAFKA_BROKERS and S3_ENDPOINT.
 *
 * Isolation: a fresh run id, S3 key prefix and consumer groups per test run (topics are the
 * platform's).
 */
const root = join(import.meta.dirname, '..');
const env = process.env;
const skip =
  !env['KAFKA_BROKERS'] || !env['S3_ENDPOINT']
    ? 'KAFKA_BROKERS / S3_ENDPOINT not set (deploy/local/stack start; eval "$(deploy/local/stack env)")'
    : undefined;

const id = randomUUID().slice(0, 8);
const runId = `e2e-${id}`;
const prefix = `e2e/${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'ada-e2e-'));
const TRAIN_IMAGES = 128;
const BATCH = 16;
const STEPS = TRAIN_IMAGES / BATCH;

interface Child {
  name: string;
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  /** Set for the processes whose exit is part of the test (trainers, the killed worker). */
  mayExit: boolean;
}
const children: Child[] = [];
// What the observers saw of this file's runs (run ids starting with `runId`).
const clean: CleanBatchV1[] = [];
const corrupted: CorruptedBatchV1[] = [];
const events: RunEventV1[] = [];
const subscriptions: Subscription[] = [];
let bus: KafkaBus | undefined;
let store: ArtifactStore | undefined;

function start(name: string, entry: string, extra: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...env, S3_PREFIX: prefix, ADA_DATA_DIR: dataDir, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const entry_ = { name, process: child, output, exited, mayExit: name === 'trainer' };
  children.push(entry_);
  return entry_;
}

function startTrainer(run: string): Child {
  return start('trainer', 'services/trainer-service/src/main.ts', {
    ADA_TRAINER_PORT: '0',
    ADA_RUN_JSON: JSON.stringify({
      runId: run,
      seed: 0,
      config: {
        preset: 'quick',
        setup: 'ada',
        data: { trainSize: TRAIN_IMAGES, testSize: 32 },
        model: 'resnet18-w0.125',
        train: { batchSize: BATCH, epochs: 1, checkpointEvery: 2 },
        ada: { steps: 1, fraction: 0.25 },
        eval: { benchmarkSize: 16 },
        remote: { lookahead: 4, batchTimeoutMs: 90_000, evalTimeoutMs: 120_000 },
      },
    }),
  });
}

async function exitOf(child: Child, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      child.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `${child.name} did not exit in ${timeoutMs} ms\n${children.map(tail).join('\n')}`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The health URL a service process logged at start (`ServiceRuntime`'s `running`), once it did. */
function healthUrl(c: Child): string | undefined {
  const running = parseLogLines(c.output.join('\n')).find((r) => r.msg === 'running');
  return running?.fields?.['health'] as string | undefined;
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

const alive = (c: Child) => c.process.exitCode === null && c.process.signalCode === null;

/** Waits for `condition`; fails at once when a service process that must live has exited. */
async function waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  await waitForCondition(condition, {
    what,
    timeoutMs,
    intervalMs: 50,
    failIf: () => {
      const dead = children.find((c) => !alive(c) && !c.mayExit);
      return dead ? `${dead.name} exited:\n${tail(dead)}\n` : undefined;
    },
    details: () => children.map(tail).join('\n'),
  });
}

const tail = (c: Child) => `--- ${c.name}:\n${c.output.slice(-25).join('\n')}`;

afterAll(async () => {
  for (const c of children) if (alive(c)) c.process.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await Promise.all(subscriptions.map((s) => s.close().catch(() => undefined)));
  await bus?.close();
  if (store) {
    for (const { key } of await store.list('').catch(() => [])) await store.delete(key);
    await store.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)(
  `services end to end on Kafka + S3${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it(`trains ${TRAIN_IMAGES} demo images (${STEPS} AdA batches) with 2 corruption workers, one SIGKILLed mid-run, and stores the benchmark table`, async () => {
      const t0 = Date.now();
      bus = new KafkaBus({
        brokers: env['KAFKA_BROKERS']!.split(','),
        clientId: `e2e-${id}`,
        logLevel: logLevel.NOTHING,
      });
      store = await createArtifactStore({ dataDir, prefix });
      await ensurePlatformTopics(bus, { workers: 4 });

      // Observers, joined before anything is published (new messages only).
      const observe = async <T>(
        contract: Parameters<typeof subscribeEvents<T>>[1]['contract'],
        sink: T[],
        runOf: (v: T) => string,
      ) => {
        const sub = await subscribeEvents(bus!, {
          contract,
          groupId: `e2e-observer.${id}.${contract.topic}`,
          fromBeginning: false,
          handler: async (v) => {
            if (runOf(v).startsWith(runId)) sink.push(v);
          },
        });
        subscriptions.push(sub);
        await waitFor(
          () => sub.assignedPartitions().length > 0,
          `observer of ${contract.topic}`,
          30_000,
        );
      };
      await observe(batchesCleanV1, clean, (b) => b.runId);
      await observe(batchesCorruptedV1, corrupted, (b) => b.runId);
      await observe(runsV1, events, (e) => e.runId);

      const worker = (name: string) =>
        start(name, 'services/corruption-service/src/main.ts', {
          GROUP_ID: `corruption-service.e2e-${id}`,
          WORKER_ID: `${name}-${id}`,
          ADA_CORRUPTION_PORT: '0',
          SESSION_TIMEOUT_MS: '10000',
          ENSURE_TOPICS: 'false',
          LOG_LEVEL: 'info',
        });
      const workerA = worker('worker-a');
      const workerB = worker('worker-b');
      const metrics = start('metrics', 'services/metrics-service/src/main.ts', {
        ADA_METRICS_PORT: '0',
        ADA_METRICS_GROUP: `metrics-service.e2e-${id}`,
      });
      const started = (c: Child) => c.output.some((l) => l.includes('corruption.started'));
      await waitFor(() => started(workerA) && started(workerB), 'both workers to start', 90_000);
      await waitFor(() => healthUrl(metrics) !== undefined, 'the metrics service to serve', 90_000);
      expect(await status(healthUrl(metrics)!)).toBe(200);
      expect(await status(healthUrl(metrics)!.replace('healthz', 'readyz'))).toBe(200);
      // Quiet healthy starts: kafkajs's expected retries (no leader yet, coordinator loading)
      // are debug records, so nothing at error level.
      const errors = (c: Child) =>
        parseLogLines(c.output.join('\n')).filter((r) => r.level === 'error');
      for (const c of [workerA, workerB, metrics]) expect(errors(c), tail(c)).toEqual([]);

      const trainer = startTrainer(runId);
      await waitFor(() => healthUrl(trainer) !== undefined, 'the trainer to serve', 90_000);
      expect(await status(healthUrl(trainer)!.replace('healthz', 'readyz'))).toBe(200);

      // SIGKILL the first worker that has corrupted a batch of the run (no commit, no leave).
      await waitFor(() => corrupted.length > 0, 'a first corrupted batch', 120_000);
      const victimId = corrupted[0]!.workerId;
      const victim = victimId.startsWith('worker-a') ? workerA : workerB;
      const survivor = victim === workerA ? workerB : workerA;
      victim.mayExit = true;
      victim.process.kill('SIGKILL');
      const killedAfter = corrupted.filter((b) => b.workerId === victimId).length;

      const code = await exitOf(trainer, 170_000);
      expect(code, tail(trainer)).toBe(0);
      // The run ends with one structured summary record carrying its numbers.
      const summary = parseLogLines(trainer.output.join('\n')).find(
        (r) => r.msg === 'trainer.run_summary',
      );
      expect(summary?.fields, tail(trainer)).toMatchObject({ runId, setup: 'ada', seed: 0 });
      expect(summary?.fields?.['mce']).toEqual(expect.any(Number));
      expect(alive(survivor), tail(survivor)).toBe(true);

      // The trainer's record: every step trained on its corrupted batch, each batch once.
      const record = JSON.parse(
        new TextDecoder().decode(await store.get(`runs/${runId}/result.json`)),
      ) as {
        status: string;
        remote: {
          published: number;
          used: string[];
          missing: unknown[];
          duplicates: number;
          workers: Record<string, number>;
        };
        training: { steps: number; imagesPerSecond: number };
        evaluation: { status: string; tableKey: string; metrics: Record<string, number> };
      };
      expect(record.status).toBe('completed');
      expect(record.training.steps).toBe(STEPS);
      expect(record.remote.missing).toEqual([]);
      expect(record.remote.published).toBe(STEPS);
      expect(new Set(record.remote.used).size).toBe(record.remote.used.length);
      // (Test order: only this run's batches have been observed so far.)
      const cleanIds = [...new Set(clean.map((b) => b.batchId))].sort();
      expect(cleanIds).toHaveLength(STEPS);
      expect([...record.remote.used].sort()).toEqual(cleanIds);
      // Every AdA batch was processed by a worker (at least once: redeliveries may repeat one).
      expect([...new Set(corrupted.map((b) => b.batchId))].sort()).toEqual(cleanIds);
      expect(killedAfter).toBeGreaterThanOrEqual(1);
      expect(
        record.remote.workers[survivor === workerA ? `worker-a-${id}` : `worker-b-${id}`],
      ).toBeGreaterThanOrEqual(1);

      // The run completed and its result table is in the store.
      expect(record.evaluation.status).toBe('ok');
      expect(record.evaluation.metrics['mce']).toBeGreaterThanOrEqual(0);
      expect(await store.exists(record.evaluation.tableKey)).toBe(true);
      const md = new TextDecoder().decode(
        await store.get(record.evaluation.tableKey.replace(/json$/, 'md')),
      );
      expect(md).toMatch(/\| Setup \| Clean \| mCE \|/);
      await waitFor(
        () => events.some((e) => e.type === 'completed'),
        'the completed event',
        30_000,
      );
      const completed = events.find((e) => e.type === 'completed') as Extract<
        RunEventV1,
        { type: 'completed' }
      >;
      expect(completed.metrics['adaBatches']).toBe(STEPS);
      expect(completed.resultKey).toBe(record.evaluation.tableKey);
      process.stderr.write(
        `e2e: ${((Date.now() - t0) / 1000).toFixed(1)} s; trainer ${record.training.imagesPerSecond.toFixed(1)} images/s; ` +
          `corrupted deliveries ${corrupted.length} for ${STEPS} batches (trainer ignored ${record.remote.duplicates} duplicates); ` +
          `workers ${JSON.stringify(record.remote.workers)}; mCE ${record.evaluation.metrics['mce']}\n`,
      );
    }, 300_000);

    it('a trainer process stopped by SIGTERM checkpoints and exits 0; restarted, it resumes from that checkpoint; metrics stops on SIGTERM', async () => {
      const t0 = Date.now();
      const run = `${runId}-resume`;
      if (!children.some((c) => c.name.startsWith('worker') && alive(c))) {
        start('worker-c', 'services/corruption-service/src/main.ts', {
          GROUP_ID: `corruption-service.e2e-${id}`,
          WORKER_ID: `worker-c-${id}`,
          ADA_CORRUPTION_PORT: '0',
          SESSION_TIMEOUT_MS: '10000',
          ENSURE_TOPICS: 'false',
        });
      }
      const first = startTrainer(run);
      await waitFor(
        () => events.some((e) => e.runId === run && e.type === 'progress' && e.step >= 2),
        'two trained steps',
        120_000,
      );
      first.process.kill('SIGTERM');
      expect(await exitOf(first, 60_000), tail(first)).toBe(0);
      const stoppedAt = Number(/interrupted at step (\d+)/.exec(first.output.join('\n'))?.[1]);
      expect(stoppedAt, tail(first)).toBeGreaterThanOrEqual(2);
      expect(stoppedAt).toBeLessThan(STEPS);
      const latest = JSON.parse(
        new TextDecoder().decode(await store!.get(`runs/${run}/ckpt/latest.json`)),
      ) as { step: number; key: string };
      expect(latest).toEqual({
        step: stoppedAt,
        key: `runs/${run}/ckpt/${stoppedAt}/manifest.json`,
      });
      expect(await store!.exists(`runs/${run}/result.json`)).toBe(false);

      const second = startTrainer(run);
      expect(await exitOf(second, 170_000), tail(second)).toBe(0);
      const record = JSON.parse(
        new TextDecoder().decode(await store!.get(`runs/${run}/result.json`)),
      ) as {
        status: string;
        training: { steps: number; resumedFrom: number };
        remote: { used: string[]; missing: unknown[]; foreign: number };
      };
      expect(record.status).toBe('completed');
      expect(record.training).toMatchObject({ steps: STEPS, resumedFrom: stoppedAt });
      // The second process exchanged only the remaining steps, under its own batch ids.
      expect(record.remote.missing).toEqual([]);
      expect(record.remote.used).toHaveLength(STEPS - stoppedAt);
      const incarnations = new Set(
        clean.filter((b) => b.runId === run).map((b) => b.batchId.split('.').at(-2)),
      );
      expect(incarnations.size).toBe(2);
      // The metrics service stops gracefully too.
      const metrics = children.find((c) => c.name === 'metrics' && alive(c))!;
      metrics.mayExit = true;
      metrics.process.kill('SIGTERM');
      expect(await exitOf(metrics, 30_000), tail(metrics)).toBe(0);
      process.stderr.write(
        `e2e resume: ${((Date.now() - t0) / 1000).toFixed(1)} s; stopped at step ${stoppedAt}, resumed, completed\n`,
      );
    }, 300_000);
  },
);
