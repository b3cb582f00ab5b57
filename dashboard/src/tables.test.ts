import { describe, expect, it } from 'vitest';
import type { Table1Row } from './api/operations.ts';
import { bestRows, sortRows, table1Columns, type Column } from './tables.ts';
import { formatDuration, formatStat } from './format.ts';

const stat = (mean: number, sd = 0, n = 1) => ({ mean, sd, n });
const row = (label: string, clean: number, mce: number, fog?: number): Table1Row => ({
  label,
  setup: label,
  seeds: [0],
  runIds: [label],
  clean: stat(clean),
  mce: stat(mce),
  cifar101: null,
  perCorruption: fog === undefined ? [] : [{ corruption: 'fog', error: stat(fog) }],
  perSeverity: [{ severity: 3, error: stat(mce) }],
});

describe('bestRows', () => {
  const rows = [row('a', 0.9, 0.3, 0.2), row('b', 0.95, 0.3), row('c', 0.8, 0.25, 0.4)];
  const cols = table1Columns(rows);
  const col = (id: string): Column<Table1Row> => cols.find((c) => c.id === id)!;
  it('higher is better for accuracy, lower for errors; ties are all best', () => {
    expect([...bestRows(rows, col('clean'))]).toEqual([1]);
    expect([...bestRows(rows, col('mce'))]).toEqual([2]);
    expect([...bestRows([row('a', 0.5, 0.2), row('b', 0.5, 0.2)], col('clean'))]).toEqual([0, 1]);
  });
  it('skips rows without a value', () => {
    expect([...bestRows(rows, col('c:fog'))]).toEqual([0]);
  });
  it('columns: clean, mCE, severities, corruptions (no CIFAR-10.1 when no row has it)', () => {
    expect(cols.map((c) => c.id)).toEqual(['clean', 'mce', 'sev3', 'c:fog']);
  });
});

describe('sortRows', () => {
  const rows = [row('a', 0.9, 0.3, 0.2), row('b', 0.95, 0.3), row('c', 0.8, 0.25, 0.4)];
  const fog = table1Columns(rows).find((c) => c.id === 'c:fog')!;
  it('sorts by mean either way, rows without a value last', () => {
    expect(sortRows(rows, fog, 'ascending').map((r) => r.label)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, fog, 'descending').map((r) => r.label)).toEqual(['c', 'a', 'b']);
  });
});

describe('format', () => {
  it('percent with sd over seeds only when n > 1', () => {
    expect(formatStat(stat(0.1234, 0.0056, 3))).toBe('12.3 ± 0.6');
    expect(formatStat(stat(0.1234))).toBe('12.3');
    expect(formatStat(null)).toBe('–');
  });
  it('durations', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('–');
  });
});
