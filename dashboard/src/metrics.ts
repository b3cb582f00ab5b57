import type { AccuracyPoint, MetricPoint } from '@ada/figures';
import type { Metric, MetricSeries } from './api/operations.ts';

/**
 * Metric keys that are not an accuracy: training loss and learning rate (per step), and the
 * progress fields some sources log beside them.
 */
const NOT_ACCURACY = new Set(['loss', 'lr', 'epoch', 'step', 'imagesPerSecond', 'meanLoss']);

/**
 * The corruption (or `clean`) an accuracy metric key names: run records log the accuracy per
 * corruption at the end of evaluated epochs under the bare name (`clean`, `fog`, ...); prefixed
 * forms (`accuracy/fog`, `fog_accuracy`) are read too. Undefined for loss, lr and the like.
 */
export function accuracyName(key: string): string | undefined {
  const m = /^(?:acc|accuracy)[/.:](.+)$/.exec(key) ?? /^(.+?)[/.:_](?:acc|accuracy)$/.exec(key);
  if (m) return m[1];
  return NOT_ACCURACY.has(key) || /loss|(^|[/._])lr$/i.test(key) ? undefined : key;
}

/** Epoch series of accuracy keys to Figure 2's history (one point per epoch), `clean` first. */
export function accuracyHistory(series: readonly MetricSeries[]): {
  rows: string[];
  history: AccuracyPoint[];
} {
  const byEpoch = new Map<number, Record<string, number>>();
  const rows: string[] = [];
  for (const s of series) {
    const name = accuracyName(s.key);
    const points = s.points.filter((p) => p.value >= 0 && p.value <= 1);
    if (!name || points.length === 0 || points.length !== s.points.length) continue;
    rows.push(name);
    for (const p of points) {
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

/**
 * The training curves' points: per-step series (loss, lr) and live metrics deduplicated by step,
 * plus, from the epoch series, clean accuracy and the mean accuracy over the corruptions at the
 * step each evaluated epoch ended.
 */
export function curvePoints(
  stepSeries: readonly MetricSeries[],
  live: readonly Metric[] = [],
  epochSeries: readonly MetricSeries[] = [],
): MetricPoint[] {
  const seen = new Map<string, MetricPoint>();
  const add = (metric: string, step: number, value: number): void => {
    if (Number.isFinite(value) && Number.isFinite(step))
      seen.set(`${metric}@${step}`, { metric, step, value });
  };
  for (const s of stepSeries) for (const p of s.points) add(s.key, p.step, p.value);
  for (const m of live) if (m.step != null && !accuracyName(m.key)) add(m.key, m.step, m.value);
  const { rows, history } = accuracyHistory(epochSeries);
  const stepOf = new Map<number, number>();
  for (const s of epochSeries) for (const p of s.points) stepOf.set(p.epoch, p.step);
  for (const h of history) {
    const step = stepOf.get(h.epoch);
    if (step === undefined) continue;
    if (h.accuracy['clean'] !== undefined) add('clean accuracy', step, h.accuracy['clean']);
    const corrupted = rows.filter((r) => r !== 'clean' && h.accuracy[r] !== undefined);
    if (corrupted.length > 0)
      add(
        'mean corrupted accuracy',
        step,
        corrupted.reduce((s, r) => s + h.accuracy[r]!, 0) / corrupted.length,
      );
  }
  return [...seen.values()].sort((a, b) =>
    a.metric === b.metric ? a.step - b.step : a.metric < b.metric ? -1 : 1,
  );
}
