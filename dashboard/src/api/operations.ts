/**
 * Every GraphQL operation the dashboard sends, written against gateway/schema.graphql, with the
 * types of the parts of the answers it reads.
 */

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type Role = 'VIEWER' | 'OPERATOR';

export interface Stat {
  mean: number;
  sd: number;
  n: number;
}

export interface Table1Row {
  label: string;
  setup: string;
  seeds: number[];
  runIds: string[];
  clean: Stat;
  mce: Stat;
  cifar101: Stat | null;
  perCorruption: { corruption: string; error: Stat }[];
  perSeverity: { severity: number; error: Stat }[];
}

export interface Table2Row {
  label: string;
  setup: string;
  seeds: number[];
  runIds: string[];
  robust: { threat: string; norm: 'L2' | 'LINF'; epsilonLabel: string; accuracy: Stat }[];
}

export interface ResultTable {
  groupBy: 'SETUP' | 'RUN';
  table1: Table1Row[];
  table2: Table2Row[];
}

export interface RunProgress {
  phase: string;
  done: number;
  total: number;
  fraction: number;
  step: number;
  totalSteps: number;
  epoch: number;
  totalEpochs: number;
  imagesPerSecond: number | null;
  etaSeconds: number | null;
  updatedAt: string;
}

export interface Metric {
  key: string;
  value: number;
  step: number | null;
  epoch: number | null;
}

export interface RunSummary {
  id: string;
  setup: string;
  seed: number;
  status: RunStatus;
  createdAt: string;
  progress: RunProgress | null;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  description: string | null;
  setups: string[];
  seeds: number[];
  preset: string | null;
  createdAt: string;
  tags: { key: string; value: string }[];
  runs: { totalCount: number };
}

export interface Artifact {
  key: string;
  kind: string;
  size: number;
  url: { url: string };
}

export interface RunDetail extends RunSummary {
  experimentId: string;
  configHash: string;
  source: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelReason: string | null;
  metrics: Metric[];
  metricKeys: string[];
  checkpoints: { step: number; key: string; createdAt: string | null }[];
  artifacts: Artifact[];
  resultTable: ResultTable;
  adaSsim: AdaSsim | null;
  error: { code: string; message: string; retriable: boolean } | null;
}

/** The SSIM histogram of the AdA images a run trained on, as the run core recorded it. */
export interface AdaSsim {
  bins: number;
  sampleLimit: number;
  counts: number[];
  sampled: number;
  seen: number;
  mean: number;
  epochs: { epoch: number }[];
}

export interface MetricSeries {
  key: string;
  points: { step: number; epoch: number; value: number }[];
  hasMore: boolean;
}

export interface RunUpdate {
  runId: string;
  type: string;
  status: RunStatus;
  at: string;
  progress: RunProgress | null;
  metrics: Metric[];
  error: { code: string; message: string } | null;
}

const STAT = 'mean sd n';
const RESULT_TABLE = `
  groupBy
  table1 {
    label setup seeds runIds
    clean { ${STAT} } mce { ${STAT} } cifar101 { ${STAT} }
    perCorruption { corruption error { ${STAT} } }
    perSeverity { severity error { ${STAT} } }
  }
  table2 { label setup seeds runIds robust { threat norm epsilonLabel accuracy { ${STAT} } } }`;
const PROGRESS = `phase done total fraction step totalSteps epoch totalEpochs imagesPerSecond etaSeconds updatedAt`;
const RUN_SUMMARY = `id setup seed status createdAt progress { ${PROGRESS} }`;

export const VIEWER = `query Viewer { viewer { subject role } }`;

export const EXPERIMENTS = `query Experiments($first: Int, $after: String, $filter: ExperimentFilter) {
  experiments(first: $first, after: $after, filter: $filter, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id name description setups seeds preset createdAt tags { key value } runs { totalCount } }
  }
}`;

export const EXPERIMENT = `query Experiment($id: ID!, $groupBy: ResultGrouping) {
  experiment(id: $id) {
    id name description setups seeds preset createdAt tags { key value }
    runs(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) { totalCount nodes { ${RUN_SUMMARY} } }
    resultTable(groupBy: $groupBy) { ${RESULT_TABLE} }
  }
}`;

export const RUN = `query Run($id: ID!) {
  run(id: $id) {
    ${RUN_SUMMARY}
    experimentId configHash source startedAt finishedAt cancelReason
    metrics { key value step epoch }
    metricKeys
    checkpoints { step key createdAt }
    artifacts { key kind size url { url } }
    resultTable { ${RESULT_TABLE} }
    adaSsim { bins sampleLimit counts sampled seen mean epochs { epoch } }
    error { code message retriable }
  }
}`;

export const METRIC_HISTORY = `query MetricHistory($id: ID!, $key: String!, $by: MetricAxis, $afterStep: Int) {
  run(id: $id) { metricHistory(key: $key, by: $by, afterStep: $afterStep, first: 500) { key hasMore points { step epoch value } } }
}`;

export const RUN_UPDATED = `subscription RunUpdated($id: ID!) {
  runUpdated(id: $id) {
    runId type status at
    progress { ${PROGRESS} }
    metrics { key value step epoch }
    error { code message }
  }
}`;

export const RUNS_UPDATED = `subscription RunsUpdated($experimentId: ID) {
  runsUpdated(experimentId: $experimentId) { runId type status at progress { ${PROGRESS} } }
}`;

export const CREATE_EXPERIMENT = `mutation CreateExperiment($input: CreateExperimentInput!) {
  createExperiment(input: $input) { id name }
}`;

export const START_RUN = `mutation StartRun($input: StartRunInput!) {
  startRun(input: $input) { id status }
}`;

export const CANCEL_RUN = `mutation CancelRun($id: ID!, $reason: String) {
  cancelRun(id: $id, reason: $reason) { id status cancelReason }
}`;

const EVALUATION_FIELDS = `id kind status checkpointKey checkpointStep
    metrics { key value }
    table { columns rows { label values } }
    error`;

export const EVALUATE = `mutation Evaluate($input: EvaluateInput!) {
  evaluate(input: $input) { ${EVALUATION_FIELDS} }
}`;

export const EVALUATION = `query Evaluation($id: ID!) {
  evaluation(id: $id) { ${EVALUATION_FIELDS} }
}`;

export const AUGMENT_BATCH = `mutation AugmentBatch($input: AugmentBatchInput!) {
  augmentBatch(input: $input) { id status images { shape dataBase64 } ssim error }
}`;

export const AUGMENT_JOB = `query AugmentJob($id: ID!) {
  augmentJob(id: $id) { id status images { shape dataBase64 } ssim error }
}`;

export interface Evaluation {
  id: string;
  kind: string;
  status: 'QUEUED' | 'SUCCEEDED' | 'FAILED';
  checkpointKey: string;
  checkpointStep: number;
  metrics: { key: string; value: number }[];
  table: { columns: string[]; rows: { label: string; values: (number | null)[] }[] } | null;
  error: string | null;
}

export interface AugmentJob {
  id: string;
  status: 'QUEUED' | 'SUCCEEDED' | 'FAILED';
  images: { shape: number[]; dataBase64: string } | null;
  ssim: number[] | null;
  error: string | null;
}
