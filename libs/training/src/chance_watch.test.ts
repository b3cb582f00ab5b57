import { describe, expect, it } from 'vitest';
import { chanceWarning, stuckAtChance } from './chance_watch.ts';

const at = (over: Partial<Parameters<typeof stuckAtChance>[0]>) =>
  stuckAtChance({
    epoch: 3,
    steps: 468,
    cleanAccuracy: 0.1,
    meanLoss: Math.log(10),
    classes: 10,
    ...over,
  });

describe('stuckAtChance', () => {
  it('holds at chance accuracy with the loss at ln K from the third epoch on', () => {
    expect(at({})).toBe(true);
    expect(at({ epoch: 10, cleanAccuracy: 0.1015, meanLoss: 2.3036 })).toBe(true);
    expect(at({ cleanAccuracy: 0.149 })).toBe(true);
  });

  it('does not hold in the first two epochs or the first 100 steps, above chance, or once the loss falls', () => {
    expect(at({ epoch: 2 })).toBe(false);
    expect(at({ steps: 99 })).toBe(false);
    expect(at({ cleanAccuracy: 0.16 })).toBe(false);
    expect(at({ meanLoss: 0.96 * Math.log(10) })).toBe(false);
    // a healthy quick-preset run after epoch 3: 22% clean, loss 2.12
    expect(at({ cleanAccuracy: 0.22, meanLoss: 2.12 })).toBe(false);
    expect(at({ meanLoss: NaN })).toBe(false);
  });

  it('scales chance with the number of classes', () => {
    expect(at({ classes: 100, cleanAccuracy: 0.05, meanLoss: Math.log(100) })).toBe(true);
    expect(at({ classes: 100, cleanAccuracy: 0.1, meanLoss: Math.log(100) })).toBe(false);
    expect(at({ classes: 2, cleanAccuracy: 0.5, meanLoss: Math.log(2) })).toBe(true);
  });

  it('rejects a bad class count, naming the argument', () => {
    expect(() => at({ classes: 1 })).toThrow(/'classes'.*integer >= 2, got 1/);
  });

  it('words a warning with the run, the numbers and what to try', () => {
    const h = { epoch: 4, steps: 624, cleanAccuracy: 0.1015, meanLoss: 2.3036, classes: 10 };
    const w = chanceWarning('ada s0', h, true);
    expect(w).toMatch(/^warning: ada s0 is still at chance after epoch 4 \(clean 10\.2%/);
    expect(w).toMatch(/ln 10 = 2\.303/);
    expect(w).toMatch(/--ada-fraction 0\.125/);
    expect(chanceWarning('nominal s0', h)).toMatch(
      /not learning; check the data, the learning rate/,
    );
  });
});
