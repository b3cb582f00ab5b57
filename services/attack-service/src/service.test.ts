import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus, publishEvents } from '@ada/bus';
import { collect, waitFor } from '@ada/bus/testing';
import {
  decodeEvent,
  dlqV1,
  evalRequestsV1,
  evalResultsV1,
  TOPICS,
  type EvalResultV1,
} from '@ada/contracts';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { silentLogger } from '@ada/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttackService, type AttackService } from './service.ts';
import { lpRequest, saveTestCheckpointAndData } from './testing/fixtures.ts';

/**
 * The service on the in-process bus and a filesystem store: one service (one worker thread) for
 * the whole file; a fresh resnet18-w0.125 checkpoint and a shard set of 6 demo images labelled
 * with its own predictions (clean accuracy 1).
 */
let dir: string;
let bus: InProcessBus;
let store: FsArtifactStore;
let service: AttackService;
let ckpt: string;
let results: Awaited<ReturnType<typeof collect>>;

const replies = (id: string, m = results.messages) =>
  m.map((x) => decodeEvent(evalResultsV1, x.value)).filter((r) => r.requestId === id);

async function ask(request: Parameters<typeof lpRequest>, count = 1): Promise<EvalResultV1> {
  const r = lpRequest(...request);
  await publishEvents(bus, evalRequestsV1, [r]);
  await waitFor(() => replies(r.requestId).length >= count, `reply to ${r.requestId}`, 90_000);
  return replies(r.requestId).at(-1)!;
}

beforeAll(async () => {
  await initBackend({ log: false });
  dir = await mkdtemp(join(tmpdir(), 'attack-service-'));
  store = new FsArtifactStore({ root: dir });
  bus = new InProcessBus();
  ckpt = await saveTestCheckpointAndData(store, 'runs/t1/ckpt/7', 'datasets/own-labels', 6);
  service = createAttackService({ bus, store, log: silentLogger(), workers: 1 });
  await service.start();
  results = await collect(bus, TOPICS.evalResults);
});

afterAll(async () => {
  await service?.drain();
  await service?.stop();
  await bus?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('attack-service (in-process bus, filesystem store)', () => {
  it('answers lp-robustness: clean 1 on its own labels, robust 0 at linf 0.5, table stored', async () => {
    const reply = await ask([
      'r-ok',
      ckpt,
      { norm: 'linf', epsilon: 0.5, examples: 6, dataset: 'datasets/own-labels' },
    ]);
    expect(reply.status).toBe('ok');
    if (reply.status !== 'ok') return;
    expect(reply.metrics['cleanAccuracy']).toBe(1);
    expect(reply.metrics['robustAccuracy']).toBe(0);
    expect(reply.metrics['robustAccuracy.apgd-ce']).toBeDefined();
    expect(reply.metrics['robustAccuracy.square']).toBe(0);
    expect(reply.metrics['examples']).toBe(6);
    expect(reply.metrics['gradientEvaluations']).toBeGreaterThan(0);
    expect(reply.tableKey).toBe('evals/r-ok/table.json');
    const table = JSON.parse(new TextDecoder().decode(await store.get(reply.tableKey!))) as {
      rows: { label: string }[];
    };
    expect(table.rows.map((r) => r.label)).toEqual([
      'clean',
      'apgd-ce',
      'apgd-t',
      'square',
      'robust (linf, eps 0.5)',
    ]);
    expect(new TextDecoder().decode(await store.get('evals/r-ok/table.md'))).toMatch(/apgd-ce/);
    expect(await store.exists('evals/r-ok/reply.json')).toBe(true);
  });

  it('keeps the main thread responsive while the worker thread attacks (timer ticks every ~50 ms)', async () => {
    let ticks = 0;
    let worstGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 50);
    try {
      const t0 = Date.now();
      const reply = await ask([
        'r-long',
        ckpt,
        {
          norm: 'l2',
          epsilon: 0.01,
          examples: 6,
          dataset: 'datasets/own-labels',
          iterations: 40,
          attacks: 'apgd-ce',
        },
      ]);
      const seconds = (Date.now() - t0) / 1000;
      expect(reply.status).toBe('ok');
      expect(seconds).toBeGreaterThan(1);
      expect(ticks).toBeGreaterThan(seconds * 5);
      expect(worstGap).toBeLessThan(1000);
    } finally {
      clearInterval(timer);
    }
  });

  it('is idempotent by request id: a redelivery is answered from the stored reply', async () => {
    const before = service.stats();
    const again = await ask(
      ['r-ok', ckpt, { norm: 'linf', epsilon: 0.5, examples: 6, dataset: 'datasets/own-labels' }],
      2,
    );
    const [first] = replies('r-ok');
    expect(again).toEqual(first);
    expect(service.stats()).toMatchObject({
      evaluated: before.evaluated,
      replayed: before.replayed + 1,
    });
  });

  it('eps 0 on demo labels: robust accuracy equals clean accuracy; honours replyTo', async () => {
    const own = await collect(bus, 'test.replies.attack');
    const r = lpRequest(
      'r-eps0',
      ckpt,
      { norm: 'l2', epsilon: 0, examples: 6, attacks: 'apgd-ce' },
      { replyTo: 'test.replies.attack' },
    );
    await publishEvents(bus, evalRequestsV1, [r]);
    await waitFor(() => replies('r-eps0', own.messages).length === 1, 'reply on replyTo', 60_000);
    const reply = replies('r-eps0', own.messages)[0]!;
    expect(reply.status).toBe('ok');
    if (reply.status === 'ok')
      expect(reply.metrics['robustAccuracy']).toBe(reply.metrics['cleanAccuracy']);
    expect(replies('r-eps0')).toHaveLength(0);
    await own.sub.close();
  });

  it.each([
    ['r-bad-eps', { norm: 'linf', epsilon: 'lots' }, "'params.epsilon'"],
    ['r-bad-norm', { norm: 'l0', epsilon: 0.1 }, "'params.norm'"],
    ['r-bad-attack', { norm: 'l2', epsilon: 0.1, attacks: 'apgd-ce,fab' }, "'params.attacks'"],
    ['r-bad-data', { norm: 'l2', epsilon: 0.1, dataset: 'datasets/nothing' }, 'params.dataset'],
  ] as const)('%s: failed reply naming the field', async (id, params, field) => {
    const reply = await ask([id, ckpt, params]);
    expect(reply).toMatchObject({ status: 'failed', requestId: id });
    if (reply.status === 'failed') expect(reply.error).toContain(field);
  });

  it('a missing checkpoint is a failed reply naming checkpoint.key', async () => {
    const reply = await ask([
      'r-no-ckpt',
      'runs/none/ckpt/1/manifest.json',
      { norm: 'linf', epsilon: 0.1 },
    ]);
    expect(reply.status).toBe('failed');
    if (reply.status === 'failed')
      expect(reply.error).toMatch(
        /checkpoint 'runs\/none\/ckpt\/1\/manifest.json' is not in the store/,
      );
  });

  it('skips the metrics kinds without a reply, and dead-letters malformed requests', async () => {
    const dlq = await collect(bus, TOPICS.dlq);
    const ignored = service.stats().ignored;
    await publishEvents(bus, evalRequestsV1, [
      { ...lpRequest('r-clean', ckpt, {}), kind: 'clean' },
    ]);
    await bus.publish(TOPICS.evalRequests, [
      { key: 'junk', value: new TextEncoder().encode('{"requestId": 5}') },
    ]);
    await waitFor(() => dlq.messages.length >= 1, 'the dead letter', 30_000);
    const entry = decodeEvent(dlqV1, dlq.messages[0]!.value);
    expect(entry.reason).toBe('invalid');
    expect(entry.source.topic).toBe(TOPICS.evalRequests);
    await waitFor(
      () => service.stats().ignored === ignored + 1,
      'the clean request to be skipped',
      30_000,
    );
    expect(replies('r-clean')).toHaveLength(0);
    await dlq.sub.close();
  });
});
