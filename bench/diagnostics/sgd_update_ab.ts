/**
 * The classifier training step (`train_step.ts`: w1/8 pre-act ResNet-18, batch 64 by default)
 * with the per-tensor and with the fused SGD Nesterov update, in one process on one backend,
 * one step of each per round, alternating which goes first: median and fastest ms per step and
 * per optimizer update of each, the median of the rounds' fused / per-tensor ratios, and the load
 * average before and after (the machine may be shared, so the ratios are the figures to read,
 * not the absolute times).
 *
 * ```sh
 * npx tsx bench/diagnostics/sgd_update_ab.ts [--backend tensorflow] [--preset resnet18-w0.125] [--rounds 20]
 * ```
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, isBackendName } from '@ada/tensor';
import type { ClassifierPreset } from '@ada/models';
import type { SgdUpdateMode } from '@ada/training';
import { makeTrainStep } from './train_step.ts';

const { values: o } = parseArgs({
  options: {
    backend: { type: 'string', default: 'tensorflow' },
    preset: { type: 'string', default: 'resnet18-w0.125' },
    rounds: { type: 'string', default: '20' },
  },
});
if (!isBackendName(o.backend!)) throw new Error(`Unknown backend '${o.backend}'`);
const rounds = Number(o.rounds);
const info = await initBackend({ backend: o.backend, log: false });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`backend ${info.name}, ${o.preset}, load average ${load()} (1, 5, 15 min)`);

const modes: SgdUpdateMode[] = ['per-tensor', 'fused'];
const sides = modes.map((mode) => ({
  mode,
  run: makeTrainStep(o.preset as ClassifierPreset, mode),
  stepMs: [] as number[],
  updateMs: [] as number[],
}));
for (const side of sides) for (let i = 0; i < 2; i++) await side.run.step();
for (let r = 0; r < rounds; r++) {
  for (const side of r % 2 ? [...sides].reverse() : sides) {
    const t0 = performance.now();
    const { updateMs } = await side.run.step();
    side.stepMs.push(performance.now() - t0);
    side.updateMs.push(updateMs);
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const side of sides) {
  console.log(
    `${side.mode.padEnd(10)} step median ${median(side.stepMs).toFixed(1)} ms, fastest ${Math.min(...side.stepMs).toFixed(1)} ms; update median ${median(side.updateMs).toFixed(1)} ms, fastest ${Math.min(...side.updateMs).toFixed(1)} ms (${rounds} steps)`,
  );
  side.run.dispose();
}
const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
const ratio = (key: 'stepMs' | 'updateMs'): string => {
  const r = median(a[key].map((ms, i) => b[key][i]! / ms));
  return `${r.toFixed(3)} (speed-up ${(1 / r).toFixed(2)}x)`;
};
console.log(`fused / per-tensor, median of the rounds' ratios: step ${ratio('stepMs')}`);
console.log(`fused / per-tensor, median of the rounds' ratios: update ${ratio('updateMs')}`);
console.log(`load average ${load()}`);
