import { createEventBus, runServiceMain, standardRuntime } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { loadConfig } from './config.ts';
import { createTrainerService } from './service.ts';

/**
 * Process entry of the trainer service: configuration from the environment (see `config.ts`;
 * a bad variable exits 2 naming it), Kafka + S3 when configured (embedded bus and filesystem
 * store otherwise), health on `/healthz` and `/readyz`, graceful SIGTERM/SIGINT (checkpoint,
 * then exit 0). With `ADA_RUN_FILE`/`ADA_RUN_JSON` it trains that run and exits (0 completed,
 * 1 failed); otherwise it trains the runs announced on `ada.runs.v1` until stopped.
 */
runServiceMain('trainer-service', async (log) => {
  const config = loadConfig();
  await initBackend({ log });
  const bus = createEventBus({ clientId: 'trainer-service', brokers: config.brokers });
  const store = await createArtifactStore({
    dataDir: config.dataDir,
    bucket: config.bucket,
    ...(config.prefix ? { prefix: config.prefix } : {}),
  });
  const trainer = createTrainerService({
    bus,
    store,
    groupId: config.groupId,
    workers: config.workers,
    log,
    ...(config.datasetDir ? { datasetDir: config.datasetDir } : {}),
  });
  const runtime = standardRuntime({
    name: 'trainer-service',
    port: config.port,
    host: config.host,
    bus,
    store,
  })
    .use({ name: 'topics', start: () => trainer.init() })
    .use(trainer.hook());
  // Ready when the store answers (a missing key is an answer; an outage throws).
  runtime.readinessCheck('store', async () => {
    await store.exists('health/trainer-service');
    return true;
  });
  await runtime.start();
  runtime.installSignalHandlers();
  if (config.run === undefined) {
    await trainer.listen();
    log(`listening for created runs on ada.runs.v1 (group ${config.groupId})`);
    return;
  }
  const outcome = await trainer.run(config.run);
  log(`${outcome.runId}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  if (outcome.status === 'interrupted') return; // the signal handler exits
  await runtime.shutdown(`run ${outcome.status}`);
  process.exit(outcome.status === 'completed' ? 0 : 1);
});
