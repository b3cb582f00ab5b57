import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeDemoDataset } from './make_demo_dataset.ts';
import { DemoRng } from './rng.ts';

describe('DemoRng', () => {
  it('pinned outputs for (seed 42, stream 1, index 1234) and (0, 0, 0): the demo data never changes', () => {
    const a = new DemoRng(42, 1, 1234);
    expect([a.nextUint32(), a.nextUint32(), a.nextUint32()]).toEqual([
      1063019121, 1137775730, 3325066618,
    ]);
    const b = new DemoRng(0, 0, 0);
    expect([b.nextUint32(), b.nextUint32()]).toEqual([1215474045, 2754298949]);
  });

  it('pinned bytes: 8 test images of seed 3 hash to the same sha256', () => {
    const ds = makeDemoDataset({ split: 'test', size: 8, seed: 3 });
    expect(createHash('sha256').update(ds.images).digest('hex')).toBe(
      '20c28b6f72042abf5ab5cfcdfdcbc7be6b7d2779901b71451b1b23a6a8b2d4bc',
    );
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
