import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RandomState, writeNpy } from '@ada/data';
import { ssimPlain } from '@ada/metrics';
import { register } from './ssim.ts';

let dir: string;
let stdout: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cli-ssim-'));
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const ignore = (text: string): void => void text;
const run = (args: string[]) => {
  const p = new Command('ada')
    .exitOverride()
    .configureOutput({ writeOut: ignore, writeErr: ignore });
  register(p);
  return p.parseAsync(args, { from: 'user' });
};

/** Two uint8 batches [3, 16, 16, 3]: random images and a noisy copy. */
async function pairFiles(): Promise<{ a: string; b: string; ua: Uint8Array; ub: Uint8Array }> {
  const rng = new RandomState(3);
  const ua = Uint8Array.from({ length: 3 * 768 }, () => rng.randint(0, 256));
  const ub = ua.map((v) => Math.min(255, Math.max(0, v + rng.randint(-20, 21))));
  const a = join(dir, 'a.npy');
  const b = join(dir, 'b.npy');
  await writeFile(a, writeNpy({ dtype: 'uint8', shape: [3, 16, 16, 3], data: ua }));
  await writeFile(b, writeNpy({ dtype: 'uint8', shape: [3, 16, 16, 3], data: ub }));
  return { a, b, ua, ub };
}

describe('ada ssim', () => {
  it('uint8 [3,16,16,3] pairs: one value per line, equal to ssimPlain on x/255; --json', async () => {
    const { a, b, ua, ub } = await pairFiles();
    const want = ssimPlain(
      Float64Array.from(ua, (v) => v / 255),
      Float64Array.from(ub, (v) => v / 255),
      [3, 16, 16, 3],
    );
    await run(['ssim', a, b]);
    const lines = stdout.join('').trim().split('\n').map(Number);
    expect(lines).toHaveLength(3);
    lines.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    stdout.length = 0;
    await run(['ssim', a, b, '--json']);
    const parsed = JSON.parse(stdout.join('')) as { ssim: number[] };
    expect(parsed.ssim).toEqual(Array.from(want));
  });

  it('float32 input is taken as [0,1]: identical files give 1', async () => {
    const f = join(dir, 'f.npy');
    const data = Float32Array.from({ length: 2 * 11 * 11 * 3 }, (_, i) => (i % 7) / 7);
    await writeFile(f, writeNpy({ dtype: 'float32', shape: [2, 11, 11, 3], data }));
    await run(['ssim', f, f, '--json']);
    expect((JSON.parse(stdout.join('')) as { ssim: number[] }).ssim).toEqual([1, 1]);
  });

  it('shape mismatch is a clear error naming both files', async () => {
    const { a } = await pairFiles();
    const c = join(dir, 'c.npy');
    await writeFile(
      c,
      writeNpy({ dtype: 'uint8', shape: [2, 16, 16, 3], data: new Uint8Array(2 * 768) }),
    );
    await expect(run(['ssim', a, c])).rejects.toThrow(
      /shape mismatch: .*a\.npy is \[3,16,16,3\] but .*c\.npy is \[2,16,16,3\]/,
    );
  });

  it('refuses float images outside [0, 1], NaN and Inf, naming the file and the value', async () => {
    const f = join(dir, 'f.npy');
    const write = (data: Float32Array) =>
      writeFile(f, writeNpy({ dtype: 'float32', shape: [1, 11, 11, 3], data }));
    await write(Float32Array.from({ length: 363 }, (_, i) => i % 256));
    await expect(run(['ssim', f, f])).rejects.toThrow(
      /f\.npy: float32 images must lie in \[0, 1\], got 2 at flat index 2 \(0\.\.255 values: divide by 255/,
    );
    const nan = new Float32Array(363).fill(0.5);
    nan[7] = NaN;
    await write(nan);
    await expect(run(['ssim', f, f])).rejects.toThrow(/must be finite, got NaN at flat index 7/);
    nan[7] = Infinity;
    await write(nan);
    await expect(run(['ssim', f, f])).rejects.toThrow(/must be finite, got Infinity/);
    expect(stdout.join('')).toBe('');
  });

  it('a missing file or a folder is named with the argument', async () => {
    await expect(run(['ssim', join(dir, 'nope.npy'), join(dir, 'nope.npy')])).rejects.toThrow(
      /^<a> .*nope\.npy: does not exist$/,
    );
    await expect(run(['ssim', dir, dir])).rejects.toThrow(/^<a> .*: is a folder, not a file$/);
  });
});
