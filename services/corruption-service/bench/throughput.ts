/**
 * Augmentation throughput of the corruption service: (a) `AdaAugmenter` called directly in this
 * process (embedded), (b) one worker process over real Kafka + S3, (c) two worker processes in
 * one consumer group; same config everywhere (rdn-slim-x2, a fresh resnet18 checkpoint, 32x32
 * images). Prints a Markdown table: wall-clock images/s, and, robust to other load on the
 * machine, the CPU seconds of the computing processes (bus overhead = extra CPU against
 * embedded) and the seconds the workers spent inside AdA.
 *
 * Batches are keyed by run id (one run stays on one partition), so the batches come from
 * `--runs` runs whose ids hash to distinct partitions; two workers can only share the work of
 * two or more runs.
 *
 * ```sh
 * deploy/local/stack start && eval "$(deploy/local/stack env)"
 * npx tsx services/corruption-service/bench/throughput.ts --batches 8 --batch 8 --steps 5
 * ```
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter } from '@ada/ada';
import {
  batchesCleanV1,
  batchesCorruptedV1,
  decodeEvent,
  inlineTensorBytes,
  type CleanBatchV1,
} from '@ada/contracts';
import { partitionForKey, publishEvents } from '@ada/bus';
import { closeAll, collect, kafka, unique, waitFor } from '@ada/bus/testing';
import { loadClassifier, loadCorruptionNetwork, type ClassifierPreset } from '@ada/models';
import { createArtifactStore } from '@ada/store';
import { imagesFromUint8, imagesToUint8, initBackend } from '@ada/tensor';
import { cleanBatch, saveTestClassifier } from '../src/testing/fixtures.ts';
import { startWorkerProcess, type WorkerProcess } from '../src/testing/worker_process.ts';

const { values: args } = parseArgs({
  options: {
    batches: { type: 'string', default: '8' },
    batch: { type: 'string', default: '8' },
    steps: { type: 'string', default: '5' },
    runs: { type: 'string', default: '4' },
    classifier: { type: 'string', default: 'resnet18-w0.25' },
  },
});
const BATCHES = Number(args.batches);
const BATCH = Number(args.batch);
const STEPS = Number(args.steps);
const RUNS = Number(args.runs);
const CLASSIFIER = args.classifier as ClassifierPreset;
const PARTITIONS = 4;
const NETWORK = 'rdn-slim-x2';

if (kafka.skip !== undefined || process.env['S3_ENDPOINT'] === undefined) {
  process.stderr.write('needs KAFKA_BROKERS and S3_ENDPOINT: eval "$(deploy/local/stack env)"\n');
  process.exit(2);
}

await initBackend({ log: false });
const prefix = `bench-corruption-${randomUUID().slice(0, 8)}`;
const store = await createArtifactStore({ dataDir: '.ada-unused', prefix });
const ckptDir = 'runs/bench/ckpt/0';
const ckpt = await saveTestClassifier(store, ckptDir, { step: 0, preset: CLASSIFIER });

/** Run ids on distinct partitions, so the runs spread over the workers. */
const runIds: string[] = [];
const used = new Set<number>();
for (let i = 0; runIds.length < RUNS; i++) {
  const id = `bench-run-${i}`;
  const p = partitionForKey(id, PARTITIONS);
  if (!used.has(p) || used.size === PARTITIONS) {
    used.add(p);
    runIds.push(id);
  }
}

function batches(tag: string, count: number): CleanBatchV1[] {
  return Array.from({ length: count }, (_, i) => {
    const runId = runIds[i % runIds.length] as string;
    return cleanBatch({
      batchId: `${tag}:${i}`,
      runId,
      step: 1 + i,
      seed: i,
      n: BATCH,
      size: 32,
      checkpoint: { key: ckpt, step: 0 },
      config: { network: NETWORK, nu: 0.015, steps: STEPS, ssimThreshold: 0.3 },
    });
  });
}

interface Measured {
  /** Wall-clock seconds of the timed batches. */
  seconds: number;
  /** CPU seconds the computing process(es) spent on them. */
  cpu: number;
  /** Seconds inside AdA (workers' own `corruption.batch` lines; embedded: = seconds). */
  compute: number;
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** (a) Embedded: uint8 in, AdA, uint8 out, in this process; the first batch warms up. */
async function embedded(): Promise<Measured> {
  const ada = new AdaAugmenter(await loadCorruptionNetwork(NETWORK));
  const { classifier } = await loadClassifier(store, ckptDir);
  // The very messages the workers get: same images, labels and seeds.
  const run = async (batch: CleanBatchV1) => {
    if (batch.images.encoding !== 'inline') throw new Error('bench batches are inline');
    const x = imagesFromUint8(inlineTensorBytes(batch.images), BATCH, 32, 32);
    const { images } = ada.augment(
      x,
      batch.labels,
      (v) => classifier.apply(v, { training: false }),
      { nu: 0.015, steps: STEPS, ssimThreshold: 0.3 },
      batch.seed,
    );
    await imagesToUint8(images);
    tf.dispose([x, images]);
  };
  await run(batches('warm', 1)[0] as CleanBatchV1);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const batch of batches('timed', BATCHES)) await run(batch);
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - started) / 1000;
  classifier.dispose();
  ada.network.dispose();
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, compute: seconds };
}

/** (b), (c): `workers` processes in one group; warm-up batches first (one per run). */
async function overBus(workers: number): Promise<Measured> {
  const topics = {
    CLEAN_TOPIC: unique('bench-clean'),
    CORRUPTED_TOPIC: unique('bench-corrupted'),
    AUGMENT_REQUESTS_TOPIC: unique('bench-augment'),
    DLQ_TOPIC: unique('bench-dlq'),
  };
  const env = {
    ...topics,
    ADA_CORRUPTION_PORT: '0',
    S3_PREFIX: prefix,
    GROUP_ID: unique('bench-corruption'),
    PARTITIONS: String(PARTITIONS),
    SESSION_TIMEOUT_MS: '60000',
    // One AdA call per batch, as in (a), so that the rows differ only by the bus and the store.
    CHUNK_IMAGES: String(BATCH),
  };
  const procs: WorkerProcess[] = [];
  for (let i = 0; i < workers; i++)
    procs.push(startWorkerProcess({ ...env, WORKER_ID: `bench-${i}` }));
  try {
    await waitFor(
      () => procs.every((p) => p.record('corruption.ready') !== undefined),
      'workers ready',
      180_000,
    );
    const bus = await kafka.create();
    const out = await collect(bus, topics.CORRUPTED_TOPIC);
    const done = (tag: string) =>
      out.messages.filter((m) =>
        decodeEvent(batchesCorruptedV1, m.value).batchId.startsWith(`${tag}:`),
      ).length;
    // Warm-up: one batch per run, so every worker has loaded its models and owns its partitions.
    const warm = batches('warm', runIds.length);
    await publishEvents(bus, batchesCleanV1, warm, { topic: topics.CLEAN_TOPIC });
    await waitFor(() => done('warm') === warm.length, 'the warm-up batches', 600_000);
    const timed = batches('timed', BATCHES);
    const pids = procs.map((p) => p.child.pid as number);
    const cpu0 = pids.map(cpuSeconds);
    const started = performance.now();
    await publishEvents(bus, batchesCleanV1, timed, { topic: topics.CLEAN_TOPIC });
    await waitFor(() => done('timed') === timed.length, 'the timed batches', 1_800_000);
    const seconds = (performance.now() - started) / 1000;
    const cpu = pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - (cpu0[i] as number), 0);
    const compute = procs
      .flatMap((p) => p.records)
      .filter(
        (r) => r.msg === 'corruption.batch' && String(r.fields?.['batchId']).startsWith('timed:'),
      )
      .reduce((sum, r) => sum + (r.fields?.['seconds'] as number), 0);
    const byWorker = new Map<string, number>();
    for (const m of out.messages) {
      const r = decodeEvent(batchesCorruptedV1, m.value);
      if (r.batchId.startsWith('timed:'))
        byWorker.set(r.workerId, (byWorker.get(r.workerId) ?? 0) + 1);
    }
    process.stderr.write(
      `${workers} worker(s): batches per worker ${JSON.stringify(Object.fromEntries(byWorker))}\n`,
    );
    await out.sub.close();
    return { seconds, cpu, compute };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exit));
  }
}

const images = BATCHES * BATCH;
const loads: string[] = [];
const measure = async (what: string, fn: () => Promise<Measured>) => {
  const before = loadavg()[0] ?? 0;
  const m = await fn();
  loads.push(`${what} ${before.toFixed(1)}-${(loadavg()[0] ?? 0).toFixed(1)}`);
  return m;
};
const a = await measure('(a)', embedded);
const b = await measure('(b)', () => overBus(1));
const c = await measure('(c)', () => overBus(2));
await closeAll();
await store.close();
const pct = (x: number, y: number) => `${(((x - y) / y) * 100).toFixed(1)}%`;
const row = (what: string, m: Measured, workers: number) => {
  // What is not AdA: fetch, decode, claim checks, Kafka latency, publish (per worker).
  const outside = m.seconds - m.compute / workers;
  return (
    `| ${what} | ${m.seconds.toFixed(1)} | ${(images / m.seconds).toFixed(2)} | ${m.cpu.toFixed(1)} | ` +
    `${(images / m.cpu).toFixed(2)} | ${pct(m.cpu, a.cpu)} | ${m.compute.toFixed(1)} | ` +
    `${outside.toFixed(1)} (${((outside / m.seconds) * 100).toFixed(1)}%) |`
  );
};
process.stdout.write(
  [
    `${NETWORK}, ${CLASSIFIER} (fresh weights), ${BATCHES} batches x ${BATCH} images 32x32, AdA steps ${STEPS}, ` +
      `nu 0.015, SSIM guard 0.3, ${runIds.length} runs on ${PARTITIONS} partitions; ` +
      `wasm 1 thread/process, ${cpus().length} cores; 1-min load average before-after: ${loads.join(', ')}`,
    '',
    '| mode | wall s | images/s | CPU s | images per CPU s | CPU vs embedded | s inside AdA | wall - AdA per worker |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('(a) embedded AdaAugmenter', a, 1),
    row('(b) 1 worker process, Kafka + S3', b, 1),
    row('(c) 2 worker processes, Kafka + S3', c, 2),
    '',
  ].join('\n'),
);
