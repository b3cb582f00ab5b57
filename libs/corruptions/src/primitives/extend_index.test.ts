import { describe, expect, it } from 'vitest';
import { extendIndex, type BorderMode } from './extend_index.ts';

const row = (mode: BorderMode, n: number) =>
  Array.from({ length: n + 6 }, (_, k) => extendIndex(k - 3, n, mode));

describe('extendIndex, n = 4, indices -3..6', () => {
  it.each([
    ['nearest', [0, 0, 0, 0, 1, 2, 3, 3, 3, 3]],
    ['reflect', [2, 1, 0, 0, 1, 2, 3, 3, 2, 1]],
    ['mirror', [3, 2, 1, 0, 1, 2, 3, 2, 1, 0]],
    ['wrap', [1, 2, 3, 0, 1, 2, 3, 0, 1, 2]],
    ['constant', [-1, -1, -1, 0, 1, 2, 3, -1, -1, -1]],
  ] as const)('%s', (mode, want) => {
    expect(row(mode, 4)).toEqual(want);
  });
  it('folds far indices periodically (reflect n = 2: -3 -> 1, -5 -> 0; mirror n = 3: 7 -> 1)', () => {
    expect(extendIndex(-3, 2, 'reflect')).toBe(1);
    expect(extendIndex(-5, 2, 'reflect')).toBe(0);
    expect(extendIndex(7, 3, 'mirror')).toBe(1);
  });
});
