import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LogProgress, progressIntervalMs } from './progress.ts';

function records(run: (p: LogProgress, tick: (ms: number) => void) => void): string[] {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  let clock = 0;
  const p = new LogProgress(stream, 30_000, () => clock);
  run(p, (ms) => (clock += ms));
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const r = JSON.parse(l) as { event: string; phase?: string; done?: number; message?: string };
      return r.event === 'log' ? `log ${r.message}` : `${r.phase} ${r.done}`;
    });
}

describe('LogProgress (JSON lines without a terminal)', () => {
  it('a 10-minute phase of 6000 steps gives its first, its last and one record per 30 s', () => {
    const out = records((p, tick) => {
      for (let step = 1; step <= 6000; step++) {
        tick(100);
        p.update({ phase: 'train', done: step, total: 6000 });
      }
    });
    expect(out[0]).toBe('train 1');
    expect(out.at(-1)).toBe('train 6000');
    expect(out.length).toBe(21);
  });

  it('fast phases give two records each; the interval is shared by phases at once', () => {
    const out = records((p, tick) => {
      for (const phase of ['benchmark', 'eval']) {
        for (let i = 1; i <= 75; i++) {
          tick(10);
          p.update({ phase, done: i, total: 75 });
        }
      }
      p.log('done');
      for (let s = 1; s <= 600; s++) {
        tick(1000);
        p.update({ phase: 'train a', done: s, total: 1000 });
        p.update({ phase: 'train b', done: s, total: 1000 });
      }
    });
    expect(out.slice(0, 5)).toEqual([
      'benchmark 1',
      'benchmark 75',
      'eval 1',
      'eval 75',
      'log done',
    ]);
    // 599 s of two phases after their first records: one record (of either) per 30 s.
    expect(out.length - 5).toBe(2 + 19);
  });

  it('ADA_PROGRESS_INTERVAL sets the interval in seconds', () => {
    expect(progressIntervalMs(undefined)).toBe(30_000);
    expect(progressIntervalMs('1')).toBe(1000);
    expect(() => progressIntervalMs('fast')).toThrow(/ADA_PROGRESS_INTERVAL must be a number/);
  });
});
