import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from './run.ts';

describe('ada run: resolveRunConfig', () => {
  it('returns the quick preset unchanged without overrides', () => {
    const c = resolveRunConfig({ preset: 'quick' });
    expect(c.preset).toBe('quick');
    expect(c.setups).toEqual(['nominal', 'ada']);
    expect(c.deviations.some((d) => d.startsWith('command-line overrides'))).toBe(false);
  });

  it('applies and records overrides; canonicalises setup names', () => {
    const c = resolveRunConfig({
      preset: 'cpu-full',
      setups: 'augmix+ada,nominal',
      seeds: '3,4',
      epochs: '2',
      testSize: '100',
    });
    expect(c.setups).toEqual(['ada+augmix', 'nominal']);
    expect(c.seeds).toEqual([3, 4]);
    expect(c.train.epochs).toBe(2);
    expect(c.eval.benchmarkSize).toBe(100);
    expect(c.deviations.at(-1)).toBe('command-line overrides: setups, seeds, epochs, testSize');
  });

  it('rejects bad values naming the flag', () => {
    expect(() => resolveRunConfig({ preset: 'nope' })).toThrow(
      /--preset must be one of quick, cpu-full, paper/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', epochs: '0' })).toThrow(
      /--epochs must be a positive integer/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', seeds: '1,x' })).toThrow(/--seeds must be/);
    expect(() => resolveRunConfig({ preset: 'quick', setups: 'ada+mixup' })).toThrow(
      /Unknown setup component 'mixup'/,
    );
  });
});
