/**
 * Markdown result tables laid out like the paper's Tables 1 and 2: one row per setup (Nominal,
 * AugMix, AdA, ...), one column per metric, values in percent with two decimals, the best value
 * of each column in bold ("best" = highest accuracy, lowest error), missing values as "-".
 *
 * ```ts
 * resultTable(
 *   [{ setup: 'Nominal', values: { clean: 0.9577, mce: 0.2517 } }, { setup: 'AdA', values: { clean: 0.9618, mce: 0.1249 } }],
 *   TABLE1_COLUMNS,
 * );
 * // | Setup | Clean | mCE | CIFAR-10.1 |
 * // | --- | ---: | ---: | ---: |
 * // | Nominal | 95.77 | 25.17 | - |
 * // | AdA | **96.18** | **12.49** | - |
 * ```
 */

/** One column of a result table. Values are fractions in [0, 1], shown as percentages. */
export interface ResultColumn {
  /** Key into `ResultRow.values`. */
  readonly key: string;
  /** Header text. */
  readonly title: string;
  /** Whether larger is better (accuracies) or smaller (errors, mCE). */
  readonly better: 'higher' | 'lower';
}

/** One row: a training setup and its metrics (fractions in [0, 1]). */
export interface ResultRow {
  readonly setup: string;
  readonly values: Readonly<Record<string, number | undefined>>;
}

/** Table 1 of the paper: clean accuracy, mCE on CIFAR-10-C, accuracy on CIFAR-10.1. */
export const TABLE1_COLUMNS: readonly ResultColumn[] = [
  { key: 'clean', title: 'Clean', better: 'higher' },
  { key: 'mce', title: 'mCE', better: 'lower' },
  { key: 'cifar101', title: 'CIFAR-10.1', better: 'higher' },
];

/** Table 2 of the paper: robust accuracy under l_2 and l_inf attacks. */
export const TABLE2_COLUMNS: readonly ResultColumn[] = [
  { key: 'l2_0.5', title: 'l2 0.5', better: 'higher' },
  { key: 'l2_1.0', title: 'l2 1.0', better: 'higher' },
  { key: 'linf_1/255', title: 'linf 1/255', better: 'higher' },
  { key: 'linf_2/255', title: 'linf 2/255', better: 'higher' },
  { key: 'linf_4/255', title: 'linf 4/255', better: 'higher' },
];

/** Columns of per-corruption errors (e.g. the 15 common ones), lower is better. */
export function corruptionColumns(
  names: readonly string[],
  titles: Readonly<Record<string, string>> = {},
): ResultColumn[] {
  return names.map((key) => ({ key, title: titles[key] ?? key, better: 'lower' as const }));
}

/** Renders rows x columns as a GitHub-flavoured Markdown table (trailing newline included). */
export function resultTable(rows: readonly ResultRow[], columns: readonly ResultColumn[]): string {
  if (columns.length === 0) {
    throw new RangeError(`Argument 'columns' passed to 'resultTable' must not be empty`);
  }
  const best = columns.map((col) => {
    const vals = rows.map((r) => r.values[col.key]).filter((v): v is number => Number.isFinite(v));
    if (vals.length < 2) return undefined;
    return col.better === 'higher' ? Math.max(...vals) : Math.min(...vals);
  });
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `| Setup | ${columns.map((c) => cell(c.title)).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
  ];
  for (const row of rows) {
    const cells = columns.map((col, j) => {
      const v = row.values[col.key];
      if (v === undefined || !Number.isFinite(v)) return '-';
      const text = (100 * v).toFixed(2);
      return v === best[j] ? `**${text}**` : text;
    });
    lines.push(`| ${cell(row.setup)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
