/** Border modes shared by the filters: scipy.ndimage names plus OpenCV's reflect-101. */
export type BorderMode = 'nearest' | 'reflect' | 'mirror' | 'wrap' | 'constant';

/**
 * Maps an index outside `0..n-1` back into the array like scipy.ndimage's border modes, for any
 * distance from the edge (periodic folding), or returns -1 for `'constant'` (use the fill value).
 *
 * - `nearest`: `a a a | a b c d | d d d` (edge replicate)
 * - `reflect`: `c b a | a b c d | d c b` (half-sample symmetric; numpy `symmetric`)
 * - `mirror`:  `d c b | a b c d | c b a` (whole-sample symmetric; OpenCV `BORDER_REFLECT_101`)
 * - `wrap`:    `b c d | a b c d | a b c`
 *
 * ```ts
 * extendIndex(-1, 4, 'reflect'); // 0
 * extendIndex(-1, 4, 'mirror');  // 1
 * ```
 */
export function extendIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'constant':
      return -1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      const p = 2 * n;
      let k = ((i % p) + p) % p;
      if (k >= n) k = p - 1 - k;
      return k;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      let k = ((i % p) + p) % p;
      if (k >= n) k = p - k;
      return k;
    }
    default: {
      const never: never = mode;
      throw new RangeError(`Unknown border mode ${String(never)}`);
    }
  }
}
