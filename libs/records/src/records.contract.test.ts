import { storeHarnesses, type StoreHarness } from '@ada/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADA_SSIM_BINS,
  configHash,
  recordKeys,
  RecordArgumentError,
  RecordConflictError,
  RecordImmutableError,
  RecordNotFoundError,
  RecordValidationError,
  RecordsError,
  RunRecordsReader,
  RunRecordsWriter,
  STEP_SEGMENT_SIZE,
  type CreateRunInput,
  type ResultInput,
} from './index.ts';

/**
 * The run-records contract: one suite, run against the filesystem store and against a real S3
 * server (skipped, with the reason in its title, when S3_ENDPOINT is not set; start one with
 * `deploy/local/stack start`). Every test gets a fresh store (own directory / key prefix).
 */
const harnesses = storeHarnesses('ada-records-contract');
afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
});

const CONFIG = { model: 'resnet18-tiny', epochs: 2, ada: { nu: 0.015, steps: 10 } };

/** A clock the test moves by hand, so timestamps and the progress throttle are deterministic. */
function manualClock(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function result(clean: number, mce: number): ResultInput {
  return {
    table1: { clean, mce },
    table2: { 'l2_0.5': clean / 2 },
    corruptions: {
      fog: [0.1, 0.2, 0.3, 0.4, 0.5],
      snow: [mce, mce, mce, mce, mce],
    },
    steps: 20,
    trainSeconds: 3.5,
    evalSeconds: 1.25,
  };
}

/** A run of experiment `exp-1` with the shared config, created by source `t`. */
function runInput(id: string, setupName: string, seed: number): CreateRunInput {
  return { id, experimentId: 'exp-1', setup: setupName, seed, config: CONFIG, source: 't' };
}

async function setup(h: StoreHarness, progressIntervalMs = 0) {
  const store = await h.create();
  const clock = manualClock();
  const writer = new RunRecordsWriter(store, { now: clock.now, progressIntervalMs });
  const reader = new RunRecordsReader(store);
  await writer.createExperiment({
    id: 'exp-1',
    name: 'quick',
    source: 'ada run',
    config: CONFIG,
    setups: ['nominal', 'ada'],
    seeds: [0, 1],
  });
  return { store, clock, writer, reader };
}

for (const h of harnesses) {
  describe.skipIf(h.skip !== undefined)(h.title('run records'), () => {
    it('a run goes QUEUED -> RUNNING -> SUCCEEDED and reads back whole', async () => {
      const { clock, writer, reader } = await setup(h);
      const run = await writer.createRun({
        id: 'run-a',
        experimentId: 'exp-1',
        setup: 'ada',
        seed: 0,
        config: CONFIG,
        source: 'ada run',
      });
      expect((await reader.getRun('run-a')).status).toBe('QUEUED');
      clock.advance(1000);
      await run.start();
      for (let step = 1; step <= 4; step++) {
        clock.advance(10);
        await run.progress({
          phase: 'train',
          done: step,
          total: 4,
          step,
          totalSteps: 4,
          epoch: Math.floor((step - 1) / 2),
          totalEpochs: 2,
          imagesPerSecond: 100,
          etaSeconds: 4 - step,
        });
        await run.stepMetrics(step, Math.floor((step - 1) / 2), { loss: 10 - step, lr: 0.1 });
        if (step % 2 === 0) {
          await run.epochMetrics(step / 2, step, { clean: 0.2 * step, fog: 0.1 * step });
          await run.checkpoint({ step, key: `runs/run-a/checkpoint/step-${step}/manifest.json` });
        }
      }
      clock.advance(1000);
      const done = await run.succeed(result(0.8, 0.3));

      const got = await reader.getRun('run-a');
      expect(got).toEqual(done);
      expect(got).toMatchObject({
        id: 'run-a',
        experimentId: 'exp-1',
        setup: 'ada',
        seed: 0,
        config: CONFIG,
        configHash: configHash(CONFIG),
        status: 'SUCCEEDED',
        source: 'ada run',
        createdAt: '2026-01-01T00:00:00.000Z',
        startedAt: '2026-01-01T00:00:01.000Z',
        finishedAt: '2026-01-01T00:00:02.040Z',
      });
      expect(await reader.getProgress('run-a')).toMatchObject({
        phase: 'train',
        done: 4,
        total: 4,
        step: 4,
        epoch: 1,
        totalEpochs: 2,
        etaSeconds: 0,
      });
      const loss = await reader.metricHistory('run-a', { by: 'step', names: ['loss'] });
      expect(loss.map((p) => [p.step, p.epoch, p.values])).toEqual([
        [1, 0, { loss: 9 }],
        [2, 0, { loss: 8 }],
        [3, 1, { loss: 7 }],
        [4, 1, { loss: 6 }],
      ]);
      const epochs = await reader.metricHistory('run-a', { by: 'epoch' });
      expect(epochs.map((p) => [p.epoch, p.step, p.values['clean']])).toEqual([
        [1, 2, 0.4],
        [2, 4, 0.8],
      ]);
      expect((await reader.listCheckpoints('run-a')).map((c) => c.step)).toEqual([2, 4]);
      expect(await reader.getResult('run-a')).toMatchObject({
        setup: 'ada',
        seed: 0,
        table1: { clean: 0.8, mce: 0.3 },
        table2: { 'l2_0.5': 0.4 },
        corruptions: {
          fog: { mean: 0.3, severities: [0.1, 0.2, 0.3, 0.4, 0.5] },
          snow: { mean: 0.3 },
        },
        steps: 20,
      });
    });

    it('a finished run is immutable: every later write fails and the stored bytes stay the same', async () => {
      const { store, writer } = await setup(h);
      const run = await writer.createRun(runInput('run-f', 'nominal', 0));
      await run.start();
      await run.stepMetrics(1, 0, { loss: 1 });
      await run.succeed(result(0.5, 0.5));
      const before = await Promise.all(
        (await store.list('records/')).map(async (o) => [o.key, (await store.stat(o.key)).sha256]),
      );
      const attempts: Array<() => Promise<unknown>> = [
        () => run.start(),
        () => run.progress({ phase: 'train', done: 1, total: 1 }),
        () => run.stepMetrics(2, 0, { loss: 1 }),
        () => run.epochMetrics(1, 2, { clean: 1 }),
        () => run.checkpoint({ step: 2, key: 'x/manifest.json' }),
        () => run.succeed(result(0.9, 0.1)),
        () => run.fail({ code: 'BOOM', message: 'late', retriable: false }),
        () => run.cancel(),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toBeInstanceOf(RecordImmutableError);
      }
      await run.flush();
      const after = await Promise.all(
        (await store.list('records/')).map(async (o) => [o.key, (await store.stat(o.key)).sha256]),
      );
      expect(after).toEqual(before);
      // The same id cannot be created again, whatever the config.
      await expect(
        writer.createRun({
          id: 'run-f',
          experimentId: 'exp-1',
          setup: 'nominal',
          seed: 0,
          config: { ...CONFIG, epochs: 3 },
          source: 't',
        }),
      ).rejects.toBeInstanceOf(RecordConflictError);
    });

    it('FAILED keeps its error code; CANCELLED its reason; QUEUED may be cancelled', async () => {
      const { writer, reader } = await setup(h);
      const a = await writer.createRun(runInput('r-fail', 'ada', 0));
      await a.start();
      await a.fail({
        code: 'TRAINING_DIVERGED',
        message: 'loss is NaN at step 7',
        retriable: false,
      });
      expect(await reader.getRun('r-fail')).toMatchObject({
        status: 'FAILED',
        error: { code: 'TRAINING_DIVERGED', message: 'loss is NaN at step 7', retriable: false },
      });
      const b = await writer.createRun(runInput('r-cancel', 'ada', 1));
      await b.cancel('user asked');
      expect(await reader.getRun('r-cancel')).toMatchObject({
        status: 'CANCELLED',
        cancelReason: 'user asked',
      });
      await expect(
        (await writer.createRun(runInput('r-bad', 'ada', 1))).fail({
          code: 'lower case',
          message: 'x',
          retriable: false,
        }),
      ).rejects.toThrow(/UPPER_SNAKE/);
      await expect(
        (await writer.createRun(runInput('r-q', 'ada', 1))).succeed(result(0.1, 0.1)),
      ).rejects.toThrow(/QUEUED: cannot succeed/);
    });

    it('listRuns filters by experiment, status, setup, seed and config hash, and pages in creation order', async () => {
      const { clock, writer, reader } = await setup(h);
      await writer.createExperiment({
        id: 'exp-2',
        name: 'other',
        source: 't',
        config: { x: 1 },
        setups: ['ada'],
        seeds: [0],
      });
      const specs: Array<[string, string, string, number, 'done' | 'fail' | 'run']> = [
        ['r1', 'exp-1', 'nominal', 0, 'done'],
        ['r2', 'exp-1', 'ada', 0, 'done'],
        ['r3', 'exp-1', 'ada', 1, 'fail'],
        ['r4', 'exp-2', 'ada', 0, 'run'],
      ];
      for (const [id, experimentId, setupName, seed, end] of specs) {
        clock.advance(1000);
        const config = experimentId === 'exp-1' ? CONFIG : { x: 1 };
        const r = await writer.createRun({
          id,
          experimentId,
          setup: setupName,
          seed,
          config,
          source: 't',
        });
        await r.start();
        if (end === 'done') await r.succeed(result(0.7, 0.3));
        if (end === 'fail') await r.fail({ code: 'X', message: 'x', retriable: true });
      }
      const ids = async (...args: Parameters<RunRecordsReader['listRuns']>) =>
        (await reader.listRuns(...args)).map((r) => r.id);
      expect(await ids()).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(await ids({ experimentId: 'exp-1' })).toEqual(['r1', 'r2', 'r3']);
      expect(await ids({ status: 'RUNNING' })).toEqual(['r4']);
      expect(await ids({ status: ['FAILED', 'RUNNING'] })).toEqual(['r3', 'r4']);
      expect(await ids({ experimentId: 'exp-1', setup: 'ada' })).toEqual(['r2', 'r3']);
      expect(await ids({ seed: 1 })).toEqual(['r3']);
      expect(await ids({ configHash: configHash({ x: 1 }) })).toEqual(['r4']);
      expect(await ids({}, { limit: 2 })).toEqual(['r1', 'r2']);
      expect(await ids({}, { after: 'r2', limit: 2 })).toEqual(['r3', 'r4']);
      expect(await ids({ status: 'SUCCEEDED' }, { after: 'r3' })).toEqual([]);
      expect(await ids({ experimentId: 'nope' })).toEqual([]);
      await expect(reader.listRuns({ status: 'DONE' as never })).rejects.toBeInstanceOf(
        RecordArgumentError,
      );
      await expect(reader.listRuns({ experimentId: 'a b' })).rejects.toThrow(/experimentId/);

      expect((await reader.listExperiments()).map((e) => e.id)).toEqual(['exp-1', 'exp-2']);
      const tables = await reader.experimentTables('exp-1');
      expect(tables.rows.map((r) => [r.setup, r.seeds])).toEqual([
        ['nominal', [0]],
        ['ada', [0]],
      ]);
      expect(tables.rows[1]!.table1['clean']).toEqual({ mean: 0.7, sd: 0, n: 1 });
      expect(tables.rows[1]!.corruptions['fog']!.severities.map((a) => a.mean)).toEqual([
        0.1, 0.2, 0.3, 0.4, 0.5,
      ]);
    });

    it('experiments: same config is idempotent, another config under the same id conflicts', async () => {
      const { writer, reader } = await setup(h);
      const again = await writer.createExperiment({
        id: 'exp-1',
        name: 'quick',
        source: 'ada run',
        config: { ada: { steps: 10, nu: 0.015 }, epochs: 2, model: 'resnet18-tiny' },
        setups: ['nominal', 'ada'],
        seeds: [0, 1],
      });
      expect(again.createdAt).toBe('2026-01-01T00:00:00.000Z');
      await expect(
        writer.createExperiment({
          id: 'exp-1',
          name: 'quick',
          source: 'ada run',
          config: { ...CONFIG, epochs: 3 },
          setups: ['nominal', 'ada'],
          seeds: [0, 1],
        }),
      ).rejects.toBeInstanceOf(RecordConflictError);
      await expect(reader.getExperiment('exp-9')).rejects.toBeInstanceOf(RecordNotFoundError);
      await expect(reader.getRun('run-9')).rejects.toBeInstanceOf(RecordNotFoundError);
      await expect(
        writer.createRun({
          experimentId: 'exp-9',
          setup: 'ada',
          seed: 0,
          config: CONFIG,
          source: 't',
        }),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
      expect(await reader.getProgress('run-9')).toBeUndefined();
      expect(await reader.metricHistory('run-9', { by: 'step' })).toEqual([]);
    });

    it('resuming continues a cancelled run as a new run with the history up to the checkpoint; a changed config cannot resume', async () => {
      const { writer, reader } = await setup(h);
      const first = await writer.createRun(runInput('r-1', 'ada', 0));
      await first.start();
      for (let step = 1; step <= 5; step++) await first.stepMetrics(step, 0, { loss: step });
      await first.epochMetrics(1, 3, { clean: 0.5 });
      await first.checkpoint({ step: 3, key: 'ck/step-3/manifest.json' });
      await first.cancel('Ctrl-C');
      await expect(
        writer.createRun({
          id: 'r-x',
          experimentId: 'exp-1',
          setup: 'ada',
          seed: 0,
          config: { ...CONFIG, epochs: 4 },
          source: 't',
          resumeFrom: { runId: 'r-1', step: 3 },
        }),
      ).rejects.toThrow(/config differs.*a changed config is a new run/);
      const second = await writer.createRun({
        ...runInput('r-2', 'ada', 0),
        resumeFrom: { runId: 'r-1', step: 3 },
      });
      expect(second.record.resumedFrom).toEqual({ runId: 'r-1', step: 3 });
      await second.start();
      await expect(second.stepMetrics(3, 0, { loss: 9 })).rejects.toThrow(
        /must exceed the last recorded step 3/,
      );
      await second.stepMetrics(4, 0, { loss: 40 });
      await second.flush();
      expect(
        (await reader.metricHistory('r-2', { by: 'step' })).map((p) => p.values['loss']),
      ).toEqual([1, 2, 3, 40]);
      expect(
        (await reader.metricHistory('r-1', { by: 'step' })).map((p) => p.values['loss']),
      ).toEqual([1, 2, 3, 4, 5]);
      expect((await reader.listCheckpoints('r-2')).map((c) => c.key)).toEqual([
        'ck/step-3/manifest.json',
      ]);
      // A run whose process died (still RUNNING) is closed as FAILED, retriable, when resumed.
      const third = await writer.createRun({
        ...runInput('r-3', 'ada', 0),
        resumeFrom: { runId: 'r-2', step: 3 },
      });
      expect(third.record.status).toBe('QUEUED');
      expect(await reader.getRun('r-2')).toMatchObject({
        status: 'FAILED',
        error: { code: 'RUN_INTERRUPTED', retriable: true },
      });
    });

    it('reopening an unfinished run keeps its id and drops the history after the checkpoint; a finished one cannot be reopened', async () => {
      const { writer, reader } = await setup(h);
      const first = await writer.createRun(runInput('r-o', 'ada', 0));
      await first.start();
      for (let step = 1; step <= 4; step++) await first.stepMetrics(step, 0, { loss: step });
      await first.epochMetrics(1, 2, { clean: 0.5 });
      await first.epochMetrics(2, 4, { clean: 0.6 });
      await first.checkpoint({ step: 2, key: 'ck/2/manifest.json' });
      await first.checkpoint({ step: 4, key: 'ck/4/manifest.json' });
      await expect(
        writer.reopenRun('r-o', { config: { ...CONFIG, epochs: 9 }, step: 2 }),
      ).rejects.toBeInstanceOf(RecordConflictError);
      const again = await writer.reopenRun('r-o', { config: CONFIG, step: 2 });
      expect(again.record.status).toBe('RUNNING');
      await again.stepMetrics(3, 0, { loss: 30 });
      await again.flush();
      expect(
        (await reader.metricHistory('r-o', { by: 'step' })).map((p) => p.values['loss']),
      ).toEqual([1, 2, 30]);
      expect((await reader.metricHistory('r-o', { by: 'epoch' })).map((p) => p.epoch)).toEqual([1]);
      expect((await reader.listCheckpoints('r-o')).map((c) => c.step)).toEqual([2]);
      await again.cancel();
      await expect(writer.reopenRun('r-o', { config: CONFIG, step: 2 })).rejects.toBeInstanceOf(
        RecordImmutableError,
      );
    });

    it('AdA SSIM: one fixed-bin histogram per epoch, kept up to the checkpoint on reopen; bad input names the field', async () => {
      const { writer, reader } = await setup(h);
      const run = await writer.createRun(runInput('r-s', 'ada', 0));
      expect(await reader.getAdaSsim('r-s')).toBeUndefined();
      await expect(
        run.adaSsim({ epoch: 1, step: 2, values: [0.5], seen: 1, sampleLimit: 4 }),
      ).rejects.toThrow(/'adaSsim' needs a RUNNING run/);
      await run.start();
      // 20 bins of 0.05: 0.31 -> bin 6, 0.34 -> bin 6, 0.97 -> bin 19, 1 -> bin 19 (closed), -0.2 -> bin 0
      await run.adaSsim({
        epoch: 1,
        step: 2,
        values: [0.31, 0.34, 0.97],
        seen: 10,
        sampleLimit: 3,
      });
      await run.adaSsim({ epoch: 2, step: 4, values: [1, -0.2], seen: 2, sampleLimit: 3 });
      const got = await reader.getAdaSsim('r-s');
      expect(got).toMatchObject({ kind: 'ada-ssim', runId: 'r-s', sampleLimit: 3 });
      const [e1, e2] = got!.epochs;
      expect(e1!.counts).toHaveLength(ADA_SSIM_BINS);
      expect(e1!.counts[6]).toBe(2);
      expect(e1!.counts[19]).toBe(1);
      expect(e1).toMatchObject({ epoch: 1, step: 2, seen: 10, sampled: 3, min: 0.31, max: 0.97 });
      expect(e1!.mean).toBeCloseTo((0.31 + 0.34 + 0.97) / 3, 12);
      expect([e2!.counts[0], e2!.counts[19], e2!.sampled, e2!.min]).toEqual([1, 1, 2, -0.2]);
      const bad = { epoch: 3, step: 6, values: [0.5], seen: 1, sampleLimit: 3 };
      for (const [input, field] of [
        [{ ...bad, values: [0.5, Number.NaN] }, 'values[1]'],
        [{ ...bad, values: [1.5] }, 'values[0]'],
        [{ ...bad, values: [] }, 'values'],
        [{ ...bad, values: [0.1, 0.2, 0.3, 0.4] }, 'values'],
        [{ ...bad, seen: 0 }, 'seen'],
        [{ ...bad, sampleLimit: 5 }, 'sampleLimit'],
        [{ ...bad, epoch: 2 }, 'epoch'],
        [{ ...bad, step: -1 }, 'step'],
      ] as const) {
        await expect(run.adaSsim(input)).rejects.toThrow(
          new RegExp(`'${field.replace(/[[\]]/g, '\\$&')}' passed to 'adaSsim'`),
        );
      }
      expect((await reader.getAdaSsim('r-s'))!.epochs).toHaveLength(2);
      // Reopened at step 2: the epoch after the checkpoint is dropped, like the epoch metrics.
      const again = await writer.reopenRun('r-s', { config: CONFIG, step: 2 });
      expect((await reader.getAdaSsim('r-s'))!.epochs.map((e) => e.epoch)).toEqual([1]);
      await again.adaSsim({ epoch: 2, step: 4, values: [0.6], seen: 5, sampleLimit: 3 });
      expect((await reader.getAdaSsim('r-s'))!.epochs.map((e) => e.sampled)).toEqual([3, 1]);
    });

    it('step history spans segments of STEP_SEGMENT_SIZE points and progress writes are throttled', async () => {
      const { store, clock, writer, reader } = await setup(h, 1000);
      const run = await writer.createRun(runInput('r-s', 'ada', 0));
      await run.start();
      const n = STEP_SEGMENT_SIZE + 7;
      for (let step = 1; step <= n; step++) {
        await run.progress({ phase: 'train', done: step, total: n, step, totalSteps: n });
        await run.stepMetrics(step, 0, { loss: step });
        if (step === 1) {
          // The first report is written at once; later ones wait for the interval.
          expect((await reader.getProgress('r-s'))?.step).toBe(1);
        }
      }
      // Filling a segment writes it, and the pending progress with it; the 7 reports after it wait.
      expect((await reader.getProgress('r-s'))?.step).toBe(STEP_SEGMENT_SIZE);
      expect((await reader.metricHistory('r-s', { by: 'step' })).map((p) => p.step).at(-1)).toBe(
        STEP_SEGMENT_SIZE,
      );
      clock.advance(1000);
      await run.flush();
      expect((await reader.getProgress('r-s'))?.step).toBe(n);
      const history = await reader.metricHistory('r-s', { by: 'step' });
      expect(history.map((p) => p.step)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(await store.exists(recordKeys.stepSegment('r-s', 1))).toBe(true);
      expect(
        (await reader.metricHistory('r-s', { by: 'step', fromStep: 10, toStep: 12 })).map(
          (p) => p.step,
        ),
      ).toEqual([10, 11, 12]);
    });

    it('bad input names the field before any write; a corrupt record names its key', async () => {
      const { store, writer, reader } = await setup(h);
      await expect(writer.createRun(runInput('a b', 'ada', 0))).rejects.toThrow(
        /'id' must be 1-200 characters/,
      );
      await expect(
        writer.createRun({
          experimentId: 'exp-1',
          setup: 'ada',
          seed: -1,
          config: CONFIG,
          source: 't',
        }),
      ).rejects.toThrow(/'seed' must be an integer >= 0/);
      await expect(
        writer.createRun({
          experimentId: 'exp-1',
          setup: 'ada',
          seed: 0,
          config: { lr: Number.NaN },
          source: 't',
        }),
      ).rejects.toThrow(/'config.lr' must be a finite number/);
      const run = await writer.createRun(runInput('r-v', 'ada', 0));
      await run.start();
      await expect(run.stepMetrics(1, 0, { loss: Number.POSITIVE_INFINITY })).rejects.toThrow(
        /'values' passed to 'stepMetrics'/,
      );
      await expect(run.stepMetrics(1.5, 0, { loss: 1 })).rejects.toThrow(
        /'step' passed to 'stepMetrics'/,
      );
      await expect(run.succeed(result(1.5, 0.1))).rejects.toThrow(/table1.clean/);
      expect((await reader.getRun('r-v')).status).toBe('RUNNING');

      await store.put(recordKeys.run('r-v'), Buffer.from('{"version":1,"kind":"run","id":"r-v"}'));
      const err = await reader.getRun('r-v').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RecordValidationError);
      expect(err).toBeInstanceOf(RecordsError);
      expect((err as RecordValidationError).code).toBe('RECORD_INVALID');
      expect((err as Error).message).toContain(recordKeys.run('r-v'));
      expect((err as Error).message).toMatch(/experimentId/);
    });
  });
}

describe('configHash', () => {
  it('ignores key order and undefined fields, and sees every value', () => {
    expect(configHash({ b: 1, a: { y: [1, 2], x: 'x' } })).toBe(
      configHash({ a: { x: 'x', y: [1, 2] }, b: 1, c: undefined }),
    );
    expect(configHash({ a: [1, 2] })).not.toBe(configHash({ a: [2, 1] }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: '1' }));
    expect(configHash({ a: 0.015 })).not.toBe(configHash({ a: 0.005 }));
    expect(configHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
