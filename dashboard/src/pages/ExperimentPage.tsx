import { useEffect, useState, type ReactNode } from 'react';
import { useApi, useQuery } from '../api/context.tsx';
import {
  EXPERIMENT,
  RUNS_UPDATED,
  START_RUN,
  type ExperimentSummary,
  type ResultTable,
  type RunSummary,
  type RunUpdate,
} from '../api/operations.ts';
import { ActionForm, Field, useAction } from '../components/Forms.tsx';
import { ResultTables } from '../components/ResultTables.tsx';
import { FINAL_STATUSES, ProgressBar, StatusBadge } from '../components/Status.tsx';
import { formatTime } from '../format.ts';
import { runHref } from '../route.ts';

interface ExperimentData {
  experiment:
    | (Omit<ExperimentSummary, 'runs'> & {
        runs: { totalCount: number; nodes: RunSummary[] };
        resultTable: ResultTable;
      })
    | null;
}

/** One experiment: its runs (live), Tables 1 and 2 over them, and a form to start a run. */
export function ExperimentPage(props: { id: string }): ReactNode {
  const { client } = useApi();
  const [groupBy, setGroupBy] = useState<'SETUP' | 'RUN'>('SETUP');
  const q = useQuery<ExperimentData>(EXPERIMENT, { id: props.id, groupBy });
  const [live, setLive] = useState<Record<string, Pick<RunSummary, 'status' | 'progress'>>>({});
  const { refetch } = q;
  useEffect(() => {
    setLive({});
    return client.subscribe<{ runsUpdated: RunUpdate }>(
      RUNS_UPDATED,
      { experimentId: props.id },
      {
        next: ({ runsUpdated: u }) => {
          setLive((l) => ({ ...l, [u.runId]: { status: u.status, progress: u.progress } }));
          if (u.type !== 'PROGRESS') refetch();
        },
        error: () => undefined,
      },
    );
  }, [client, props.id, refetch]);
  const e = q.data?.experiment;
  if (q.error)
    return (
      <p role="alert" className="error">
        {q.error}
      </p>
    );
  if (!q.data) return <p aria-live="polite">Loading experiment…</p>;
  if (!e) return <p role="alert">No experiment has the id {props.id}.</p>;
  const runs = e.runs.nodes.map((r) => ({ ...r, ...live[r.id] }));
  return (
    <>
      <p>
        <a href="#/">← Experiments</a>
      </p>
      <h1>{e.name}</h1>
      {e.description ? <p>{e.description}</p> : null}
      <dl className="facts">
        <dt>setups</dt>
        <dd>{e.setups.join(', ')}</dd>
        <dt>seeds</dt>
        <dd>{e.seeds.join(', ')}</dd>
        <dt>preset</dt>
        <dd>{e.preset ?? 'quick'}</dd>
        <dt>created</dt>
        <dd>{formatTime(e.createdAt)}</dd>
        {e.tags.length > 0 ? (
          <>
            <dt>tags</dt>
            <dd>{e.tags.map((t) => (t.value ? `${t.key}=${t.value}` : t.key)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Runs ({e.runs.totalCount})</h2>
        {runs.length === 0 ? (
          <p>No run yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="runs" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">run</th>
                  <th scope="col">setup</th>
                  <th scope="col">seed</th>
                  <th scope="col">status</th>
                  <th scope="col">progress</th>
                  <th scope="col">created</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={runHref(r.id)}>{r.id}</a>
                    </th>
                    <td>{r.setup}</td>
                    <td>{r.seed}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>
                      {FINAL_STATUSES.includes(r.status) ? (
                        '–'
                      ) : (
                        <ProgressBar progress={r.progress} status={r.status} />
                      )}
                    </td>
                    <td>{formatTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="results-h">
        <h2 id="results-h">Results</h2>
        <fieldset className="radios">
          <legend>Rows</legend>
          {(['SETUP', 'RUN'] as const).map((g) => (
            <label key={g}>
              <input
                type="radio"
                name="groupBy"
                value={g}
                checked={groupBy === g}
                onChange={() => setGroupBy(g)}
              />
              {g === 'SETUP' ? ' one per setup (mean ± sd over seeds)' : ' one per run'}
            </label>
          ))}
        </fieldset>
        <ResultTables table={e.resultTable} />
      </section>
      <StartRunForm
        experimentId={e.id}
        setups={e.setups}
        seeds={e.seeds}
        preset={e.preset}
        onStarted={refetch}
      />
    </>
  );
}

function StartRunForm(props: {
  experimentId: string;
  setups: string[];
  seeds: number[];
  preset: string | null;
  onStarted: () => void;
}): ReactNode {
  const { client } = useApi();
  const action = useAction();
  const [setup, setSetup] = useState(props.setups[0] ?? 'nominal');
  const [seed, setSeed] = useState(String(props.seeds[0] ?? 0));
  const [config, setConfig] = useState('');
  const [historyEvery, setHistoryEvery] = useState('1');
  return (
    <ActionForm
      legend="Start a run"
      submit="Start run"
      action={action}
      onSubmit={async () => {
        const s = Number(seed);
        if (!Number.isInteger(s) || s < 0)
          throw new Error(`Seed: '${seed}' is not a whole number >= 0`);
        const every = historyEvery.trim() ? Number(historyEvery) : undefined;
        if (every !== undefined && !(Number.isInteger(every) && every >= 0))
          throw new Error(`Figure 2 every: '${historyEvery}' is not a whole number >= 0`);
        let overrides: unknown;
        if (config.trim()) {
          try {
            overrides = JSON.parse(config);
          } catch (err) {
            throw new Error(
              `Config overrides: not JSON (${err instanceof Error ? err.message : String(err)})`,
            );
          }
        }
        const d = await client.request<{ startRun: { id: string } }>(START_RUN, {
          input: {
            experimentId: props.experimentId,
            setup,
            seed: s,
            ...(props.preset ? { preset: props.preset } : {}),
            ...(overrides !== undefined ? { config: overrides } : {}),
            ...(every !== undefined ? { historyEvery: every } : {}),
          },
        });
        props.onStarted();
        window.location.hash = runHref(d.startRun.id);
      }}
    >
      <div className="field">
        <label htmlFor="run-setup">Setup</label>
        <select id="run-setup" value={setup} onChange={(e) => setSetup(e.target.value)}>
          {props.setups.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <Field label="Seed" value={seed} onChange={setSeed} type="number" name="seed" />
      <Field
        label="Figure 2 every (epochs)"
        value={historyEvery}
        onChange={setHistoryEvery}
        type="number"
        name="historyEvery"
        hint="Per-corruption accuracy through training, measured after every N-th epoch and the last; 1: every epoch (as ada run), 0: never, empty: the preset's"
      />
      <Field
        label="Config overrides (JSON)"
        value={config}
        onChange={setConfig}
        multiline
        name="config"
        hint='Optional, e.g. {"train": {"epochs": 2}, "data": {"trainSize": 256}}'
      />
    </ActionForm>
  );
}
