import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureStdout } from '../testing/capture_output.ts';
import { register, resolveCalibrateSettings } from './calibrate.ts';
import { resolveRunConfig } from './run.ts';
import type { CalibrationFile } from '../util/calibration_file.ts';

let dir: string;
let stdout: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cli-calibrate-'));
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
  register(p);
  return p.parseAsync(['calibrate', ...args], { from: 'user' });
};

const defaults = {
  nu: '0.001,0.01',
  stepRules: 'sign,l2-block',
  steps: '10',
  offsets: 'per-example',
  batch: '8',
  targetMetric: 'ssim-residual',
  out: 'x.json',
  n: '4',
  seed: '0',
  network: 'toy',
  classifier: 'resnet18-w0.125',
};

describe('ada calibrate: settings', () => {
  it('defaults: residual SSIM 0.99, both rules, radii sorted', () => {
    const s = resolveCalibrateSettings({ ...defaults, nu: '0.01,0.001' });
    expect(s).toMatchObject({
      nus: [0.001, 0.01],
      stepRules: ['sign', 'l2-block'],
      metric: 'ssim-residual',
      target: 0.99,
      steps: 10,
    });
    expect(resolveCalibrateSettings({ ...defaults, targetSsim: '0.95' }).target).toBe(0.95);
    expect(
      resolveCalibrateSettings({ ...defaults, targetMetric: 'accuracy', target: '0.5' }).target,
    ).toBe(0.5);
  });

  it.each([
    [{ nu: '0.01' }, /--nu must be a comma-separated list of at least 2/],
    [{ nu: '0.01,1' }, /--nu must be/],
    [{ stepRules: 'sign,adam' }, /--step-rules must be one of sign, l2-block, got 'adam'/],
    [{ stepRules: 'sign,sign' }, /--step-rules must not repeat/],
    [{ targetMetric: 'psnr' }, /--target-metric must be one of ssim-residual/],
    [{ targetMetric: 'accuracy' }, /--target-metric accuracy needs --target/],
    [{ targetMetric: 'accuracy', targetSsim: '0.9' }, /--target-ssim applies to the SSIM/],
    [
      { targetMetric: 'accuracy', target: '1.5' },
      /target for accuracy must be a number in \(0, 1\)/,
    ],
    [{ targetSsim: 'x' }, /target for ssim-residual must be/],
    [{ steps: '-1' }, /--steps must be an integer >= 0/],
    [{ offsets: 'all' }, /--offsets must be one of/],
  ])('rejects %o before any work', (over, message) => {
    expect(() => resolveCalibrateSettings({ ...defaults, ...over })).toThrow(message);
  });
});

describe('ada calibrate (toy network, 3 demo images, 2 radii, 1 step) and ada run --nu auto', () => {
  it('prints the curve per rule, writes the chosen nu per rule, and ada run --nu auto reads it', async () => {
    const out = join(dir, 'cal.json');
    const args = ['--network', 'toy', '--classifier', 'resnet18-w0.125', '--n', '3', '--steps'];
    await run([...args, '1', '--nu', '0.01,0.3', '--target-ssim', '0.999', '--out', out]);
    const text = stdout.join('');
    expect(text).toMatch(/step rule sign:\n\| nu \| SSIM to clean/);
    expect(text).toMatch(/step rule l2-block:/);
    expect(text).toMatch(/chosen nu for l2-block: /);
    const file = JSON.parse(await readFile(out, 'utf8')) as CalibrationFile;
    expect(file.entries.map((e) => e.stepRule)).toEqual(['sign', 'l2-block']);
    for (const e of file.entries) {
      expect(e).toMatchObject({ network: 'toy', residual: false, steps: 1, n: 3 });
      expect(e.curve.map((c) => c.nu)).toEqual([0.01, 0.3]);
      expect(e.points).toHaveLength(2);
      expect(e.nu).toBeGreaterThanOrEqual(0.01);
      expect(e.nu).toBeLessThanOrEqual(0.3);
    }
    // A second calibration of one rule replaces that rule's entry and keeps the other.
    await run([...args, '0', '--nu', '0.01,0.02', '--step-rules', 'sign', '--out', out]);
    const again = JSON.parse(await readFile(out, 'utf8')) as CalibrationFile;
    expect(again.entries.map((e) => [e.stepRule, e.steps])).toEqual([
      ['l2-block', 1],
      ['sign', 0],
    ]);
    // ada run --nu auto (network toy is not a run network, so calibrate a run network's entry).
    await writeFile(
      out,
      JSON.stringify({
        ...again,
        entries: [...again.entries, { ...again.entries[0]!, network: 'rdn-slim-x2', nu: 0.0021 }],
      }),
    );
    const c = resolveRunConfig({
      preset: 'quick',
      nu: 'auto',
      adaStepRule: 'l2-block',
      calibration: out,
    });
    expect(c.ada.nu).toBe(0.0021);
    expect(c.deviations.at(-1)).toMatch(/nu auto = 0\.0021 from .*cal\.json/);
    expect(() => resolveRunConfig({ preset: 'quick', nu: 'auto', calibration: out })).toThrow(
      /has no calibration for network rdn-slim-x2, step rule sign.*ada calibrate --network rdn-slim-x2 --step-rules sign/,
    );
  });

  it('ada run --nu auto without the file names it and says how to make it', () => {
    const missing = join(dir, 'none.json');
    expect(() =>
      resolveRunConfig({ preset: 'quick', nu: 'auto', adaResidual: true, calibration: missing }),
    ).toThrow(
      new RegExp(
        `reads the calibration file ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which does not exist; make it with: ada calibrate --network rdn-slim-x2 --step-rules sign --residual`,
      ),
    );
    expect(() => resolveRunConfig({ preset: 'quick', calibration: missing })).toThrow(
      /--calibration is read only with --nu auto/,
    );
  });
});
