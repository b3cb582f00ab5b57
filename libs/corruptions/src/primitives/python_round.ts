/**
 * Python 3's `round(x)` to an integer: halves go to the even neighbour (`round(32.5) === 32`,
 * `round(33.5) === 34`), unlike `Math.round`. scipy's `zoom` sizes its output with it.
 *
 * ```ts
 * pythonRound(26 * 1.25); // 32 (Math.round gives 33)
 * ```
 */
export function pythonRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
