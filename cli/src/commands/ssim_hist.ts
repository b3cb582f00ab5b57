import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { AdaAugmenter, OFFSET_MODES, type OffsetMode } from '@ada/ada';
import { histogram, renderHistogramPng, summarize } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import { createProgress } from '../util/progress.ts';
import {
  addAdaInputOptions,
  loadClassifierFn,
  loadImages,
  readImageInputs,
  loadNetwork,
  parseCount,
  parseStepRule,
  type AdaToolOptions,
} from '../util/ada_inputs.ts';
import { prepareOutputDir } from '../util/cli_files.ts';

interface SsimHistOptions extends AdaToolOptions {
  nu: string;
  out: string;
  steps: string;
  batch: string;
  bins: string;
  offsets: string;
  stepRule: string;
  residual?: boolean;
  lineSearch?: boolean;
}

/** Parses `--nu 0.0075,0.009375,0.015`. */
export function parseNuList(text: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !(v >= 0) || !Number.isFinite(v))) {
    throw new Error(`--nu must be a comma-separated list of numbers >= 0, got '${text}'`);
  }
  return values;
}

/**
 * `ada ssim-hist --nu 0.0075,0.009375,0.015 [--in X.npy] [--out DIR]`: the paper's Figure 1(b),
 * the distribution of SSIM(x, AdA(x)) for several radii nu. For every nu, every image is
 * corrupted by AdA (random start, `--steps` FGSM steps against the classifier, line search off
 * unless `--line-search`: the plot shows the perturbation set itself), and the SSIM to the clean
 * image is recorded, with the classifier's accuracy on the AdA images (and on the clean ones, for
 * reference: how adversarial the corruptions are). Writes `DIR/ssim_hist.png` (grouped histogram per nu) and
 * `DIR/ssim_hist.json` (settings, per-nu summary, histogram and raw values) and prints a summary.
 */
export function register(program: Command): void {
  addAdaInputOptions(program.command('ssim-hist'), '64')
    .description(
      'SSIM distribution of AdA examples per radius nu (Figure 1b): PNG plot + JSON summary',
    )
    .option('--nu <list>', 'comma-separated relative radii', '0.0075,0.009375,0.015')
    .option('--out <dir>', 'output directory', 'ssim-hist')
    .option('--steps <n>', 'FGSM steps', '10')
    .option('--offsets <mode>', `offsets: ${OFFSET_MODES.join(' | ')}`, 'per-example')
    .option('--step-rule <rule>', "FGSM step: sign (the paper's) or l2-block", 'sign')
    .option(
      '--residual',
      'residual form x + c_(phi+beta)(x) - c_phi(x): SSIM to clean then measures the offsets alone',
    )
    .option('--line-search', 'apply the SSIM line search (t = 0.3) before measuring')
    .option('--batch <n>', 'images per augment call', '8')
    .option('--bins <n>', 'histogram bins', '40')
    .action(async (o: SsimHistOptions) => {
      const nus = parseNuList(o.nu);
      const steps = parseCount('--steps', o.steps);
      const batch = parseCount('--batch', o.batch, 1);
      const bins = parseCount('--bins', o.bins, 1);
      const seed = parseCount('--seed', o.seed);
      const stepRule = parseStepRule('--step-rule', o.stepRule);
      if (!(OFFSET_MODES as readonly string[]).includes(o.offsets)) {
        throw new Error(`--offsets must be one of ${OFFSET_MODES.join(', ')}, got '${o.offsets}'`);
      }
      // Inputs and the output are checked before the backend starts and any image is computed.
      const inputs = await readImageInputs(o);
      await prepareOutputDir(o.out, '--out');
      await initBackend();
      const clf = await loadClassifierFn(o);
      const net = await loadNetwork(o.network, seed, o.networkWeights);
      const data = await loadImages(inputs, clf.fn);
      const ada = new AdaAugmenter(net);
      const progress = createProgress();
      const n = data.labels.length;
      const perNu: Array<{
        nu: number;
        values: number[];
        lineSearchFired: number;
        correct: number;
      }> = [];
      const correctOn = (x: Tensor4D, labels: readonly number[]): number => {
        const pred = tf.tidy(() => tf.argMax(clf.fn(x), 1).dataSync());
        return labels.reduce((c, y, i) => c + (pred[i] === y ? 1 : 0), 0);
      };
      // The classifier's accuracy on the clean images, the reference for its accuracy on the AdA
      // images (how adversarial the corruptions are for this classifier).
      const cleanCorrect = correctOn(data.images, data.labels);
      try {
        for (const [k, nu] of nus.entries()) {
          const values: number[] = [];
          let fired = 0;
          let correct = 0;
          const t0 = Date.now();
          for (let start = 0; start < n; start += batch) {
            const size = Math.min(batch, n - start);
            const x = tf.slice(data.images, [start, 0, 0, 0], [size, -1, -1, -1]) as Tensor4D;
            const r = ada.augment(
              x,
              data.labels.slice(start, start + size),
              clf.fn,
              {
                nu,
                steps,
                stepRule,
                residual: Boolean(o.residual),
                offsets: o.offsets as OffsetMode,
                lineSearch: Boolean(o.lineSearch),
              },
              (seed + start) >>> 0,
            );
            correct += correctOn(r.images, data.labels.slice(start, start + size));
            tf.dispose([x, r.images]);
            for (const s of r.stats) {
              values.push(s.ssim);
              if (s.lineSearchFired) fired++;
            }
            const done = k * n + start + size;
            progress.update({
              done,
              total: nus.length * n,
              phase: `ssim-hist nu=${nu}`,
              rate: (values.length * 1000) / Math.max(1, Date.now() - t0),
              unit: 'img',
            });
          }
          perNu.push({ nu, values, lineSearchFired: fired, correct });
        }
      } finally {
        progress.done();
        clf.dispose();
        net.dispose();
        data.images.dispose();
      }
      const all = perNu.flatMap((p) => p.values);
      const lo = Math.max(-1, Math.min(0.95, Math.floor(Math.min(...all) * 20) / 20));
      const spec = { min: lo, max: 1, bins };
      const summary = perNu.map((p) => ({
        nu: p.nu,
        ...summarize(p.values),
        lineSearchFired: p.lineSearchFired,
        accuracy: p.correct / n,
        histogram: histogram(p.values, spec),
        values: p.values,
      }));
      await mkdir(o.out, { recursive: true });
      const png = renderHistogramPng(
        perNu.map((p) => ({ label: `nu=${p.nu}`, values: p.values })),
        {
          spec,
          title: `SSIM of AdA examples, ${o.network}${o.residual ? ' (residual)' : ''}, ${steps} ${stepRule} steps, n=${n}`,
          xLabel: 'SSIM to clean',
        },
      );
      await writeFile(join(o.out, 'ssim_hist.png'), png);
      const json = {
        network: o.network,
        classifier: clf.name,
        images: data.source,
        n,
        steps,
        offsets: o.offsets,
        stepRule,
        residual: Boolean(o.residual),
        lineSearch: Boolean(o.lineSearch),
        seed,
        cleanAccuracy: cleanCorrect / n,
        perNu: summary,
      };
      await writeFile(join(o.out, 'ssim_hist.json'), `${JSON.stringify(json, null, 1)}\n`);
      process.stdout.write(
        `classifier (${clf.name}) accuracy on the clean images: ${((100 * cleanCorrect) / n).toFixed(1)}%\n`,
      );
      for (const s of summary) {
        process.stdout.write(
          `nu=${s.nu}: mean SSIM ${s.mean.toFixed(4)} (sd ${s.std.toFixed(4)}, median ${s.median.toFixed(4)}, 5% ${s.p05.toFixed(4)}, min ${s.min.toFixed(4)}) over ${s.n} images; classifier accuracy ${(100 * s.accuracy).toFixed(1)}%\n`,
        );
      }
      process.stdout.write(
        `wrote ${join(o.out, 'ssim_hist.png')} and ${join(o.out, 'ssim_hist.json')}\n`,
      );
    });
}
