import { connectWorkerService, runServiceMain } from '@ada/service-kit';
import { initBackend } from '@ada/tensor';
import { loadConfig } from './config.ts';
import { createMetricsService } from './service.ts';

/**
 * Process entry of the metrics service (the only one; the factory is the package's entry):
 * configuration from the environment (see `config.ts`; a bad variable exits 2 naming it;
 * `KAFKA_BROKERS` is required), Kafka, and S3 when configured (the filesystem store otherwise),
 * `/healthz` and `/readyz` (ready while consuming), graceful SIGTERM/SIGINT, JSON-lines log on
 * stderr.
 */
void runServiceMain('metrics-service', async ({ log }) => {
  const config = loadConfig();
  const backend = await initBackend({ log: false });
  log.info('backend', { name: backend.name, version: backend.version, reason: backend.reason });
  const { runtime, deps } = await connectWorkerService('metrics-service', config, log);
  const metrics = createMetricsService(deps);
  runtime.use(metrics).readinessCheck('consuming', async () => metrics.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log.info('consuming', { topic: 'ada.eval.requests.v1', groupId: config.groupId });
});
