import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash, diffConfigs } from './config_hash.ts';
import { presetConfig } from './presets.ts';

describe('configHash', () => {
  it('is a sha256 hex digest, stable across key order and fresh copies', () => {
    const a = presetConfig('quick');
    const b = presetConfig('quick');
    b.train = Object.fromEntries(Object.entries(b.train).reverse()) as typeof b.train;
    expect(configHash(a, 'demo')).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(b, 'demo')).toBe(configHash(a, 'demo'));
  });

  it('changes with every result setting and with the data kind', () => {
    const base = configHash(presetConfig('quick'), 'demo');
    const edits: ((c: ReturnType<typeof presetConfig>) => void)[] = [
      (c) => (c.train.epochs += 1),
      (c) => (c.ada.nu = 0.005),
      (c) => (c.ada.residual = true),
      (c) => (c.ada.networkWeights = 'w'),
      (c) => (c.ada.attackLabels = 'permuted'),
      (c) => (c.ada.warmupEpochs = 2),
      (c) => (c.model = 'resnet18'),
      (c) => (c.data.trainSize += 1),
      (c) => (c.eval.benchmarkSize -= 1),
      (c) => (c.augmix.jsd = !c.augmix.jsd),
      (c) => (c.train.sgd = { ...c.train.sgd, momentum: 0.5 }),
    ];
    for (const edit of edits) {
      const c = presetConfig('quick');
      edit(c);
      expect(configHash(c, 'demo')).not.toBe(base);
    }
    expect(configHash(presetConfig('quick'), 'cifar10')).not.toBe(base);
  });

  it('leaves out which runs, the preset name and the prose', () => {
    const base = configHash(presetConfig('quick'), 'demo');
    const c = presetConfig('quick');
    c.setups = ['nominal'];
    c.seeds = [5, 6];
    c.preset = 'renamed';
    c.deviations = ['something else'];
    expect(configHash(c, 'demo')).toBe(base);
  });
});

describe('diffConfigs', () => {
  it('names each differing setting with its old and new value', () => {
    const a = presetConfig('quick');
    const b = presetConfig('quick');
    b.train.epochs = a.train.epochs + 1;
    b.ada.nu = 0.005;
    b.ada.residual = true;
    expect(diffConfigs(a, 'demo', b, 'cifar10')).toEqual([
      `ada.nu: ${a.ada.nu} -> 0.005`,
      'ada.residual: (unset) -> true',
      'dataKind: "demo" -> "cifar10"',
      `train.epochs: ${a.train.epochs} -> ${a.train.epochs + 1}`,
    ]);
    expect(diffConfigs(a, 'demo', presetConfig('quick'), 'demo')).toEqual([]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite/);
  });
});
