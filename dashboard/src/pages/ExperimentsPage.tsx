import { useState, type ReactNode } from 'react';
import { useApi, useQuery } from '../api/context.tsx';
import { CREATE_EXPERIMENT, EXPERIMENTS, type ExperimentSummary } from '../api/operations.ts';
import { ActionForm, Field, parseIntList, parseWords, useAction } from '../components/Forms.tsx';
import { formatTime } from '../format.ts';
import { experimentHref } from '../route.ts';

interface ExperimentsData {
  experiments: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: ExperimentSummary[];
  };
}

/** All experiments, newest first, with a form to create one. */
export function ExperimentsPage(): ReactNode {
  const [filter, setFilter] = useState('');
  const [after, setAfter] = useState<string[]>([]);
  const q = useQuery<ExperimentsData>(EXPERIMENTS, {
    first: 20,
    after: after.at(-1) ?? null,
    filter: filter ? { nameContains: filter } : null,
  });
  const list = q.data?.experiments;
  return (
    <>
      <h1>Experiments</h1>
      <div className="field inline">
        <label htmlFor="exp-filter">Filter by name</label>
        <input
          id="exp-filter"
          type="search"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setAfter([]);
          }}
        />
      </div>
      {q.error ? (
        <p role="alert" className="error">
          {q.error}
        </p>
      ) : null}
      {list ? (
        <div className="table-scroll" role="region" aria-label="experiments" tabIndex={0}>
          <table>
            <caption>
              {list.totalCount} experiment{list.totalCount === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">name</th>
                <th scope="col">setups</th>
                <th scope="col">seeds</th>
                <th scope="col">preset</th>
                <th scope="col">runs</th>
                <th scope="col">created</th>
              </tr>
            </thead>
            <tbody>
              {list.nodes.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <a href={experimentHref(e.id)}>{e.name}</a>
                    {e.description ? <div className="hint">{e.description}</div> : null}
                  </th>
                  <td>{e.setups.join(', ')}</td>
                  <td>{e.seeds.join(', ')}</td>
                  <td>{e.preset ?? 'quick'}</td>
                  <td>{e.runs.totalCount}</td>
                  <td>{formatTime(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : q.loading ? (
        <p aria-live="polite">Loading experiments…</p>
      ) : null}
      <nav aria-label="pages of experiments" className="pager">
        <button
          type="button"
          disabled={after.length === 0}
          onClick={() => setAfter((a) => a.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={!list?.pageInfo.hasNextPage}
          onClick={() =>
            list?.pageInfo.endCursor && setAfter((a) => [...a, list.pageInfo.endCursor!])
          }
        >
          Older
        </button>
      </nav>
      <CreateExperimentForm onCreated={q.refetch} />
    </>
  );
}

function CreateExperimentForm(props: { onCreated: () => void }): ReactNode {
  const { client } = useApi();
  const action = useAction();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [setups, setSetups] = useState('nominal, ada');
  const [seeds, setSeeds] = useState('0');
  const [preset, setPreset] = useState('quick');
  return (
    <ActionForm
      legend="Create an experiment"
      submit="Create experiment"
      action={action}
      onSubmit={async () => {
        const input = {
          name: name.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          setups: parseWords('Setups', setups),
          seeds: parseIntList('Seeds', seeds),
          ...(preset.trim() ? { preset: preset.trim() } : {}),
        };
        const d = await client.request<{ createExperiment: { id: string } }>(CREATE_EXPERIMENT, {
          input,
        });
        props.onCreated();
        window.location.hash = experimentHref(d.createExperiment.id);
      }}
    >
      <Field label="Name" value={name} onChange={setName} required name="name" />
      <Field label="Description" value={description} onChange={setDescription} name="description" />
      <Field
        label="Setups"
        value={setups}
        onChange={setSetups}
        required
        name="setups"
        hint="Comma-separated, e.g. nominal, ada, ada+augmix"
      />
      <Field
        label="Seeds"
        value={seeds}
        onChange={setSeeds}
        required
        name="seeds"
        hint="e.g. 0-2 or 0, 1"
      />
      <Field
        label="Preset"
        value={preset}
        onChange={setPreset}
        name="preset"
        hint="quick, cpu-full or paper"
      />
    </ActionForm>
  );
}
