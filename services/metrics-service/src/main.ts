import { busHook, createEventBus, ServiceRuntime } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { ConfigError, loadConfig } from './config.ts';
import { createMetricsService } from './service.ts';

/**
 * Process entry of the metrics service: configuration from the environment (see `config.ts`),
 * Kafka + S3 when configured (embedded bus and filesystem store otherwise), `/healthz` and
 * `/readyz` (ready while consuming), graceful SIGTERM/SIGINT.
 */
const log = (line: string) => process.stderr.write(`metrics-service: ${line}\n`);

async function main(): Promise<void> {
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
  const runtime = new ServiceRuntime({
    name: 'metrics-service',
    port: config.port,
    host: config.host,
  });
  runtime
    .use(busHook(bus))
    .use({ name: 'store', stop: () => store.close() })
    .use(metrics);
  runtime.readinessCheck('consuming', async () => metrics.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log(`consuming ada.eval.requests.v1 (group ${config.groupId})`);
}

main().catch((error: unknown) => {
  log(
    error instanceof ConfigError
      ? `configuration: ${error.message}`
      : String((error as Error)?.stack ?? error),
  );
  process.exit(1);
});
