/**
 * Writes `bench/gpu/fixtures/line_search_cases.json`: inputs of the SSIM line search's root rule
 * (9 grid gammas, SSIM(x, x_gamma) - t) and what the TypeScript rule (`chooseGamma` of `@ada/ada`)
 * picks for each, under both root rules. `test_line_search_rule.py` checks the GPU port's NumPy
 * rule against it; `libs/ada/src/gamma_choice.test.ts` checks that the file is current.
 *
 * ```sh
 * npx tsx bench/gpu/line_search_cases.ts
 * ```
 *
 * Cases: the two fits the port got wrong (roots 2.63 and 0.642; 13.3 and 0.802: the old port
 * clipped 2.63 to gamma = 1 and kept the destroyed image), curves shaped like measured SSIM
 * (1 / (1 + c gamma^2) with noise), a line, a parabola without a real root, a constant, and a
 * curve that is infeasible everywhere but gamma = 0.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseGamma, ROOT_RULES } from '@ada/ada';
import { RandomState } from '@ada/data';

export const GRID = Array.from({ length: 9 }, (_, k) => k / 8);
const T = 0.3;

/** The named series of SSIM - t on GRID, deterministic. */
export function lineSearchCases(): Array<{ name: string; values: number[] }> {
  const rng = new RandomState(2022);
  const throughRoots = (r1: number, r2: number): number[] =>
    GRID.map((g) => (0.7 * (g - r1) * (g - r2)) / (r1 * r2));
  const out = [
    { name: 'port bug: roots 2.63 and 0.642', values: throughRoots(2.63, 0.642) },
    { name: 'port bug: roots 13.3 and 0.802', values: throughRoots(13.3, 0.802) },
    { name: 'line 0.7 - 0.9 g', values: GRID.map((g) => 0.7 - 0.9 * g) },
    { name: 'no real root', values: GRID.map((g) => 0.7 - 0.3 * g + 0.5 * g * g) },
    { name: 'constant 0.1', values: GRID.map(() => 0.1) },
    { name: 'feasible only at 0', values: GRID.map((g) => (g === 0 ? 0.7 : -0.25 - 0.02 * g)) },
    { name: 'root just above 1 (fit >= -tol at 1)', values: throughRoots(1.004, -3) },
  ];
  for (let i = 0; i < 24; i++) {
    const c = rng.uniform(2, 60);
    out.push({
      name: `1/(1 + ${c.toFixed(2)} g^2) - t + noise`,
      values: GRID.map((g) => 1 / (1 + c * g * g) - T + rng.normal(0, 0.01)),
    });
  }
  return out;
}

export function expectedChoices() {
  return lineSearchCases().map((c) => ({
    ...c,
    expected: Object.fromEntries(
      ROOT_RULES.map((rule) => [rule, chooseGamma(GRID, c.values, rule)]),
    ),
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'line_search_cases.json');
  const cases = expectedChoices();
  await writeFile(
    file,
    `${JSON.stringify({ grid: GRID, threshold: T, tolerance: 0.005, cases }, null, 1)}\n`,
  );
  console.log(`wrote ${cases.length} cases to ${file}`);
}
