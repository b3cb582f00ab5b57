import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseGamma } from './gamma_choice.ts';
import { ROOT_RULES } from './names.ts';

const grid = Array.from({ length: 9 }, (_, k) => k / 8);
const throughRoots = (r1: number, r2: number): number[] =>
  grid.map((g) => (0.7 * (g - r1) * (g - r2)) / (r1 * r2));

describe('chooseGamma (9 grid points)', () => {
  it('a root above 1 is dropped (feasible-closest-to-1) or clipped to 1 (closest-to-1, literal)', () => {
    const v = throughRoots(2.63, 0.642);
    expect(chooseGamma(grid, v).gamma).toBeCloseTo(0.642, 9);
    expect(chooseGamma(grid, v, 'closest-to-1').gamma).toBe(1);
    expect(chooseGamma(grid, v).gridGamma).toBe(0.625);
  });
  it('no real root: the largest grid gamma measured feasible', () => {
    const none = chooseGamma(
      grid,
      grid.map((g) => (g === 0 ? 0.7 : -0.2)),
      'closest-to-1',
    );
    expect(none.gridGamma).toBe(0);
    const parabola = chooseGamma(
      grid,
      grid.map((g) => 0.7 - 0.3 * g + 0.5 * g * g),
    );
    expect(parabola).toEqual({ gamma: 1, gridGamma: 1, fromRoot: false });
    expect(() => chooseGamma(grid, [1, 2])).toThrow(/'grid' and 'values'.*9 and 2/);
  });
});

const gpu = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench', 'gpu');
// ADA_PYTHON: a Python with NumPy (test/run-all.sh sets one up when python3 has none).
const python = process.env.ADA_PYTHON || 'python3';

describe('the GPU port checks its line search against these cases', () => {
  it('bench/gpu/fixtures/line_search_cases.json is what chooseGamma gives now (rerun bench/gpu/line_search_cases.ts if not)', () => {
    const fx = JSON.parse(
      readFileSync(join(gpu, 'fixtures', 'line_search_cases.json'), 'utf8'),
    ) as {
      grid: number[];
      tolerance: number;
      cases: Array<{ name: string; values: number[]; expected: Record<string, unknown> }>;
    };
    expect(fx.cases.length).toBeGreaterThanOrEqual(10);
    for (const c of fx.cases)
      for (const rule of ROOT_RULES)
        expect(chooseGamma(fx.grid, c.values, rule, fx.tolerance), c.name).toEqual(
          c.expected[rule],
        );
  });

  const numpy = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!numpy)('the port (bench/gpu/line_search_rule.py, NumPy) picks the same gammas', () => {
    const r = spawnSync(python, [join(gpu, 'test_line_search_rule.py')], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/OK/);
    expect(r.status).toBe(0);
  });
});
