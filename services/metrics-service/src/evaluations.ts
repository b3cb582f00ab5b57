import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { EvalKindV1, EvalRequestV1 } from '@ada/contracts';
import { CIFAR10_CLASS_NAMES, datasetFromNpy, sliceDataset, type Dataset } from '@ada/data';
import {
  COMMON_CORRUPTIONS,
  DISPLAY_NAMES,
  EXTRA_CORRUPTIONS,
  type CorruptionName,
} from '@ada/corruptions';
import {
  corruptionColumns,
  meanCorruptionError,
  resultTable,
  ssim,
  type ResultColumn,
} from '@ada/metrics';
import type { Classifier } from '@ada/models';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import {
  evaluateAccuracy,
  evaluateCleanAndCorruptions,
  generateCorruptionBenchmark,
  type CorruptionBenchmark,
} from '@ada/training';
import { EvalRequestError, loadRequestedTestSet, type EvalAnswer } from '@ada/eval-requests';

/**
 * The evaluations of the metrics service, one per request kind, on top of libs/training's
 * evaluate functions. Each returns the headline metrics, the result table (JSON rows x columns,
 * fractions) and its Markdown rendering (libs/metrics `resultTable`, percentages).
 *
 * Datasets (`params.dataset`): `demo` (default: the synthetic test set of `params.testSize`
 * images, seed `params.dataSeed`, the one `loadTrainTest` gives a demo run), `cifar10` (the
 * CIFAR-10 test images `loadTrainTest` draws for that size and seed under the service's dataset
 * directory), or any other value: the key prefix of a shard set in the store (`writeShards`
 * layout). Resolution and its errors: `@ada/eval-requests`.
 */
export type EvalOutput = EvalAnswer;

export interface EvalContext {
  store: ArtifactStore;
  datasetDir?: string;
  /** Loaded classifier of the request's checkpoint (not needed by `ssim`). */
  classifier(): Promise<Classifier>;
  /** Benchmarks by a cache key (generation takes seconds to minutes). */
  benchmarks: Map<string, CorruptionBenchmark>;
}

const dataParams = {
  dataset: z.string().min(1).max(1000).default('demo'),
  testSize: z.int().min(1).max(1_000_000).default(1000),
  dataSeed: z.int().min(0).max(0xffffffff).default(0),
  label: z.string().min(1).max(200).optional(),
};
const benchParams = {
  benchmarkSize: z.int().min(1).max(1_000_000).default(500),
  extraCorruptions: z.boolean().default(false),
  seed: z.int().min(0).max(0xffffffff).default(0),
};

const PARAMS = {
  'corruption-benchmark': z.object({ ...dataParams, ...benchParams }),
  clean: z.object(dataParams),
  'cifar10.1': z.object({
    prefix: z.string().min(1).max(1000).default('datasets/cifar10.1'),
    version: z.enum(['v6', 'v4']).default('v6'),
    label: z.string().min(1).max(200).optional(),
  }),
  ssim: z.object({
    ...dataParams,
    ...benchParams,
    benchmarkSize: benchParams.benchmarkSize.default(100),
  }),
} as const;

/** The kinds this service answers; `lp-robustness` belongs to the attack service. */
export const METRICS_KINDS = ['corruption-benchmark', 'clean', 'cifar10.1', 'ssim'] as const;
export type MetricsKind = (typeof METRICS_KINDS)[number];

export function isMetricsKind(kind: EvalKindV1): kind is MetricsKind {
  return (METRICS_KINDS as readonly string[]).includes(kind);
}

function parseParams<K extends MetricsKind>(kind: K, params: EvalRequestV1['params']) {
  const parsed = PARAMS[kind].safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['params', ...issue.path.map(String)].join('.');
    throw new EvalRequestError(`${kind}: '${field}': ${issue.message}`, field);
  }
  return parsed.data as z.output<(typeof PARAMS)[K]>;
}

export async function evaluate(request: EvalRequestV1, ctx: EvalContext): Promise<EvalOutput> {
  const kind = request.kind;
  if (!isMetricsKind(kind)) {
    throw new EvalRequestError(`kind '${kind}' is not served by the metrics service`, 'kind');
  }
  const label = (l: string | undefined) => l ?? request.runId ?? request.requestId;
  switch (kind) {
    case 'corruption-benchmark': {
      const p = parseParams(kind, request.params);
      // The checkpoint first: a request naming a missing one fails before any data work.
      const model = await ctx.classifier();
      const test = await loadTest(p, ctx);
      const bench = await benchmark(test, p, ctx);
      // The run core's evaluation (libs/training), so a cluster run measures what `ada run` does.
      const { cleanAccuracy, corruptionErrors } = await evaluateCleanAndCorruptions(
        model,
        test,
        bench,
      );
      const names = corruptionNames(p.extraCorruptions);
      const perCorruption: Record<string, number> = {};
      const perSeverity: Record<string, number[]> = {};
      const severityMetrics: Record<string, number> = {};
      for (const name of names) {
        const list = corruptionErrors[name] ?? [];
        perSeverity[name] = list;
        perCorruption[name] = list.reduce((s, e) => s + e, 0) / list.length;
        list.forEach((e, i) => (severityMetrics[`error.${name}.s${i + 1}`] = e));
      }
      const mce = meanCorruptionError(perSeverity, COMMON_CORRUPTIONS);
      const values: Record<string, number> = { clean: cleanAccuracy, mce, ...perCorruption };
      const headline: ResultColumn[] = [
        { key: 'clean', title: 'Clean', better: 'higher' },
        { key: 'mce', title: 'mCE', better: 'lower' },
      ];
      const errors = corruptionColumns(names, DISPLAY_NAMES);
      const row = [{ setup: label(p.label), values }];
      return {
        metrics: { cleanAccuracy, mce, benchmarkImages: bench.shape[0], ...severityMetrics },
        table: {
          columns: ['clean', 'mce', ...names],
          rows: [
            { label: label(p.label), values: ['clean', 'mce', ...names].map((c) => values[c]!) },
          ],
        },
        markdown: [
          `### Clean accuracy and mCE (${bench.source}, ${bench.shape[0]} images)`,
          '',
          resultTable(row, headline),
          '### Top-1 error per corruption (mean over severities 1-5)',
          '',
          resultTable(row, errors),
        ].join('\n'),
      };
    }
    case 'clean': {
      const p = parseParams(kind, request.params);
      const model = await ctx.classifier();
      const test = await loadTest(p, ctx);
      const accuracy = await evaluateAccuracy(model, test);
      return single(label(p.label), 'clean', 'Clean', accuracy, {
        accuracy,
        images: test.shape[0],
      });
    }
    case 'cifar10.1': {
      const p = parseParams(kind, request.params);
      const model = await ctx.classifier();
      const ds = await loadCifar101FromStore(ctx.store, p.prefix, p.version);
      const accuracy = await evaluateAccuracy(model, ds);
      return single(label(p.label), 'cifar101', 'CIFAR-10.1', accuracy, {
        accuracy,
        images: ds.shape[0],
      });
    }
    case 'ssim': {
      const p = parseParams(kind, request.params);
      const test = await loadTest(p, ctx);
      const bench = await benchmark(test, p, ctx);
      return ssimTable(test, bench, label(p.label));
    }
    default: {
      const never: never = kind;
      throw new EvalRequestError(`unknown kind '${String(never)}'`, 'kind');
    }
  }
}

function single(
  label: string,
  key: string,
  title: string,
  value: number,
  metrics: Record<string, number>,
): EvalOutput {
  const columns: ResultColumn[] = [{ key, title, better: 'higher' }];
  return {
    metrics,
    table: { columns: [key], rows: [{ label, values: [value] }] },
    markdown: resultTable([{ setup: label, values: { [key]: value } }], columns),
  };
}

function corruptionNames(extra: boolean): CorruptionName[] {
  return [...COMMON_CORRUPTIONS, ...(extra ? EXTRA_CORRUPTIONS : [])];
}

/** The test set of `params.dataset`: the one `ada run` evaluates for that size and seed. */
function loadTest(
  p: { dataset: string; testSize: number; dataSeed: number },
  ctx: EvalContext,
): Promise<Dataset> {
  return loadRequestedTestSet(
    { dataset: p.dataset, size: p.testSize, dataSeed: p.dataSeed },
    {
      store: ctx.store,
      service: 'metrics-service',
      cifar10Subset: 'seeded',
      ...(ctx.datasetDir === undefined ? {} : { datasetDir: ctx.datasetDir }),
    },
  );
}

/**
 * The benchmark of the first `benchmarkSize` test images, generated one (corruption, severity)
 * set at a time with a turn of the event loop in between (Kafka heartbeats, health checks):
 * 500 images take about 40 s on one core, at most about 1 s per set. Per-image seeding makes
 * the sets identical to one `generateCorruptionBenchmark` call over everything.
 */
async function benchmark(
  test: Dataset,
  p: {
    dataset: string;
    testSize: number;
    dataSeed: number;
    benchmarkSize: number;
    extraCorruptions: boolean;
    seed: number;
  },
  ctx: EvalContext,
): Promise<CorruptionBenchmark> {
  const size = Math.min(p.benchmarkSize, test.shape[0]);
  const key = JSON.stringify([p.dataset, p.testSize, p.dataSeed, size, p.extraCorruptions, p.seed]);
  const cached = ctx.benchmarks.get(key);
  if (cached) return cached;
  const subset = sliceDataset(test, 0, size);
  let bench: CorruptionBenchmark | undefined;
  for (const name of corruptionNames(p.extraCorruptions)) {
    for (const severity of [1, 2, 3, 4, 5]) {
      const part = generateCorruptionBenchmark(subset, [name], {
        seed: p.seed,
        severities: [severity],
      });
      if (bench === undefined) bench = part;
      else bench.sets.push(...part.sets);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  // Keep the two most recent: a benchmark of 500 images is about 115 MB.
  if (ctx.benchmarks.size >= 2) ctx.benchmarks.delete(ctx.benchmarks.keys().next().value!);
  ctx.benchmarks.set(key, bench!);
  return bench!;
}

/** CIFAR-10.1 from its release `.npy` files under `prefix` in the store. */
async function loadCifar101FromStore(
  store: ArtifactStore,
  prefix: string,
  version: 'v6' | 'v4',
): Promise<Dataset> {
  const base = prefix.replace(/\/+$/, '');
  const dataKey = `${base}/cifar10.1_${version}_data.npy`;
  const labelsKey = `${base}/cifar10.1_${version}_labels.npy`;
  let images: Uint8Array;
  let labels: Uint8Array;
  try {
    [images, labels] = await Promise.all([store.get(dataKey), store.get(labelsKey)]);
  } catch (cause) {
    if (cause instanceof ObjectNotFoundError) {
      throw new EvalRequestError(
        `CIFAR-10.1 ${version} is not in the store: expected '${dataKey}' and '${labelsKey}' (upload the release .npy files or set params.prefix)`,
        'params.prefix',
      );
    }
    throw cause;
  }
  return datasetFromNpy(images, labels, {
    name: `cifar10.1-${version}`,
    classNames: [...CIFAR10_CLASS_NAMES],
    imagesSource: dataKey,
    labelsSource: labelsKey,
  });
}

/** Mean SSIM(clean, corrupted) per corruption (rows) and severity (columns). */
async function ssimTable(
  test: Dataset,
  bench: CorruptionBenchmark,
  label: string,
): Promise<EvalOutput> {
  const [n, h, w] = bench.shape;
  const clean = tf.tidy(() =>
    tf.div(tf.tensor4d(test.images.subarray(0, n * h * w * 3), [n, h, w, 3], 'int32'), 255),
  ) as tf.Tensor4D;
  const bySet = new Map<string, number[]>();
  const all: number[] = [];
  try {
    for (const set of bench.sets) {
      const values = tf.tidy(() => {
        const x = tf.div(tf.tensor4d(set.images, [n, h, w, 3], 'int32'), 255) as tf.Tensor4D;
        return ssim(clean, x);
      });
      const per = Array.from(await values.data());
      values.dispose();
      const mean = per.reduce((s, v) => s + v, 0) / per.length;
      all.push(...per);
      const row = bySet.get(set.corruption) ?? [];
      row[set.severity - 1] = mean;
      bySet.set(set.corruption, row);
    }
  } finally {
    clean.dispose();
  }
  const severities = [1, 2, 3, 4, 5];
  const columns: ResultColumn[] = severities.map((s) => ({
    key: `s${s}`,
    title: `severity ${s}`,
    better: 'higher',
  }));
  const rows = [...bySet].map(([name, values]) => ({
    label: name,
    values: severities.map((s) => values[s - 1] ?? null),
  }));
  const md = resultTable(
    rows.map((r) => ({
      setup: DISPLAY_NAMES[r.label as CorruptionName] ?? r.label,
      values: Object.fromEntries(r.values.map((v, i) => [`s${i + 1}`, v ?? undefined])),
    })),
    columns,
  );
  return {
    metrics: { meanSsim: all.reduce((s, v) => s + v, 0) / Math.max(1, all.length), images: n },
    table: { columns: columns.map((c) => c.key), rows },
    markdown: `### Mean SSIM of the corruptions to the clean images (${label}; x100)\n\n${md}`,
  };
}
