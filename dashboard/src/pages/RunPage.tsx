import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  accuracyHeatmapSpec,
  examplesGridSpec,
  metricCurvesSpec,
  ssimHistogramFromCountsSpec,
  ssimHistogramSpec,
  type HeatmapNormalisation,
} from '@ada/figures';
import type { GraphQLClient } from '../api/client.ts';
import { useApi, useQuery } from '../api/context.tsx';
import {
  AUGMENT_BATCH,
  AUGMENT_JOB,
  CANCEL_RUN,
  EVALUATE,
  EVALUATION,
  METRIC_HISTORY,
  RUN,
  RUN_UPDATED,
  type AugmentJob,
  type Evaluation,
  type Metric,
  type MetricSeries,
  type RunDetail,
  type RunUpdate,
} from '../api/operations.ts';
import { ActionForm, Field, useAction } from '../components/Forms.tsx';
import { ResultTables } from '../components/ResultTables.tsx';
import { FINAL_STATUSES, StatusBadge } from '../components/Status.tsx';
import { VegaFigure } from '../components/VegaFigure.tsx';
import { formatDuration, formatTime } from '../format.ts';
import {
  amplifiedDifference,
  bmpDataUrl,
  fromBase64,
  sampleImages,
  toBase64,
  type RgbBatch,
} from '../images.ts';
import { accuracyHistory, accuracyName, curvePoints } from '../metrics.ts';
import { experimentHref } from '../route.ts';

/** Every page of one metric's history on one axis. */
async function fetchSeries(
  client: GraphQLClient,
  id: string,
  key: string,
  by: 'STEP' | 'EPOCH',
): Promise<MetricSeries> {
  const points: MetricSeries['points'] = [];
  let afterStep: number | null = null;
  for (let page = 0; page < 20; page++) {
    const d: { run: { metricHistory: MetricSeries } | null } = await client.request(
      METRIC_HISTORY,
      {
        id,
        key,
        by,
        afterStep,
      },
    );
    const s = d.run?.metricHistory;
    if (!s) break;
    points.push(...s.points);
    if (!s.hasMore || s.points.length === 0) break;
    afterStep = s.points.at(-1)!.step;
  }
  return { key, points, hasMore: false };
}

/** One run: live progress, curves, Figure 2, its Table 1/2 rows, Figure 1a/1b, actions. */
export function RunPage(props: { id: string }): ReactNode {
  const { client } = useApi();
  const q = useQuery<{ run: RunDetail | null }>(RUN, { id: props.id });
  const run = q.data?.run;
  const [update, setUpdate] = useState<RunUpdate>();
  const [liveMetrics, setLiveMetrics] = useState<Metric[]>([]);
  const [stepSeries, setStepSeries] = useState<MetricSeries[]>([]);
  const [epochSeries, setEpochSeries] = useState<MetricSeries[]>([]);
  const { refetch } = q;
  // A run just started has no record until the trainer takes it: look again every 2 s (its
  // first events also trigger a refetch) for up to 2 minutes.
  const missing = q.data !== undefined && q.data.run === null;
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    if (!missing || waited >= 60) return;
    const t = setTimeout(() => {
      setWaited((w) => w + 1);
      refetch();
    }, 2000);
    return () => clearTimeout(t);
  }, [missing, waited, refetch]);

  useEffect(() => {
    setUpdate(undefined);
    setLiveMetrics([]);
    return client.subscribe<{ runUpdated: RunUpdate }>(
      RUN_UPDATED,
      { id: props.id },
      {
        next: ({ runUpdated: u }) => {
          setUpdate(u);
          if (u.metrics.length > 0) setLiveMetrics((m) => [...m, ...u.metrics]);
          if (u.type !== 'PROGRESS') refetch();
        },
        error: () => undefined,
        complete: refetch,
      },
    );
  }, [client, props.id, refetch]);

  const keys = run?.metricKeys.join('\n');
  const status = update?.status ?? run?.status;
  const epochsDone = update?.progress?.epoch;
  useEffect(() => {
    if (!keys) return;
    let live = true;
    const all = keys.split('\n');
    const stepKeys = all.filter((k) => accuracyName(k) === undefined);
    const epochKeys = all.filter((k) => accuracyName(k) !== undefined);
    void Promise.all([
      Promise.all(stepKeys.map((k) => fetchSeries(client, props.id, k, 'STEP'))),
      Promise.all(epochKeys.map((k) => fetchSeries(client, props.id, k, 'EPOCH'))),
    ])
      .then(([s, e]) => {
        if (!live) return;
        setStepSeries(s);
        setEpochSeries(e);
        setLiveMetrics([]);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // read the histories again when the status changes or an epoch ends
  }, [client, props.id, keys, status, epochsDone]);

  if (q.error)
    return (
      <p role="alert" className="error">
        {q.error}
      </p>
    );
  if (!q.data) return <p aria-live="polite">Loading run…</p>;
  if (!run)
    return waited < 60 ? (
      <p aria-live="polite">Waiting for run {props.id} to be recorded…</p>
    ) : (
      <p role="alert">No run has the id {props.id}.</p>
    );
  const progress = update?.progress ?? run.progress;
  const final = FINAL_STATUSES.includes(status ?? run.status);
  return (
    <>
      <p>
        <a href={experimentHref(run.experimentId)}>← Experiment</a>
      </p>
      <h1>
        Run {run.id} <StatusBadge status={status ?? run.status} />
      </h1>
      <dl className="facts">
        <dt>setup</dt>
        <dd>{run.setup}</dd>
        <dt>seed</dt>
        <dd>{run.seed}</dd>
        <dt>source</dt>
        <dd>{run.source}</dd>
        <dt>started</dt>
        <dd>{formatTime(run.startedAt)}</dd>
        <dt>finished</dt>
        <dd>{formatTime(run.finishedAt)}</dd>
        <dt>config hash</dt>
        <dd>
          <code>{run.configHash.slice(0, 12)}</code>
        </dd>
      </dl>
      {run.error ? (
        <p role="alert" className="error">
          {run.error.code}: {run.error.message}
          {run.error.retriable ? ' (starting it again may succeed)' : ''}
        </p>
      ) : null}
      {run.cancelReason ? <p>Cancelled: {run.cancelReason}</p> : null}

      <section aria-labelledby="progress-h">
        <h2 id="progress-h">Progress</h2>
        {progress ? (
          <>
            <progress
              className="big"
              max={100}
              value={Math.round(100 * progress.fraction)}
              aria-label={`${progress.phase} progress`}
            />
            <dl className="facts" data-testid="progress">
              <dt>phase</dt>
              <dd>{progress.phase}</dd>
              <dt>step</dt>
              <dd data-testid="step">
                {progress.step} / {progress.totalSteps}
              </dd>
              <dt>epoch</dt>
              <dd>
                {Math.min(progress.epoch + 1, progress.totalEpochs)} / {progress.totalEpochs}
              </dd>
              <dt>throughput</dt>
              <dd>
                {progress.imagesPerSecond != null
                  ? `${progress.imagesPerSecond.toFixed(1)} images/s`
                  : '–'}
              </dd>
              <dt>ETA</dt>
              <dd>{final ? '–' : formatDuration(progress.etaSeconds)}</dd>
            </dl>
          </>
        ) : (
          <p>{status === 'QUEUED' ? 'Queued: waiting for a trainer.' : 'No progress reported.'}</p>
        )}
        <p className="visually-hidden" aria-live="polite">
          {status}
        </p>
        {!final ? <CancelForm id={run.id} onDone={refetch} /> : null}
      </section>

      <Curves series={stepSeries} live={liveMetrics} epochs={epochSeries} />
      <Heatmap series={epochSeries} />

      <section aria-labelledby="tables-h">
        <h2 id="tables-h">Results of this run</h2>
        <ResultTables table={run.resultTable} />
      </section>

      <AdaExamples run={run} />
      <EvaluateForm run={run} />

      <section aria-labelledby="ckpt-h">
        <h2 id="ckpt-h">Checkpoints and artifacts</h2>
        {run.checkpoints.length === 0 && run.artifacts.length === 0 ? <p>None yet.</p> : null}
        <ul>
          {run.checkpoints.map((c) => (
            <li key={c.key}>
              step {c.step}: <code>{c.key}</code>
            </li>
          ))}
          {run.artifacts.map((a) => (
            <li key={a.key}>
              <a href={a.url.url} download>
                {a.key}
              </a>{' '}
              ({a.kind.toLowerCase()}, {(a.size / 1024).toFixed(1)} KiB)
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Curves(props: {
  series: MetricSeries[];
  live: Metric[];
  epochs: MetricSeries[];
}): ReactNode {
  const points = useMemo(
    () => curvePoints(props.series, props.live, props.epochs),
    [props.series, props.live, props.epochs],
  );
  const spec = useMemo(
    () => (points.length > 0 ? metricCurvesSpec(points, { width: 520 }) : undefined),
    [points],
  );
  return (
    <section aria-labelledby="curves-h">
      <h2 id="curves-h">Loss and accuracy through training</h2>
      {spec ? (
        <VegaFigure spec={spec} label="training curves: each metric over steps" testId="curves" />
      ) : (
        <p>No metric logged yet.</p>
      )}
    </section>
  );
}

const NORMALISATIONS: { value: HeatmapNormalisation; label: string }[] = [
  { value: 'raw', label: 'accuracy' },
  { value: 'column', label: 'normalised per epoch (column)' },
  { value: 'row', label: 'normalised per corruption (row)' },
];

function Heatmap(props: { series: MetricSeries[] }): ReactNode {
  const [norm, setNorm] = useState<HeatmapNormalisation>('raw');
  const { rows, history } = useMemo(() => accuracyHistory(props.series), [props.series]);
  const spec = useMemo(
    () =>
      history.length > 0 ? accuracyHeatmapSpec(rows, history, { normalisation: norm }) : undefined,
    [rows, history, norm],
  );
  return (
    <section aria-labelledby="heat-h">
      <h2 id="heat-h">Per-corruption accuracy through training (Figure 2)</h2>
      <fieldset className="radios">
        <legend>Colour shows</legend>
        {NORMALISATIONS.map((n) => (
          <label key={n.value}>
            <input
              type="radio"
              name="heatmap-normalisation"
              value={n.value}
              checked={norm === n.value}
              onChange={() => setNorm(n.value)}
            />{' '}
            {n.label}
          </label>
        ))}
      </fieldset>
      {spec ? (
        <VegaFigure
          spec={spec}
          label={`heatmap of accuracy per corruption and epoch, ${norm}`}
          testId="heatmap"
        />
      ) : (
        <p>No per-corruption accuracy yet (measured at the end of evaluated epochs).</p>
      )}
    </section>
  );
}

function CancelForm(props: { id: string; onDone: () => void }): ReactNode {
  const { client } = useApi();
  const action = useAction();
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      legend="Cancel this run"
      submit="Cancel run"
      action={action}
      onSubmit={async () => {
        await client.request(CANCEL_RUN, { id: props.id, reason: reason.trim() || null });
        props.onDone();
      }}
    >
      <Field label="Reason" value={reason} onChange={setReason} name="reason" />
    </ActionForm>
  );
}

/** Polls `get` until the job leaves QUEUED (every 500 ms, at most `limitMs`). */
async function waitForJob<T extends { status: string }>(
  get: () => Promise<T | null>,
  first: T,
  limitMs = 600_000,
): Promise<T> {
  let job = first;
  const t0 = Date.now();
  while (job.status === 'QUEUED') {
    if (Date.now() - t0 > limitMs) throw new Error('The job is still queued; look again later.');
    await new Promise((r) => setTimeout(r, 500));
    job = (await get()) ?? job;
  }
  return job;
}

/**
 * Figure 1a and 1b for this run. Figure 1b is the SSIM of the AdA images the run trained on, as
 * the run core recorded it (`Run.adaSsim`). Figure 1a is AdA applied (through the public
 * augmentBatch API) to sample images against the run's latest checkpoint: a grid of clean / AdA /
 * amplified difference; for a run without a recorded histogram (no AdA in its setup, or recorded
 * before runs kept one), Figure 1b falls back to the SSIM of those examples, and says so.
 */
function AdaExamples(props: { run: RunDetail }): ReactNode {
  const { client } = useApi();
  const action = useAction();
  const [count, setCount] = useState('16');
  const [gain, setGain] = useState('10');
  const [result, setResult] = useState<{ clean: RgbBatch; ada: RgbBatch; ssim: number[] }>();
  const ckpt = props.run.checkpoints.at(-1);
  const grid = useMemo(() => {
    if (!result) return undefined;
    const diff = amplifiedDifference(result.clean, result.ada, Number(gain) || 10);
    const n = Math.min(6, result.clean.shape[0]);
    return examplesGridSpec(
      Array.from({ length: n }, (_, i) => ({
        clean: bmpDataUrl(result.clean, i),
        ada: bmpDataUrl(result.ada, i),
        difference: bmpDataUrl(diff, i),
        caption: `SSIM ${result.ssim[i]?.toFixed(3) ?? '?'}`,
      })),
      { size: 72 },
    );
  }, [result, gain]);
  const recorded = props.run.adaSsim;
  const hist = useMemo(() => {
    if (recorded) return ssimHistogramFromCountsSpec(recorded.counts, recorded.mean);
    return result && result.ssim.length > 0
      ? ssimHistogramSpec(result.ssim, { bins: 20 })
      : undefined;
  }, [recorded, result]);
  const epochs = recorded?.epochs.length ?? 0;
  const source = recorded
    ? `The SSIM of ${recorded.sampled} of the ${recorded.seen} AdA images this run trained on (up to ${recorded.sampleLimit} sampled per epoch, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}), recorded during training.`
    : result
      ? 'This run recorded no SSIM of the AdA images it trained on (no AdA in its setup, or recorded before runs kept it): the histogram shows the SSIM of the examples above.'
      : 'This run recorded no SSIM of the AdA images it trained on (no AdA in its setup, or recorded before runs kept it); make examples to see the SSIM of AdA against its checkpoint.';
  return (
    <section aria-labelledby="ex-h">
      <h2 id="ex-h">AdA examples (Figure 1a) and their SSIM (Figure 1b)</h2>
      {!ckpt ? (
        <p>This run has no checkpoint yet; examples need a trained classifier.</p>
      ) : (
        <ActionForm
          legend={`Corrupt sample images with AdA against checkpoint step ${ckpt.step}`}
          submit="Make AdA examples"
          action={action}
          onSubmit={async () => {
            const n = Number(count);
            if (!Number.isInteger(n) || n < 1 || n > 256)
              throw new Error(`Images: '${count}' must be a whole number in [1, 256]`);
            const clean = sampleImages(n);
            const first = (
              await client.request<{ augmentBatch: AugmentJob }>(AUGMENT_BATCH, {
                input: {
                  classifier: ckpt.key,
                  images: { shape: clean.shape, dataBase64: toBase64(clean.data) },
                  labels: Array.from({ length: n }, (_, i) => i % 10),
                  seed: 0,
                },
              })
            ).augmentBatch;
            const job = await waitForJob(
              async () =>
                (
                  await client.request<{ augmentJob: AugmentJob | null }>(AUGMENT_JOB, {
                    id: first.id,
                  })
                ).augmentJob,
              first,
            );
            if (job.status === 'FAILED' || !job.images)
              throw new Error(`Augmentation failed: ${job.error ?? 'no images returned'}`);
            const shape = job.images.shape as RgbBatch['shape'];
            setResult({
              clean,
              ada: { shape, data: fromBase64(job.images.dataBase64) },
              ssim: job.ssim ?? [],
            });
          }}
        >
          <Field label="Images" value={count} onChange={setCount} type="number" name="count" />
          <Field
            label="Difference gain"
            value={gain}
            onChange={setGain}
            type="number"
            name="gain"
          />
        </ActionForm>
      )}
      {grid ? (
        <VegaFigure
          spec={grid}
          label="clean, AdA and amplified difference images"
          testId="examples"
        />
      ) : null}
      <p data-testid="ssim-source">Figure 1b: {source}</p>
      {hist ? (
        <VegaFigure
          spec={hist}
          label={
            recorded
              ? 'histogram of SSIM between the AdA images trained on and their clean images'
              : 'histogram of SSIM between the AdA examples and their clean images'
          }
          testId="ssim"
        />
      ) : null}
    </section>
  );
}

const EVAL_KINDS = ['CORRUPTION_BENCHMARK', 'CLEAN', 'CIFAR10_1', 'LP_ROBUSTNESS', 'SSIM'] as const;

function EvaluateForm(props: { run: RunDetail }): ReactNode {
  const { client } = useApi();
  const action = useAction();
  const [kind, setKind] = useState<(typeof EVAL_KINDS)[number]>('CLEAN');
  const [step, setStep] = useState('');
  const [params, setParams] = useState('');
  const [result, setResult] = useState<Evaluation>();
  const get = useCallback(
    async (id: string) =>
      (await client.request<{ evaluation: Evaluation | null }>(EVALUATION, { id })).evaluation,
    [client],
  );
  if (props.run.checkpoints.length === 0) return null;
  return (
    <section aria-labelledby="eval-h">
      <h2 id="eval-h">Evaluate a checkpoint</h2>
      <ActionForm
        legend="Evaluate"
        submit="Evaluate"
        action={action}
        onSubmit={async () => {
          let p: unknown;
          if (params.trim()) {
            try {
              p = JSON.parse(params);
            } catch (err) {
              throw new Error(
                `Parameters: not JSON (${err instanceof Error ? err.message : String(err)})`,
              );
            }
          }
          const s = step.trim() ? Number(step) : undefined;
          if (s !== undefined && !Number.isInteger(s))
            throw new Error(`Checkpoint step: '${step}' is not a whole number`);
          setResult(undefined);
          const first = (
            await client.request<{ evaluate: Evaluation }>(EVALUATE, {
              input: {
                kind,
                runId: props.run.id,
                ...(s !== undefined ? { checkpointStep: s } : {}),
                ...(p !== undefined ? { params: p } : {}),
              },
            })
          ).evaluate;
          setResult(first);
          setResult(await waitForJob(() => get(first.id), first));
        }}
      >
        <div className="field">
          <label htmlFor="eval-kind">Kind</label>
          <select
            id="eval-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            {EVAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.toLowerCase().replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Checkpoint step"
          value={step}
          onChange={setStep}
          name="checkpointStep"
          hint={`Latest when empty; saved: ${props.run.checkpoints.map((c) => c.step).join(', ')}`}
        />
        <Field
          label="Parameters (JSON)"
          value={params}
          onChange={setParams}
          multiline
          name="params"
          hint='e.g. {"norm": "linf", "epsilon": 0.0078, "examples": 256}'
        />
      </ActionForm>
      {result ? (
        <div aria-live="polite" data-testid="evaluation">
          <p>
            Evaluation {result.id}: <strong>{result.status}</strong> at step {result.checkpointStep}
            {result.error ? ` (${result.error})` : ''}
          </p>
          {result.metrics.length > 0 ? (
            <ul>
              {result.metrics.map((m) => (
                <li key={m.key}>
                  {m.key}: {m.value.toFixed(4)}
                </li>
              ))}
            </ul>
          ) : null}
          {result.table ? (
            <div className="table-scroll" role="region" aria-label="evaluation table" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">row</th>
                    {result.table.columns.map((c) => (
                      <th scope="col" key={c}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.table.rows.map((r) => (
                    <tr key={r.label}>
                      <th scope="row">{r.label}</th>
                      {r.values.map((v, i) => (
                        <td key={i}>{v == null ? '–' : v.toFixed(4)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
