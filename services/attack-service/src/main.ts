import { connectPlatform, runServiceMain, standardRuntime } from '@ada/service-kit';
import { loadConfig } from './config.ts';
import { createAttackService } from './service.ts';

/**
 * Process entry of the attack service (the only one; the factory is the package's entry):
 * configuration from the environment (see `config.ts`; a bad variable exits 2 naming it;
 * `KAFKA_BROKERS` is required), Kafka, and S3 when configured (the filesystem store otherwise),
 * `/healthz` and `/readyz` (ready while consuming), graceful SIGTERM/SIGINT (the request in
 * flight finishes, is answered and committed), JSON-lines log on stderr. The attacks run in a
 * worker thread, so health checks and Kafka heartbeats are answered during long evaluations.
 */
void runServiceMain('attack-service', async ({ log }) => {
  const config = loadConfig();
  const { bus, store } = await connectPlatform(config, { clientId: 'attack-service', log });
  const attacks = createAttackService({
    bus,
    store,
    groupId: config.groupId,
    requestsTopic: config.requestsTopic,
    resultsTopic: config.resultsTopic,
    deadLetterTopic: config.dlqTopic,
    maxExamples: config.maxExamples,
    batchSize: config.batchSize,
    sessionTimeoutMs: config.sessionTimeoutMs,
    workers: config.workers,
    log,
    ...(config.datasetDir ? { datasetDir: config.datasetDir } : {}),
  });
  const runtime = standardRuntime({
    name: 'attack-service',
    port: config.port,
    host: config.host,
    bus,
    store,
    log,
  });
  runtime.use(attacks).readinessCheck('consuming', async () => attacks.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log.info('consuming', { topic: config.requestsTopic, groupId: config.groupId });
});
