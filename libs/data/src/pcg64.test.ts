import { describe, expect, it } from 'vitest';
import { Pcg64 } from './pcg64.ts';
import { seedSequenceState } from './seed_sequence.ts';

// Expected values printed by NumPy 1.26 (SeedSequence, PCG64, Generator.random).
describe('seedSequenceState (np.random.SeedSequence(entropy).generate_state)', () => {
  it('entropy 0, 8 words', () => {
    expect(Array.from(seedSequenceState(0, 8))).toEqual([
      2968811710, 3677149159, 745650761, 2884920346, 2642120001, 549907821, 574372308, 742431198,
    ]);
  });
  it('entropy 2^40 + 5 (two 32-bit words), 8 words', () => {
    expect(Array.from(seedSequenceState(2 ** 40 + 5, 8))).toEqual([
      3767146251, 3672381269, 2127416108, 2216012776, 1267800272, 623232436, 865255123, 1120041279,
    ]);
  });
  it('entropy 12345 as 4 uint64 words', () => {
    const w = seedSequenceState(12345, 8);
    const u64 = [0, 1, 2, 3].map((k) => (BigInt(w[2 * k + 1]!) << 32n) | BigInt(w[2 * k]!));
    expect(u64).toEqual([
      13091511679009522556n,
      13538552136045918767n,
      7269824232120749972n,
      4520223790601600371n,
    ]);
  });
  it('rejects a negative entropy', () => {
    expect(() => seedSequenceState(-1, 4)).toThrow(/Argument 'entropy'/);
  });
});

describe('Pcg64 (np.random.default_rng(seed))', () => {
  it('seed 12345: raw 64-bit outputs', () => {
    const g = Pcg64.fromSeed(12345);
    expect([g.nextUint64(), g.nextUint64(), g.nextUint64()]).toEqual([
      4193609425186963869n,
      5843160025838961886n,
      14708796524633321433n,
    ]);
  });
  it('seed 12345 / 0 / 2147483646: random() doubles', () => {
    expect(Array.from(Pcg64.fromSeed(12345).randomArray(4))).toEqual([
      0.22733602246716966, 0.31675833970975287, 0.7973654573327341, 0.6762546707509746,
    ]);
    expect(Array.from(Pcg64.fromSeed(0).randomArray(3))).toEqual([
      0.6369616873214543, 0.2697867137638703, 0.04097352393619469,
    ]);
    expect(Array.from(Pcg64.fromSeed(2147483646).randomArray(2))).toEqual([
      0.2673480352089629, 0.040852611165792085,
    ]);
  });
  it('seed 5: uniform(-1, 1) x3', () => {
    const g = Pcg64.fromSeed(5);
    expect([g.uniform(-1, 1), g.uniform(-1, 1), g.uniform(-1, 1)]).toEqual([
      0.6100058474907604, 0.6158815794729875, 0.030651122084284,
    ]);
  });
  it('seed 977: the 10000th double and the sum of 10000', () => {
    const r = Pcg64.fromSeed(977).randomArray(10000);
    expect(r[9999]).toBe(0.44213079239149033);
    let sum = 0;
    for (const v of r) sum += v;
    expect(sum).toBeCloseTo(5048.395405324091, 9);
  });
});
