import { useMemo, useState, type ReactNode } from 'react';
import type { Stat } from '../api/operations.ts';
import { formatStat } from '../format.ts';
import { bestRows, sortRows, type Column } from '../tables.ts';

/**
 * A comparison table: one row per setup (or run), one column per measure, cells `mean ± sd`
 * in percent. Header buttons sort (keyboard: Tab to a header, Enter); the best value of each
 * column is bold and marked "best" for screen readers.
 */
export function SortableTable<Row extends { label: string; seeds: number[] }>(props: {
  caption: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowHref?: (row: Row) => string | undefined;
}): ReactNode {
  const { rows, columns } = props;
  const [sort, setSort] = useState<{ id: string; dir: 'ascending' | 'descending' }>();
  const sorted = useMemo(
    () =>
      sortRows(
        rows,
        columns.find((c) => c.id === sort?.id),
        sort?.dir ?? 'ascending',
      ),
    [rows, columns, sort],
  );
  const best = useMemo(() => columns.map((c) => bestRows(sorted, c)), [sorted, columns]);
  const toggle = (c: Column<Row>): void =>
    setSort((s) =>
      s?.id === c.id
        ? { id: c.id, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { id: c.id, dir: c.better === 'higher' ? 'descending' : 'ascending' },
    );
  return (
    <div className="table-scroll" role="region" aria-label={props.caption} tabIndex={0}>
      <table className="results">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">setup</th>
            <th scope="col">seeds</th>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                aria-sort={sort?.id === c.id ? sort.dir : 'none'}
                title={c.description}
              >
                <button type="button" className="sort" onClick={() => toggle(c)}>
                  {c.header}
                  <span aria-hidden="true">
                    {sort?.id === c.id ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                  </span>
                  {c.better ? (
                    <span className="visually-hidden">{`, ${c.better} is better`}</span>
                  ) : null}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, i) => {
            const href = props.rowHref?.(row);
            return (
              <tr key={`${row.label}-${i}`}>
                <th scope="row">{href ? <a href={href}>{row.label}</a> : row.label}</th>
                <td>{row.seeds.join(', ')}</td>
                {columns.map((c, j) => (
                  <StatCell key={c.id} stat={c.value(row)} best={best[j]!.has(i)} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function StatCell(props: { stat: Stat | null | undefined; best: boolean }): ReactNode {
  const text = formatStat(props.stat);
  return (
    <td className={props.best ? 'best' : undefined}>
      {props.best ? (
        <>
          <strong>{text}</strong>
          <span className="visually-hidden"> (best)</span>
        </>
      ) : (
        text
      )}
    </td>
  );
}
