// Generated from gateway/schema.graphql by gateway/scripts/codegen.ts; do not edit.
// Regenerate with `npm run codegen -w @ada/gateway`.
/* eslint-disable */
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type {
  ExperimentView,
  RunView,
  ArtifactView,
  CheckpointView,
  RunUpdateView,
} from '../views.ts';
import type { GatewayContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /** ISO-8601 UTC timestamp, e.g. `2026-01-01T12:00:00.000Z`. */
  DateTime: { input: string; output: string };
  /** Any JSON value (run configurations, evaluation parameters). */
  JSON: { input: unknown; output: unknown };
};

/** The public error codes found in `errors[].extensions.code`. */
export type ErrorCode =
  /** No or unknown credentials. */
  | 'UNAUTHENTICATED'
  /** Credentials valid, role insufficient (a viewer calling a mutation). */
  | 'FORBIDDEN'
  /** An argument failed validation; see `extensions.fieldErrors`. */
  | 'BAD_USER_INPUT'
  /** The query is not valid GraphQL. */
  | 'GRAPHQL_PARSE_FAILED'
  /** The query does not match the schema. */
  | 'GRAPHQL_VALIDATION_FAILED'
  /** The query nests deeper than the server allows. */
  | 'QUERY_TOO_DEEP'
  /** The query's estimated cost exceeds the server's limit. */
  | 'QUERY_TOO_COSTLY'
  /** The request body exceeds the server's limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** No experiment, run, artifact or job has that id. */
  | 'NOT_FOUND'
  /** The request conflicts with the current state (e.g. cancelling a finished run). */
  | 'CONFLICT'
  /** A dependency (bus, store) is unavailable; retrying may succeed. */
  | 'UNAVAILABLE'
  /** Anything else. Details are in the server log, never in the response. */
  | 'INTERNAL_SERVER_ERROR';

/** Why one input field was refused. */
export type FieldErrorCode =
  | 'REQUIRED'
  | 'INVALID_FORMAT'
  | 'OUT_OF_RANGE'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'UNKNOWN_VALUE'
  | 'DUPLICATE'
  | 'NOT_FOUND';

/** One refused input field (documentation of `extensions.fieldErrors[]`). */
export type FieldError = {
  __typename?: 'FieldError';
  /** Path of the field in the arguments, e.g. `input.seeds.2`. */
  field: Scalars['String']['output'];
  code: FieldErrorCode;
  message: Scalars['String']['output'];
};

export type SortDirection = 'ASC' | 'DESC';

/** Cursor pagination (Relay connection style): pass `pageInfo.endCursor` as `after`. */
export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  endCursor: Maybe<Scalars['String']['output']>;
};

/** A key/value label (W&B tags are keys only: their value is the empty string). */
export type Tag = {
  __typename?: 'Tag';
  key: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type TagInput = {
  key: Scalars['String']['input'];
  value?: InputMaybe<Scalars['String']['input']>;
};

/** Matches runs or experiments that carry the tag (any value when `value` is null). */
export type TagFilter = {
  key: Scalars['String']['input'];
  value?: InputMaybe<Scalars['String']['input']>;
};

/** Who the credentials belong to. */
export type Viewer = {
  __typename?: 'Viewer';
  subject: Scalars['String']['output'];
  role: Role;
};

export type Role = 'VIEWER' | 'OPERATOR';

/** A group of runs that compares training setups over seeds (MLflow experiment, W&B project). */
export type Experiment = {
  __typename?: 'Experiment';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  description: Maybe<Scalars['String']['output']>;
  tags: Array<Tag>;
  /** The setups compared, e.g. `nominal`, `ada`, `ada+augmix`. */
  setups: Array<Scalars['String']['output']>;
  seeds: Array<Scalars['Int']['output']>;
  /** The preset the runs start from (`quick`, `cpu-full`, `paper`). */
  preset: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  runs: RunConnection;
  /** Table 1 and Table 2 of the paper over this experiment's finished runs, mean and sd over seeds. */
  resultTable: ResultTable;
};

/** A group of runs that compares training setups over seeds (MLflow experiment, W&B project). */
export type ExperimentRunsArgs = {
  filter?: InputMaybe<RunFilter>;
  orderBy?: InputMaybe<RunOrder>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

/** A group of runs that compares training setups over seeds (MLflow experiment, W&B project). */
export type ExperimentResultTableArgs = {
  groupBy?: InputMaybe<ResultGrouping>;
};

export type ExperimentEdge = {
  __typename?: 'ExperimentEdge';
  cursor: Scalars['String']['output'];
  node: Experiment;
};

export type ExperimentConnection = {
  __typename?: 'ExperimentConnection';
  edges: Array<ExperimentEdge>;
  nodes: Array<Experiment>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ExperimentFilter = {
  /** Case-insensitive substring of the name. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  tag?: InputMaybe<TagFilter>;
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
};

export type ExperimentOrderField = 'CREATED_AT' | 'NAME';

export type ExperimentOrder = {
  field: ExperimentOrderField;
  direction?: SortDirection;
};

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** One training run: one setup, one seed (MLflow run, W&B run). */
export type Run = {
  __typename?: 'Run';
  id: Scalars['ID']['output'];
  experiment: Maybe<Experiment>;
  experimentId: Scalars['ID']['output'];
  setup: Scalars['String']['output'];
  seed: Scalars['Int']['output'];
  status: RunStatus;
  /** The full configuration the run trains with. */
  config: Scalars['JSON']['output'];
  /** Hash of `config` and `seed`: runs with the same hash are the same computation. */
  configHash: Scalars['String']['output'];
  /** The configuration flattened to dotted keys (MLflow params), sorted by key. */
  params: Array<Param>;
  /** What started the run (e.g. `ada run`, `trainer-service`). */
  source: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** Set when the run continues another run from one of its checkpoints. */
  resumedFrom: Maybe<ResumedFrom>;
  cancelReason: Maybe<Scalars['String']['output']>;
  progress: Maybe<RunProgress>;
  /** The latest value of every metric logged. */
  metrics: Array<Metric>;
  /** Names of the metrics logged over steps. */
  metricKeys: Array<Scalars['String']['output']>;
  /** One metric over training steps or evaluated epochs, oldest first; page with `afterStep`. */
  metricHistory: MetricSeries;
  checkpoints: Array<Checkpoint>;
  artifacts: Array<Artifact>;
  /** This run's Table 1 and Table 2 rows (empty before it finished). */
  resultTable: ResultTable;
  /**
   * The SSIM of the AdA images this run trained on (the paper's Figure 1b), recorded by the run
   * core epoch by epoch; null when it recorded none (a setup without AdA, or a run from before
   * the record existed).
   */
  adaSsim: Maybe<AdaSsimHistogram>;
  error: Maybe<RunError>;
};

/** One training run: one setup, one seed (MLflow run, W&B run). */
export type RunMetricHistoryArgs = {
  key: Scalars['String']['input'];
  by?: InputMaybe<MetricAxis>;
  afterStep?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One training run: one setup, one seed (MLflow run, W&B run). */
export type RunArtifactsArgs = {
  kind?: InputMaybe<ArtifactKind>;
};

/**
 * Histogram of the SSIM between AdA images and their clean images: per epoch, a uniform sample of
 * at most `sampleLimit` of the epoch's AdA images, counted in `bins` equal bins over [0, 1] (bin i
 * holds [i/bins, (i+1)/bins); 1 falls in the last bin, a value below 0 in the first).
 */
export type AdaSsimHistogram = {
  __typename?: 'AdaSsimHistogram';
  bins: Scalars['Int']['output'];
  sampleLimit: Scalars['Int']['output'];
  /** Every recorded epoch together: images per bin. */
  counts: Array<Scalars['Int']['output']>;
  /** Images counted (sampled) and AdA images trained on, over all recorded epochs. */
  sampled: Scalars['Int']['output'];
  seen: Scalars['Int']['output'];
  /** Mean SSIM of the sampled images. */
  mean: Scalars['Float']['output'];
  /** One histogram per epoch, oldest first. */
  epochs: Array<AdaSsimEpoch>;
};

/** The SSIM histogram of one epoch's sampled AdA images. */
export type AdaSsimEpoch = {
  __typename?: 'AdaSsimEpoch';
  /** 1-based, as in `metricHistory(by: EPOCH)`. */
  epoch: Scalars['Int']['output'];
  /** Global step at the end of the epoch. */
  step: Scalars['Int']['output'];
  counts: Array<Scalars['Int']['output']>;
  sampled: Scalars['Int']['output'];
  seen: Scalars['Int']['output'];
  mean: Scalars['Float']['output'];
  min: Scalars['Float']['output'];
  max: Scalars['Float']['output'];
};

export type ResumedFrom = {
  __typename?: 'ResumedFrom';
  runId: Scalars['ID']['output'];
  step: Scalars['Int']['output'];
};

export type MetricAxis =
  /** One point per recorded training step (loss, lr). */
  | 'STEP'
  /** One point per evaluated epoch (clean and per-corruption accuracy through training). */
  | 'EPOCH';

export type Param = {
  __typename?: 'Param';
  key: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** Where a run stands; `etaSeconds` is null until the rate is known. */
export type RunProgress = {
  __typename?: 'RunProgress';
  /** What the run is doing: `benchmark`, `train`, `eval`, ... */
  phase: Scalars['String']['output'];
  /** Units of the phase done and in all (steps while training, sets while evaluating). */
  done: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
  /** done / total, in [0, 1]. */
  fraction: Scalars['Float']['output'];
  step: Scalars['Int']['output'];
  totalSteps: Scalars['Int']['output'];
  /** 0-based epoch of the step in progress. */
  epoch: Scalars['Int']['output'];
  totalEpochs: Scalars['Int']['output'];
  /** Training throughput over a recent window. */
  imagesPerSecond: Maybe<Scalars['Float']['output']>;
  etaSeconds: Maybe<Scalars['Float']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type Metric = {
  __typename?: 'Metric';
  key: Scalars['String']['output'];
  value: Scalars['Float']['output'];
  step: Maybe<Scalars['Int']['output']>;
  epoch: Maybe<Scalars['Int']['output']>;
};

export type MetricPoint = {
  __typename?: 'MetricPoint';
  step: Scalars['Int']['output'];
  epoch: Scalars['Int']['output'];
  value: Scalars['Float']['output'];
  at: Scalars['DateTime']['output'];
};

export type MetricSeries = {
  __typename?: 'MetricSeries';
  key: Scalars['String']['output'];
  points: Array<MetricPoint>;
  /** Pass the last point's step as `afterStep` for the next page. */
  hasMore: Scalars['Boolean']['output'];
};

export type Checkpoint = {
  __typename?: 'Checkpoint';
  step: Scalars['Int']['output'];
  /** Object key of the checkpoint's manifest. */
  key: Scalars['String']['output'];
  sha256: Maybe<Scalars['String']['output']>;
  createdAt: Maybe<Scalars['DateTime']['output']>;
  artifact: Maybe<Artifact>;
};

export type RunError = {
  __typename?: 'RunError';
  /** A public UPPER_SNAKE code from the shared error model. */
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** Whether starting the same run again may succeed. */
  retriable: Scalars['Boolean']['output'];
};

export type RunEdge = {
  __typename?: 'RunEdge';
  cursor: Scalars['String']['output'];
  node: Run;
};

export type RunConnection = {
  __typename?: 'RunConnection';
  edges: Array<RunEdge>;
  nodes: Array<Run>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type RunFilter = {
  experimentId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<Array<RunStatus>>;
  setup?: InputMaybe<Array<Scalars['String']['input']>>;
  seed?: InputMaybe<Array<Scalars['Int']['input']>>;
  source?: InputMaybe<Scalars['String']['input']>;
  configHash?: InputMaybe<Scalars['String']['input']>;
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
};

export type RunOrderField =
  | 'CREATED_AT'
  | 'STARTED_AT'
  | 'FINISHED_AT'
  | 'STATUS'
  | 'SETUP'
  | 'SEED'
  /** By a result of the run, `RunOrder.metric`: `clean`, `mce`, `cifar101` or a Table 2 threat such as `linf_4/255` (runs without it last). */
  | 'METRIC';

export type RunOrder = {
  field: RunOrderField;
  direction?: SortDirection;
  /** The metric key when `field` is METRIC, e.g. `mce`. */
  metric?: InputMaybe<Scalars['String']['input']>;
};

export type ResultGrouping =
  /** One row per setup, mean and sd over its seeds. */
  | 'SETUP'
  /** One row per run (compare runs row by row). */
  | 'RUN';

/** A number over seeds (fractions in [0, 1]). */
export type Stat = {
  __typename?: 'Stat';
  mean: Scalars['Float']['output'];
  /** Population standard deviation over the n values (0 for one value). */
  sd: Scalars['Float']['output'];
  n: Scalars['Int']['output'];
};

/** Top-1 error under one corruption: mean over severities, and each severity 1..5. */
export type CorruptionStat = {
  __typename?: 'CorruptionStat';
  corruption: Scalars['String']['output'];
  error: Stat;
  severities: Array<Stat>;
};

/** Top-1 error at one severity, mean over the corruptions of the row (per seed, then over seeds). */
export type SeverityStat = {
  __typename?: 'SeverityStat';
  severity: Scalars['Int']['output'];
  error: Stat;
};

/** One row of Table 1: clean accuracy, mCE, CIFAR-10.1 accuracy, per-corruption and per-severity errors. */
export type Table1Row = {
  __typename?: 'Table1Row';
  label: Scalars['String']['output'];
  setup: Scalars['String']['output'];
  seeds: Array<Scalars['Int']['output']>;
  runIds: Array<Scalars['ID']['output']>;
  clean: Stat;
  mce: Stat;
  /** Null when no run of the row measured it. */
  cifar101: Maybe<Stat>;
  perCorruption: Array<CorruptionStat>;
  perSeverity: Array<SeverityStat>;
};

export type Norm = 'L2' | 'LINF';

/** Robust accuracy under one threat model. */
export type RobustStat = {
  __typename?: 'RobustStat';
  /** As the record names the threat, e.g. `linf_4/255`. */
  threat: Scalars['String']['output'];
  norm: Norm;
  epsilon: Scalars['Float']['output'];
  /** As the paper writes it: `0.5`, `1/255`. */
  epsilonLabel: Scalars['String']['output'];
  accuracy: Stat;
};

/** One row of Table 2: robust accuracy per norm and epsilon. */
export type Table2Row = {
  __typename?: 'Table2Row';
  label: Scalars['String']['output'];
  setup: Scalars['String']['output'];
  seeds: Array<Scalars['Int']['output']>;
  runIds: Array<Scalars['ID']['output']>;
  robust: Array<RobustStat>;
};

export type ResultTable = {
  __typename?: 'ResultTable';
  groupBy: ResultGrouping;
  runIds: Array<Scalars['ID']['output']>;
  table1: Array<Table1Row>;
  table2: Array<Table2Row>;
};

export type ArtifactKind =
  'CHECKPOINT' | 'RESULT_TABLE' | 'RECORD' | 'FIGURE' | 'AUGMENTED_BATCH' | 'OTHER';

/** A stored object. Download it through `url` (time-limited; S3 presigned or a signed gateway route). */
export type Artifact = {
  __typename?: 'Artifact';
  key: Scalars['String']['output'];
  kind: ArtifactKind;
  /** Size in bytes. */
  size: Scalars['Float']['output'];
  sha256: Maybe<Scalars['String']['output']>;
  url: SignedUrl;
};

/** A stored object. Download it through `url` (time-limited; S3 presigned or a signed gateway route). */
export type ArtifactUrlArgs = {
  expiresInSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type SignedUrl = {
  __typename?: 'SignedUrl';
  url: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
};

export type JobStatus = 'QUEUED' | 'SUCCEEDED' | 'FAILED';

/** uint8 NHWC images, base64 of the raw bytes (N x H x W x C). */
export type ImageBatch = {
  __typename?: 'ImageBatch';
  shape: Array<Scalars['Int']['output']>;
  dataBase64: Scalars['String']['output'];
};

export type ImageBatchInput = {
  /** [N, H, W, 3] */
  shape: Array<Scalars['Int']['input']>;
  dataBase64: Scalars['String']['input'];
};

/** AdA corruption settings (paper: edsr, nu 0.015, 10 steps, SSIM threshold 0.3). */
export type AdaConfigInput = {
  network?: InputMaybe<Scalars['String']['input']>;
  nu?: InputMaybe<Scalars['Float']['input']>;
  steps?: InputMaybe<Scalars['Int']['input']>;
  ssimThreshold?: InputMaybe<Scalars['Float']['input']>;
  offsets?: InputMaybe<Scalars['String']['input']>;
  residual?: InputMaybe<Scalars['Boolean']['input']>;
};

export type AugmentBatchInput = {
  /** Manifest key of a published classifier checkpoint, e.g. `runs/r1/ckpt/final/manifest.json`. */
  classifier: Scalars['String']['input'];
  images: ImageBatchInput;
  labels: Array<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  config?: InputMaybe<AdaConfigInput>;
};

/** Batch augmentation as a service: AdA-corrupted versions of the given images. */
export type AugmentJob = {
  __typename?: 'AugmentJob';
  id: Scalars['ID']['output'];
  status: JobStatus;
  createdAt: Scalars['DateTime']['output'];
  completedAt: Maybe<Scalars['DateTime']['output']>;
  images: Maybe<ImageBatch>;
  ssim: Maybe<Array<Scalars['Float']['output']>>;
  lineSearchSteps: Maybe<Array<Scalars['Int']['output']>>;
  checkpointStep: Maybe<Scalars['Int']['output']>;
  error: Maybe<Scalars['String']['output']>;
  retriable: Maybe<Scalars['Boolean']['output']>;
};

export type EvaluationKind =
  'CORRUPTION_BENCHMARK' | 'CLEAN' | 'CIFAR10_1' | 'LP_ROBUSTNESS' | 'SSIM';

export type EvaluateInput = {
  kind: EvaluationKind;
  /** The run whose checkpoint to evaluate (its latest unless `checkpointStep`). */
  runId?: InputMaybe<Scalars['ID']['input']>;
  checkpointStep?: InputMaybe<Scalars['Int']['input']>;
  /** A checkpoint manifest key instead of a run. */
  checkpointKey?: InputMaybe<Scalars['String']['input']>;
  /** Kind-specific parameters, e.g. `{ norm: "linf", epsilon: 0.0078, examples: 256 }`. */
  params?: InputMaybe<Scalars['JSON']['input']>;
};

/** A table of numbers as an evaluation returns it. */
export type GenericTable = {
  __typename?: 'GenericTable';
  columns: Array<Scalars['String']['output']>;
  rows: Array<GenericRow>;
};

export type GenericRow = {
  __typename?: 'GenericRow';
  label: Scalars['String']['output'];
  values: Array<Maybe<Scalars['Float']['output']>>;
};

/** A benchmark or l_p robustness evaluation of one checkpoint. */
export type Evaluation = {
  __typename?: 'Evaluation';
  id: Scalars['ID']['output'];
  kind: EvaluationKind;
  status: JobStatus;
  runId: Maybe<Scalars['ID']['output']>;
  checkpointKey: Scalars['String']['output'];
  checkpointStep: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  completedAt: Maybe<Scalars['DateTime']['output']>;
  metrics: Array<Metric>;
  table: Maybe<GenericTable>;
  error: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Who the request's credentials belong to. */
  viewer: Viewer;
  experiment: Maybe<Experiment>;
  experiments: ExperimentConnection;
  run: Maybe<Run>;
  runs: RunConnection;
  /** Tables 1 and 2 over any runs (finished ones count); rows by setup or by run. */
  resultTable: ResultTable;
  /** The runs side by side, one row each. */
  compareRuns: ResultTable;
  artifact: Maybe<Artifact>;
  augmentJob: Maybe<AugmentJob>;
  evaluation: Maybe<Evaluation>;
};

export type QueryExperimentArgs = {
  id: Scalars['ID']['input'];
};

export type QueryExperimentsArgs = {
  filter?: InputMaybe<ExperimentFilter>;
  orderBy?: InputMaybe<ExperimentOrder>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};

export type QueryRunsArgs = {
  filter?: InputMaybe<RunFilter>;
  orderBy?: InputMaybe<RunOrder>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type QueryResultTableArgs = {
  experimentId?: InputMaybe<Scalars['ID']['input']>;
  runIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  groupBy?: InputMaybe<ResultGrouping>;
};

export type QueryCompareRunsArgs = {
  ids: Array<Scalars['ID']['input']>;
};

export type QueryArtifactArgs = {
  key: Scalars['String']['input'];
};

export type QueryAugmentJobArgs = {
  id: Scalars['ID']['input'];
};

export type QueryEvaluationArgs = {
  id: Scalars['ID']['input'];
};

export type CreateExperimentInput = {
  /** 1-200 characters. */
  name: Scalars['String']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<TagInput>>;
  setups: Array<Scalars['String']['input']>;
  seeds: Array<Scalars['Int']['input']>;
  preset?: InputMaybe<Scalars['String']['input']>;
};

export type StartRunInput = {
  /** The experiment the run belongs to (create one with `createExperiment`). */
  experimentId: Scalars['ID']['input'];
  /** Client-chosen id ([A-Za-z0-9._:-], up to 120); a new one is made when omitted. */
  runId?: InputMaybe<Scalars['ID']['input']>;
  setup: Scalars['String']['input'];
  seed?: Scalars['Int']['input'];
  /** `quick` (default), `cpu-full`, `paper`. */
  preset?: InputMaybe<Scalars['String']['input']>;
  /** Overrides of the preset: { data, model, train, ada, eval } sections. */
  config?: InputMaybe<Scalars['JSON']['input']>;
  /**
   * Figure 2 (per-corruption accuracy through training): measured every `historyEvery` epochs and
   * after the last; 0 turns it off. Default: the preset's, every epoch for `quick` and `cpu-full`
   * (as `ada run`). The same as `config.eval.historyEvery`; giving both with different values is
   * refused.
   */
  historyEvery?: InputMaybe<Scalars['Int']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  createExperiment: Experiment;
  /** Queues a run; follow it with the `runUpdated` subscription. */
  startRun: Run;
  cancelRun: Run;
  augmentBatch: AugmentJob;
  evaluate: Evaluation;
};

export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};

export type MutationStartRunArgs = {
  input: StartRunInput;
};

export type MutationCancelRunArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type MutationAugmentBatchArgs = {
  input: AugmentBatchInput;
};

export type MutationEvaluateArgs = {
  input: EvaluateInput;
};

export type RunEventType =
  'CREATED' | 'STARTED' | 'PROGRESS' | 'CHECKPOINT' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** One lifecycle event of a run, as the services publish it. */
export type RunUpdate = {
  __typename?: 'RunUpdate';
  runId: Scalars['ID']['output'];
  type: RunEventType;
  status: RunStatus;
  at: Scalars['DateTime']['output'];
  progress: Maybe<RunProgress>;
  checkpoint: Maybe<Checkpoint>;
  metrics: Array<Metric>;
  error: Maybe<RunError>;
  /** The run's record now (null while the run has none). */
  run: Maybe<Run>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Events of one run from now on; ends after its final event. */
  runUpdated: RunUpdate;
  /** Events of every run (of one experiment when given). */
  runsUpdated: RunUpdate;
};

export type SubscriptionRunUpdatedArgs = {
  id: Scalars['ID']['input'];
};

export type SubscriptionRunsUpdatedArgs = {
  experimentId?: InputMaybe<Scalars['ID']['input']>;
};

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ResolverFn<TResult, TParent, TContext, TArgs>
  | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<
  TResult,
  TKey extends string,
  TParent,
  TContext,
  TArgs,
> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<
  TTypes,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo,
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<
  T = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  ErrorCode: ErrorCode;
  FieldErrorCode: FieldErrorCode;
  FieldError: ResolverTypeWrapper<FieldError>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SortDirection: SortDirection;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Tag: ResolverTypeWrapper<Tag>;
  TagInput: TagInput;
  TagFilter: TagFilter;
  Viewer: ResolverTypeWrapper<Viewer>;
  Role: Role;
  Experiment: ResolverTypeWrapper<ExperimentView>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ExperimentEdge: ResolverTypeWrapper<
    Omit<ExperimentEdge, 'node'> & { node: ResolversTypes['Experiment'] }
  >;
  ExperimentConnection: ResolverTypeWrapper<
    Omit<ExperimentConnection, 'edges' | 'nodes'> & {
      edges: Array<ResolversTypes['ExperimentEdge']>;
      nodes: Array<ResolversTypes['Experiment']>;
    }
  >;
  ExperimentFilter: ExperimentFilter;
  ExperimentOrderField: ExperimentOrderField;
  ExperimentOrder: ExperimentOrder;
  RunStatus: RunStatus;
  Run: ResolverTypeWrapper<RunView>;
  AdaSsimHistogram: ResolverTypeWrapper<AdaSsimHistogram>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  AdaSsimEpoch: ResolverTypeWrapper<AdaSsimEpoch>;
  ResumedFrom: ResolverTypeWrapper<ResumedFrom>;
  MetricAxis: MetricAxis;
  Param: ResolverTypeWrapper<Param>;
  RunProgress: ResolverTypeWrapper<RunProgress>;
  Metric: ResolverTypeWrapper<Metric>;
  MetricPoint: ResolverTypeWrapper<MetricPoint>;
  MetricSeries: ResolverTypeWrapper<MetricSeries>;
  Checkpoint: ResolverTypeWrapper<CheckpointView>;
  RunError: ResolverTypeWrapper<RunError>;
  RunEdge: ResolverTypeWrapper<Omit<RunEdge, 'node'> & { node: ResolversTypes['Run'] }>;
  RunConnection: ResolverTypeWrapper<
    Omit<RunConnection, 'edges' | 'nodes'> & {
      edges: Array<ResolversTypes['RunEdge']>;
      nodes: Array<ResolversTypes['Run']>;
    }
  >;
  RunFilter: RunFilter;
  RunOrderField: RunOrderField;
  RunOrder: RunOrder;
  ResultGrouping: ResultGrouping;
  Stat: ResolverTypeWrapper<Stat>;
  CorruptionStat: ResolverTypeWrapper<CorruptionStat>;
  SeverityStat: ResolverTypeWrapper<SeverityStat>;
  Table1Row: ResolverTypeWrapper<Table1Row>;
  Norm: Norm;
  RobustStat: ResolverTypeWrapper<RobustStat>;
  Table2Row: ResolverTypeWrapper<Table2Row>;
  ResultTable: ResolverTypeWrapper<ResultTable>;
  ArtifactKind: ArtifactKind;
  Artifact: ResolverTypeWrapper<ArtifactView>;
  SignedUrl: ResolverTypeWrapper<SignedUrl>;
  JobStatus: JobStatus;
  ImageBatch: ResolverTypeWrapper<ImageBatch>;
  ImageBatchInput: ImageBatchInput;
  AdaConfigInput: AdaConfigInput;
  AugmentBatchInput: AugmentBatchInput;
  AugmentJob: ResolverTypeWrapper<AugmentJob>;
  EvaluationKind: EvaluationKind;
  EvaluateInput: EvaluateInput;
  GenericTable: ResolverTypeWrapper<GenericTable>;
  GenericRow: ResolverTypeWrapper<GenericRow>;
  Evaluation: ResolverTypeWrapper<Evaluation>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  CreateExperimentInput: CreateExperimentInput;
  StartRunInput: StartRunInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RunEventType: RunEventType;
  RunUpdate: ResolverTypeWrapper<RunUpdateView>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  JSON: Scalars['JSON']['output'];
  FieldError: FieldError;
  String: Scalars['String']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Tag: Tag;
  TagInput: TagInput;
  TagFilter: TagFilter;
  Viewer: Viewer;
  Experiment: ExperimentView;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  ExperimentEdge: Omit<ExperimentEdge, 'node'> & { node: ResolversParentTypes['Experiment'] };
  ExperimentConnection: Omit<ExperimentConnection, 'edges' | 'nodes'> & {
    edges: Array<ResolversParentTypes['ExperimentEdge']>;
    nodes: Array<ResolversParentTypes['Experiment']>;
  };
  ExperimentFilter: ExperimentFilter;
  ExperimentOrder: ExperimentOrder;
  Run: RunView;
  AdaSsimHistogram: AdaSsimHistogram;
  Float: Scalars['Float']['output'];
  AdaSsimEpoch: AdaSsimEpoch;
  ResumedFrom: ResumedFrom;
  Param: Param;
  RunProgress: RunProgress;
  Metric: Metric;
  MetricPoint: MetricPoint;
  MetricSeries: MetricSeries;
  Checkpoint: CheckpointView;
  RunError: RunError;
  RunEdge: Omit<RunEdge, 'node'> & { node: ResolversParentTypes['Run'] };
  RunConnection: Omit<RunConnection, 'edges' | 'nodes'> & {
    edges: Array<ResolversParentTypes['RunEdge']>;
    nodes: Array<ResolversParentTypes['Run']>;
  };
  RunFilter: RunFilter;
  RunOrder: RunOrder;
  Stat: Stat;
  CorruptionStat: CorruptionStat;
  SeverityStat: SeverityStat;
  Table1Row: Table1Row;
  RobustStat: RobustStat;
  Table2Row: Table2Row;
  ResultTable: ResultTable;
  Artifact: ArtifactView;
  SignedUrl: SignedUrl;
  ImageBatch: ImageBatch;
  ImageBatchInput: ImageBatchInput;
  AdaConfigInput: AdaConfigInput;
  AugmentBatchInput: AugmentBatchInput;
  AugmentJob: AugmentJob;
  EvaluateInput: EvaluateInput;
  GenericTable: GenericTable;
  GenericRow: GenericRow;
  Evaluation: Evaluation;
  Query: Record<PropertyKey, never>;
  CreateExperimentInput: CreateExperimentInput;
  StartRunInput: StartRunInput;
  Mutation: Record<PropertyKey, never>;
  RunUpdate: RunUpdateView;
  Subscription: Record<PropertyKey, never>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['DateTime'],
  any
> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type FieldErrorResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['FieldError'] = ResolversParentTypes['FieldError'],
> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['FieldErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TagResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag'],
> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ViewerResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer'],
> = {
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
};

export type ExperimentResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
  setups?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  seeds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  preset?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  runs?: Resolver<
    ResolversTypes['RunConnection'],
    ParentType,
    ContextType,
    RequireFields<ExperimentRunsArgs, 'first'>
  >;
  resultTable?: Resolver<
    ResolversTypes['ResultTable'],
    ParentType,
    ContextType,
    RequireFields<ExperimentResultTableArgs, 'groupBy'>
  >;
};

export type ExperimentEdgeResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['ExperimentEdge'] =
    ResolversParentTypes['ExperimentEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType>;
};

export type ExperimentConnectionResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['ExperimentConnection'] =
    ResolversParentTypes['ExperimentConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['ExperimentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RunResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Run'] = ResolversParentTypes['Run'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType>;
  experimentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  setup?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
  config?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  configHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  params?: Resolver<Array<ResolversTypes['Param']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resumedFrom?: Resolver<Maybe<ResolversTypes['ResumedFrom']>, ParentType, ContextType>;
  cancelReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['RunProgress']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['Metric']>, ParentType, ContextType>;
  metricKeys?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  metricHistory?: Resolver<
    ResolversTypes['MetricSeries'],
    ParentType,
    ContextType,
    RequireFields<RunMetricHistoryArgs, 'key' | 'by' | 'first'>
  >;
  checkpoints?: Resolver<Array<ResolversTypes['Checkpoint']>, ParentType, ContextType>;
  artifacts?: Resolver<
    Array<ResolversTypes['Artifact']>,
    ParentType,
    ContextType,
    Partial<RunArtifactsArgs>
  >;
  resultTable?: Resolver<ResolversTypes['ResultTable'], ParentType, ContextType>;
  adaSsim?: Resolver<Maybe<ResolversTypes['AdaSsimHistogram']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['RunError']>, ParentType, ContextType>;
};

export type AdaSsimHistogramResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['AdaSsimHistogram'] =
    ResolversParentTypes['AdaSsimHistogram'],
> = {
  bins?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sampleLimit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  counts?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  sampled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  epochs?: Resolver<Array<ResolversTypes['AdaSsimEpoch']>, ParentType, ContextType>;
};

export type AdaSsimEpochResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['AdaSsimEpoch'] = ResolversParentTypes['AdaSsimEpoch'],
> = {
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  counts?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  sampled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ResumedFromResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['ResumedFrom'] = ResolversParentTypes['ResumedFrom'],
> = {
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ParamResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Param'] = ResolversParentTypes['Param'],
> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RunProgressResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RunProgress'] = ResolversParentTypes['RunProgress'],
> = {
  phase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fraction?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalSteps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalEpochs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesPerSecond?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  etaSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type MetricResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Metric'] = ResolversParentTypes['Metric'],
> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type MetricPointResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['MetricPoint'] = ResolversParentTypes['MetricPoint'],
> = {
  step?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type MetricSeriesResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['MetricSeries'] = ResolversParentTypes['MetricSeries'],
> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType>;
  hasMore?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CheckpointResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Checkpoint'] = ResolversParentTypes['Checkpoint'],
> = {
  step?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  artifact?: Resolver<Maybe<ResolversTypes['Artifact']>, ParentType, ContextType>;
};

export type RunErrorResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RunError'] = ResolversParentTypes['RunError'],
> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retriable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type RunEdgeResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RunEdge'] = ResolversParentTypes['RunEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
};

export type RunConnectionResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RunConnection'] = ResolversParentTypes['RunConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['RunEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Run']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StatResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Stat'] = ResolversParentTypes['Stat'],
> = {
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CorruptionStatResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['CorruptionStat'] =
    ResolversParentTypes['CorruptionStat'],
> = {
  corruption?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<ResolversTypes['Stat'], ParentType, ContextType>;
  severities?: Resolver<Array<ResolversTypes['Stat']>, ParentType, ContextType>;
};

export type SeverityStatResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['SeverityStat'] = ResolversParentTypes['SeverityStat'],
> = {
  severity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<ResolversTypes['Stat'], ParentType, ContextType>;
};

export type Table1RowResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Table1Row'] = ResolversParentTypes['Table1Row'],
> = {
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  setup?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seeds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  runIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  clean?: Resolver<ResolversTypes['Stat'], ParentType, ContextType>;
  mce?: Resolver<ResolversTypes['Stat'], ParentType, ContextType>;
  cifar101?: Resolver<Maybe<ResolversTypes['Stat']>, ParentType, ContextType>;
  perCorruption?: Resolver<Array<ResolversTypes['CorruptionStat']>, ParentType, ContextType>;
  perSeverity?: Resolver<Array<ResolversTypes['SeverityStat']>, ParentType, ContextType>;
};

export type RobustStatResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RobustStat'] = ResolversParentTypes['RobustStat'],
> = {
  threat?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  norm?: Resolver<ResolversTypes['Norm'], ParentType, ContextType>;
  epsilon?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  epsilonLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accuracy?: Resolver<ResolversTypes['Stat'], ParentType, ContextType>;
};

export type Table2RowResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Table2Row'] = ResolversParentTypes['Table2Row'],
> = {
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  setup?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seeds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  runIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  robust?: Resolver<Array<ResolversTypes['RobustStat']>, ParentType, ContextType>;
};

export type ResultTableResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['ResultTable'] = ResolversParentTypes['ResultTable'],
> = {
  groupBy?: Resolver<ResolversTypes['ResultGrouping'], ParentType, ContextType>;
  runIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  table1?: Resolver<Array<ResolversTypes['Table1Row']>, ParentType, ContextType>;
  table2?: Resolver<Array<ResolversTypes['Table2Row']>, ParentType, ContextType>;
};

export type ArtifactResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Artifact'] = ResolversParentTypes['Artifact'],
> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ArtifactKind'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<
    ResolversTypes['SignedUrl'],
    ParentType,
    ContextType,
    RequireFields<ArtifactUrlArgs, 'expiresInSeconds'>
  >;
};

export type SignedUrlResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['SignedUrl'] = ResolversParentTypes['SignedUrl'],
> = {
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ImageBatchResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['ImageBatch'] = ResolversParentTypes['ImageBatch'],
> = {
  shape?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  dataBase64?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AugmentJobResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['AugmentJob'] = ResolversParentTypes['AugmentJob'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  images?: Resolver<Maybe<ResolversTypes['ImageBatch']>, ParentType, ContextType>;
  ssim?: Resolver<Maybe<Array<ResolversTypes['Float']>>, ParentType, ContextType>;
  lineSearchSteps?: Resolver<Maybe<Array<ResolversTypes['Int']>>, ParentType, ContextType>;
  checkpointStep?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  retriable?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type GenericTableResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['GenericTable'] = ResolversParentTypes['GenericTable'],
> = {
  columns?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['GenericRow']>, ParentType, ContextType>;
};

export type GenericRowResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['GenericRow'] = ResolversParentTypes['GenericRow'],
> = {
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  values?: Resolver<Array<Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
};

export type EvaluationResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Evaluation'] = ResolversParentTypes['Evaluation'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['EvaluationKind'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  runId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  checkpointKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  checkpointStep?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['Metric']>, ParentType, ContextType>;
  table?: Resolver<Maybe<ResolversTypes['GenericTable']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  experiment?: Resolver<
    Maybe<ResolversTypes['Experiment']>,
    ParentType,
    ContextType,
    RequireFields<QueryExperimentArgs, 'id'>
  >;
  experiments?: Resolver<
    ResolversTypes['ExperimentConnection'],
    ParentType,
    ContextType,
    RequireFields<QueryExperimentsArgs, 'first'>
  >;
  run?: Resolver<
    Maybe<ResolversTypes['Run']>,
    ParentType,
    ContextType,
    RequireFields<QueryRunArgs, 'id'>
  >;
  runs?: Resolver<
    ResolversTypes['RunConnection'],
    ParentType,
    ContextType,
    RequireFields<QueryRunsArgs, 'first'>
  >;
  resultTable?: Resolver<
    ResolversTypes['ResultTable'],
    ParentType,
    ContextType,
    RequireFields<QueryResultTableArgs, 'groupBy'>
  >;
  compareRuns?: Resolver<
    ResolversTypes['ResultTable'],
    ParentType,
    ContextType,
    RequireFields<QueryCompareRunsArgs, 'ids'>
  >;
  artifact?: Resolver<
    Maybe<ResolversTypes['Artifact']>,
    ParentType,
    ContextType,
    RequireFields<QueryArtifactArgs, 'key'>
  >;
  augmentJob?: Resolver<
    Maybe<ResolversTypes['AugmentJob']>,
    ParentType,
    ContextType,
    RequireFields<QueryAugmentJobArgs, 'id'>
  >;
  evaluation?: Resolver<
    Maybe<ResolversTypes['Evaluation']>,
    ParentType,
    ContextType,
    RequireFields<QueryEvaluationArgs, 'id'>
  >;
};

export type MutationResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  createExperiment?: Resolver<
    ResolversTypes['Experiment'],
    ParentType,
    ContextType,
    RequireFields<MutationCreateExperimentArgs, 'input'>
  >;
  startRun?: Resolver<
    ResolversTypes['Run'],
    ParentType,
    ContextType,
    RequireFields<MutationStartRunArgs, 'input'>
  >;
  cancelRun?: Resolver<
    ResolversTypes['Run'],
    ParentType,
    ContextType,
    RequireFields<MutationCancelRunArgs, 'id'>
  >;
  augmentBatch?: Resolver<
    ResolversTypes['AugmentJob'],
    ParentType,
    ContextType,
    RequireFields<MutationAugmentBatchArgs, 'input'>
  >;
  evaluate?: Resolver<
    ResolversTypes['Evaluation'],
    ParentType,
    ContextType,
    RequireFields<MutationEvaluateArgs, 'input'>
  >;
};

export type RunUpdateResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['RunUpdate'] = ResolversParentTypes['RunUpdate'],
> = {
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['RunEventType'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['RunProgress']>, ParentType, ContextType>;
  checkpoint?: Resolver<Maybe<ResolversTypes['Checkpoint']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['Metric']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['RunError']>, ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<
  ContextType = GatewayContext,
  ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription'],
> = {
  runUpdated?: SubscriptionResolver<
    ResolversTypes['RunUpdate'],
    'runUpdated',
    ParentType,
    ContextType,
    RequireFields<SubscriptionRunUpdatedArgs, 'id'>
  >;
  runsUpdated?: SubscriptionResolver<
    ResolversTypes['RunUpdate'],
    'runsUpdated',
    ParentType,
    ContextType,
    Partial<SubscriptionRunsUpdatedArgs>
  >;
};

export type Resolvers<ContextType = GatewayContext> = {
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  FieldError?: FieldErrorResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentEdge?: ExperimentEdgeResolvers<ContextType>;
  ExperimentConnection?: ExperimentConnectionResolvers<ContextType>;
  Run?: RunResolvers<ContextType>;
  AdaSsimHistogram?: AdaSsimHistogramResolvers<ContextType>;
  AdaSsimEpoch?: AdaSsimEpochResolvers<ContextType>;
  ResumedFrom?: ResumedFromResolvers<ContextType>;
  Param?: ParamResolvers<ContextType>;
  RunProgress?: RunProgressResolvers<ContextType>;
  Metric?: MetricResolvers<ContextType>;
  MetricPoint?: MetricPointResolvers<ContextType>;
  MetricSeries?: MetricSeriesResolvers<ContextType>;
  Checkpoint?: CheckpointResolvers<ContextType>;
  RunError?: RunErrorResolvers<ContextType>;
  RunEdge?: RunEdgeResolvers<ContextType>;
  RunConnection?: RunConnectionResolvers<ContextType>;
  Stat?: StatResolvers<ContextType>;
  CorruptionStat?: CorruptionStatResolvers<ContextType>;
  SeverityStat?: SeverityStatResolvers<ContextType>;
  Table1Row?: Table1RowResolvers<ContextType>;
  RobustStat?: RobustStatResolvers<ContextType>;
  Table2Row?: Table2RowResolvers<ContextType>;
  ResultTable?: ResultTableResolvers<ContextType>;
  Artifact?: ArtifactResolvers<ContextType>;
  SignedUrl?: SignedUrlResolvers<ContextType>;
  ImageBatch?: ImageBatchResolvers<ContextType>;
  AugmentJob?: AugmentJobResolvers<ContextType>;
  GenericTable?: GenericTableResolvers<ContextType>;
  GenericRow?: GenericRowResolvers<ContextType>;
  Evaluation?: EvaluationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  RunUpdate?: RunUpdateResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
};
