import { describe, expect, it } from 'vitest';
import { parseLpParams } from './params.ts';

const limits = { maxExamples: 500, batchSize: 32 };

describe('parseLpParams', () => {
  it('fills defaults and parses k/255', () => {
    expect(parseLpParams({ norm: 'linf', epsilon: '8/255' }, limits)).toEqual({
      norm: 'linf',
      epsilon: 8 / 255,
      attacks: ['apgd-ce', 'apgd-t', 'square'],
      examples: 500,
      seed: 0,
      batchSize: 32,
      iterations: 100,
      targetClasses: 9,
      queries: 5000,
      dataset: 'demo',
      dataSeed: 0,
    });
  });

  it.each([
    [{ epsilon: 0.1 }, 'params.norm'],
    [{ norm: 'l1', epsilon: 0.1 }, 'params.norm'],
    [{ norm: 'l2' }, 'params.epsilon'],
    [{ norm: 'l2', epsilon: -1 }, 'params.epsilon'],
    [{ norm: 'l2', epsilon: 'big' }, 'params.epsilon'],
    [{ norm: 'l2', epsilon: 1, examples: 501 }, 'params.examples'],
    [{ norm: 'l2', epsilon: 1, examples: 1.5 }, 'params.examples'],
    [{ norm: 'l2', epsilon: 1, attacks: 'apgd-ce,fab' }, 'params.attacks'],
    [{ norm: 'l2', epsilon: 1, queries: 0 }, 'params.queries'],
    [{ norm: 'l2', epsilon: 1, step: 3 }, 'params.step'],
  ])('%j fails naming %s', (params, field) => {
    expect(() => parseLpParams(params, limits)).toThrow(
      expect.objectContaining({ field, message: expect.stringContaining(`'${field}'`) }),
    );
  });
});
