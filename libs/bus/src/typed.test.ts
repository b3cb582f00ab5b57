import { afterAll, describe, expect, it } from 'vitest';
import { HEADER_MESSAGE_ID, runsV1, type RunEventV1 } from '@ada/contracts';
import { InProcessBus } from './in_process_bus.ts';
import { publishEvents } from './typed.ts';
import { collect, waitFor } from './testing/harness.ts';

const bus = new InProcessBus();
afterAll(() => bus.close());

const event = (runId: string, n: number): RunEventV1 => ({
  eventId: `${runId}:started:${n}`,
  runId,
  at: '2026-01-01T00:00:00.000Z',
  type: 'started',
});

describe('publishEvents keys', () => {
  it('keys messages by the contract (run id) by default and by options.keyOf when given', async () => {
    const { messages, sub } = await collect(bus, 'test.typed.keys');
    await publishEvents(bus, runsV1, [event('r1', 1)], { topic: 'test.typed.keys' });
    await publishEvents(bus, runsV1, [event('r1', 2)], {
      topic: 'test.typed.keys',
      keyOf: (e) => e.eventId,
    });
    await waitFor(() => messages.length === 2, 'both messages');
    expect(messages.map((m) => m.key)).toEqual(['r1', 'r1:started:2']);
    expect(messages.map((m) => m.headers[HEADER_MESSAGE_ID])).toEqual([
      'r1:started:1',
      'r1:started:2',
    ]);
    await sub.close();
  });
});
