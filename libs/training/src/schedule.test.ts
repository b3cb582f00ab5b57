import { describe, expect, it } from 'vitest';
import { cosineWithWarmup, scaledLearningRate } from './schedule.ts';

describe('scaledLearningRate', () => {
  it('scales up linearly above batch 256 and never scales down', () => {
    expect(scaledLearningRate(0.1, 256)).toBeCloseTo(0.1);
    expect(scaledLearningRate(0.1, 1024)).toBeCloseTo(0.4);
    expect(scaledLearningRate(0.1, 64)).toBeCloseTo(0.1);
  });
});

describe('cosineWithWarmup', () => {
  const schedule = { peakLr: 0.1, totalSteps: 100, warmupSteps: 10 };
  it('warms up linearly to the peak over warmupSteps', () => {
    expect(cosineWithWarmup(0, schedule)).toBeCloseTo(0.01);
    expect(cosineWithWarmup(4, schedule)).toBeCloseTo(0.05);
    expect(cosineWithWarmup(9, schedule)).toBeCloseTo(0.1);
  });
  it('starts the cosine at the peak and ends at 0 on the last step', () => {
    expect(cosineWithWarmup(10, schedule)).toBeCloseTo(0.1);
    expect(cosineWithWarmup(99, schedule)).toBeCloseTo(0);
  });
  it('is half the peak half-way through the decay and monotone', () => {
    // decay steps 10..99: t = (s - 10) / 89; t = 0.5 at s = 54.5
    const mid = (cosineWithWarmup(54, schedule) + cosineWithWarmup(55, schedule)) / 2;
    expect(mid).toBeCloseTo(0.05, 3);
    for (let s = 10; s < 99; s++) {
      expect(cosineWithWarmup(s + 1, schedule)).toBeLessThanOrEqual(cosineWithWarmup(s, schedule));
    }
  });
  it('rejects a warm-up longer than the run', () => {
    expect(() => cosineWithWarmup(0, { peakLr: 0.1, totalSteps: 5, warmupSteps: 6 })).toThrow(
      /Argument 'warmupSteps'/,
    );
  });
});
