import { describe, expect, it } from 'vitest';
import { parseSetup, SETUP_NAMES, PAPER_SETUPS } from './setups.ts';

describe('parseSetup', () => {
  it('parses every named setup to itself', () => {
    for (const name of [...SETUP_NAMES, ...PAPER_SETUPS]) expect(parseSetup(name).name).toBe(name);
  });
  it('accepts components in any order and canonicalises to the pipeline order', () => {
    expect(parseSetup('augmix+ada')).toEqual({
      name: 'ada+augmix',
      ada: true,
      augmix: true,
      deepaugment: 0,
    });
    expect(parseSetup('augmix+deepaugment-10x+ada').deepaugment).toBe(10);
  });
  it('rejects unknown and duplicate components with the offending name', () => {
    expect(() => parseSetup('ada+cutmix')).toThrow(/Unknown setup component 'cutmix'/);
    expect(() => parseSetup('ada+ada')).toThrow(/names 'ada' twice/);
    expect(() => parseSetup('deepaugment+deepaugment-10x')).toThrow(/both/);
  });
});
