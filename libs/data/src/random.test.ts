import { describe, expect, it } from 'vitest';
import { RandomState } from './random.ts';

// Expected values printed by NumPy 1.24 (legacy RandomState) for the same seeds and calls.
describe('RandomState (NumPy legacy MT19937)', () => {
  it('matches np.random.seed(1); random_sample() for the first draws', () => {
    const rng = new RandomState(1);
    expect(rng.randomSample()).toBeCloseTo(0.417022004702574, 14);
    expect(rng.randomSample()).toBeCloseTo(0.7203244934421581, 14);
    expect(rng.randomSample()).toBeCloseTo(0.00011437481734488664, 14);
  });

  it('matches np.random.seed(0); standard_normal() pairs', () => {
    const rng = new RandomState(0);
    expect(rng.standardNormal()).toBeCloseTo(1.764052345967664, 13);
    expect(rng.standardNormal()).toBeCloseTo(0.4001572083672233, 13);
    expect(rng.standardNormal()).toBeCloseTo(0.9787379841057392, 13);
  });

  it('matches np.random.seed(5); randint(-1, 1, size=6)', () => {
    const rng = new RandomState(5);
    const got = Array.from({ length: 6 }, () => rng.randint(-1, 1));
    expect(got).toEqual(EXPECTED_RANDINT_SEED5);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = new RandomState(42).randomSampleArray(5);
    const b = new RandomState(42).randomSampleArray(5);
    const c = new RandomState(43).randomSampleArray(5);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('matches np.random.seed(3); poisson([0.5, 3, 9.99, 10, 37.2, 500, 0, 250])', () => {
    const rng = new RandomState(3);
    const got = [0.5, 3.0, 9.99, 10.0, 37.2, 500.0, 0.0, 250.0].map((l) => rng.poisson(l));
    expect(got).toEqual([0, 5, 5, 8, 39, 504, 0, 246]);
  });

  it('matches np.random.seed(11); poisson(linspace(0, 600, 200)) then random_sample()', () => {
    const rng = new RandomState(11);
    const step = 600 / 199;
    const got = Array.from({ length: 200 }, (_, i) => rng.poisson(i === 199 ? 600 : i * step));
    expect(got).toEqual(EXPECTED_POISSON_SEED11);
    expect(rng.randomSample()).toBe(0.39640675687477966);
  });

  it('matches np.random.seed(7); permutation(10), shuffle(range(7)), choice(5, 6), choice(10, 4, replace=False)', () => {
    const rng = new RandomState(7);
    expect(Array.from(rng.permutation(10))).toEqual([8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
    const a = [0, 1, 2, 3, 4, 5, 6];
    rng.shuffle(a);
    expect(a).toEqual([1, 3, 4, 0, 5, 2, 6]);
    expect(Array.from(rng.choice(5, 6))).toEqual([0, 4, 0, 3, 2, 3]);
    expect(Array.from(rng.choice(10, 4, false))).toEqual([4, 2, 6, 1]);
  });

  it('matches np.random.seed(21); uniform(-45, 45, 3), normal(0.3, 0.2, 3), poisson([1.5, 20, 0, 7.25])', () => {
    const rng = new RandomState(21);
    expect(Array.from(rng.uniformArray(-45, 45, 3))).toEqual([
      -40.61476072717854, -18.980130618916483, 19.886971214810686,
    ]);
    expect(Array.from(rng.normalArray(0.3, 0.2, 3))).toEqual([
      0.2780602307236949, 0.2501541217459209, 0.048507808598375446,
    ]);
    expect(Array.from(rng.poissonArray([1.5, 20, 0, 7.25]))).toEqual([1, 26, 0, 13]);
  });

  it('rejects a negative or non-finite Poisson mean and a too large choice without replacement', () => {
    const rng = new RandomState(0);
    expect(() => rng.poisson(-1)).toThrow(/Argument 'lam' passed to 'poisson'/);
    expect(() => rng.poisson(Number.NaN)).toThrow(/'lam'/);
    expect(() => rng.choice(3, 4, false)).toThrow(/Argument 'size' passed to 'choice'/);
  });

  it('rejects a seed outside [0, 2^32) naming the argument', () => {
    expect(() => new RandomState(-1)).toThrow(/Argument 'seed'/);
  });
});

const EXPECTED_RANDINT_SEED5 = [0, -1, 0, 0, -1, -1];

const EXPECTED_POISSON_SEED11 = [
  0, 1, 4, 9, 7, 19, 16, 22, 24, 33, 32, 30, 42, 37, 39, 41, 59, 52, 51, 56, 45, 70, 71, 85, 69, 83,
  87, 104, 80, 84, 73, 101, 100, 97, 91, 117, 122, 118, 123, 116, 123, 126, 117, 123, 114, 116, 143,
  147, 158, 167, 143, 175, 156, 165, 165, 190, 152, 167, 167, 167, 206, 172, 188, 172, 160, 206,
  168, 211, 194, 206, 235, 182, 209, 253, 211, 243, 264, 257, 220, 279, 255, 235, 235, 272, 244,
  253, 263, 265, 270, 270, 264, 260, 263, 306, 263, 280, 275, 292, 278, 307, 266, 300, 343, 307,
  303, 321, 306, 330, 317, 319, 334, 348, 354, 330, 324, 346, 324, 354, 328, 362, 355, 344, 377,
  391, 356, 370, 405, 351, 396, 358, 401, 379, 371, 369, 414, 405, 422, 399, 462, 416, 431, 438,
  457, 441, 455, 431, 462, 420, 442, 457, 442, 450, 459, 460, 446, 473, 468, 515, 462, 532, 509,
  472, 456, 501, 475, 496, 487, 476, 503, 514, 545, 519, 490, 511, 572, 558, 468, 567, 532, 513,
  536, 509, 546, 548, 607, 537, 539, 570, 532, 567, 602, 600, 555, 591, 565, 607, 587, 593, 566,
  610,
];
