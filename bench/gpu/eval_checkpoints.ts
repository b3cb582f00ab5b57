/**
 * Evaluates classifier checkpoints with `ada run`'s own evaluation: clean accuracy on the
 * `cpu-full` test set and mCE (PAPER.md: plain mean over the 15 common corruptions of the error
 * averaged over 5 severities) on the corruption benchmark generated from it (seed 0, as
 * `ada run` generates it). Made for the checkpoints that `bench/gpu/ada_dose.py` trains on a GPU,
 * and usable on any `ada-checkpoint` of a classifier, so that both sides can be compared on
 * the same images.
 *
 * ```sh
 * npx tsx bench/gpu/eval_checkpoints.ts --n 2000 nominal-s0=DIR[@KEY] ada-paper-s0=DIR[@KEY]
 * ```
 *
 * Each positional argument is LABEL=DIR[@KEY]: a checkpoint store folder and the key of one
 * checkpoint in it (default: the key in DIR/latest.json, or the folder itself when DIR holds a
 * manifest.json). Prints a Markdown table (clean, mCE, then error per corruption, %), and with
 * --json FILE writes the numbers. `--lp N` adds Table 2: robust accuracy under `cpu-full`'s l_p
 * evaluation (APGD-CE then APGD-T, 20 iterations, l2 0.5, linf 1/255 and 2/255, seed 0) on the
 * first N test images (`cpu-full` uses 200; default 0: off).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadTrainTest } from '@ada/data';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { corruptionErrors, meanCorruptionError } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import { labelled, loadClassifierAt } from '../diagnostics/checkpoint_arg.ts';
import {
  evaluateAccuracy,
  evaluateCorruptionBenchmark,
  evaluateLpRobustness,
  generateCorruptionBenchmark,
  presetConfig,
  threatLabel,
} from '@ada/training';

const { values: o, positionals } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    json: { type: 'string' },
    lp: { type: 'string', default: '0' },
  },
  allowPositionals: true,
});
const n = Number(o.n);
if (!Number.isInteger(n) || n < 1 || n > 2000) {
  throw new RangeError(`--n must be an integer in [1, 2000] (the cpu-full test set), got ${o.n}`);
}
const lpN = Number(o.lp);
if (!Number.isInteger(lpN) || lpN < 0 || lpN > n) {
  throw new RangeError(`--lp must be an integer in [0, --n = ${n}], got ${o.lp}`);
}
const lpConfig = { ...presetConfig('cpu-full').eval.lp, examples: lpN };
if (positionals.length === 0) throw new Error('give at least one LABEL=DIR[@KEY] checkpoint');
const models = positionals.map(labelled);

await initBackend({ log: false });
const { test } = await loadTrainTest({ trainSize: 10000, testSize: 2000, seed: 0 });
const images = test.images.subarray(0, n * 3072);
const testN = {
  ...test,
  images,
  labels: test.labels.subarray(0, n),
  shape: [n, 32, 32, 3] as [number, number, number, 3],
};
const t0 = Date.now();
const bench = generateCorruptionBenchmark(testN, COMMON_CORRUPTIONS, { seed: 0 });
console.error(
  `benchmark: 15 corruptions x 5 severities x ${n} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const rows: Array<{
  label: string;
  clean: number;
  mce: number;
  per: Record<string, number>;
  lp: Record<string, number>;
}> = [];
for (const m of models) {
  const t = Date.now();
  const classifier = await loadClassifierAt(m.at);
  const clean = await evaluateAccuracy(classifier, testN);
  const errors = await evaluateCorruptionBenchmark(classifier, bench);
  const sev = Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v!.map((e) => e.error)]),
  );
  const mce = meanCorruptionError(sev, COMMON_CORRUPTIONS);
  const per = corruptionErrors(sev, COMMON_CORRUPTIONS);
  const lp = evaluateLpRobustness(classifier, testN, lpConfig, 0);
  classifier.dispose();
  rows.push({ label: m.label, clean, mce, per, lp });
  const lpText = Object.entries(lp)
    .map(([k, v]) => `, ${k} ${(100 * v).toFixed(1)}%`)
    .join('');
  console.error(
    `${m.label}: clean ${(100 * clean).toFixed(2)}%, mCE ${(100 * mce).toFixed(2)}%${lpText} (${((Date.now() - t) / 1000).toFixed(0)} s)`,
  );
}

const pct = (v: number): string => (100 * v).toFixed(1);
console.log(`| Model | Clean (%) | mCE (%) | ${COMMON_CORRUPTIONS.join(' | ')} |`);
console.log(`| --- | ---: | ---: | ${COMMON_CORRUPTIONS.map(() => '---:').join(' | ')} |`);
for (const r of rows) {
  console.log(
    `| ${r.label} | ${(100 * r.clean).toFixed(2)} | ${(100 * r.mce).toFixed(2)} | ${COMMON_CORRUPTIONS.map((c) => pct(r.per[c]!)).join(' | ')} |`,
  );
}
if (lpN > 0) {
  const threats = lpConfig.threats.map(threatLabel);
  console.log(`\nTable 2: robust accuracy (%) on the first ${lpN} test images\n`);
  console.log(`| Model | Clean (%) | ${threats.join(' | ')} |`);
  console.log(`| --- | ---: | ${threats.map(() => '---:').join(' | ')} |`);
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${(100 * r.clean).toFixed(2)} | ${threats.map((t) => pct(r.lp[t]!)).join(' | ')} |`,
    );
  }
}
if (o.json) await writeFile(o.json, `${JSON.stringify({ n, rows }, null, 1)}\n`);
