import { describe, expect, it } from 'vitest';
import { waitFor } from './index.ts';

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let n = 0;
    await waitFor(() => ++n >= 3, { intervalMs: 1 });
    expect(n).toBe(3);
  });
  it('times out naming what it waited for', async () => {
    await expect(
      waitFor(() => false, {
        what: 'Godot',
        timeoutMs: 30,
        intervalMs: 5,
        details: () => 'log tail',
      }),
    ).rejects.toThrow(/^timed out after 30 ms waiting for Godot\nlog tail$/);
  });
  it('fails at once when failIf gives a reason', async () => {
    const t0 = Date.now();
    await expect(
      waitFor(() => false, { what: 'x', timeoutMs: 10_000, failIf: () => 'worker exited' }),
    ).rejects.toThrow('worker exited while waiting for x');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
