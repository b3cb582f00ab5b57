import { benchmarkConv, describeConv, HEADLINE_CONV } from '@ada/tensor';
import type { ConvSpec } from '@ada/tensor';
import type { BenchRow, BenchSuite } from '../types.ts';

/** Representative convolutions of a CIFAR ResNet: the headline 3x3, stride-2 ones, 1x1s, the stem. */
/** `quick`: also run with `--quick` and on the cpu backend. */
const CASES: Array<{ spec: ConvSpec; quick: boolean }> = [
  { spec: HEADLINE_CONV, quick: true },
  { spec: { ...HEADLINE_CONV, outChannels: 128, stride: 2 }, quick: false },
  { spec: { ...HEADLINE_CONV, kernel: 1, outChannels: 128, stride: 2 }, quick: false },
  { spec: { ...HEADLINE_CONV, kernel: 1 }, quick: false },
  { spec: { ...HEADLINE_CONV, inChannels: 3 }, quick: false },
];

export const convSuite: BenchSuite = {
  name: 'conv2d',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const { spec, quick } of CASES) {
      // The cpu backend's own conv gradient kernels take minutes here: headline case only.
      if ((ctx.quick || ctx.backend === 'cpu') && !quick) continue;
      const t = await benchmarkConv(spec, ctx.timeOptions);
      rows.push({
        case: describeConv(spec),
        forwardMs: t.forwardMs,
        forwardFlops: t.forwardFlops,
        forwardBackwardMs: t.forwardBackwardMs,
      });
    }
    return rows;
  },
};
