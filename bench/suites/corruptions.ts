import { ALL_CORRUPTIONS, corruptBatch, SEVERITIES } from '@ada/corruptions';
import { RandomState } from '@ada/data';
import type { BenchRow, BenchSuite } from '../types.ts';

/**
 * Generation throughput of each of the 19 CIFAR-10-C corruptions on 32x32x3 uint8 images
 * (per-image seeding, all 5 severities, or severity 3 only with `--quick`). The corruptions are
 * plain JavaScript on typed arrays, so the numbers do not depend on the tfjs backend. Rows give
 * ms per batch; the note gives images/s and the projected time for CIFAR-10-C (10k x 5).
 */
export const corruptionsSuite: BenchSuite = {
  name: 'corruptions',
  async run(ctx) {
    const n = ctx.quick ? 16 : 128;
    const severities = ctx.quick ? ([3] as const) : SEVERITIES;
    const rng = new RandomState(1);
    const images = Uint8Array.from({ length: n * 3072 }, () => rng.randint(0, 256));
    const rows: BenchRow[] = [];
    for (const name of ALL_CORRUPTIONS) {
      corruptBatch(name, images.subarray(0, 2 * 3072), 2, 32, 32, 1); // warm-up (JIT, caches)
      const t0 = performance.now();
      for (const s of severities) corruptBatch(name, images, n, 32, 32, s, { seed: 1 });
      const ms = performance.now() - t0;
      const count = n * severities.length;
      const perSecond = (count * 1000) / ms;
      rows.push({
        case: `${name} 32x32 x${n} x${severities.length} sev`,
        forwardMs: ms,
        note: `${perSecond.toFixed(0)} images/s (plain JS), CIFAR-10-C 50k images ~${(50000 / perSecond).toFixed(0)} s`,
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return rows;
  },
};
