/**
 * How close is each demo variant to real CIFAR-10, as AdA sees it? On the 20 real CIFAR-10 test
 * images of PyPI foolbox (`npm run setup:cifar10-samples`), the procedural demo and the photo
 * demo (`npm run setup:demo-photos`), for each corruption network: the identity SSIM(x, c_phi(x))
 * (output clipped to [0, 1], as AdA clips), and, given a classifier checkpoint, the SSIM of AdA
 * images (the paper's attack: per-example offsets, `--steps` FGSM steps, line search) to the
 * clean image, with the classifier's accuracy on the clean and on the AdA images.
 *
 * ```sh
 * npx tsx bench/diagnostics/demo_vs_cifar.ts --n 64 --ada-n 20 \
 *   [--networks rdn-slim-x2,edsr-denoise,edsr-dejpeg,edsr-deblur] [--nu 0.015] [--steps 10] \
 *   [--classifier RUN_DIR/nominal/seed-0/checkpoint] [--json]
 * ```
 *
 * The demo sets are the first `--n` test images (seed 0); AdA runs on the first `--ada-n` of
 * each set. The CIFAR images keep their CIFAR labels: a classifier trained on the demo's shape
 * classes reads them as arbitrary labels, so its accuracy there is chance, but the attack still
 * maximises the loss of a fixed label, which is what the SSIM of AdA images needs.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter } from '@ada/ada';
import { loadCifar10Samples, loadDemoPhotoBank, makeDemoDataset, type Dataset } from '@ada/data';
import { ssim } from '@ada/metrics';
import {
  CORRUPTION_NETWORK_NAMES,
  loadCorruptionNetwork,
  type CorruptionNetworkName,
} from '@ada/models';
import { initBackend } from '@ada/tensor';
import { loadClassifierAt } from './checkpoint_arg.ts';

const { values: o } = parseArgs({
  options: {
    n: { type: 'string', default: '64' },
    'ada-n': { type: 'string', default: '20' },
    networks: { type: 'string', default: 'rdn-slim-x2,edsr-denoise,edsr-dejpeg,edsr-deblur' },
    nu: { type: 'string', default: '0.015' },
    steps: { type: 'string', default: '10' },
    classifier: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const positive = (v: string, flag: string): number => {
  if (!/^\d+$/.test(v) || Number(v) <= 0)
    throw new RangeError(`${flag} must be a positive integer, got ${v}`);
  return Number(v);
};
const n = positive(o.n, '--n');
const adaN = positive(o['ada-n'], '--ada-n');
const steps = Number(o.steps);
const nu = Number(o.nu);
if (!Number.isInteger(steps) || steps < 0)
  throw new RangeError(`--steps must be an integer >= 0, got ${o.steps}`);
if (!(nu > 0 && nu < 1)) throw new RangeError(`--nu must be in (0, 1), got ${o.nu}`);
const networks = o.networks.split(',').map((s) => s.trim());
for (const name of networks)
  if (!(CORRUPTION_NETWORK_NAMES as readonly string[]).includes(name))
    throw new RangeError(
      `--networks: unknown network '${name}' (one of ${CORRUPTION_NETWORK_NAMES.join(', ')})`,
    );

await initBackend({ log: false });
const sets: Dataset[] = [
  await loadCifar10Samples(),
  makeDemoDataset({ split: 'test', size: n, seed: 0 }),
  makeDemoDataset({
    split: 'test',
    size: n,
    seed: 0,
    variant: 'photo',
    photos: await loadDemoPhotoBank(),
  }),
];
const setName = (ds: Dataset): string =>
  ds.name === 'cifar10-samples'
    ? 'CIFAR-10 (20 real)'
    : ds.name === 'demo-test'
      ? 'demo (procedural)'
      : 'demo (photo)';
const toTensor = (ds: Dataset, count: number): tf.Tensor4D => {
  const k = Math.min(count, ds.shape[0]);
  return tf.tensor4d(
    Float32Array.from(ds.images.subarray(0, k * 3072), (v) => v / 255),
    [k, 32, 32, 3],
  );
};
const stats = (v: number[]): { mean: number; p10: number; min: number } => {
  const s = [...v].sort((a, b) => a - b);
  return {
    mean: v.reduce((a, b) => a + b, 0) / v.length,
    p10: s[Math.floor(0.1 * (s.length - 1))]!,
    min: s[0]!,
  };
};

const classifier = o.classifier ? await loadClassifierAt(o.classifier) : undefined;
const classify = (t: tf.Tensor4D): tf.Tensor2D => classifier!.apply(t, { training: false });
const accuracy = (x: tf.Tensor4D, labels: Uint8Array): number =>
  tf.tidy(() => {
    const pred = tf.argMax(classify(x), 1).dataSync();
    let ok = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
    return ok / pred.length;
  });

interface Row {
  network: string;
  set: string;
  identitySsim: number;
  identityPsnr: number;
  ada?: {
    mean: number;
    p10: number;
    min: number;
    lineSearch: number;
    cleanAcc: number;
    adaAcc: number;
    n: number;
  };
}
const rows: Row[] = [];
for (const name of networks) {
  const net = await loadCorruptionNetwork(name as CorruptionNetworkName);
  const ada = new AdaAugmenter(net);
  for (const ds of sets) {
    const x = toTensor(ds, n);
    const [identitySsim, identityPsnr] = tf.tidy(() => {
      const y = tf.clipByValue(net.apply(x, net.params), 0, 1);
      const mse = tf.mean(tf.square(tf.sub(y, x)), [1, 2, 3]);
      return [
        tf.mean(ssim(x, y)).dataSync()[0]!,
        tf.mean(tf.mul(-10 / Math.LN10, tf.log(mse))).dataSync()[0]!,
      ];
    });
    x.dispose();
    const row: Row = { network: name, set: setName(ds), identitySsim, identityPsnr };
    if (classifier) {
      const xa = toTensor(ds, adaN);
      const labels = ds.labels.subarray(0, xa.shape[0]);
      const s: number[] = [];
      let fired = 0;
      const out: tf.Tensor4D[] = [];
      for (let b = 0; b < xa.shape[0]; b += 4) {
        const xb = tf.slice(xa, [b, 0, 0, 0], [Math.min(4, xa.shape[0] - b), -1, -1, -1]);
        const r = ada.augment(
          xb,
          Array.from(labels.subarray(b, b + xb.shape[0])),
          classify,
          { nu, steps, offsets: 'per-example' },
          b,
        );
        for (const e of r.stats) {
          s.push(e.ssim);
          if (e.lineSearchFired) fired++;
        }
        out.push(r.images);
        xb.dispose();
      }
      const adv = tf.concat(out, 0);
      row.ada = {
        ...stats(s),
        lineSearch: fired / s.length,
        cleanAcc: accuracy(xa, labels),
        adaAcc: accuracy(adv, labels),
        n: s.length,
      };
      tf.dispose([adv, xa, ...out]);
    }
    rows.push(row);
    console.error(JSON.stringify(row)); // each row as soon as it is measured (long runs)
  }
  net.dispose();
}

if (o.json) {
  console.log(
    JSON.stringify({ n, adaN, nu, steps, classifier: o.classifier ?? null, rows }, null, 2),
  );
} else {
  const f = (v: number, d = 3): string => v.toFixed(d);
  console.log(
    `identity: first ${n} test images per demo set, 20 CIFAR-10; AdA: nu ${nu}, ${steps} per-example FGSM steps, first ${adaN} images`,
  );
  console.log(
    '| network | set | identity SSIM | identity PSNR (dB) | AdA SSIM mean | AdA SSIM p10 | AdA SSIM min | line search fired | acc clean | acc AdA |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const a = r.ada;
    console.log(
      `| ${r.network} | ${r.set} | ${f(r.identitySsim)} | ${f(r.identityPsnr, 1)} | ${a ? f(a.mean) : ''} | ${a ? f(a.p10) : ''} | ${a ? f(a.min) : ''} | ${a ? f(a.lineSearch, 2) : ''} | ${a ? f(a.cleanAcc, 2) : ''} | ${a ? f(a.adaAcc, 2) : ''} |`,
    );
  }
}
