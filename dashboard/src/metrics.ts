import type { AccuracyPoint, MetricPoint } from '@ada/figures';
import type { Metric, MetricSeries } from './api/operations.ts';

/**
 * The corruption (or `clean`) a per-epoch accuracy metric key names, e.g. `accuracy/fog`,
 * `accuracy.clean` or `fog_accuracy`; undefined for other keys (loss, lr, the overall accuracy).
 */
export function accuracyName(key: string): string | undefined {
  const m = /^(?:acc|accuracy)[/.:](.+)$/.exec(key) ?? /^(.+?)[/.:_](?:acc|accuracy)$/.exec(key);
  const name = m?.[1];
  return name && name !== 'train' && name !== 'test' ? name : undefined;
}

/** Epoch series of per-corruption accuracy keys to Figure 2's history (one point per epoch). */
export function accuracyHistory(series: readonly MetricSeries[]): {
  rows: string[];
  history: AccuracyPoint[];
} {
  const byEpoch = new Map<number, Record<string, number>>();
  const rows: string[] = [];
  for (const s of series) {
    const name = accuracyName(s.key);
    if (!name || s.points.length === 0) continue;
    rows.push(name);
    for (const p of s.points) {
      if (!(p.value >= 0 && p.value <= 1)) continue;
      const acc = byEpoch.get(p.epoch) ?? {};
      acc[name] = p.value;
      byEpoch.set(p.epoch, acc);
    }
  }
  rows.sort((a, b) => (a === 'clean' ? -1 : b === 'clean' ? 1 : 0));
  const history = [...byEpoch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([epoch, accuracy]) => ({ epoch, accuracy }));
  return { rows, history };
}

/** Step series (and live metrics) to the points the training curves plot, deduplicated by step. */
export function curvePoints(
  series: readonly MetricSeries[],
  live: readonly Metric[] = [],
): MetricPoint[] {
  const seen = new Map<string, MetricPoint>();
  for (const s of series)
    for (const p of s.points)
      seen.set(`${s.key}@${p.step}`, { metric: s.key, step: p.step, value: p.value });
  for (const m of live)
    if (m.step != null && Number.isFinite(m.value))
      seen.set(`${m.key}@${m.step}`, { metric: m.key, step: m.step, value: m.value });
  return [...seen.values()]
    .filter((p) => Number.isFinite(p.value))
    .sort((a, b) => (a.metric === b.metric ? a.step - b.step : a.metric < b.metric ? -1 : 1));
}
