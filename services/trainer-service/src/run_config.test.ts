import { describe, expect, it } from 'vitest';
import { parseRunSpec, resolveRun, RunConfigError } from './run_config.ts';
import { ConfigError, loadConfig } from './config.ts';

const spec = (config: unknown, extra: Record<string, unknown> = {}) =>
  parseRunSpec({ runId: 'r1', seed: 3, config, ...extra });

describe('run config', () => {
  it('applies the overrides to the preset and fills the remote defaults', () => {
    const run = resolveRun(
      spec({
        preset: 'quick',
        setup: 'ada',
        data: { trainSize: 256 },
        train: { batchSize: 32, checkpointEvery: 5 },
      }),
    );
    expect(run.setup).toMatchObject({ name: 'ada', ada: true, augmix: false });
    expect(run.experiment.data).toMatchObject({ source: 'demo', trainSize: 256, testSize: 1000 });
    expect(run.experiment.train).toMatchObject({ batchSize: 32, epochs: 4, checkpointEvery: 5 });
    expect(run.experiment.seeds).toEqual([3]);
    expect(run.experiment.ada).toMatchObject({ offsets: 'shared', fraction: 0.125 });
    expect(run.experiment.ada.residual).toBeUndefined();
    const residual = resolveRun(spec({ ada: { residual: true, offsets: 'per-example' } }));
    expect(residual.experiment.ada).toMatchObject({ residual: true, offsets: 'per-example' });
    expect(run.experiment.ada.stepRule).toBeUndefined();
    const l2 = resolveRun(spec({ ada: { stepRule: 'l2-block' } }));
    expect(l2.experiment.ada.stepRule).toBe('l2-block');
    // Default bound: checkpointEvery - 1 + lookahead, so the whole lookahead is publishable.
    expect(run.remote).toEqual({
      lookahead: 4,
      maxStaleness: 8,
      batchTimeoutMs: 120_000,
      onMissing: 'fail',
      evalTimeoutMs: 600_000,
      progressEvery: 1,
    });
  });

  it("eval.historyEvery (Figure 2): optional, the preset's when left out, 0 turns it off; historySize at most testSize", () => {
    // A config from before the field existed (an older producer's created event) stays valid.
    const old = resolveRun(spec({ preset: 'quick', data: { testSize: 64 } }));
    expect(old.experiment.eval).toMatchObject({ historyEvery: 1, historySize: 64 });
    expect(resolveRun(spec({ preset: 'paper' })).experiment.eval.historyEvery).toBe(10);
    const every2 = resolveRun(spec({ eval: { historyEvery: 2, historySize: 50 } }));
    expect(every2.experiment.eval).toMatchObject({ historyEvery: 2, historySize: 50 });
    expect(resolveRun(spec({ eval: { historyEvery: 0 } })).experiment.eval.historyEvery).toBe(0);
  });

  it.each([
    [{ train: { batchSize: 0 } }, 'config.train.batchSize'],
    [{ ada: { nu: 2 } }, 'config.ada.nu'],
    [{ ada: { offsets: 'all' } }, 'config.ada.offsets'],
    [{ ada: { residual: 'yes' } }, 'config.ada.residual'],
    [{ ada: { stepRule: 'adam' } }, 'config.ada.stepRule'],
    [{ remote: { onMissing: 'retry' } }, 'config.remote.onMissing'],
    [{ eval: { historyEvery: -1 } }, 'config.eval.historyEvery'],
    [{ eval: { historyEvery: 1.5 } }, 'config.eval.historyEvery'],
    [{ eval: { historySize: 0 } }, 'config.eval.historySize'],
    [{ trian: {} }, 'config'],
    [{ preset: 'huge' }, 'config.preset'],
  ])('rejects %j naming %s', (config, field) => {
    expect(() => spec(config)).toThrow(RunConfigError);
    try {
      spec(config);
    } catch (e) {
      expect((e as RunConfigError).field).toBe(field);
      expect((e as Error).message).toContain(`'${field}'`);
    }
  });

  it('rejects bad run ids and seeds', () => {
    expect(() => parseRunSpec({ runId: 'a b', config: {} })).toThrow(
      /'runId' must be 1-120 characters/,
    );
    expect(() => parseRunSpec({ runId: 'x'.repeat(121) })).toThrow(/'runId'/);
    expect(() => parseRunSpec({ runId: 'r', seed: -1 })).toThrow(/'seed' must be an integer/);
    expect(() => parseRunSpec(null)).toThrow(/must be a JSON object/);
  });

  it('rejects DeepAugment setups, a batch larger than the data and an unmeetable staleness bound', () => {
    expect(() => resolveRun(spec({ setup: 'deepaugment+ada' }))).toThrow(/only in embedded mode/);
    expect(() => resolveRun(spec({ setup: 'ada+cutout' }))).toThrow(
      /config.setup: Unknown setup component 'cutout'/,
    );
    expect(() => resolveRun(spec({ data: { trainSize: 10 }, train: { batchSize: 16 } }))).toThrow(
      /config.train.batchSize \(16\) exceeds config.data.trainSize \(10\)/,
    );
    expect(() =>
      resolveRun(spec({ train: { checkpointEvery: 10 }, remote: { maxStaleness: 3 } })),
    ).toThrow(/config.remote.maxStaleness \(3\) must be >= config.train.checkpointEvery - 1 \(9\)/);
  });
});

const KAFKA = { KAFKA_BROKERS: '127.0.0.1:19092, b:9092' };

describe('trainer process config', () => {
  it('reads defaults, and a run from ADA_RUN_JSON', () => {
    expect(() => loadConfig({})).toThrow(
      /^KAFKA_BROKERS must be a comma-separated list of host:port/,
    );
    expect(loadConfig(KAFKA)).toEqual({
      brokers: ['127.0.0.1:19092', 'b:9092'],
      port: 8082,
      host: '127.0.0.1',
      groupId: 'trainer-service',
      dataDir: '.ada',
      bucket: 'ada',
      workers: 4,
    });
    const c = loadConfig({
      ...KAFKA,
      ADA_RUN_JSON: '{"runId":"r9","config":{"setup":"nominal"}}',
      S3_PREFIX: 'p',
    });
    expect(c.run).toMatchObject({
      runId: 'r9',
      seed: 0,
      config: { setup: 'nominal', preset: 'quick' },
    });
    expect(c.prefix).toBe('p');
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ ...KAFKA, ADA_TRAINER_PORT: '70000' })).toThrow(
      /ADA_TRAINER_PORT must be an integer in \[0, 65535\], got '70000'/,
    );
    expect(() => loadConfig({ ...KAFKA, ADA_RUN_JSON: '{' })).toThrow(/ADA_RUN_JSON is not JSON/);
    expect(() =>
      loadConfig({ ...KAFKA, ADA_RUN_JSON: '{"runId":"r","config":{"train":{"epochs":0}}}' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...KAFKA, ADA_RUN_FILE: '/nonexistent/run.json' })).toThrow(
      /ADA_RUN_FILE '\/nonexistent\/run.json' cannot be read/,
    );
    expect(() => loadConfig({ ...KAFKA, ADA_RUN_FILE: 'a', ADA_RUN_JSON: '{}' })).toThrow(
      /not both/,
    );
  });
});
