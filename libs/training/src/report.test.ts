import { describe, expect, it } from 'vitest';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import type { ExperimentResult, RunResult } from './experiment.ts';
import { presetConfig } from './presets.ts';
import { renderReport, summariseRuns } from './report.ts';

function run(setup: string, seed: number, clean: number, err: number, lp?: number): RunResult {
  return {
    setup,
    seed,
    status: 'completed',
    cleanAccuracy: clean,
    mce: err,
    corruptionErrors: Object.fromEntries(
      COMMON_CORRUPTIONS.map((c) => [c, [err, err, err, err, err]]),
    ),
    ...(lp !== undefined ? { lpRobustAccuracy: { 'l2 0.5': lp, 'linf 1/255': lp / 2 } } : {}),
    history: [],
    adaSsim: [],
    trainSeconds: 1,
    evalSeconds: 1,
    steps: 10,
  };
}

function experiment(runs: RunResult[], preset = 'cpu-full'): ExperimentResult {
  const config = presetConfig(preset);
  config.seeds = [...new Set(runs.map((r) => r.seed))];
  return { config, dataSource: 'demo', benchmarkSource: 'generated', runs };
}

describe('renderReport', () => {
  it('aggregates seeds as mean ± population sd and prints Table 2 when runs were attacked', () => {
    const result = experiment([
      run('nominal', 0, 0.8, 0.3, 0.1),
      run('nominal', 1, 0.6, 0.5, 0.3),
      run('ada', 0, 0.7, 0.2, 0.4),
      run('ada', 1, 0.7, 0.2, 0.4),
    ]);
    const nominal = summariseRuns(result.runs)[0]!;
    expect(nominal.metrics.clean!.mean).toBeCloseTo(0.7, 12);
    expect(nominal.metrics.clean!.sd).toBeCloseTo(0.1, 12);
    expect(nominal.metrics['lp:l2 0.5']!.mean).toBeCloseTo(0.2, 12);
    const md = renderReport(result);
    expect(md).toMatch(/\| Nominal \| 70\.00 ± 10\.00 \| 40\.00 ± 10\.00 \|/);
    expect(md).toMatch(
      /### Table 2: robust accuracy under l_p attacks \(%; apgd-ce \+ apgd-t, 20 iterations, 200 test images\)/,
    );
    expect(md).toMatch(/\| Setup \| l2 0\.5 \| linf 1\/255 \|/);
    expect(md).toMatch(/\| AdA \| 40\.00 ± 0\.00 \| 20\.00 ± 0\.00 \|/);
  });

  it('says Table 2 is off when no run was attacked', () => {
    const md = renderReport(experiment([run('nominal', 0, 0.5, 0.5)], 'quick'));
    expect(md).not.toMatch(/Table 2:/);
    expect(md).toMatch(/Table 2\) is off in this preset/);
  });

  it('says no run has finished (not "off") when the preset attacks but every run was cancelled', () => {
    const cancelled = { ...run('ada', 0, 0.5, 0.5), status: 'cancelled' as const };
    const md = renderReport(experiment([cancelled]));
    expect(md).not.toMatch(/is off in this preset/);
    expect(md).toMatch(/Table 2\): no finished run yet/);
  });
});
