import type { ResultRecord } from './v1/schema.ts';

/** Mean and population standard deviation of a metric over `n` runs (seeds). */
export interface Aggregate {
  mean: number;
  sd: number;
  n: number;
}

/** One setup's row of the paper's tables, aggregated over its SUCCEEDED runs. */
export interface SetupRow {
  setup: string;
  /** Seeds of the runs aggregated, ascending. */
  seeds: number[];
  /** Table 1: `clean`, `mce`, `cifar101` (when any run measured it). */
  table1: Record<string, Aggregate>;
  /** Table 2: robust accuracy per l_p threat. */
  table2: Record<string, Aggregate>;
  /** Per corruption: mean error over severities, and the error at each severity 1..5. */
  corruptions: Record<string, { mean: Aggregate; severities: Aggregate[] }>;
}

export interface ExperimentTables {
  rows: SetupRow[];
}

function aggregate(values: readonly number[]): Aggregate | undefined {
  if (values.length === 0) return undefined;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
  return { mean, sd, n: values.length };
}

function aggregateKeys(
  rows: readonly Record<string, number | undefined>[],
): Record<string, Aggregate> {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const out: Record<string, Aggregate> = {};
  for (const k of keys) {
    const a = aggregate(rows.map((r) => r[k]).filter((v): v is number => v !== undefined));
    if (a) out[k] = a;
  }
  return out;
}

/**
 * Rows of the result tables from run results: one per setup, in `setupOrder` (setups not named
 * there follow, sorted), each metric aggregated over the runs that report it.
 *
 * ```ts
 * aggregateResults(['nominal', 'ada'], results).rows[1].table1.mce;   // { mean, sd, n }
 * ```
 */
export function aggregateResults(
  setupOrder: readonly string[],
  results: readonly ResultRecord[],
): ExperimentTables {
  const bySetup = new Map<string, ResultRecord[]>();
  for (const r of results) bySetup.set(r.setup, [...(bySetup.get(r.setup) ?? []), r]);
  const setups = [
    ...setupOrder.filter((s) => bySetup.has(s)),
    ...[...bySetup.keys()].filter((s) => !setupOrder.includes(s)).sort(),
  ];
  return {
    rows: setups.map((setup) => {
      const rs = [...bySetup.get(setup)!].sort((a, b) => a.seed - b.seed);
      const names = [...new Set(rs.flatMap((r) => Object.keys(r.corruptions)))].sort();
      const corruptions: SetupRow['corruptions'] = {};
      for (const name of names) {
        const present = rs.map((r) => r.corruptions[name]).filter((c) => c !== undefined);
        corruptions[name] = {
          mean: aggregate(present.map((c) => c.mean))!,
          severities: [0, 1, 2, 3, 4].map((s) => aggregate(present.map((c) => c.severities[s]!))!),
        };
      }
      return {
        setup,
        seeds: rs.map((r) => r.seed),
        table1: aggregateKeys(rs.map((r) => r.table1)),
        table2: aggregateKeys(rs.map((r) => r.table2)),
        corruptions,
      };
    }),
  };
}
