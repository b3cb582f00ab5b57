import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessBus, publishEvents, subscribeEvents } from '@ada/bus';
import {
  batchesCleanV1,
  batchesCorruptedV1,
  fromWireTensor,
  inlineTensor,
  sha256Hex,
  toWireTensor,
  type CleanBatchV1,
  type CorruptedBatchV1,
} from '@ada/contracts';
import { FsArtifactStore } from '@ada/store';
import { MissingBatchError, RemoteAda, type RemoteAdaOptions } from './remote_ada.ts';
import { waitFor } from '@ada/test-helpers';

// RemoteAda against a test-local worker on the in-process bus: the worker inverts the clean
// images (255 - v) so the test can tell corrupted from clean bytes, and can be told to drop,
// repeat or age a batch.
const dir = mkdtempSync(join(tmpdir(), 'remote-ada-'));
const store = new FsArtifactStore({ root: dir });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface WorkerPlan {
  drop?: Set<number>;
  repeat?: Set<number>;
  staleness?: (b: CleanBatchV1) => number;
  /** Hold replies until released (to test late arrivals). */
  hold?: Set<number>;
  /** Reply with the images claim-checked to the store. */
  claim?: boolean;
}

let runs = 0;
async function setup(
  options: Partial<RemoteAdaOptions>,
  plan: WorkerPlan = {},
): Promise<{
  remote: RemoteAda;
  bus: InProcessBus;
  seen: CleanBatchV1[];
  held: CorruptedBatchV1[];
  reply(b: CorruptedBatchV1): Promise<void>;
}> {
  const bus = new InProcessBus();
  const runId = `run-${++runs}`;
  const seen: CleanBatchV1[] = [];
  const held: CorruptedBatchV1[] = [];
  const reply = (b: CorruptedBatchV1) => publishEvents(bus, batchesCorruptedV1, [b]);
  await subscribeEvents(bus, {
    contract: batchesCleanV1,
    groupId: 'test-worker',
    handler: async (b) => {
      seen.push(b);
      const bytes = await fromWireTensor(b.images, { store });
      const out: CorruptedBatchV1 = {
        batchId: b.batchId,
        runId: b.runId,
        step: b.step,
        at: new Date().toISOString(),
        workerId: 'test-worker',
        checkpointStep: b.checkpoint.step,
        staleness: plan.staleness?.(b) ?? b.step - b.checkpoint.step,
        images: plan.claim
          ? await toWireTensor(
              'uint8',
              b.images.shape,
              bytes.map((v) => 255 - v),
              {
                store,
                keyPrefix: `runs/${b.runId}/corrupted`,
                inlineLimit: 0,
              },
            )
          : inlineTensor(
              'uint8',
              b.images.shape,
              bytes.map((v) => 255 - v),
            ),
        ssim: b.labels.map(() => 0.9),
        lineSearchSteps: b.labels.map(() => 0),
        lossBefore: 1,
        lossAfter: 2,
      };
      if (plan.drop?.has(b.step)) return;
      if (plan.hold?.has(b.step)) return void held.push(out);
      await reply(out);
      if (plan.repeat?.has(b.step)) await reply(out);
    },
  });
  const remote = new RemoteAda({
    bus,
    store,
    runId,
    incarnation: 'abcd',
    config: { network: 'rdn-slim-x2', nu: 0.015, steps: 1 },
    totalSteps: 6,
    lookahead: 2,
    maxStaleness: 3,
    batchTimeoutMs: 5_000,
    onMissing: 'fail',
    cleanBatch: async (step) => ({
      images: new Uint8Array(2 * 12 * 12 * 3).fill(step),
      shape: [2, 12, 12, 3],
      labels: [step % 10, (step + 1) % 10],
      seed: step,
    }),
    ...options,
  });
  await remote.start(
    { step: 0, key: `runs/${runId}/ckpt/0/manifest.json`, sha256: 'a'.repeat(64) },
    0,
  );
  return { remote, bus, seen, held, reply };
}

describe('RemoteAda (6 steps of 2 images [12, 12, 3], lookahead 2, staleness bound 3)', () => {
  it('publishes ahead within the staleness bound and hands each step its own corrupted batch', async () => {
    const { remote, bus, seen } = await setup({});
    const first = await remote.take(0);
    // Steps 0..2 go out at once (lookahead 2); the newest checkpoint is step 0.
    await waitFor(() => seen.length >= 3);
    expect(seen.map((b) => b.step)).toEqual([0, 1, 2]);
    expect(seen.every((b) => b.checkpoint.step === 0)).toBe(true);
    expect(first).toMatchObject({ kind: 'ok', batchId: 'run-1.abcd.s0', ssim: [0.9, 0.9] });
    expect(first.kind === 'ok' && first.images.every((v) => v === 255)).toBe(true);
    for (const step of [1, 2, 3]) expect((await remote.take(step)).kind).toBe('ok');
    // Step 4 would be 4 steps past checkpoint 0: not published until a newer checkpoint.
    expect(seen.map((b) => b.step)).toEqual([0, 1, 2, 3]);
    remote.setCheckpoint({
      step: 4,
      key: 'runs/run-1/ckpt/4/manifest.json',
      sha256: 'b'.repeat(64),
    });
    const got = await remote.take(4);
    expect(got.kind === 'ok' && got.images.every((v) => v === 255 - 4)).toBe(true);
    expect(seen.map((b) => [b.step, b.checkpoint.step])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 4],
      [5, 4],
    ]);
    // Batches are keyed by batch id: one run spreads over the worker group's partitions.
    expect(remote.stats).toMatchObject({
      published: 6,
      missing: [],
      duplicates: 0,
      maxStalenessSeen: 3,
    });
    expect(remote.stats.used).toEqual([0, 1, 2, 3, 4].map((s) => `run-1.abcd.s${s}`));
    await remote.close();
    await bus.close();
  });

  it('counts a redelivered corrupted batch once and ignores batch ids it did not publish', async () => {
    const { remote, bus, reply } = await setup({}, { repeat: new Set([0, 1]) });
    expect((await remote.take(0)).kind).toBe('ok');
    expect((await remote.take(1)).kind).toBe('ok');
    // An earlier incarnation's reply for step 2 (same run, other batch id) is not step 2's.
    await reply({
      batchId: 'run-2.old0.s2',
      runId: 'run-2',
      step: 2,
      at: new Date().toISOString(),
      workerId: 'w',
      checkpointStep: 0,
      staleness: 2,
      images: inlineTensor('uint8', [2, 12, 12, 3], new Uint8Array(864)),
      ssim: [1, 1],
      lineSearchSteps: [0, 0],
      lossBefore: 0,
      lossAfter: 0,
    });
    const two = await remote.take(2);
    expect(two.kind === 'ok' && two.batchId).toBe('run-2.abcd.s2');
    expect(remote.stats).toMatchObject({ duplicates: 2, foreign: 1 });
    expect(remote.stats.used).toHaveLength(3);
    await remote.close();
    await bus.close();
  });

  it("fails the step with MissingBatchError after batchTimeoutMs when onMissing is 'fail'", async () => {
    const { remote, bus } = await setup({ batchTimeoutMs: 200 }, { drop: new Set([1]) });
    expect((await remote.take(0)).kind).toBe('ok');
    const t0 = Date.now();
    await expect(remote.take(1)).rejects.toThrow(MissingBatchError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    await expect(remote.take(2)).resolves.toMatchObject({ kind: 'ok' });
    await remote.close();
    await bus.close();
  });

  it("trains a missing batch clean and counts it when onMissing is 'clean'; a late reply is not used", async () => {
    const { remote, bus, held, reply } = await setup(
      { batchTimeoutMs: 200, onMissing: 'clean' },
      { hold: new Set([1]) },
    );
    expect((await remote.take(0)).kind).toBe('ok');
    expect(await remote.take(1)).toEqual({
      kind: 'missing',
      batchId: 'run-4.abcd.s1',
      reason: 'no corrupted batch within 200 ms',
    });
    await reply(held[0]!);
    expect((await remote.take(2)).kind).toBe('ok');
    expect(remote.stats.missing).toEqual([
      { step: 1, batchId: 'run-4.abcd.s1', reason: 'no corrupted batch within 200 ms' },
    ]);
    expect(remote.stats.late).toBe(1);
    expect(remote.stats.used).toEqual(['run-4.abcd.s0', 'run-4.abcd.s2']);
    await remote.close();
    await bus.close();
  });

  it('rejects a reply over the staleness bound at once', async () => {
    const { remote, bus } = await setup(
      { batchTimeoutMs: 60_000, onMissing: 'clean' },
      { staleness: (b) => (b.step === 1 ? 7 : 0) },
    );
    const t0 = Date.now();
    expect((await remote.take(0)).kind).toBe('ok');
    expect(await remote.take(1)).toMatchObject({
      kind: 'missing',
      reason: 'corrupted batch run-5.abcd.s1 is 7 steps stale (bound 3)',
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(remote.stats.stale).toBe(1);
    await remote.close();
    await bus.close();
  });

  it('claim-checked batches: the images come from the store and both claim checks are deleted once the step is taken', async () => {
    const { remote, bus, seen } = await setup({ inlineLimit: 0 }, { claim: true });
    const got = await remote.take(0);
    expect(got.kind === 'ok' && got.images.every((v) => v === 255)).toBe(true);
    expect(seen[0]!.images.encoding).toBe('claim-check');
    // Steps 1 and 2 were published ahead and are not taken yet: only their clean claims stay.
    await waitFor(() => seen.length >= 3);
    const key = (b: CleanBatchV1) => (b.images.encoding === 'claim-check' ? b.images.key : '');
    const claims = (await store.list('runs/run-6/claims/')).map((o) => o.key);
    expect(claims.sort()).toEqual([key(seen[1]!), key(seen[2]!)].sort());
    // The corrupted images of step 0 (all 255 - 0), content-addressed, are gone.
    const corrupted0 = `runs/run-6/corrupted/${sha256Hex(new Uint8Array(864).fill(255))}`;
    expect(await store.exists(corrupted0)).toBe(false);
    expect((await remote.take(1)).kind).toBe('ok');
    await waitFor(() => seen.length >= 4);
    expect((await store.list('runs/run-6/claims/')).map((o) => o.key).sort()).toEqual(
      [key(seen[2]!), key(seen[3]!)].sort(),
    );
    await remote.close();
    await bus.close();
  });

  it('waits only a short grace period once shutdown is signalled, then trains clean', async () => {
    const abort = new AbortController();
    const { remote, bus } = await setup(
      { batchTimeoutMs: 60_000, signal: abort.signal, shutdownGraceMs: 100 },
      { drop: new Set([0]) },
    );
    setTimeout(() => abort.abort(), 50);
    expect(await remote.take(0)).toMatchObject({ kind: 'missing', reason: 'shutdown' });
    await remote.close();
    await bus.close();
  });
});
