import type { RandomState } from '@ada/data';

/**
 * The reference's `plasma_fractal(mapsize, wibbledecay)`: a diamond-square height map on a
 * periodic `mapsize x mapsize` grid (mapsize a power of two), normalised to [0, 1].
 * Corner (0, 0) starts at 0 and `wibble` at 100; for step = mapsize, mapsize / 2, ..., 2:
 * square centres = (sum of the 4 corners) / 4 + wibble * U(-wibble, wibble), then the edge
 * points on grid rows, then those on grid columns, each = (sum of 4 wrapped neighbours) / 4 +
 * wibble * U(-wibble, wibble); then `wibble /= wibbledecay`. Finally `(m - min) / max`.
 * Draws come from `rng` in the reference's order (one uniform array per fill, C order) and the
 * sums are evaluated in numpy's order, so with `RandomState(k)` the map equals the reference's.
 *
 * Output: a new Float64Array of `mapsize * mapsize` values in [0, 1], row-major.
 *
 * ```ts
 * const p = plasmaFractal(32, 3, new RandomState(1)); // fog severity 1's fractal
 * ```
 */
export function plasmaFractal(
  mapsize: number,
  wibbleDecay: number,
  rng: RandomState,
): Float64Array {
  if (!Number.isInteger(mapsize) || mapsize < 2 || (mapsize & (mapsize - 1)) !== 0) {
    throw new RangeError(
      `Argument 'mapsize' passed to 'plasmaFractal' must be a power of two >= 2, got ${mapsize}`,
    );
  }
  if (!(wibbleDecay > 0)) {
    throw new RangeError(
      `Argument 'wibbleDecay' passed to 'plasmaFractal' must be > 0, got ${wibbleDecay}`,
    );
  }
  const m = new Float64Array(mapsize * mapsize);
  const at = (r: number, c: number): number => r * mapsize + c;
  let wibble = 100;
  for (let step = mapsize; step >= 2; step = step / 2) {
    const half = step / 2;
    const n = mapsize / step; // grid points per axis at this level
    const ul = (i: number, j: number): number => m[at((i % n) * step, (j % n) * step)];
    const dr = (i: number, j: number): number =>
      m[at((((i % n) + n) % n) * step + half, (((j % n) + n) % n) * step + half)];
    const wibbled = (sum: number): number =>
      sum / 4 + wibble * (-wibble + 2 * wibble * rng.randomSample());
    // Squares: (c(i,j) + c(i+1,j)) + (c(i,j+1) + c(i+1,j+1)).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const sum = ul(i, j) + ul(i + 1, j) + (ul(i, j + 1) + ul(i + 1, j + 1));
        m[at(i * step + half, j * step + half)] = wibbled(sum);
      }
    // Diamonds on grid rows: (dr(i,j) + dr(i-1,j)) + (ul(i,j) + ul(i,j+1)).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const sum = dr(i, j) + dr(i - 1, j) + (ul(i, j) + ul(i, j + 1));
        m[at(i * step, j * step + half)] = wibbled(sum);
      }
    // Diamonds on grid columns: (dr(i,j) + dr(i,j-1)) + (ul(i,j) + ul(i+1,j)).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const sum = dr(i, j) + dr(i, j - 1) + (ul(i, j) + ul(i + 1, j));
        m[at(i * step + half, j * step)] = wibbled(sum);
      }
    wibble /= wibbleDecay;
  }
  let min = Infinity;
  for (let i = 0; i < m.length; i++) if (m[i] < min) min = m[i];
  let max = -Infinity;
  for (let i = 0; i < m.length; i++) {
    m[i] -= min;
    if (m[i] > max) max = m[i];
  }
  for (let i = 0; i < m.length; i++) m[i] /= max;
  return m;
}
