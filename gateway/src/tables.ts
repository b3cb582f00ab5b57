import { aggregateResults, type Aggregate, type ResultRecord, type SetupRow } from '@ada/records';
import type {
  CorruptionStat,
  Norm,
  ResultGrouping,
  ResultTable,
  RobustStat,
  SeverityStat,
  Stat,
  Table1Row,
  Table2Row,
} from './generated/resolvers.ts';

/**
 * The paper's Tables 1 and 2 over run results, as the schema's `ResultTable`: rows by setup
 * (mean and population sd over the setup's seeds, by `aggregateResults` of `@ada/records`) or one
 * row per run (n = 1, to compare runs row by row).
 *
 * ```ts
 * buildResultTable(results, { groupBy: 'SETUP', setupOrder: ['nominal', 'ada'] }).table1[1].mce;
 * // { mean: 0.1249, sd: 0.004, n: 3 }
 * ```
 */
export function buildResultTable(
  results: readonly ResultRecord[],
  options: { groupBy: ResultGrouping; setupOrder?: readonly string[] },
): ResultTable {
  const groups =
    options.groupBy === 'SETUP'
      ? groupBySetup(results, options.setupOrder ?? [])
      : results.map((r) => ({ label: r.runId, results: [r] }));
  const table1: Table1Row[] = [];
  const table2: Table2Row[] = [];
  for (const group of groups) {
    const row = aggregateResults([], group.results).rows[0];
    if (row === undefined) continue;
    const base = {
      label: group.label,
      setup: row.setup,
      seeds: row.seeds,
      runIds: group.results.map((r) => r.runId),
    };
    table1.push({
      ...base,
      clean: stat(row.table1['clean']),
      mce: stat(row.table1['mce']),
      cifar101: row.table1['cifar101'] ? stat(row.table1['cifar101']) : null,
      perCorruption: perCorruption(row),
      perSeverity: perSeverity(group.results),
    });
    table2.push({ ...base, robust: robust(row) });
  }
  return { groupBy: options.groupBy, runIds: results.map((r) => r.runId), table1, table2 };
}

function groupBySetup(
  results: readonly ResultRecord[],
  setupOrder: readonly string[],
): { label: string; results: ResultRecord[] }[] {
  const bySetup = new Map<string, ResultRecord[]>();
  for (const r of results) bySetup.set(r.setup, [...(bySetup.get(r.setup) ?? []), r]);
  const setups = [
    ...setupOrder.filter((s) => bySetup.has(s)),
    ...[...bySetup.keys()].filter((s) => !setupOrder.includes(s)).sort(),
  ];
  return setups.map((setup) => ({
    label: setup,
    results: [...bySetup.get(setup)!].sort((a, b) => a.seed - b.seed),
  }));
}

function stat(a: Aggregate | undefined): Stat {
  return a === undefined ? { mean: Number.NaN, sd: 0, n: 0 } : { mean: a.mean, sd: a.sd, n: a.n };
}

function perCorruption(row: SetupRow): CorruptionStat[] {
  return Object.entries(row.corruptions).map(([corruption, c]) => ({
    corruption,
    error: stat(c.mean),
    severities: c.severities.map(stat),
  }));
}

/** Per severity: each run's mean error over its corruptions, then mean and sd over runs. */
function perSeverity(results: readonly ResultRecord[]): SeverityStat[] {
  const out: SeverityStat[] = [];
  for (let s = 0; s < 5; s += 1) {
    const perRun = results
      .map((r) => Object.values(r.corruptions).map((c) => c.severities[s]!))
      .filter((v) => v.length > 0)
      .map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    if (perRun.length === 0) continue;
    const mean = perRun.reduce((a, b) => a + b, 0) / perRun.length;
    const sd = Math.sqrt(perRun.reduce((a, x) => a + (x - mean) ** 2, 0) / perRun.length);
    out.push({ severity: s + 1, error: { mean, sd, n: perRun.length } });
  }
  return out;
}

/** Robust accuracy per threat `l2_0.5`, `linf_4/255`, ... sorted by norm then epsilon. */
function robust(row: SetupRow): RobustStat[] {
  return Object.entries(row.table2)
    .map(([threat, a]) => {
      const parsed = parseThreat(threat);
      return { threat, ...parsed, accuracy: stat(a) };
    })
    .sort((a, b) => (a.norm === b.norm ? a.epsilon - b.epsilon : a.norm < b.norm ? -1 : 1));
}

/** `l2_0.5` -> L2, 0.5; `linf_4/255` -> LINF, 4/255. Unknown names keep NaN epsilon. */
export function parseThreat(threat: string): { norm: Norm; epsilon: number; epsilonLabel: string } {
  const m = /^(l2|linf)[_ ]?(.+)$/i.exec(threat);
  const norm: Norm = m?.[1]?.toLowerCase() === 'l2' ? 'L2' : 'LINF';
  const label = m?.[2] ?? threat;
  const frac = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(label);
  const epsilon = frac ? Number(frac[1]) / Number(frac[2]) : Number(label);
  return { norm, epsilon, epsilonLabel: label };
}
