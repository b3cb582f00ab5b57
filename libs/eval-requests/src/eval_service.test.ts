import { afterAll, describe, expect, it } from 'vitest';
import { publishEvents } from '@ada/bus';
import { collect, waitFor } from '@ada/bus/testing';
import { decodeEvent, evalRequestsV1, evalResultsV1, TOPICS } from '@ada/contracts';
import { silentLogger } from '@ada/service-kit';
import { createEvalService } from './eval_service.ts';
import { storeAndBus } from './test_fixtures.ts';

const { store, bus, dispose } = storeAndBus('eval-service-');
afterAll(dispose);

describe('createEvalService', () => {
  it('runs its start before consuming, answers over the bus, drains, then runs its stop', async () => {
    const events: string[] = [];
    const service = createEvalService(
      { bus, store, requestsTopic: 'test.svc.requests', resultsTopic: 'test.svc.results' },
      {
        name: 'test-eval-service',
        logPrefix: 'test',
        log: silentLogger(),
        serves: (kind) => kind === 'clean',
        evaluate: async (r) => {
          events.push(`evaluate ${r.requestId}`);
          return {
            metrics: { accuracy: 0.5 },
            table: { columns: ['clean'], rows: [{ label: 'x', values: [0.5] }] },
            markdown: '',
          };
        },
        start: async () => void events.push('start'),
        stop: async () => void events.push('stop'),
      },
    );
    expect(service.name).toBe('test-eval-service');
    const replies = await collect(bus, 'test.svc.results');
    const dlq = await collect(bus, TOPICS.dlq);
    await service.start();
    expect(service.isConsuming()).toBe(true);
    await publishEvents(
      bus,
      evalRequestsV1,
      [
        {
          requestId: 'svc-1',
          at: new Date().toISOString(),
          kind: 'clean',
          checkpoint: { key: 'runs/r/ckpt/1/manifest.json', step: 1 },
          params: {},
        },
      ],
      { topic: 'test.svc.requests' },
    );
    await bus.publish('test.svc.requests', [
      { key: 'junk', value: new TextEncoder().encode('{"requestId": 5}') },
    ]);
    await waitFor(() => replies.messages.length === 1, 'the reply');
    expect(decodeEvent(evalResultsV1, replies.messages[0]!.value)).toMatchObject({
      requestId: 'svc-1',
      status: 'ok',
    });
    await waitFor(() => dlq.messages.length === 1, 'the malformed request dead-lettered');
    await service.drain();
    expect(service.isConsuming()).toBe(false);
    await service.stop();
    expect(events).toEqual(['start', 'evaluate svc-1', 'stop']);
    expect(service.stats()).toEqual({ evaluated: 1, failed: 0, replayed: 0, ignored: 0 });
    await replies.sub.close();
    await dlq.sub.close();
  });
});
