/**
 * Histograms and summary statistics of a sample (e.g. SSIM values per radius, the paper's
 * Figure 1b), plain JavaScript.
 *
 * ```ts
 * histogram([0.91, 0.95, 0.99], { min: 0.9, max: 1, bins: 2 }); // { edges: [0.9, 0.95, 1], counts: [1, 2] }
 * summarize([1, 2, 3, 4]);                                       // { n: 4, mean: 2.5, median: 2.5, ... }
 * ```
 */

export interface HistogramSpec {
  min: number;
  max: number;
  bins: number;
}

export interface Histogram {
  /** bins + 1 edges from min to max. */
  edges: number[];
  /** Values per bin; bin k is [edges[k], edges[k+1]), the last one closed; values outside are dropped. */
  counts: number[];
  /** How many values fell outside [min, max] (or were NaN). */
  outside: number;
}

/** Counts values into `spec.bins` equal-width bins over [min, max]. */
export function histogram(values: ArrayLike<number>, spec: HistogramSpec): Histogram {
  const { min, max, bins } = spec;
  if (!(max > min) || !Number.isInteger(bins) || bins < 1) {
    throw new RangeError(
      `Argument 'spec' passed to 'histogram' must have max > min and an integer bins >= 1, got ${JSON.stringify(spec)}`,
    );
  }
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= min && v <= max)) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor(((v - min) / (max - min)) * bins))]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => min + ((max - min) * k) / bins);
  return { edges, counts, outside };
}

export interface Summary {
  n: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  min: number;
  p05: number;
  median: number;
  p95: number;
  max: number;
}

/** n, mean, population std, min, 5th/50th/95th percentiles (linear interpolation, as NumPy), max. */
export function summarize(values: ArrayLike<number>): Summary {
  const v = Array.from(values).sort((a, b) => a - b);
  if (v.length === 0)
    throw new RangeError(`Argument 'values' passed to 'summarize' must not be empty`);
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  const q = (p: number): number => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
  };
  return { n, mean, std, min: v[0]!, p05: q(0.05), median: q(0.5), p95: q(0.95), max: v[n - 1]! };
}
