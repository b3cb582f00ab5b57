import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, topOneError } from './accuracy.ts';
import { corruptionError, corruptionErrors, meanCorruptionError } from './mce.ts';
import { corruptionColumns, resultTable, TABLE1_COLUMNS } from './result_table.ts';

describe('accuracy', () => {
  it('argmaxRows on [3, 3] logits, first index wins ties', () => {
    expect(Array.from(argmaxRows([0, 2, 1, 5, 5, 0, -1, -2, -0.5], 3))).toEqual([1, 0, 2]);
  });
  it('accuracy / topOneError on 4 labels', () => {
    expect(accuracy([1, 2, 3, 4], [1, 2, 0, 0])).toBe(0.5);
    expect(topOneError([1, 2, 3, 4], [1, 0, 0, 0])).toBe(0.75);
    expect(() => accuracy([1], [1, 2])).toThrow(/same length/);
  });
});

describe('mCE over 3 corruptions x 5 severities', () => {
  const errs = {
    a: [0.1, 0.2, 0.3, 0.4, 0.5],
    b: [0, 0, 0, 0, 1],
    c: [0.5, 0.5, 0.5, 0.5, 0.5],
    extra: [1, 1, 1, 1, 1],
  };
  it('per-corruption error is the severity mean', () => {
    expect(corruptionError(errs.a)).toBeCloseTo(0.3, 12);
    expect(corruptionErrors(errs, ['b', 'c'])).toEqual({ b: 0.2, c: 0.5 });
  });
  it('mCE is the plain mean of the listed per-corruption errors (unlisted ignored)', () => {
    expect(meanCorruptionError(errs, ['a', 'b', 'c'])).toBeCloseTo((0.3 + 0.2 + 0.5) / 3, 12);
  });
  it('rejects missing corruptions, wrong severity counts, values outside [0,1]', () => {
    expect(() => meanCorruptionError(errs, ['a', 'zzz'])).toThrow(/lacks corruption 'zzz'/);
    expect(() => corruptionError([0.1, 0.2])).toThrow(/5 severities/);
    expect(() => corruptionError([0.1, 0.2, 0.3, 0.4, 50])).toThrow(/\[0, 1\]/);
  });
});

describe('resultTable', () => {
  it('2 setups x Table-1 columns: percentages, best in bold, missing as -', () => {
    const md = resultTable(
      [
        { setup: 'Nominal', values: { clean: 0.9577, mce: 0.2517 } },
        { setup: 'AdA', values: { clean: 0.9618, mce: 0.1249 } },
      ],
      TABLE1_COLUMNS,
    );
    expect(md.split('\n')).toEqual([
      '| Setup | Clean | mCE | CIFAR-10.1 |',
      '| --- | ---: | ---: | ---: |',
      '| Nominal | 95.77 | 25.17 | - |',
      '| AdA | **96.18** | **12.49** | - |',
      '',
    ]);
  });
  it('per-corruption columns with display titles, lower is better', () => {
    const md = resultTable(
      [
        { setup: 'x', values: { fog: 0.3 } },
        { setup: 'y', values: { fog: 0.2 } },
      ],
      corruptionColumns(['fog'], { fog: 'Fog' }),
    );
    expect(md).toContain('| Setup | Fog |');
    expect(md).toContain('| y | **20.00** |');
  });
});
