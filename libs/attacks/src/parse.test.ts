import { describe, expect, it } from 'vitest';
import { parseAttackList, parseEpsilon, parseNorm } from './parse.ts';

describe('parseEpsilon / parseNorm / parseAttackList', () => {
  it('reads numbers and k/255 fractions', () => {
    expect(parseEpsilon('8/255', '--eps')).toBeCloseTo(8 / 255, 12);
    expect(parseEpsilon('0.5', '--eps')).toBe(0.5);
    expect(parseEpsilon(0.25, 'params.epsilon')).toBe(0.25);
    expect(parseEpsilon('0', '--eps')).toBe(0);
  });

  it.each(['-1', 'abc', '8/0', '', '1/2/3'])('rejects %j naming the field', (bad) => {
    expect(() => parseEpsilon(bad, 'params.epsilon')).toThrow(/^params.epsilon must be/);
  });

  it('norms and attack lists', () => {
    expect(parseNorm('Linf', '--norm')).toBe('linf');
    expect(parseNorm('L2', '--norm')).toBe('l2');
    expect(() => parseNorm('l1', '--norm')).toThrow(/--norm must be 'linf' or 'l2'/);
    expect(parseAttackList('apgd-ce, square', '--attacks')).toEqual(['apgd-ce', 'square']);
    expect(() => parseAttackList('apgd-ce,fab', '--attacks')).toThrow(/unknown attack 'fab'/);
    expect(() => parseAttackList(' , ', '--attacks')).toThrow(/at least one/);
  });
});
