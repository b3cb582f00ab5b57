/**
 * `npm run bench:pytorch`: the same work in this project (tfjs wasm and native TensorFlow) and in
 * PyTorch on the CPU, rounds alternating between the sides, same thread count; prints images/s
 * per side, the ratios, and GFLOP/s against the machine's FP32 peak.
 *
 * ```sh
 * npm run bench:pytorch -- [--rounds 3] [--reps 2] [--threads N] [--cases a,b] [--sides wasm,tensorflow,torch]
 * ```
 *
 * PyTorch (`torch`, `numpy`) is installed by this script into its own virtual environment,
 * cached outside the checkout (`$XDG_CACHE_HOME/ada/bench/torch-<version>`, else
 * `~/.cache/ada/bench/...`; PyPI's torch brings its CUDA libraries, about 5 GB); it is never a
 * project dependency. The PyTorch networks are `bench/gpu/ada_dose.py`'s (the same pre-activation
 * ResNet-18 and rdn-slim-x2, with the weights exported from here). FLOPs per case come from
 * PyTorch's `FlopCounterMode` (forward and backward, convolutions and matMuls), the peak from
 * PyTorch's 4096^3 matMul at the same thread count and from `bench/peak.ts`'s estimate.
 *
 * Cases (images per call): `train-w0.125` / `train-w0.25`: one training step of
 * `trainClassifier` (SGD Nesterov, cross-entropy, pre-act ResNet-18 at width 1/8 or 1/4, batch
 * 64; the project side times steps 2.. of a real `trainClassifier` call); `infer-w0.125`: forward
 * in eval mode + argmax, batch 256; `ada-shared` / `ada-per-example`: one `AdaAugmenter.augment`
 * of 8 images, rdn-slim-x2 + ResNet-18 w1/8, 10 FGSM steps, SSIM line search; `conv-fwd` /
 * `conv-fwdbwd`: conv2d 3x3 64->64 on 32x32, batch 32 (gradients of input and kernel).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter } from '@ada/ada';
import type { OffsetMode } from '@ada/ada';
import type { Dataset } from '@ada/data';
import { createClassifier, loadUpscalerNetwork } from '@ada/models';
import type { ClassifierPreset, CorruptionNetwork } from '@ada/models';
import { describeBackend, initBackend } from '@ada/tensor';
import type { BackendInfo, BackendName } from '@ada/tensor';
import { PAPER_SGD, trainClassifier } from '@ada/training';
import { writeRdnGraph } from '../gpu/rdn_graph.ts';
import { peakEstimate } from '../peak.ts';

const TORCH_VERSION = '2.15.0';
const here = dirname(fileURLToPath(import.meta.url));

const { values: o } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    reps: { type: 'string', default: '2' },
    threads: { type: 'string', default: String(availableParallelism()) },
    cases: { type: 'string' },
    sides: { type: 'string', default: 'wasm,tensorflow,torch' },
    python: { type: 'string', default: process.env.ADA_PYTHON ?? 'python3' },
  },
});
const rounds = Number(o.rounds);
const reps = Number(o.reps);
const threads = Number(o.threads);
for (const [flag, v] of [
  ['--rounds', rounds],
  ['--reps', reps],
  ['--threads', threads],
] as const) {
  if (!Number.isInteger(v) || v < 1)
    throw new RangeError(`${flag} must be a positive integer, got ${v}`);
}
const SIDES = ['wasm', 'tensorflow', 'torch'] as const;
type Side = (typeof SIDES)[number];
const sides = o.sides!.split(',').map((s) => s.trim());
for (const s of sides) {
  if (!(SIDES as readonly string[]).includes(s)) {
    throw new RangeError(`--sides must list ${SIDES.join(', ')}, got '${s}'`);
  }
}
// TensorFlow reads these when its thread pools start (the first op): same threads as PyTorch.
process.env.TF_NUM_INTRAOP_THREADS ??= String(threads);
process.env.TF_NUM_INTEROP_THREADS ??= '1';

interface CaseSpec {
  name: string;
  label: string;
  images: number;
}
const CASES: CaseSpec[] = [
  { name: 'train-w0.125', label: 'train step, pre-act ResNet-18 w1/8, b64', images: 64 },
  { name: 'train-w0.25', label: 'train step, pre-act ResNet-18 w1/4, b64', images: 64 },
  { name: 'infer-w0.125', label: 'inference, ResNet-18 w1/8, b256', images: 256 },
  { name: 'ada-shared', label: 'AdA 8 images, rdn-slim-x2, 10 steps, shared', images: 8 },
  { name: 'ada-per-example', label: 'AdA 8 images, rdn-slim-x2, 10 steps, per-example', images: 8 },
  { name: 'conv-fwd', label: 'conv 3x3 64->64 32x32 b32, forward', images: 32 },
  { name: 'conv-fwdbwd', label: 'conv 3x3 64->64 32x32 b32, fwd+bwd', images: 32 },
];
const cases = o.cases
  ? o.cases.split(',').map((n) => {
      const c = CASES.find((k) => k.name === n.trim());
      if (!c)
        throw new RangeError(
          `--cases: unknown case '${n}' (known: ${CASES.map((k) => k.name).join(', ')})`,
        );
      return c;
    })
  : CASES;

// ---------------------------------------------------------------- PyTorch side

/** The venv with torch, created once in the cache. Returns its python. */
function torchPython(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(base, 'ada', 'bench', `torch-${TORCH_VERSION}`);
  const python = join(dir, 'bin', 'python');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return python;
  process.stderr.write(
    `bench: installing torch==${TORCH_VERSION} and numpy into ${dir} (PyPI's torch brings its CUDA libraries: about 5 GB, once)\n`,
  );
  rmSync(dir, { recursive: true, force: true });
  const steps: Array<[string, string[]]> = [
    [o.python!, ['-m', 'venv', dir]],
    [python, ['-m', 'pip', 'install', '--quiet', `torch==${TORCH_VERSION}`, 'numpy']],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  }
  writeFileSync(marker, `${TORCH_VERSION}\n`);
  return python;
}

interface TorchWorker {
  request(req: object): Promise<Record<string, unknown>>;
  close(): void;
  version: string;
}

async function startTorch(rdnDir: string): Promise<TorchWorker> {
  const python = torchPython();
  const child = spawn(
    python,
    [join(here, 'torch_side.py'), '--rdn', rdnDir, '--threads', String(threads)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  const pending: string[] = [];
  let exited: Error | undefined;
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else pending.push(line);
  });
  child.once('exit', (code) => {
    exited = new Error(`the PyTorch worker exited (${code})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const line = pending.shift();
      if (line !== undefined) resolve(line);
      else if (exited) reject(exited);
      else waiting.push({ resolve, reject });
    });
  const hello = JSON.parse(await nextLine()) as { torch: string };
  return {
    version: hello.torch,
    async request(req) {
      child.stdin.write(`${JSON.stringify(req)}\n`);
      const answer = JSON.parse(await nextLine()) as Record<string, unknown>;
      if (typeof answer.error === 'string') throw new Error(`PyTorch side: ${answer.error}`);
      return answer;
    },
    close() {
      child.stdin.end();
    },
  };
}

// ---------------------------------------------------------------- project side

type Run = () => Promise<number[]>;

function uniformImages(n: number, seed: number): tf.Tensor4D {
  return tf.randomUniform([n, 32, 32, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Builds a case on the current backend; returns a function that times `reps` calls (ms each). */
function buildCase(name: string, rdn: CorruptionNetwork, disposers: Array<() => void>): Run {
  const timed = async (fn: () => tf.Tensor | tf.Tensor[]): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const r = tf.tidy(fn);
      const rs = Array.isArray(r) ? r : [r];
      for (const t of rs) await t.data();
      out.push(performance.now() - t0);
      tf.dispose(rs);
    }
    return out;
  };
  if (name.startsWith('train-')) {
    const preset = `resnet18-${name.slice('train-'.length)}` as ClassifierPreset;
    const model = createClassifier(preset, { seed: 1 });
    disposers.push(() => model.dispose());
    const batch = 64;
    const n = batch * (reps + 1);
    const images = new Uint8Array(n * 32 * 32 * 3);
    for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24;
    const train: Dataset = {
      name: 'bench',
      images,
      labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
      shape: [n, 32, 32, 3],
      classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    };
    return async () => {
      const ends: number[] = [];
      await trainClassifier({
        model,
        train,
        batchSize: batch,
        epochs: 1,
        baseLr: 0.01,
        warmupEpochs: 0,
        sgd: PAPER_SGD,
        seed: 0,
        onProgress: () => ends.push(performance.now()),
      });
      // Steps 2..: the first one creates the momentum buffers.
      return ends.slice(1).map((t, i) => t - ends[i]!);
    };
  }
  if (name === 'infer-w0.125') {
    const model = createClassifier('resnet18-w0.125', { seed: 1 });
    const x = uniformImages(256, 3);
    disposers.push(() => {
      model.dispose();
      x.dispose();
    });
    return () => timed(() => tf.argMax(model.apply(x, { training: false }), 1));
  }
  if (name === 'ada-shared' || name === 'ada-per-example') {
    const offsets: OffsetMode = name === 'ada-shared' ? 'shared' : 'per-example';
    const clf = createClassifier('resnet18-w0.125', { seed: 1 });
    const x = uniformImages(8, 4);
    const labels = Array.from({ length: 8 }, (_, i) => i % 10);
    const ada = new AdaAugmenter(rdn);
    disposers.push(() => {
      clf.dispose();
      x.dispose();
    });
    return () =>
      timed(
        () =>
          ada.augment(
            x,
            labels,
            (v) => clf.apply(v, { training: false }),
            { steps: 10, offsets },
            1,
          ).images,
      );
  }
  if (name === 'conv-fwd' || name === 'conv-fwdbwd') {
    const x = tf.randomUniform([32, 32, 32, 64], 0, 1, 'float32', 5) as tf.Tensor4D;
    const w = tf.randomUniform([3, 3, 64, 64], -0.05, 0.05, 'float32', 6) as tf.Tensor4D;
    disposers.push(() => tf.dispose([x, w]));
    if (name === 'conv-fwd') return () => timed(() => tf.conv2d(x, w, 1, 'same'));
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')),
    );
    return () => timed(() => g([x, w]));
  }
  throw new Error(`no project implementation of case ${name}`);
}

// ---------------------------------------------------------------- driver

/** A Markdown table: header row, alignment row (text left, numbers right), rows. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
  ].join('\n');
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const tfjsSides = sides.filter((s): s is Exclude<Side, 'torch'> => s !== 'torch');
  const infos = new Map<BackendName, BackendInfo>();
  const unavailable: string[] = [];
  for (const side of tfjsSides) {
    try {
      infos.set(side, await initBackend({ backend: side, log: false }));
    } catch (err) {
      unavailable.push(`${side}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const rdnDir = mkdtempSync(join(tmpdir(), 'ada-bench-rdn-'));
  // rdn-slim-x2 once per tfjs backend (its tensors live on the backend that created it).
  const rdns = new Map<BackendName, CorruptionNetwork>();
  let torch: TorchWorker | undefined;
  const times = new Map<string, number[]>();
  const record = (side: string, c: string, ms: number[]): void => {
    const key = `${side}|${c}`;
    times.set(key, [...(times.get(key) ?? []), ...ms]);
  };
  const disposers: Array<() => void> = [];
  try {
    for (const side of infos.keys()) {
      await initBackend({ backend: side, log: false });
      if (rdns.size === 0) rdns.set(side, await writeRdnGraph(rdnDir));
      else rdns.set(side, await loadUpscalerNetwork('rdn-slim-x2'));
    }
    if (sides.includes('torch')) {
      if (rdns.size === 0) {
        await initBackend({ backend: 'cpu', log: false });
        (await writeRdnGraph(rdnDir)).dispose();
      }
      torch = await startTorch(rdnDir);
    }
    const runs = new Map<string, Run>();
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        // Alternate the order of the sides between rounds.
        const order = round % 2 === 0 ? [...infos.keys()] : [...infos.keys()].reverse();
        const withTorch: string[] = round % 2 === 0 ? [...order, 'torch'] : ['torch', ...order];
        for (const side of withTorch) {
          if (side === 'torch') {
            if (!torch) continue;
            const r = await torch.request({ case: c.name, reps });
            record('torch', c.name, r.ms as number[]);
            continue;
          }
          const backend = side as BackendName;
          await initBackend({ backend, log: false });
          const key = `${backend}|${c.name}`;
          let run = runs.get(key);
          if (!run) {
            run = buildCase(c.name, rdns.get(backend)!, disposers);
            runs.set(key, run);
            await run(); // warm-up: kernels, XNNPACK packing, TF's graph caches
          }
          record(backend, c.name, await run());
        }
        const sofar = withTorch
          .map((s) => {
            const t = times.get(`${s}|${c.name}`);
            return t ? `${s} ${median(t).toFixed(0)} ms` : undefined;
          })
          .filter((x) => x !== undefined)
          .join(', ');
        process.stderr.write(`bench: round ${round + 1}/${rounds} ${c.name}: ${sofar}\n`);
      }
    }
    const flops = new Map<string, number>();
    let torchPeak: number | undefined;
    if (torch) {
      for (const c of cases)
        flops.set(c.name, (await torch.request({ flops: c.name })).flops as number);
      torchPeak = (await torch.request({ peak: true })).gflops as number;
    }
    const sideNames = [...infos.keys(), ...(torch ? ['torch'] : [])];
    const rate = (side: string, c: CaseSpec): number | undefined => {
      const t = times.get(`${side}|${c.name}`);
      return t ? (1000 * c.images) / median(t) : undefined;
    };
    const gflops = (side: string, c: CaseSpec): string => {
      const t = times.get(`${side}|${c.name}`);
      const f = flops.get(c.name);
      return t && f ? (f / median(t) / 1e6).toFixed(1) : '-';
    };
    const header = [
      'case',
      ...sideNames.map((s) => `${s} img/s`),
      ...sideNames.filter((s) => s !== 'torch').map((s) => `${s} / torch`),
      ...(infos.has('wasm') && infos.has('tensorflow') ? ['tensorflow / wasm'] : []),
      ...sideNames.map((s) => `${s} GFLOP/s`),
    ];
    const rows = cases.map((c) => [
      c.label,
      ...sideNames.map((s) => {
        const r = rate(s, c);
        return r === undefined ? '-' : r >= 100 ? r.toFixed(0) : r.toFixed(2);
      }),
      ...sideNames
        .filter((s) => s !== 'torch')
        .map((s) => {
          const a = rate(s, c);
          const b = rate('torch', c);
          return a && b ? `${(a / b).toFixed(3)}x` : '-';
        }),
      ...(infos.has('wasm') && infos.has('tensorflow')
        ? [`${(rate('tensorflow', c)! / rate('wasm', c)!).toFixed(2)}x`]
        : []),
      ...sideNames.map((s) => gflops(s, c)),
    ]);
    const lines = [
      `Threads: ${threads} (TF_NUM_INTRAOP_THREADS, torch.set_num_threads; wasm computes on 1). ` +
        `${rounds} rounds x ${reps} reps, sides alternating; median ms per call.`,
      ...[...infos.values()].map((i) => `- ${describeBackend(i)}`),
      ...(torch ? [`- torch ${torch.version} (CPU, ${threads} threads)`] : []),
      ...unavailable.map((u) => `- unavailable: ${u}`),
      '',
      table(header, rows),
      '',
    ];
    if (torchPeak !== undefined) {
      lines.push(
        `FP32 peak, measured: PyTorch 4096^3 matMul at ${threads} threads = ${torchPeak.toFixed(1)} GFLOP/s.`,
      );
    }
    for (const info of infos.values()) {
      const p = peakEstimate(info);
      if (p)
        lines.push(
          `FP32 peak, estimated for ${info.name}: ${p.gflops.toFixed(0)} GFLOP/s (${p.how}).`,
        );
    }
    lines.push(
      'FLOPs per call from PyTorch FlopCounterMode (conv + matMul, forward and backward).',
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    torch?.close();
    for (const d of disposers) d();
    for (const r of rdns.values()) r.dispose();
    rmSync(rdnDir, { recursive: true, force: true });
  }
}

await main();
