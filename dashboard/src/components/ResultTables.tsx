import type { ReactNode } from 'react';
import type { ResultTable } from '../api/operations.ts';
import { runHref } from '../route.ts';
import { table1Columns, table2Columns } from '../tables.ts';
import { SortableTable } from './SortableTable.tsx';

/** The paper's Table 1 (common corruptions) and Table 2 (l_p robustness) for a result table. */
export function ResultTables(props: { table: ResultTable }): ReactNode {
  const { table1, table2, groupBy } = props.table;
  const href = (row: { runIds: string[] }): string | undefined =>
    groupBy === 'RUN' && row.runIds.length === 1 ? runHref(row.runIds[0]!) : undefined;
  return (
    <>
      {table1.length === 0 ? (
        <p>No finished run yet: Table 1 fills in when a run has been evaluated.</p>
      ) : (
        <SortableTable
          caption="Table 1: accuracy and corruption errors (%), mean ± sd over seeds"
          rows={table1}
          columns={table1Columns(table1)}
          rowHref={href}
        />
      )}
      {table2.length > 0 && table2.some((r) => r.robust.length > 0) ? (
        <SortableTable
          caption="Table 2: robust accuracy (%) per norm and ε, mean ± sd over seeds"
          rows={table2}
          columns={table2Columns(table2)}
          rowHref={href}
        />
      ) : table1.length > 0 ? (
        <p>Table 2: no run measured ℓp robustness (set eval.lp in the run's config).</p>
      ) : null}
    </>
  );
}
