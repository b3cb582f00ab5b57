import { createEventBus, runServiceMain, standardRuntime } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { loadConfig } from './config.ts';
import { createMetricsService } from './service.ts';

/**
 * Process entry of the metrics service: configuration from the environment (see `config.ts`;
 * a bad variable exits 2 naming it), Kafka + S3 when configured (embedded bus and filesystem
 * store otherwise), `/healthz` and `/readyz` (ready while consuming), graceful SIGTERM/SIGINT.
 */
runServiceMain('metrics-service', async (log) => {
  const config = loadConfig();
  await initBackend({ log });
  const bus = createEventBus({ clientId: 'metrics-service', brokers: config.brokers });
  const store = await createArtifactStore({
    dataDir: config.dataDir,
    bucket: config.bucket,
    ...(config.prefix ? { prefix: config.prefix } : {}),
  });
  const metrics = createMetricsService({
    bus,
    store,
    groupId: config.groupId,
    workers: config.workers,
    log,
    ...(config.datasetDir ? { datasetDir: config.datasetDir } : {}),
  });
  const runtime = standardRuntime({
    name: 'metrics-service',
    port: config.port,
    host: config.host,
    bus,
    store,
  }).use(metrics);
  runtime.readinessCheck('consuming', async () => metrics.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log(`consuming ada.eval.requests.v1 (group ${config.groupId})`);
});
