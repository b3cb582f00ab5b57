import { DISPLAY_NAMES, COMMON_CORRUPTIONS, EXTRA_CORRUPTIONS } from '@ada/corruptions';
import { corruptionError, resultTable, TABLE1_COLUMNS, type ResultColumn } from '@ada/metrics';
import type { ExperimentResult, RunResult } from './experiment.ts';

/** Mean and population standard deviation of a metric over a setup's seeds. */
export interface Aggregate {
  mean: number;
  sd: number;
  n: number;
}

function aggregate(values: number[]): Aggregate | undefined {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return undefined;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, sd, n: v.length };
}

/** Per setup (in run order): every metric aggregated over the completed seeds. */
export function summariseRuns(
  runs: readonly RunResult[],
): { setup: string; metrics: Record<string, Aggregate | undefined> }[] {
  const bySetup = new Map<string, RunResult[]>();
  for (const r of runs)
    if (r.status === 'completed') bySetup.set(r.setup, [...(bySetup.get(r.setup) ?? []), r]);
  return [...bySetup.entries()].map(([setup, rs]) => {
    const metrics: Record<string, Aggregate | undefined> = {
      clean: aggregate(rs.map((r) => r.cleanAccuracy)),
      mce: aggregate(rs.map((r) => r.mce)),
      cifar101: aggregate(rs.map((r) => r.cifar101Accuracy ?? NaN)),
    };
    for (const threat of new Set(rs.flatMap((r) => Object.keys(r.lpRobustAccuracy ?? {})))) {
      metrics[`lp:${threat}`] = aggregate(rs.map((r) => r.lpRobustAccuracy?.[threat] ?? NaN));
    }
    for (const name of [...COMMON_CORRUPTIONS, ...EXTRA_CORRUPTIONS]) {
      const errs = rs.map((r) => r.corruptionErrors[name]).filter((e): e is number[] => !!e);
      if (errs.length > 0) metrics[name] = aggregate(errs.map((e) => corruptionError(e, name)));
    }
    return { setup, metrics };
  });
}

const SETUP_TITLES: Record<string, string> = {
  nominal: 'Nominal',
  augmix: 'AugMix',
  deepaugment: 'DeepAugment',
  'deepaugment-10x': 'DeepAugment (10x)',
  ada: 'AdA',
  'ada+augmix': 'AdA + AugMix',
  'deepaugment+augmix': 'DeepAugment + AugMix',
  'deepaugment-10x+augmix': 'DeepAugment (10x) + AugMix',
  'deepaugment+ada': 'AdA + DeepAugment',
  'deepaugment+ada+augmix': 'AdA + DeepAugment + AugMix',
  'deepaugment-10x+ada+augmix': 'AdA + DeepAugment (10x) + AugMix',
};

/** Display name of a setup as the paper writes it. */
export function setupTitle(setup: string): string {
  return SETUP_TITLES[setup] ?? setup;
}

function table(
  summary: ReturnType<typeof summariseRuns>,
  columns: readonly ResultColumn[],
): string {
  const multi = summary.some((s) => Object.values(s.metrics).some((a) => a && a.n > 1));
  if (!multi) {
    return resultTable(
      summary.map((s) => ({
        setup: setupTitle(s.setup),
        values: Object.fromEntries(columns.map((c) => [c.key, s.metrics[c.key]?.mean])),
      })),
      columns,
    );
  }
  const lines = [
    `| Setup | ${columns.map((c) => c.title).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
  ];
  for (const s of summary) {
    const cells = columns.map((c) => {
      const a = s.metrics[c.key];
      return a ? `${(100 * a.mean).toFixed(2)} ± ${(100 * a.sd).toFixed(2)}` : '-';
    });
    lines.push(`| ${setupTitle(s.setup)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The result tables of an experiment in Markdown: Table 1 (clean accuracy, mCE, CIFAR-10.1, in
 * %), then the error per corruption (each averaged over severities 1..5). With several seeds a
 * cell is `mean ± sd` over seeds.
 */
export function renderReport(result: ExperimentResult): string {
  const summary = summariseRuns(result.runs);
  const seeds = result.config.seeds.length;
  const common = COMMON_CORRUPTIONS.map((key) => ({
    key,
    title: DISPLAY_NAMES[key],
    better: 'lower' as const,
  }));
  const extra = EXTRA_CORRUPTIONS.filter((k) => summary.some((s) => s.metrics[k])).map((key) => ({
    key,
    title: DISPLAY_NAMES[key],
    better: 'lower' as const,
  }));
  const parts = [
    `## Results: preset \`${result.config.preset}\` (${seeds} seed${seeds > 1 ? 's' : ''}${seeds > 1 ? ', mean ± sd' : ''})`,
    '',
    `Data: ${result.dataSource}. Corruption benchmark: ${result.benchmarkSource}. Model: ${result.config.model}.`,
    '',
    '### Table 1: clean accuracy, mean corruption error (mCE, 15 corruptions), CIFAR-10.1 accuracy (%)',
    '',
    table(summary, TABLE1_COLUMNS),
    '### Error per corruption (%, mean over severities 1-5)',
    '',
    table(summary, common),
  ];
  if (extra.length > 0) {
    parts.push('### Extra corruptions (not in mCE)', '', table(summary, extra));
  }
  const threats = [...new Set(result.runs.flatMap((r) => Object.keys(r.lpRobustAccuracy ?? {})))];
  if (threats.length > 0) {
    const lp = result.config.eval.lp;
    parts.push(
      `### Table 2: robust accuracy under l_p attacks (%; ${lp.attacks.join(' + ')}, ${lp.iterations} iterations, ${lp.examples} test images)`,
      '',
      table(
        summary,
        threats.map((t) => ({ key: `lp:${t}`, title: t, better: 'higher' as const })),
      ),
    );
  } else if (result.config.eval.lp.examples === 0 || result.config.eval.lp.threats.length === 0) {
    parts.push(
      "l_p robustness (the paper's Table 2) is off in this preset (`eval.lp.examples` = 0).",
      '',
    );
  } else {
    parts.push("l_p robustness (the paper's Table 2): no finished run yet.", '');
  }
  if (result.config.deviations.length > 0) {
    parts.push(
      'Deviations from the paper in this preset:',
      '',
      ...result.config.deviations.map((d) => `- ${d}`),
      '',
    );
  }
  return parts.join('\n');
}
