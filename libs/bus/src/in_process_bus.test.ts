import { describe, expect, it } from 'vitest';
import type { DeliveredMessage } from './bus.ts';
import { InProcessBus } from './in_process_bus.ts';

const text = (m: DeliveredMessage) => new TextDecoder().decode(m.value ?? new Uint8Array());
const value = (i: number) => new TextEncoder().encode(`m${String(i).padStart(3, '0')}`); // 4 bytes

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('InProcessBus retention', () => {
  it('retentionBytes 40, 1 partition, 100 x 4-byte messages: the newest 10 are kept', async () => {
    const bus = new InProcessBus({ retentionBytes: 40 });
    await bus.publish(
      't',
      Array.from({ length: 100 }, (_, i) => ({ key: 'k', value: value(i) })),
    );
    expect(bus.retainedMessages('t')).toBe(10);
    const got: DeliveredMessage[] = [];
    await bus.subscribe({ topic: 't', groupId: 'late', handler: async (m) => void got.push(m) });
    await until(() => got.length === 10);
    expect(got.map(text)).toEqual(Array.from({ length: 10 }, (_, i) => `m0${90 + i}`));
    expect(got[0]?.offset).toBe('90');
    await bus.close();
  });

  it('a lagging group whose next message was dropped resumes at the oldest kept', async () => {
    const bus = new InProcessBus({ retentionBytes: 8 });
    let release: () => void = () => undefined;
    let holding = false;
    const got: string[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'slow',
      handler: async (m) => {
        if (text(m) === 'm000') {
          await new Promise<void>((r) => {
            release = r;
            holding = true;
          });
        }
        got.push(text(m));
      },
    });
    await bus.publish('t', [{ key: 'k', value: value(0) }]);
    await until(() => holding);
    await bus.publish(
      't',
      [1, 2, 3, 4].map((i) => ({ key: 'k', value: value(i) })),
    );
    expect(bus.retainedMessages('t')).toBe(2);
    release();
    await until(() => got.includes('m004'));
    expect(got).toEqual(['m000', 'm003', 'm004']);
    await bus.close();
  });

  it('Infinity keeps everything; a single message larger than the limit is still kept', async () => {
    const all = new InProcessBus({ retentionBytes: Infinity });
    await all.publish(
      't',
      Array.from({ length: 50 }, (_, i) => ({ key: null, value: value(i) })),
    );
    expect(all.retainedMessages('t')).toBe(50);
    const tiny = new InProcessBus({ retentionBytes: 1 });
    await tiny.publish('t', [{ key: 'k', value: value(1) }]);
    expect(tiny.retainedMessages('t')).toBe(1);
    expect(() => new InProcessBus({ retentionBytes: -1 })).toThrow(/Argument 'retentionBytes'/);
  });
});
