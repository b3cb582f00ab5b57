import type { EnsembleReport } from './ensemble.ts';

/** A result table: named columns, labelled rows of numbers (null: not applicable). */
export interface ReportTable {
  columns: string[];
  rows: { label: string; values: (number | null)[] }[];
}

/**
 * The ensemble report as a table: one row for the clean images, one per attack (accuracy
 * after it, examples attacked and fooled, seconds, gradient and forward evaluations), one for
 * the overall robust accuracy. Accuracies in percent.
 */
export function ensembleTable(report: EnsembleReport): ReportTable {
  return {
    columns: ['accuracy %', 'attacked', 'fooled', 'seconds', 'gradient evals', 'forward evals'],
    rows: [
      {
        label: 'clean',
        values: [100 * report.cleanAccuracy, report.examples, null, null, 0, report.examples],
      },
      ...report.perAttack.map((a) => ({
        label: a.attack,
        values: [
          100 * a.robustAccuracy,
          a.attacked,
          a.fooled,
          a.seconds,
          a.gradientEvaluations,
          a.forwardEvaluations,
        ],
      })),
      {
        label: `robust (${report.norm}, eps ${formatEps(report.eps)})`,
        values: [
          100 * report.robustAccuracy,
          report.examples,
          report.examples - report.robust.filter(Boolean).length,
          report.seconds,
          report.gradientEvaluations,
          report.forwardEvaluations,
        ],
      },
    ],
  };
}

/** eps below 1 that is a multiple of 1/255 as `k/255` (8/255), else as a number. */
export function formatEps(eps: number): string {
  const k = eps * 255;
  return Math.abs(k - Math.round(k)) < 1e-6 && eps > 0 && eps < 1
    ? `${Math.round(k)}/255`
    : String(eps);
}

/** Plain-text rendering of a `ReportTable` with right-aligned columns. */
export function formatTable(table: ReportTable): string {
  const cells = table.rows.map((r) => [
    r.label,
    ...r.values.map((v) => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(2))),
  ]);
  const header = ['', ...table.columns];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
