import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RunFolderError,
  canonicalJson,
  claimRunFolder,
  configHash,
  diffConfigs,
  type ExperimentConfig,
} from '@ada/training';
import {
  RUN_FLAGS,
  RUN_FLAG_KEYS,
  addRunOptions,
  jobArgs,
  parseJob,
  resolveJobs,
  resolveRunConfig,
  type RunOptions,
} from './run.ts';

describe('ada run: resolveRunConfig', () => {
  it('returns the quick preset unchanged without overrides', () => {
    const c = resolveRunConfig({ preset: 'quick' });
    expect(c.preset).toBe('quick');
    expect(c.setups).toEqual(['nominal', 'ada']);
    expect(c.deviations.some((d) => d.startsWith('command-line overrides'))).toBe(false);
  });

  it('applies and records overrides; canonicalises setup names', () => {
    const c = resolveRunConfig({
      preset: 'cpu-full',
      setups: 'augmix+ada,nominal',
      seeds: '3,4',
      epochs: '2',
      testSize: '100',
    });
    expect(c.setups).toEqual(['ada+augmix', 'nominal']);
    expect(c.seeds).toEqual([3, 4]);
    expect(c.train.epochs).toBe(2);
    expect(c.eval.benchmarkSize).toBe(100);
    expect(c.deviations.at(-1)).toBe(
      'command-line overrides (they take precedence over the lines above): setups augmix+ada,nominal, seeds 3,4, epochs 2, testSize 100',
    );
  });

  it('overrides the AdA settings and records them', () => {
    const c = resolveRunConfig({
      preset: 'quick',
      nu: '0.005',
      adaSteps: '10',
      adaOffsets: 'per-example',
      adaFraction: '1',
    });
    expect(c.ada).toMatchObject({ nu: 0.005, steps: 10, offsets: 'per-example', fraction: 1 });
    expect(c.deviations.at(-1)).toMatch(
      /nu 0\.005, adaSteps 10, adaOffsets per-example, adaFraction 1$/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', nu: '0' })).toThrow(
      /--nu must be a number in \(0, 1\)/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', adaFraction: '1.5' })).toThrow(
      /--ada-fraction must be a number in \(0, 1\]/,
    );
    expect(resolveRunConfig({ preset: 'quick', adaSteps: '0' }).ada.steps).toBe(0);
    expect(() => resolveRunConfig({ preset: 'quick', adaSteps: '-1' })).toThrow(
      /--ada-steps must be a non-negative integer, got '-1'/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', adaOffsets: 'all' })).toThrow(
      /--ada-offsets must be per-example or shared/,
    );
    expect(resolveRunConfig({ preset: 'quick' }).ada.residual).toBeUndefined();
    const r = resolveRunConfig({ preset: 'cpu-full', adaResidual: true });
    expect(r.ada.residual).toBe(true);
    expect(r.deviations.at(-1)).toMatch(/adaResidual true$/);
    expect(resolveRunConfig({ preset: 'quick' }).ada.stepRule).toBeUndefined();
    const l2 = resolveRunConfig({ preset: 'quick', adaStepRule: 'l2-block' });
    expect(l2.ada.stepRule).toBe('l2-block');
    expect(l2.deviations.at(-1)).toMatch(/adaStepRule l2-block$/);
    expect(() => resolveRunConfig({ preset: 'quick', adaStepRule: 'adam' })).toThrow(
      /--ada-step-rule must be one of sign, l2-block, got 'adam'/,
    );
  });

  it('leaves the presets alone: an override applies to its own run only', () => {
    resolveRunConfig({ preset: 'paper', nu: '0.005', adaSteps: '1' });
    expect(resolveRunConfig({ preset: 'paper' }).ada).toMatchObject({ nu: 0.015, steps: 10 });
    expect(resolveRunConfig({ preset: 'cpu-full' }).ada.nu).toBe(0.015);
  });

  it('picks the AdA corruption network; EDSR and the CAE need converted weights', () => {
    const e = resolveRunConfig({
      preset: 'paper',
      adaNetwork: 'edsr',
      adaNetworkWeights: 'weights/edsr-x2',
    });
    expect(e.ada).toMatchObject({ network: 'edsr', networkWeights: 'weights/edsr-x2' });
    expect(e.deviations.at(-1)).toMatch(/adaNetwork edsr, adaNetworkWeights weights\/edsr-x2$/);
    expect(resolveRunConfig({ preset: 'quick', adaNetwork: 'rdn-medium-x2' }).ada.network).toBe(
      'rdn-medium-x2',
    );
    // the restoration networks come from the set-up cache, or from converted weights
    expect(resolveRunConfig({ preset: 'quick', adaNetwork: 'edsr-denoise' }).ada).toMatchObject({
      network: 'edsr-denoise',
    });
    expect(
      resolveRunConfig({ preset: 'quick', adaNetwork: 'edsr-dejpeg', adaNetworkWeights: 'w' }).ada
        .networkWeights,
    ).toBe('w');
    expect(() => resolveRunConfig({ preset: 'quick', adaNetwork: 'unet' })).toThrow(
      /--ada-network must be one of .*rdn-slim-x2.*got 'unet'/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', adaNetwork: 'edsr' })).toThrow(
      /--ada-network edsr needs --ada-network-weights DIR/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', adaNetworkWeights: 'w' })).toThrow(
      /--ada-network-weights applies to edsr, cae, edsr-denoise, edsr-dejpeg, edsr-deblur, not to 'rdn-slim-x2'/,
    );
  });

  it('--demo-variant picks the demo variant, checked by name, recorded as an override', () => {
    const c = resolveRunConfig({ preset: 'quick', demoVariant: 'photo' });
    expect(c.data.demoVariant).toBe('photo');
    expect(c.deviations.at(-1)).toMatch(/demoVariant photo$/);
    expect(resolveRunConfig({ preset: 'quick' }).data.demoVariant).toBeUndefined();
    expect(() => resolveRunConfig({ preset: 'quick', demoVariant: 'cartoon' })).toThrow(
      /--demo-variant must be one of procedural, photo, got 'cartoon'/,
    );
  });

  it('cpu-full trains on the photo variant; --demo-variant procedural gives the earlier cpu-full config and hash', () => {
    expect(resolveRunConfig({ preset: 'cpu-full' }).data.demoVariant).toBe('photo');
    const procedural = resolveRunConfig({ preset: 'cpu-full', demoVariant: 'procedural' });
    expect(procedural.data.demoVariant).toBeUndefined();
    expect(procedural.deviations.at(-1)).toMatch(/demoVariant procedural$/);
    const earlier = resolveRunConfig({ preset: 'cpu-full' });
    delete earlier.data.demoVariant;
    expect(configHash(procedural, 'demo')).toBe(configHash(earlier, 'demo'));
  });

  it('rejects bad values naming the flag', () => {
    expect(() => resolveRunConfig({ preset: 'nope' })).toThrow(
      /--preset must be one of quick, cpu-full, paper/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', epochs: '0' })).toThrow(
      /--epochs must be a positive integer/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', seeds: '1,x' })).toThrow(/--seeds must be/);
    expect(() => resolveRunConfig({ preset: 'quick', setups: 'ada+mixup' })).toThrow(
      /Unknown setup component 'mixup'/,
    );
  });
});

describe('ada run: the controls (docs/ada-strength.md section 3)', () => {
  const hash = (c: ReturnType<typeof resolveRunConfig>) => configHash(c, 'demo');

  it('--ada-attack-labels permuted reaches config.ada and its hash; true is the default', () => {
    const base = resolveRunConfig({ preset: 'cpu-full' });
    const p = resolveRunConfig({ preset: 'cpu-full', adaAttackLabels: 'permuted' });
    expect(p.ada.attackLabels).toBe('permuted');
    expect(p.deviations.at(-1)).toMatch(/adaAttackLabels permuted$/);
    expect(hash(p)).not.toBe(hash(base));
    const t = resolveRunConfig({ preset: 'cpu-full', adaAttackLabels: 'true' });
    expect(t.ada.attackLabels).toBeUndefined();
    expect(hash(t)).toBe(hash(base));
    expect(() => resolveRunConfig({ preset: 'quick', adaAttackLabels: 'random' })).toThrow(
      /--ada-attack-labels must be one of true, permuted, got 'random'/,
    );
  });

  it('--ada-warmup-epochs N reaches config.ada and its hash; 0 is the default', () => {
    const base = resolveRunConfig({ preset: 'cpu-full', epochs: '5' });
    const w = resolveRunConfig({ preset: 'cpu-full', epochs: '5', adaWarmupEpochs: '2' });
    expect(w.ada.warmupEpochs).toBe(2);
    expect(w.train.warmupEpochs).toBe(base.train.warmupEpochs);
    expect(w.deviations.at(-1)).toMatch(/epochs 5, adaWarmupEpochs 2$/);
    expect(hash(w)).not.toBe(hash(base));
    const zero = resolveRunConfig({ preset: 'cpu-full', epochs: '5', adaWarmupEpochs: '0' });
    expect(zero.ada.warmupEpochs).toBeUndefined();
    expect(hash(zero)).toBe(hash(base));
    expect(() => resolveRunConfig({ preset: 'quick', epochs: '3', adaWarmupEpochs: '3' })).toThrow(
      /--ada-warmup-epochs must be less than the epochs \(3\), or AdA never starts; got 3/,
    );
    expect(() => resolveRunConfig({ preset: 'quick', adaWarmupEpochs: '-1' })).toThrow(
      /--ada-warmup-epochs must be a non-negative integer, got '-1'/,
    );
  });
});

describe('ada run: parallel jobs', () => {
  const config = resolveRunConfig({ preset: 'cpu-full' });

  it('parses --job setup:seed of the experiment, canonicalising the setup', () => {
    expect(parseJob('augmix+ada:1', config)).toEqual({ setup: 'ada+augmix', seed: 1 });
    expect(parseJob('nominal:0', config)).toEqual({ setup: 'nominal', seed: 0 });
  });

  it('rejects a --job outside the experiment, naming the valid setups and seeds', () => {
    expect(() => parseJob('nominal:7', config)).toThrow(/seed of 0, 1, got 'nominal:7'/);
    expect(() => parseJob('deepaugment:0', config)).toThrow(/a setup of nominal, augmix/);
    expect(() => parseJob('nominal', config)).toThrow(/--job must be <setup>:<seed>/);
  });

  it('defaults to one job per core on single-threaded backends and one on native ones', () => {
    expect(resolveJobs(undefined, 'tensorflow', 8)).toBe(1);
    const wasm = resolveJobs(undefined, 'wasm', 8);
    expect(wasm).toBeGreaterThanOrEqual(1);
    expect(resolveJobs(undefined, 'wasm', 1)).toBe(1);
    expect(resolveJobs('4', 'tensorflow', 8)).toBe(4);
    expect(resolveJobs('4', 'wasm', 2)).toBe(2);
    expect(() => resolveJobs('0', 'wasm', 2)).toThrow(/--jobs must be a positive integer/);
  });
});

describe('ada run: the flag table RUN_FLAGS drives the options, the config, its hash, the overrides line and the job arguments', () => {
  /**
   * For every `setting` of the table: a valid value other than the quick preset's, and the flags
   * it needs beside it (the comparison is against those flags alone). A setting added to the
   * table without an example fails the test below.
   */
  const EXAMPLES: Partial<
    Record<keyof RunOptions, { value: string | true; with?: Partial<RunOptions> }>
  > = {
    setups: { value: 'nominal' },
    seeds: { value: '1,2' },
    epochs: { value: '7' },
    trainSize: { value: '2000' },
    testSize: { value: '100' },
    model: { value: 'resnet18-w0.25' },
    nu: { value: '0.005' },
    // Against --nu auto alone, which reads the default file (nu 0.002 here; the example 0.003).
    calibration: { value: 'other-calibration.json', with: { nu: 'auto' } },
    adaSteps: { value: '3' },
    adaOffsets: { value: 'per-example' },
    adaFraction: { value: '0.5' },
    adaResidual: { value: true },
    adaStepRule: { value: 'l2-block' },
    adaAttackLabels: { value: 'permuted' },
    adaWarmupEpochs: { value: '2' },
    adaNetwork: { value: 'rdn-medium-x2' },
    adaNetworkWeights: { value: 'weights/edsr-denoise', with: { adaNetwork: 'edsr-denoise' } },
    demoVariant: { value: 'photo' },
  };
  /** Which runs an experiment holds, deliberately outside the hash (config_hash.ts). */
  const OUTSIDE_HASH: readonly string[] = ['setups', 'seeds'];

  const argsOf = (opts: Partial<RunOptions>): string[] =>
    Object.entries(opts).flatMap(([k, v]) => {
      const { flag } = RUN_FLAGS[k as keyof RunOptions];
      return v === true ? [flag] : [flag, String(v)];
    });
  /** What commander makes of `args` with the table's options. */
  const parse = (args: string[]): RunOptions =>
    addRunOptions(new Command('run').exitOverride()).parse(args, { from: 'user' }).opts();
  const withoutProse = (c: ExperimentConfig) => canonicalJson({ ...c, deviations: [] });

  const cwd = process.cwd();
  let dir: string;
  beforeAll(async () => {
    // --nu auto reads .ada/calibration.json of the working folder: a folder of this test's own.
    dir = await mkdtemp(join(tmpdir(), 'ada-run-flags-'));
    process.chdir(dir);
    const entry = (nu: number) => ({
      network: 'rdn-slim-x2',
      residual: false,
      stepRule: 'sign',
      steps: 10,
      offsets: 'per-example',
      nu,
      how: 'interpolated',
      targetMetric: 'ssim-residual',
      target: 0.99,
      classifier: 'test',
      images: 'test',
      n: 1,
      at: '2026-01-01T00:00:00Z',
      curve: [],
    });
    const file = (nu: number) =>
      JSON.stringify({ format: 'ada-calibration', version: 1, entries: [entry(nu)] });
    await mkdir('.ada');
    await writeFile(join('.ada', 'calibration.json'), file(0.002));
    await writeFile('other-calibration.json', file(0.003));
  });
  afterAll(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  const settings = RUN_FLAG_KEYS.filter((k) => RUN_FLAGS[k].role === 'setting');

  it('has an example for every setting', () => {
    expect(settings.filter((k) => EXAMPLES[k] === undefined)).toEqual([]);
    expect(settings).toContain('adaAttackLabels');
    expect(settings).toContain('adaWarmupEpochs');
  });

  it.each(settings)(
    '%s: commander -> config -> hash (--resume refuses the other) -> overrides line -> job args',
    async (key) => {
      const example = EXAMPLES[key]!;
      const flag = RUN_FLAGS[key].flag;
      const baseOpts = parse(argsOf(example.with ?? {}));
      const opts = parse([...argsOf(example.with ?? {}), ...argsOf({ [key]: example.value })]);
      expect(opts[key]).toBe(example.value);
      const base = resolveRunConfig(baseOpts);
      const config = resolveRunConfig(opts);
      // It reaches the config...
      expect(withoutProse(config), `${flag} changes no setting`).not.toBe(withoutProse(base));
      // ... and the hash that --resume compares (setups and seeds choose runs, outside it).
      const out = join(dir, `runs-${key}`);
      await claimRunFolder(out, base, 'demo', { resume: false, overwrite: false });
      const resume = claimRunFolder(out, config, 'demo', { resume: true, overwrite: false });
      if (OUTSIDE_HASH.includes(key)) {
        expect(configHash(config, 'demo')).toBe(configHash(base, 'demo'));
        await resume;
      } else {
        expect(configHash(config, 'demo')).not.toBe(configHash(base, 'demo'));
        await expect(resume).rejects.toThrow(RunFolderError);
        const diff = diffConfigs(base, 'demo', config, 'demo');
        await expect(resume).rejects.toThrow(diff.join('; '));
      }
      // The recorded overrides line names it with its value.
      expect(config.deviations.at(-1)).toContain(`${key} ${String(example.value)}`);
      // A job process rebuilds the same config from the arguments it is given.
      const child = parse(jobArgs(opts, join(dir, 'out')).slice(1));
      expect(child.out).toBe(join(dir, 'out'));
      expect(resolveRunConfig(child)).toEqual(config);
    },
  );

  it('passes the job flags to job processes, and no local flag', () => {
    const opts = parse([
      ...argsOf({ preset: 'cpu-full', dataDir: 'data', out: 'o', resume: true }),
      ...argsOf({ overwrite: true, json: true, jobs: '2', job: 'nominal:0' }),
    ]);
    const args = jobArgs(opts, '/runs/x');
    expect(args).toEqual([
      'run',
      '--preset',
      'cpu-full',
      '--data-dir',
      'data',
      '--out',
      '/runs/x',
      '--resume',
    ]);
    expect(RUN_FLAG_KEYS.filter((k) => RUN_FLAGS[k].role === 'local')).toEqual([
      'overwrite',
      'json',
      'jobs',
      'job',
    ]);
  });
});
