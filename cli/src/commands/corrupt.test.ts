import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RandomState, readNpy, writeNpy } from '@ada/data';
import { corruptBatch } from '@ada/corruptions';
import { register as registerCorrupt } from './corrupt.ts';
import { register as registerMakeBenchmark } from './make_benchmark.ts';

let dir: string;
let stdout: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cli-corrupt-'));
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
function program(): Command {
  const p = new Command('ada')
    .exitOverride()
    .configureOutput({ writeOut: ignore, writeErr: ignore });
  registerCorrupt(p);
  registerMakeBenchmark(p);
  return p;
}
const run = (args: string[]) => program().parseAsync(args, { from: 'user' });

/** Writes 2 random uint8 images [2, 32, 32, 3] and labels [2] (uint8 3, 7). */
async function tinyInput(): Promise<{ images: Uint8Array; file: string; labels: string }> {
  const rng = new RandomState(4);
  const images = Uint8Array.from({ length: 2 * 3072 }, () => rng.randint(0, 256));
  const file = join(dir, 'x.npy');
  await writeFile(file, writeNpy({ dtype: 'uint8', shape: [2, 32, 32, 3], data: images }));
  const labels = join(dir, 'y.npy');
  await writeFile(labels, writeNpy({ dtype: 'uint8', shape: [2], data: new Uint8Array([3, 7]) }));
  return { images, file, labels };
}

describe('ada corrupt', () => {
  it('--name gaussian_noise --severity 3 on uint8 [2, 32, 32, 3] writes the per-image-seeded result', async () => {
    const { images, file } = await tinyInput();
    const out = join(dir, 'y.npy');
    await run([
      'corrupt',
      '--name',
      'gaussian_noise',
      '--severity',
      '3',
      '--in',
      file,
      '--out',
      out,
      '--seed',
      '5',
    ]);
    const got = readNpy(await readFile(out));
    expect([got.dtype, got.shape]).toEqual(['uint8', [2, 32, 32, 3]]);
    const want = corruptBatch('gaussian_noise', images, 2, 32, 32, 3, { seed: 5 });
    expect(Array.from(got.data as Uint8Array)).toEqual(Array.from(want));
    expect(Array.from(want)).not.toEqual(Array.from(images));
    expect(stdout.join('')).toMatch(/gaussian_noise severity 3: 2 images 32x32/);
  });

  it('--seeding reference gives both images the same draws as the reference driver', async () => {
    const { images, file } = await tinyInput();
    const out = join(dir, 'y.npy');
    await run([
      'corrupt',
      '--name',
      'shot_noise',
      '--severity',
      '2',
      '--in',
      file,
      '--out',
      out,
      '--seeding',
      'reference',
    ]);
    const want = corruptBatch('shot_noise', images, 2, 32, 32, 2, { seeding: 'reference' });
    expect(Array.from(readNpy(await readFile(out)).data as Uint8Array)).toEqual(Array.from(want));
  });

  it('rejects an unknown name, listing the valid ones', async () => {
    const { file } = await tinyInput();
    await expect(
      run([
        'corrupt',
        '--name',
        'fuzz',
        '--severity',
        '1',
        '--in',
        file,
        '--out',
        join(dir, 'o.npy'),
      ]),
    ).rejects.toThrow(
      /unknown corruption 'fuzz'; valid names: gaussian_noise, shot_noise, .*saturate/,
    );
  });

  it.each(['0', '6', '2.5', 'x'])('rejects --severity %s', async (s) => {
    const { file } = await tinyInput();
    await expect(
      run([
        'corrupt',
        '--name',
        'pixelate',
        '--severity',
        s,
        '--in',
        file,
        '--out',
        join(dir, 'o.npy'),
      ]),
    ).rejects.toThrow(/--severity must be an integer in 1\.\.5/);
  });

  it('rejects float32 input and a [2, 32, 32] shape, naming the file', async () => {
    const f32 = join(dir, 'f.npy');
    await writeFile(
      f32,
      writeNpy({ dtype: 'float32', shape: [1, 2, 2, 3], data: new Float32Array(12) }),
    );
    await expect(
      run([
        'corrupt',
        '--name',
        'pixelate',
        '--severity',
        '1',
        '--in',
        f32,
        '--out',
        join(dir, 'o.npy'),
      ]),
    ).rejects.toThrow(/--in .*f\.npy: expected uint8 images \[N, H, W, 3\], got dtype float32/);
    const grey = join(dir, 'g.npy');
    await writeFile(
      grey,
      writeNpy({ dtype: 'uint8', shape: [2, 32, 32], data: new Uint8Array(2048) }),
    );
    await expect(
      run([
        'corrupt',
        '--name',
        'pixelate',
        '--severity',
        '1',
        '--in',
        grey,
        '--out',
        join(dir, 'o.npy'),
      ]),
    ).rejects.toThrow(/expected shape \[N, H, W, 3\] \(RGB, HWC\), got \[2, 32, 32\]/);
  });
});

describe('ada make-benchmark', () => {
  it('--corruptions gaussian_noise,pixelate on [2, 32, 32, 3] writes [10, 32, 32, 3] per corruption and labels x5', async () => {
    const { images, file, labels } = await tinyInput();
    const out = join(dir, 'bench');
    await run([
      'make-benchmark',
      '--in',
      file,
      '--labels',
      labels,
      '--out',
      out,
      '--corruptions',
      'gaussian_noise,pixelate',
      '--seed',
      '1',
    ]);
    const l = readNpy(await readFile(join(out, 'labels.npy')));
    expect([l.dtype, Array.from(l.data as Uint8Array)]).toEqual([
      'uint8',
      [3, 7, 3, 7, 3, 7, 3, 7, 3, 7],
    ]);
    for (const name of ['gaussian_noise', 'pixelate'] as const) {
      const arr = readNpy(await readFile(join(out, `${name}.npy`)));
      expect([arr.dtype, arr.shape]).toEqual(['uint8', [10, 32, 32, 3]]);
      for (const s of [1, 5] as const) {
        const want = corruptBatch(name, images, 2, 32, 32, s, { seed: 1 });
        const block = (arr.data as Uint8Array).subarray((s - 1) * 2 * 3072, s * 2 * 3072);
        expect(Array.from(block)).toEqual(Array.from(want));
      }
    }
    const text = stdout.join('');
    expect(text).toMatch(/\[1\/2\] gaussian_noise: 5 x 2 images/);
    expect(text).toMatch(/\[2\/2\] pixelate: 5 x 2 images/);
  });

  it('--workers 2 writes the same bytes as one thread (3 images split 2 + 1)', async () => {
    const rng = new RandomState(8);
    const images = Uint8Array.from({ length: 3 * 3072 }, () => rng.randint(0, 256));
    const file = join(dir, 'x3.npy');
    await writeFile(file, writeNpy({ dtype: 'uint8', shape: [3, 32, 32, 3], data: images }));
    const labels = join(dir, 'y3.npy');
    await writeFile(
      labels,
      writeNpy({ dtype: 'int64', shape: [3], data: new BigInt64Array([1n, 2n, 3n]) }),
    );
    const args = [
      '--in',
      file,
      '--labels',
      labels,
      '--corruptions',
      'impulse_noise',
      '--seed',
      '6',
    ];
    await run(['make-benchmark', ...args, '--out', join(dir, 'one')]);
    await run(['make-benchmark', ...args, '--out', join(dir, 'two'), '--workers', '2']);
    const one = await readFile(join(dir, 'one', 'impulse_noise.npy'));
    const two = await readFile(join(dir, 'two', 'impulse_noise.npy'));
    expect(two.equals(one)).toBe(true);
    const l = readNpy(await readFile(join(dir, 'two', 'labels.npy')));
    expect([l.dtype, l.shape]).toEqual(['int64', [15]]);
  });

  it('rejects a non-square set for zoom_blur before writing anything', async () => {
    const file = join(dir, 'wide.npy');
    await writeFile(
      file,
      writeNpy({ dtype: 'uint8', shape: [1, 8, 12, 3], data: new Uint8Array(288) }),
    );
    const labels = join(dir, 'l.npy');
    await writeFile(labels, writeNpy({ dtype: 'uint8', shape: [1], data: new Uint8Array(1) }));
    await expect(
      run([
        'make-benchmark',
        '--in',
        file,
        '--labels',
        labels,
        '--out',
        join(dir, 'b'),
        '--corruptions',
        'pixelate,zoom_blur',
      ]),
    ).rejects.toThrow(/zoom_blur cannot corrupt 8x12 images: .*square/);
    await expect(readFile(join(dir, 'b', 'labels.npy'))).rejects.toThrow(/ENOENT/);
  });

  it('rejects labels whose length differs from the images and an unknown corruption', async () => {
    const { file } = await tinyInput();
    const bad = join(dir, 'bad.npy');
    await writeFile(bad, writeNpy({ dtype: 'uint8', shape: [3], data: new Uint8Array(3) }));
    const bench = (corruptions: string) =>
      run([
        'make-benchmark',
        '--in',
        file,
        '--labels',
        bad,
        '--out',
        join(dir, 'b'),
        '--corruptions',
        corruptions,
      ]);
    await expect(bench('pixelate')).rejects.toThrow(
      /--labels .*bad\.npy: expected shape \[2\] to match --in, got \[3\]/,
    );
    await expect(bench('pixelate,blur')).rejects.toThrow(/unknown corruption 'blur'/);
    await expect(
      run(['make-benchmark', '--in', file, '--labels', bad, '--out', dir, '--workers', '0']),
    ).rejects.toThrow(/--workers must be an integer in 1\.\.256, got '0'/);
  });
});
