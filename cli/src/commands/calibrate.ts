import type { Command } from 'commander';
import {
  AdaAugmenter,
  CALIBRATION_METRICS,
  OFFSET_MODES,
  chooseNu,
  measureAdaStrength,
  metricValue,
  type CalibrationMetric,
  type OffsetMode,
  type StepRule,
  type StrengthPoint,
} from '@ada/ada';
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
import { DEFAULT_CALIBRATION_FILE, writeCalibrationEntry } from '../util/calibration_file.ts';

interface CalibrateOptions extends AdaToolOptions {
  nu: string;
  stepRules: string;
  residual?: boolean;
  steps: string;
  offsets: string;
  batch: string;
  targetMetric: string;
  targetSsim?: string;
  target?: string;
  out: string;
}

/** The default sweep: from well below to the paper's radius. */
export const DEFAULT_SWEEP = '0.0005,0.001,0.0025,0.005,0.01,0.015';

/** Everything `ada calibrate` needs, validated before any work. */
export interface CalibrateSettings {
  nus: number[];
  stepRules: StepRule[];
  residual: boolean;
  steps: number;
  offsets: OffsetMode;
  batch: number;
  seed: number;
  metric: CalibrationMetric;
  target: number;
  out: string;
}

/** Parses and checks the options of `ada calibrate`; errors name the flag. */
export function resolveCalibrateSettings(o: CalibrateOptions): CalibrateSettings {
  const nus = o.nu.split(',').map((s) => Number(s.trim()));
  if (nus.length < 2 || nus.some((v) => !(v > 0 && v < 1)) || new Set(nus).size !== nus.length) {
    throw new Error(
      `--nu must be a comma-separated list of at least 2 distinct radii in (0, 1), got '${o.nu}'`,
    );
  }
  const stepRules = o.stepRules.split(',').map((s) => parseStepRule('--step-rules', s.trim()));
  if (new Set(stepRules).size !== stepRules.length) {
    throw new Error(`--step-rules must not repeat a rule, got '${o.stepRules}'`);
  }
  if (!(OFFSET_MODES as readonly string[]).includes(o.offsets)) {
    throw new Error(`--offsets must be one of ${OFFSET_MODES.join(', ')}, got '${o.offsets}'`);
  }
  if (!(CALIBRATION_METRICS as readonly string[]).includes(o.targetMetric)) {
    throw new Error(
      `--target-metric must be one of ${CALIBRATION_METRICS.join(', ')}, got '${o.targetMetric}'`,
    );
  }
  const metric = o.targetMetric as CalibrationMetric;
  const isSsim = metric.startsWith('ssim-');
  if (o.targetSsim !== undefined && !isSsim) {
    throw new Error(
      `--target-ssim applies to the SSIM metrics; with --target-metric ${metric} use --target`,
    );
  }
  const text = o.target ?? o.targetSsim ?? (isSsim ? '0.99' : undefined);
  if (text === undefined) {
    throw new Error(`--target-metric ${metric} needs --target (there is no default)`);
  }
  const target = Number(text);
  const [lo, hi, range] =
    metric === 'l2-base'
      ? [0, Infinity, 'a number > 0']
      : metric === 'accuracy'
        ? [0, 1, 'a number in (0, 1)']
        : [-1, 1, 'a number in (-1, 1)'];
  if (text.trim() === '' || !(target > lo && target < hi)) {
    throw new Error(`the target for ${metric} must be ${range}, got '${text}'`);
  }
  if (o.out.trim() === '') throw new Error(`--out must name a file`);
  return {
    nus: [...nus].sort((a, b) => a - b),
    stepRules,
    residual: Boolean(o.residual),
    steps: parseCount('--steps', o.steps),
    offsets: o.offsets as OffsetMode,
    batch: parseCount('--batch', o.batch, 1),
    seed: parseCount('--seed', o.seed),
    metric,
    target,
    out: o.out,
  };
}

const f3 = (v: number): string => v.toFixed(3);
const f4 = (v: number): string => v.toFixed(4);
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** The curve of one step rule as a Markdown table. */
export function renderCurve(points: readonly StrengthPoint[]): string {
  const head =
    '| nu | SSIM to clean (mean / 5%) | SSIM to c_phi(x) | residual SSIM (mean / 5%) | l2 to c_phi(x) | l2 to clean | accuracy | line search |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  return (
    head +
    points
      .map(
        (p) =>
          `| ${p.nu} | ${f4(p.ssimClean.mean)} / ${f4(p.ssimClean.p05)} | ${f4(p.ssimBase.mean)} | ${f4(p.ssimResidual.mean)} / ${f4(p.ssimResidual.p05)} | ${f3(p.l2Base)} | ${f3(p.l2Clean)} | ${pct(p.accuracy)} | ${p.lineSearchFired}/${p.n} |`,
      )
      .join('\n')
  );
}

/**
 * `ada calibrate [--network N] [--store DIR --checkpoint KEY] [--nu LIST] [--step-rules LIST]`:
 * chooses AdA's radius nu for a corruption network and a classifier so that AdA's images under
 * the attack (default the paper's: 10 per-example FGSM steps, SSIM line search) meet a target
 * strength (default: mean residual SSIM 0.99, the paper's SSIM at nu 0.015 with EDSR, a
 * network close to the identity). For each step rule and nu it prints SSIM to the clean image,
 * to c_phi(x) and in residual form, l2 to c_phi(x) and to clean, and the classifier's accuracy;
 * it writes the chosen nu per step rule to `--out` (default `.ada/calibration.json`), which
 * `ada run --nu auto` reads.
 */
export function register(program: Command): void {
  addAdaInputOptions(program.command('calibrate'), '64')
    .description(
      "choose AdA's nu for a corruption network and classifier from a sweep against a target strength; writes what `ada run --nu auto` reads",
    )
    .option('--nu <list>', 'radii to sweep (comma-separated, each in (0, 1))', DEFAULT_SWEEP)
    .option('--step-rules <list>', 'step rules to calibrate: sign, l2-block', 'sign,l2-block')
    .option(
      '--residual',
      'residual form x + c_(phi+beta)(x) - c_phi(x) (as ada run --ada-residual)',
    )
    .option('--steps <n>', 'FGSM steps (paper: 10)', '10')
    .option('--offsets <mode>', `offsets: ${OFFSET_MODES.join(' | ')}`, 'per-example')
    .option('--batch <n>', 'images per augment call', '8')
    .option(
      '--target-metric <m>',
      `what to match: ${CALIBRATION_METRICS.join(' | ')} (docs/ada-strength.md)`,
      'ssim-residual',
    )
    .option('--target-ssim <v>', 'target mean SSIM for the SSIM metrics (default 0.99)')
    .option('--target <v>', 'target value for any metric (accuracy in (0, 1), l2 > 0)')
    .option('--out <file>', 'calibration file to write (merged)', DEFAULT_CALIBRATION_FILE)
    .action(async (o: CalibrateOptions) => {
      const s = resolveCalibrateSettings(o);
      const inputs = await readImageInputs(o);
      await initBackend();
      const clf = await loadClassifierFn(o);
      const net = await loadNetwork(o.network, s.seed, o.networkWeights);
      const data = await loadImages(inputs, clf.fn);
      const ada = new AdaAugmenter(net);
      const progress = createProgress();
      const n = data.labels.length;
      const results: Array<{ rule: StepRule; points: StrengthPoint[] }> = [];
      if (!o.checkpoint) {
        progress.log(
          `note: ${clf.name} is untrained; calibrate against a trained checkpoint (--store DIR --checkpoint KEY) for numbers that mean anything`,
        );
      }
      try {
        const total = s.stepRules.length * s.nus.length * n;
        let done = 0;
        for (const rule of s.stepRules) {
          const points: StrengthPoint[] = [];
          for (const nu of s.nus) {
            points.push(
              measureAdaStrength(
                ada,
                data.images,
                data.labels,
                clf.fn,
                { nu, steps: s.steps, stepRule: rule, residual: s.residual, offsets: s.offsets },
                {
                  batch: s.batch,
                  seed: s.seed,
                  onBatch: (k) =>
                    progress.update({ done: done + k, total, phase: `calibrate ${rule} nu=${nu}` }),
                },
              ),
            );
            done += n;
          }
          results.push({ rule, points });
        }
      } finally {
        progress.done();
        clf.dispose();
        net.dispose();
        data.images.dispose();
      }
      const form = s.residual ? 'residual form' : "the paper's form";
      process.stdout.write(
        `AdA strength, ${o.network} (${form}), ${clf.name}, ${n} images (${data.source}), ${s.steps} steps, ${s.offsets} offsets; clean accuracy ${pct(results[0]!.points[0]!.cleanAccuracy)}, on c_phi(x) ${pct(results[0]!.points[0]!.baseAccuracy)}\n`,
      );
      for (const { rule, points } of results) {
        const curve = points.map((p) => ({ nu: p.nu, value: metricValue(p, s.metric) }));
        const choice = chooseNu(curve, s.metric, s.target);
        process.stdout.write(`\nstep rule ${rule}:\n${renderCurve(points)}\n`);
        const note =
          choice.how === 'too-weak'
            ? ' (the target lies beyond the largest nu: sweep larger radii)'
            : choice.how === 'too-strong'
              ? ' (the target lies below the smallest nu: sweep smaller radii)'
              : '';
        process.stdout.write(
          `chosen nu for ${rule}: ${choice.nu.toPrecision(3)} (${choice.how}, ${s.metric} = ${s.target})${note}\n`,
        );
        await writeCalibrationEntry(s.out, {
          network: o.network,
          residual: s.residual,
          stepRule: rule,
          steps: s.steps,
          offsets: s.offsets,
          nu: Number(choice.nu.toPrecision(3)),
          how: choice.how,
          targetMetric: s.metric,
          target: s.target,
          classifier: clf.name,
          images: data.source,
          n,
          at: new Date().toISOString(),
          curve,
          points,
        });
      }
      process.stdout.write(`\nwrote ${s.out} (ada run --nu auto reads it)\n`);
    });
}
