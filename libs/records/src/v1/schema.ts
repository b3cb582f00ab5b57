import { idSchema, objectKeySchema, sha256Schema, timestampSchema } from '@ada/contracts';
import { z } from 'zod';

/**
 * Run records, version 1: the JSON objects every run leaves in the artifact store, whichever
 * adapter started it (`ada run`, the trainer-service, a GraphQL mutation). Key layout in
 * `../keys.ts` and the package README. Every record carries `version: 1`; a change that old
 * readers cannot read gets a `v2/` folder and a new key prefix, never an edit here.
 *
 * Numbers that are fractions (accuracies, errors) lie in [0, 1]; times are ISO-8601 UTC.
 */
export const RECORDS_VERSION = 1;

const version = z.literal(RECORDS_VERSION);
const fraction = z.number().min(0).max(1);
const metricName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_./:+-]+$/, 'must match [A-Za-z0-9_./:+-]+');
/** Named metric values at one point (loss, lr, clean, per-corruption accuracy, ...). */
export const metricValuesSchema = z.record(metricName, z.number());

/** The fields every record under a run's `run-data/` carries first. */
function runDataHeader<K extends string>(kind: K) {
  return { version, kind: z.literal(kind), runId: idSchema };
}

/** Who created a record: the CLI, a service, the gateway (free text, e.g. `ada run`). */
const sourceSchema = z.string().min(1).max(100);

/** Lifecycle of a run. QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED (QUEUED may also end
 * FAILED or CANCELLED without running). The last three are final: the run's records never change
 * again. */
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const FINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** An experiment: a named config with its setups and seeds; its runs point to it. */
export const experimentRecordSchema = z.object({
  version,
  kind: z.literal('experiment'),
  id: idSchema,
  name: z.string().min(1).max(200),
  createdAt: timestampSchema,
  source: sourceSchema,
  /** The experiment's settings (e.g. `ada run`'s preset config), as JSON. */
  config: z.record(z.string(), z.unknown()),
  configHash: sha256Schema,
  /** Training setups (`nominal`, `ada+augmix`, ...), in run order. */
  setups: z.array(z.string().min(1).max(100)),
  seeds: z.array(z.int().min(0)),
});
export type ExperimentRecord = z.infer<typeof experimentRecordSchema>;

/** Why a run failed: a public error code, a message for people, and whether a retry may help. */
export const runErrorSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_SNAKE code'),
  message: z.string().min(1).max(4000),
  retriable: z.boolean(),
});
export type RunError = z.infer<typeof runErrorSchema>;

/** One training run: one setup, one seed, one config. */
export const runRecordSchema = z.object({
  version,
  kind: z.literal('run'),
  id: idSchema,
  experimentId: idSchema,
  setup: z.string().min(1).max(100),
  seed: z.int().min(0),
  /** Every setting that changes the result, as JSON. */
  config: z.record(z.string(), z.unknown()),
  /** `configHash(config)`: runs with equal hashes were trained with the same settings. */
  configHash: sha256Schema,
  status: runStatusSchema,
  source: sourceSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  startedAt: timestampSchema.optional(),
  finishedAt: timestampSchema.optional(),
  /** Set when status is FAILED. */
  error: runErrorSchema.optional(),
  /** Set when status is CANCELLED and a reason was given. */
  cancelReason: z.string().max(4000).optional(),
  /** This run continues `runId` from its checkpoint at `step` (same config hash). */
  resumedFrom: z.object({ runId: idSchema, step: z.int().min(0) }).optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Where a running run stands; rewritten while it runs, frozen when it ends. */
export const progressRecordSchema = z.object({
  version,
  kind: z.literal('progress'),
  runId: idSchema,
  at: timestampSchema,
  /** What the run is doing: `benchmark`, `train`, `eval`, ... */
  phase: z.string().min(1).max(200),
  /** Units of the phase done and in all (steps while training, sets while evaluating). */
  done: z.int().min(0),
  total: z.int().min(0),
  /** Training step and epoch (0-based epoch of the step in progress). */
  step: z.int().min(0),
  totalSteps: z.int().min(0),
  epoch: z.int().min(0),
  totalEpochs: z.int().min(0),
  /** Training images per second over a recent window. */
  imagesPerSecond: z.number().min(0).optional(),
  etaSeconds: z.number().min(0).optional(),
});
export type ProgressRecord = z.infer<typeof progressRecordSchema>;

/** One point of a metric history. */
export const metricPointSchema = z.object({
  step: z.int().min(0),
  epoch: z.int().min(0),
  at: timestampSchema,
  values: metricValuesSchema,
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

/** Per-step metrics (loss, lr), in segments of `STEP_SEGMENT_SIZE` points. */
export const stepSegmentSchema = z.object({
  ...runDataHeader('step-metrics'),
  segment: z.int().min(0),
  points: z.array(metricPointSchema),
});
export type StepSegment = z.infer<typeof stepSegmentSchema>;

/** Per-epoch metrics (clean and per-corruption accuracy through training, mean loss). */
export const epochMetricsSchema = z.object({
  ...runDataHeader('epoch-metrics'),
  points: z.array(metricPointSchema),
});
export type EpochMetrics = z.infer<typeof epochMetricsSchema>;

/** Bins of the AdA SSIM histogram: equal bins over [0, 1], the last one closed. */
export const ADA_SSIM_BINS = 20;

/**
 * The SSIM of the AdA images of one epoch (the paper's Figure 1b): a uniform sample of at most
 * `sampleLimit` of the `seen` AdA images the epoch trained on, counted in `ADA_SSIM_BINS` equal
 * bins over [0, 1] (a value below 0 counts in the first bin, 1 in the last); `mean`, `min` and
 * `max` are of the sampled values as measured.
 */
export const adaSsimEpochSchema = z
  .object({
    /** 1-based, as in the per-epoch metrics; `step` is the global step at the epoch's end. */
    epoch: z.int().min(1),
    step: z.int().min(0),
    at: timestampSchema,
    counts: z.array(z.int().min(0)).length(ADA_SSIM_BINS),
    seen: z.int().min(1),
    sampled: z.int().min(1),
    mean: z.number().min(-1).max(1),
    min: z.number().min(-1).max(1),
    max: z.number().min(-1).max(1),
  })
  .refine((e) => e.counts.reduce((s, c) => s + c, 0) === e.sampled, {
    message: 'counts must add up to sampled',
    path: ['counts'],
  })
  .refine((e) => e.sampled <= e.seen, { message: 'sampled must be <= seen', path: ['sampled'] });
export type AdaSsimEpoch = z.infer<typeof adaSsimEpochSchema>;

/** The AdA SSIM histograms of a run, one per epoch in which it trained on AdA images. */
export const adaSsimRecordSchema = z.object({
  ...runDataHeader('ada-ssim'),
  /** Histogram bins (fixed: `ADA_SSIM_BINS` equal bins over [0, 1]) and most images per epoch. */
  bins: z.literal(ADA_SSIM_BINS),
  sampleLimit: z.int().min(1),
  epochs: z.array(adaSsimEpochSchema),
});
export type AdaSsimRecord = z.infer<typeof adaSsimRecordSchema>;

/** A checkpoint the run published: its manifest key in the same store. */
export const checkpointEntrySchema = z.object({
  step: z.int().min(0),
  key: objectKeySchema,
  sha256: sha256Schema.optional(),
  at: timestampSchema,
});
export type CheckpointEntry = z.infer<typeof checkpointEntrySchema>;

export const checkpointsRecordSchema = z.object({
  ...runDataHeader('checkpoints'),
  checkpoints: z.array(checkpointEntrySchema),
});
export type CheckpointsRecord = z.infer<typeof checkpointsRecordSchema>;

/**
 * A finished run's results, laid out as rows of the paper's tables:
 * - `table1`: clean accuracy, mCE (plain mean of the 15 common corruption errors), CIFAR-10.1
 *   accuracy (fractions);
 * - `table2`: robust accuracy per l_p threat (`l2_0.5`, `linf_4/255`, ...), when attacked;
 * - `corruptions`: per corruption, the top-1 error at severities 1..5 and their mean.
 */
export const resultRecordSchema = z.object({
  version,
  kind: z.literal('result'),
  runId: idSchema,
  experimentId: idSchema,
  setup: z.string().min(1).max(100),
  seed: z.int().min(0),
  table1: z.object({
    clean: fraction,
    mce: fraction,
    cifar101: fraction.optional(),
  }),
  table2: z.record(metricName, fraction),
  corruptions: z.record(
    metricName,
    z.object({ mean: fraction, severities: z.array(fraction).length(5) }),
  ),
  steps: z.int().min(0),
  trainSeconds: z.number().min(0),
  evalSeconds: z.number().min(0),
});
export type ResultRecord = z.infer<typeof resultRecordSchema>;

/** Index entry tying a run to its experiment (one object per run; lists by prefix). */
export const experimentRunIndexSchema = z.object({
  version,
  kind: z.literal('experiment-run'),
  experimentId: idSchema,
  runId: idSchema,
});
export type ExperimentRunIndex = z.infer<typeof experimentRunIndexSchema>;
