import { describe, expect, it } from 'vitest';
import { fitQuadratics, realRoots } from './quadratic_fit.ts';

describe('fitQuadratics', () => {
  it('recovers two exact quadratics from 9 points in [0, 1]', () => {
    const g = Array.from({ length: 9 }, (_, k) => k / 8);
    const p = (a: number, b: number, c: number) => g.map((x) => a * x * x + b * x + c);
    const coef = fitQuadratics(g, [...p(1, -2, 1), ...p(-0.3, 0.1, 0.7)]);
    const want = [1, -2, 1, -0.3, 0.1, 0.7];
    want.forEach((w, i) => expect(coef[i]).toBeCloseTo(w, 10));
  });

  it('is the least-squares fit for noisy data (residual orthogonal to 1, g, g^2)', () => {
    const g = [0, 0.25, 0.5, 0.75, 1];
    const f = [1, 0.2, 0.5, -0.4, 0.3];
    const [a, b, c] = fitQuadratics(g, f) as unknown as [number, number, number];
    const r = g.map((x, k) => f[k]! - (a * x * x + b * x + c));
    for (const power of [0, 1, 2]) {
      expect(r.reduce((s, v, k) => s + v * g[k]! ** power, 0)).toBeCloseTo(0, 10);
    }
  });

  it('rejects fewer than 3 points', () => {
    expect(() => fitQuadratics([0, 1], [1, 2])).toThrow(/>= 3 points/);
  });
});

describe('realRoots', () => {
  it('quadratic, linear, none', () => {
    expect(realRoots(1, -3, 2).sort()).toEqual([1, 2]);
    expect(realRoots(0, 2, -1)).toEqual([0.5]);
    expect(realRoots(1, 0, 1)).toEqual([]);
    expect(realRoots(0, 0, 1)).toEqual([]);
  });
});
