import type { BenchRow } from './types.ts';

/** A row with the backend and suite it came from. */
export interface ResultRow extends BenchRow {
  backend: string;
  suite: string;
}

const fmt = (x: number | undefined, digits = 1): string =>
  x === undefined || !Number.isFinite(x) ? '' : x.toFixed(digits);

/**
 * The results as a Markdown table: per row, forward and forward+backward ms and GFLOP/s
 * (forward+backward counted as 3x the forward FLOPs) and their ratio, which is 100% when a
 * training step costs exactly three forward passes.
 */
export function markdownTable(rows: readonly ResultRow[]): string {
  const header = [
    'backend',
    'suite',
    'case',
    'fwd ms',
    'fwd GFLOP/s',
    'fwd+bwd ms',
    'fwd+bwd GFLOP/s',
    'fwd+bwd / fwd',
  ];
  const lines = rows.map((r) => {
    const fwd = r.forwardFlops !== undefined ? r.forwardFlops / r.forwardMs / 1e6 : undefined;
    const both =
      r.forwardFlops !== undefined && r.forwardBackwardMs !== undefined
        ? (3 * r.forwardFlops) / r.forwardBackwardMs / 1e6
        : undefined;
    const ratio =
      fwd !== undefined && both !== undefined ? `${((100 * both) / fwd).toFixed(0)}%` : '';
    return [
      r.backend,
      r.suite,
      r.note ? `${r.case} (${r.note})` : r.case,
      fmt(r.forwardMs),
      fmt(fwd),
      fmt(r.forwardBackwardMs),
      fmt(both),
      ratio,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i >= 3 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [row(header), rule, ...lines.map(row)].join('\n');
}
