import type { Stat, Table1Row, Table2Row } from './api/operations.ts';

/** Whether a larger value is better (accuracy) or a smaller one (error, mCE). */
export type Better = 'higher' | 'lower';

/** One column of a comparison table: its header, how to read a row's value, and which is best. */
export interface Column<Row> {
  id: string;
  header: string;
  /** Longer text for screen readers and the header's title. */
  description?: string;
  better?: Better;
  value: (row: Row) => Stat | null | undefined;
}

/**
 * Index of the best row per column (by mean; ties all count, so this returns a set), or none
 * when no row has a value. Columns without `better` have no best.
 */
export function bestRows<Row>(rows: readonly Row[], column: Column<Row>): Set<number> {
  const best = new Set<number>();
  if (!column.better) return best;
  let bestValue: number | undefined;
  rows.forEach((row, i) => {
    const v = column.value(row)?.mean;
    if (v === undefined || !Number.isFinite(v)) return;
    const cmp =
      bestValue === undefined ? 1 : column.better === 'higher' ? v - bestValue : bestValue - v;
    if (cmp > 1e-12) {
      bestValue = v;
      best.clear();
      best.add(i);
    } else if (Math.abs(cmp) <= 1e-12) best.add(i);
  });
  return best;
}

/**
 * Row order for a column sorted one way: rows without a value go last either way; ties keep
 * their input order.
 */
export function sortRows<Row>(
  rows: readonly Row[],
  column: Column<Row> | undefined,
  direction: 'ascending' | 'descending',
): Row[] {
  if (!column) return [...rows];
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: column.value(row)?.mean }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined)
        return a.v === undefined ? (b.v === undefined ? a.i - b.i : 1) : -1;
      return sign * (a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Table 1's columns: clean, mCE, CIFAR-10.1, then the error at each severity and corruption. */
export function table1Columns(rows: readonly Table1Row[]): Column<Table1Row>[] {
  const severities = [...new Set(rows.flatMap((r) => r.perSeverity.map((s) => s.severity)))].sort(
    (a, b) => a - b,
  );
  const corruptions = [...new Set(rows.flatMap((r) => r.perCorruption.map((c) => c.corruption)))];
  const columns: Column<Table1Row>[] = [
    {
      id: 'clean',
      header: 'Clean acc.',
      description: 'clean test accuracy (%)',
      better: 'higher',
      value: (r) => r.clean,
    },
    {
      id: 'mce',
      header: 'mCE',
      description: 'mean corruption error over the 15 common corruptions (%)',
      better: 'lower',
      value: (r) => r.mce,
    },
  ];
  if (rows.some((r) => r.cifar101))
    columns.push({
      id: 'cifar101',
      header: 'CIFAR-10.1',
      description: 'CIFAR-10.1 accuracy (%)',
      better: 'higher',
      value: (r) => r.cifar101,
    });
  for (const s of severities)
    columns.push({
      id: `sev${s}`,
      header: `sev. ${s}`,
      description: `error at severity ${s}, mean over corruptions (%)`,
      better: 'lower',
      value: (r) => r.perSeverity.find((x) => x.severity === s)?.error,
    });
  for (const c of corruptions)
    columns.push({
      id: `c:${c}`,
      header: c.replace(/_/g, ' '),
      description: `${c} error, mean over severities (%)`,
      better: 'lower',
      value: (r) => r.perCorruption.find((x) => x.corruption === c)?.error,
    });
  return columns;
}

/** Table 2's columns: robust accuracy per threat (norm and epsilon), in first-seen order. */
export function table2Columns(rows: readonly Table2Row[]): Column<Table2Row>[] {
  const threats = new Map<string, { norm: string; eps: string }>();
  for (const r of rows)
    for (const t of r.robust)
      if (!threats.has(t.threat))
        threats.set(t.threat, { norm: t.norm === 'LINF' ? 'ℓ∞' : 'ℓ2', eps: t.epsilonLabel });
  return [...threats].map(([threat, { norm, eps }]) => ({
    id: threat,
    header: `${norm} ε = ${eps}`,
    description: `robust accuracy under ${norm} attacks of size ${eps} (%)`,
    better: 'higher',
    value: (r: Table2Row) => r.robust.find((x) => x.threat === threat)?.accuracy,
  }));
}
