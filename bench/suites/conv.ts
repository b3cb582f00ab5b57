import { benchmarkConv, HEADLINE_CONV } from '@ada/tensor';
import type { ConvSpec } from '@ada/tensor';
import type { BenchRow, BenchSuite } from '../types.ts';

/** Representative convolutions of a CIFAR ResNet: the headline 3x3, a stride-2 one, a 1x1. */
const CASES: Array<{ name: string; spec: ConvSpec; quick: boolean }> = [
  { name: 'conv 3x3 64->64 32x32 b32', spec: HEADLINE_CONV, quick: true },
  {
    name: 'conv 3x3 64->128 32x32 b32 stride 2',
    spec: { ...HEADLINE_CONV, outChannels: 128, stride: 2 },
    quick: false,
  },
  {
    name: 'conv 1x1 64->128 32x32 b32 stride 2',
    spec: { ...HEADLINE_CONV, kernel: 1, outChannels: 128, stride: 2 },
    quick: false,
  },
  {
    name: 'conv 1x1 64->64 32x32 b32',
    spec: { ...HEADLINE_CONV, kernel: 1 },
    quick: false,
  },
  {
    name: 'conv 3x3 3->64 32x32 b32 (stem)',
    spec: { ...HEADLINE_CONV, inChannels: 3 },
    quick: false,
  },
];

export const convSuite: BenchSuite = {
  name: 'conv2d',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const c of CASES) {
      if (ctx.quick && !c.quick) continue;
      const t = await benchmarkConv(c.spec, ctx.quick ? { warmup: 1, reps: 1 } : { reps: 3 });
      rows.push({
        case: c.name,
        forwardMs: t.forwardMs,
        forwardFlops: t.forwardFlops,
        forwardBackwardMs: t.forwardBackwardMs,
      });
    }
    return rows;
  },
};
