import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureStdout } from '../testing/capture_output.ts';
import { decodePng, writeNpy } from '@ada/data';
import { register as registerExamples } from './examples.ts';
import { parseNuList, register as registerSsimHist } from './ssim_hist.ts';

let dir: string;
let stdout: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cli-ada-tools-'));
  stdout = captureStdout();
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
  registerSsimHist(p);
  registerExamples(p);
  return p.parseAsync(args, { from: 'user' });
};
/** The cheapest inputs: the toy corruption network, the narrowest classifier, 1 step, 3 images. */
const small = ['--network', 'toy', '--classifier', 'resnet18-w0.125', '--steps', '1', '--n', '3'];

describe('ada ssim-hist (toy network, 3 demo images, 2 radii)', () => {
  it('writes a PNG plot and a JSON summary with one SSIM per image and radius', async () => {
    await run(['ssim-hist', ...small, '--nu', '0.01,0.05', '--out', dir]);
    const json = JSON.parse(await readFile(join(dir, 'ssim_hist.json'), 'utf8')) as {
      cleanAccuracy: number;
      perNu: Array<{ nu: number; n: number; mean: number; values: number[]; accuracy: number }>;
    };
    expect(json.perNu.map((p) => p.nu)).toEqual([0.01, 0.05]);
    // Accuracy of the classifier on 3 images: a multiple of 1/3, clean and per radius.
    for (const a of [json.cleanAccuracy, ...json.perNu.map((p) => p.accuracy)]) {
      expect(Math.round(a * 3)).toBeCloseTo(a * 3, 9);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(stdout.join('')).toMatch(/accuracy on the clean images: \d+\.\d%/);
    expect(stdout.join('')).toMatch(/nu=0\.05: .* classifier accuracy \d+\.\d%/);
    for (const p of json.perNu) {
      expect(p.values).toHaveLength(3);
      for (const v of p.values) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      expect(p.mean).toBeCloseTo(p.values.reduce((s, v) => s + v, 0) / 3, 12);
    }
    const png = decodePng(await readFile(join(dir, 'ssim_hist.png')));
    expect([png.width, png.height]).toEqual([640, 400]);
    expect(stdout.join('')).toMatch(/nu=0\.01: mean SSIM/);
  });

  it('--step-rule l2-block --residual: recorded in the JSON; nu 0 in residual form gives SSIM 1', async () => {
    await run([
      'ssim-hist',
      ...small,
      '--nu',
      '0,0.05',
      '--step-rule',
      'l2-block',
      '--residual',
      '--out',
      dir,
    ]);
    const json = JSON.parse(await readFile(join(dir, 'ssim_hist.json'), 'utf8')) as {
      stepRule: string;
      residual: boolean;
      perNu: Array<{ nu: number; values: number[] }>;
    };
    expect([json.stepRule, json.residual]).toEqual(['l2-block', true]);
    for (const v of json.perNu[0]!.values) expect(v).toBeCloseTo(1, 6);
    expect(Math.min(...json.perNu[1]!.values)).toBeLessThan(1);
    await expect(run(['ssim-hist', ...small, '--step-rule', 'adam', '--out', dir])).rejects.toThrow(
      /--step-rule must be one of sign, l2-block, got 'adam'/,
    );
  });

  it('rejects a bad --nu list and an unknown network, naming the flag', async () => {
    expect(() => parseNuList('0.01,abc')).toThrow(/--nu must be a comma-separated list/);
    await expect(run(['ssim-hist', '--network', 'nope', '--n', '1', '--out', dir])).rejects.toThrow(
      /--network must be one of/,
    );
  });

  it('--network edsr-deblur --network-weights DIR: the restoration network ada run accepts', async () => {
    const weights = fileURLToPath(
      new URL('../../../libs/models/fixtures/restoration_tiny', import.meta.url),
    );
    const args = ['--classifier', 'resnet18-w0.125', '--steps', '1', '--n', '2', '--nu', '0,0.05'];
    await run([
      'ssim-hist',
      '--network',
      'edsr-deblur',
      '--network-weights',
      weights,
      ...args,
      '--out',
      dir,
    ]);
    const json = JSON.parse(await readFile(join(dir, 'ssim_hist.json'), 'utf8')) as {
      network: string;
      perNu: Array<{ values: number[] }>;
    };
    expect(json.network).toBe('edsr-deblur');
    expect(json.perNu.map((p) => p.values.length)).toEqual([2, 2]);
    await expect(run(['ssim-hist', '--network', 'edsr', ...args, '--out', dir])).rejects.toThrow(
      /--network edsr needs --network-weights DIR/,
    );
  });
});

describe('ada examples --augment ada (toy network, 2 demo images)', () => {
  it('writes a 3-column grid PNG, one row per image', async () => {
    const out = join(dir, 'grid.png');
    await run(['examples', ...small, '--n', '2', '--out', out]);
    const png = decodePng(await readFile(out));
    // 3 columns of 32x32 at scale 3 plus padding; 2 rows with captions.
    expect(png.width).toBeGreaterThan(3 * 96);
    expect(png.height).toBeGreaterThan(2 * 96);
    expect(png.height).toBeLessThan(png.width);
    expect(stdout.join('')).toMatch(/2 rows \(clean \| ada \| diff x10\)/);
  });
});

describe('ada examples / ssim-hist: inputs and outputs checked before any computation', () => {
  it('refuses an empty --in, bad labels, a folder as --out FILE and a file as --out DIR', async () => {
    const empty = join(dir, 'empty.npy');
    await writeFile(
      empty,
      writeNpy({ dtype: 'uint8', shape: [0, 8, 8, 3], data: new Uint8Array(0) }),
    );
    await expect(
      run(['examples', ...small, '--in', empty, '--out', join(dir, 'g.png')]),
    ).rejects.toThrow(/--in .*empty\.npy: holds 0 images; need at least 1/);
    const one = join(dir, 'one.npy');
    await writeFile(
      one,
      writeNpy({ dtype: 'uint8', shape: [1, 8, 8, 3], data: new Uint8Array(192) }),
    );
    const labels = join(dir, 'labels.npy');
    await writeFile(labels, writeNpy({ dtype: 'int32', shape: [1], data: Int32Array.from([-3]) }));
    await expect(
      run(['examples', ...small, '--in', one, '--labels', labels, '--out', join(dir, 'g.png')]),
    ).rejects.toThrow(/--labels .*labels\.npy: labels must be class indices >= 0, got -3/);
    await mkdir(join(dir, 'folder'));
    await expect(run(['examples', ...small, '--out', join(dir, 'folder')])).rejects.toThrow(
      /--out .*folder is a folder; give a file name/,
    );
    await expect(
      run(['examples', ...small, '--out', join(dir, 'absent', 'g.png')]),
    ).rejects.toThrow(/--out .*g\.png: its folder .*absent does not exist/);
    await writeFile(join(dir, 'file'), '');
    await expect(run(['ssim-hist', ...small, '--out', join(dir, 'file')])).rejects.toThrow(
      /--out .*file is a file, not a folder/,
    );
    await expect(
      run(['examples', ...small, '--checkpoint', join(dir, 'nothing-here')]),
    ).rejects.toThrow(/checkpoint '.*nothing-here': .* does not exist; expected a run folder/);
    // Nothing was computed: no progress or summary line.
    expect(stdout.join('')).toBe('');
  });
});
