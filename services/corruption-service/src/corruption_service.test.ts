import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  augmentResultsV1,
  batchesCorruptedV1,
  decodeEvent,
  dlqV1,
  fromWireTensor,
  toWireTensor,
  type AugmentResultV1,
  type CleanBatchV1,
  type CorruptedBatchV1,
} from '@ada/contracts';
import { InProcessBus, RequestReplyClient, publishEvents } from '@ada/bus';
import { augmentRequestsV1, batchesCleanV1 } from '@ada/contracts';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@ada/service-kit';
import { createCorruptionService, type CorruptionService } from './index.ts';
import { augmentRequest, cleanBatch, saveTestClassifier, testImages } from './testing/fixtures.ts';
import { collect, waitFor } from '@ada/bus/testing';

/**
 * The service in embedded mode: in-process bus, filesystem store, the real rdn-slim-x2 corruption
 * network and a fresh resnet18-w0.125 checkpoint; 16x16 images, AdA steps 2.
 */
const dir = mkdtempSync(join(tmpdir(), 'corruption-service-'));
const store = new FsArtifactStore({ root: dir });
const quiet = silentLogger('corruption-service');
let ckpt0: string;
const running: Array<{ service: CorruptionService; bus: InProcessBus }> = [];

async function startService(
  config: Parameters<typeof createCorruptionService>[0]['config'] = {},
): Promise<{ service: CorruptionService; bus: InProcessBus }> {
  const bus = new InProcessBus();
  const service = createCorruptionService({ bus, store, config, log: quiet });
  await service.start();
  running.push({ service, bus });
  return { service, bus };
}

/** Publishes `batches` and returns their results (in the same order), ignoring earlier ones. */
async function corrupt(bus: InProcessBus, batches: CleanBatchV1[]): Promise<CorruptedBatchV1[]> {
  const out = await collect(bus, 'ada.batches.corrupted.v1');
  const ids = new Set(batches.map((b) => b.batchId));
  const results = () =>
    out.messages
      .map((m) => decodeEvent(batchesCorruptedV1, m.value))
      .filter((r) => ids.has(r.batchId));
  await publishEvents(bus, batchesCleanV1, batches);
  await waitFor(() => results().length >= batches.length, `${batches.length} corrupted batches`);
  await out.sub.close();
  const byId = new Map(results().map((r) => [r.batchId, r]));
  return batches.map((b) => byId.get(b.batchId) as CorruptedBatchV1);
}

beforeAll(async () => {
  await initBackend({ log: false });
  ckpt0 = await saveTestClassifier(store, 'runs/r1/ckpt/0', { step: 0 });
});

afterAll(async () => {
  for (const { service, bus } of running) {
    await service.drain();
    await service.stop();
    await bus.close();
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('corruption-service (in-process bus, filesystem store)', () => {
  it('corrupts a clean batch [4,16,16,3] into a valid corrupted batch with the same id', async () => {
    const { service, bus } = await startService();
    const batch = cleanBatch({ batchId: 'r1:3', step: 3, checkpoint: { key: ckpt0, step: 0 } });
    const [out] = await corrupt(bus, [batch]);
    expect(out).toBeDefined();
    const result = out as CorruptedBatchV1;
    expect(result).toMatchObject({ batchId: 'r1:3', runId: 'r1', step: 3, checkpointStep: 0 });
    expect(result.staleness).toBe(3);
    expect(result.workerId).toBe(service.config.workerId);
    expect(result.images.shape).toEqual([4, 16, 16, 3]);
    expect(result.ssim).toHaveLength(4);
    expect(result.lineSearchSteps).toHaveLength(4);
    for (const s of result.ssim) {
      expect(s).toBeGreaterThan(0.3);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(result.lossBefore) && Number.isFinite(result.lossAfter)).toBe(true);
    const input = testImages(4, 16);
    const bytes = await fromWireTensor(result.images, { store });
    expect(bytes).toHaveLength(input.length);
    // Corrupted, but still close to the input (SSIM > 0.3 guard, nu = 0.015).
    let diff = 0;
    for (let i = 0; i < bytes.length; i++) diff += Math.abs(bytes[i]! - input[i]!);
    expect(diff / bytes.length).toBeGreaterThan(0.5);
    expect(diff / bytes.length).toBeLessThan(60);
    expect(service.stats()).toMatchObject({ batches: 1, images: 4, checkpointLoads: 1 });
  });

  it.each([16, 2])(
    'is deterministic with AdA calls of %i images: same message, identical bytes and stats on a fresh worker; another seed differs',
    async (chunkImages) => {
      const batch = cleanBatch({
        batchId: `r1:9-${chunkImages}`,
        step: 9,
        seed: 123,
        checkpoint: { key: ckpt0, step: 0 },
      });
      const fresh = async (b: CleanBatchV1) =>
        (await corrupt((await startService({ chunkImages })).bus, [b]))[0] as CorruptedBatchV1;
      const a = await fresh(batch);
      const b = await fresh(batch);
      const strip = (r: CorruptedBatchV1) => ({ ...r, at: '', workerId: '' });
      expect(strip(b)).toEqual(strip(a));
      expect(a.ssim).toHaveLength(4);
      const c = await fresh({ ...batch, batchId: `r1:9b-${chunkImages}`, seed: 124 });
      expect(c.images).not.toEqual(a.images);
      expect(c.ssim).not.toEqual(a.ssim);
    },
  );

  it('reloads the checkpoint when a batch names a newer step, keeps an LRU of 2 and skips a duplicate batch id', async () => {
    const { service, bus } = await startService({ checkpointCacheSize: 2 });
    const key = 'runs/r2/ckpt/latest';
    const manifest = await saveTestClassifier(store, key, { step: 10, seed: 1 });
    const r2 = (step: number, ckptStep: number) =>
      cleanBatch({
        batchId: `r2:${step}`,
        runId: 'r2',
        step,
        checkpoint: { key: manifest, step: ckptStep },
      });
    const first = await corrupt(bus, [r2(11, 10)]);
    expect(first[0]).toMatchObject({ checkpointStep: 10, staleness: 1 });
    expect(service.stats().checkpointLoads).toBe(1);
    // A newer checkpoint published under the same key: the next batch names step 20.
    await saveTestClassifier(store, key, { step: 20, seed: 2 });
    const sameAgain = r2(12, 10);
    const newer = r2(25, 20);
    const [cached, reloaded] = await corrupt(bus, [sameAgain, newer]);
    expect(cached).toMatchObject({ batchId: 'r2:12', checkpointStep: 10, staleness: 2 });
    expect(reloaded).toMatchObject({ batchId: 'r2:25', checkpointStep: 20, staleness: 5 });
    expect(service.stats().checkpointLoads).toBe(2);
    // Two more checkpoints evict the least recently used one; going back to it loads it again.
    const other1 = await saveTestClassifier(store, 'runs/r3/ckpt/1', { step: 1 });
    const other2 = await saveTestClassifier(store, 'runs/r3/ckpt/2', { step: 2 });
    await corrupt(bus, [
      cleanBatch({ batchId: 'r3:2', runId: 'r3', step: 2, checkpoint: { key: other1, step: 1 } }),
      cleanBatch({ batchId: 'r3:3', runId: 'r3', step: 3, checkpoint: { key: other2, step: 2 } }),
    ]);
    expect(service.stats().checkpointLoads).toBe(4);
    const back = await corrupt(bus, [r2(26, 20)]);
    expect(back[0]).toMatchObject({ checkpointStep: 20 });
    expect(service.stats().checkpointLoads).toBe(5);
    // The same batch id again (a redelivery): no second result.
    const out = await collect(bus, 'ada.batches.corrupted.v1');
    await waitFor(() => out.messages.length === 6, 'the six results so far');
    await publishEvents(bus, batchesCleanV1, [r2(26, 20)]);
    await waitFor(() => service.stats().duplicates === 1, 'the duplicate to be skipped');
    expect(out.messages).toHaveLength(6);
    await out.sub.close();
  });

  it('answers an augment request through RequestReplyClient, claim-checked both ways with a low inline limit', async () => {
    const { bus } = await startService({ inlineLimit: 1024 });
    const client = new RequestReplyClient(bus, {
      request: augmentRequestsV1,
      reply: augmentResultsV1,
      replyTopic: 'acme.augmented',
      groupId: 'acme-client',
    });
    await client.start();
    const pixels = testImages(4, 16, 3);
    const images = await toWireTensor('uint8', [4, 16, 16, 3], pixels, {
      store,
      keyPrefix: 'acme/in',
      inlineLimit: 1024,
    });
    expect(images.encoding).toBe('claim-check');
    const reply = await client.request(
      augmentRequest({ requestId: 'acme-1', classifier: ckpt0, replyTo: 'acme.augmented', images }),
      { timeoutMs: 60_000 },
    );
    expect(reply.status).toBe('ok');
    if (reply.status !== 'ok') return;
    expect(reply.images.encoding).toBe('claim-check');
    expect(reply.images.shape).toEqual([4, 16, 16, 3]);
    expect(reply.checkpointStep).toBe(0);
    expect(reply.ssim).toHaveLength(4);
    expect(reply.ssim.every((s) => s > 0.3 && s <= 1)).toBe(true);
    const out = await fromWireTensor(reply.images, { store });
    expect(out).toHaveLength(pixels.length);
    expect(Buffer.from(out).equals(Buffer.from(pixels))).toBe(false);
    // Inline request, default reply topic.
    const inline = await collect(bus, 'ada.augment.results.v1');
    await publishEvents(bus, augmentRequestsV1, [
      augmentRequest({ requestId: 'acme-2', classifier: ckpt0 }),
    ]);
    await waitFor(() => inline.messages.length === 1, 'the reply on ada.augment.results.v1');
    const second = decodeEvent(augmentResultsV1, inline.messages[0]?.value ?? null);
    expect(second).toMatchObject({ requestId: 'acme-2', status: 'ok' });
    if (second.status === 'ok') expect(second.images.encoding).toBe('claim-check');
    await inline.sub.close();
  });

  it('replies status failed (not retriable) for an unknown classifier, network or unusable images, and keeps serving', async () => {
    const { service, bus } = await startService({ inlineLimit: 16 * 1024 });
    const replies = await collect(bus, 'ada.augment.results.v1');
    const dead = await collect(bus, 'ada.dlq.v1');
    const gray = inlineTensor1Channel();
    await publishEvents(bus, augmentRequestsV1, [
      augmentRequest({ requestId: 'bad-clf', classifier: 'models/nope/manifest.json' }),
      augmentRequest({
        requestId: 'bad-net',
        classifier: ckpt0,
        config: { network: 'no-such-net' },
      }),
      augmentRequest({ requestId: 'gray', classifier: ckpt0, images: gray, labels: [1, 2] }),
      augmentRequest({ requestId: 'bad-label', classifier: ckpt0, labels: [0, 1, 2, 42] }),
      augmentRequest({ requestId: 'huge', classifier: ckpt0, n: 1, size: 300, labels: [0] }),
      augmentRequest({ requestId: 'good', classifier: ckpt0 }),
      augmentRequest({ requestId: '..', classifier: ckpt0, n: 24 }),
    ]);
    await waitFor(() => replies.messages.length === 7, 'seven replies');
    const byId = new Map<string, AugmentResultV1>(
      replies.messages.map((m) => {
        const r = decodeEvent(augmentResultsV1, m.value);
        return [r.requestId, r];
      }),
    );
    const failed = (id: string) => byId.get(id) as Extract<AugmentResultV1, { status: 'failed' }>;
    expect(failed('bad-clf')).toMatchObject({ status: 'failed', retriable: false });
    expect(failed('bad-clf').error).toContain("unknown classifier 'models/nope/manifest.json'");
    expect(failed('bad-net').error).toContain("unknown corruption network 'no-such-net'");
    expect(failed('gray').error).toContain('3 channels');
    expect(failed('bad-label').error).toContain('labels.3 is 42');
    expect(failed('huge').error).toContain('300x300, larger than the 256x256');
    expect(byId.get('good')?.status).toBe('ok');
    // An id that is not a valid key segment still gets its claim-checked images (24 x 768 B).
    expect(byId.get('..')).toMatchObject({ status: 'ok', images: { encoding: 'claim-check' } });
    expect(service.stats()).toMatchObject({ augmentRequests: 7, failedReplies: 5 });
    expect(dead.messages).toHaveLength(0);
    await replies.sub.close();
    await dead.sub.close();
  });

  it('dead-letters a clean batch naming an unknown checkpoint with reason failed and the key', async () => {
    const { bus } = await startService();
    const dead = await collect(bus, 'ada.dlq.v1');
    await publishEvents(bus, batchesCleanV1, [
      cleanBatch({
        batchId: 'r9:1',
        runId: 'r9',
        checkpoint: { key: 'runs/r9/ckpt/0/manifest.json', step: 0 },
      }),
    ]);
    await waitFor(() => dead.messages.length === 1, 'the dead letter');
    const entry = decodeEvent(dlqV1, dead.messages[0]?.value ?? null);
    expect(entry.reason).toBe('failed');
    expect(entry.error.message).toContain("unknown classifier 'runs/r9/ckpt/0/manifest.json'");
    await dead.sub.close();
  });

  it('leaves no tensors behind after a batch', async () => {
    const { bus } = await startService();
    const batch = cleanBatch({ batchId: 'r1:40', step: 40, checkpoint: { key: ckpt0, step: 0 } });
    await corrupt(bus, [batch]);
    const before = tf.memory().numTensors;
    await corrupt(bus, [{ ...batch, batchId: 'r1:41' }]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Two 16x16 grayscale images: valid on the wire, but the corruption networks need RGB. */
function inlineTensor1Channel() {
  const bytes = new Uint8Array(2 * 16 * 16).fill(100);
  return {
    encoding: 'inline' as const,
    dtype: 'uint8' as const,
    shape: [2, 16, 16, 1],
    data: Buffer.from(bytes).toString('base64'),
  };
}
