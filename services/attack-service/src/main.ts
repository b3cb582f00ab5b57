import { createEventBus, runServiceMain, standardRuntime } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { loadConfig } from './config.ts';
import { createAttackService } from './service.ts';

/**
 * Process entry of the attack service: configuration from the environment (see `config.ts`;
 * a bad variable exits 2 naming it; `KAFKA_BROKERS` is required), Kafka, and S3 when configured
 * (the filesystem store otherwise), `/healthz` and `/readyz` (ready while consuming), graceful SIGTERM/SIGINT
 * (the request in flight finishes, is answered and committed). The attacks run in a worker
 * thread, so health checks and Kafka heartbeats are answered during long evaluations.
 */
runServiceMain('attack-service', async (log) => {
  const config = loadConfig();
  const bus = createEventBus({ clientId: 'attack-service', brokers: config.brokers });
  const store = await createArtifactStore({
    dataDir: config.dataDir,
    bucket: config.bucket,
    ...(config.prefix ? { prefix: config.prefix } : {}),
  });
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
  }).use(attacks);
  runtime.readinessCheck('consuming', async () => attacks.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log(
    `ready: consuming ${config.requestsTopic} (group ${config.groupId}), health on port ${runtime.port()}`,
  );
});
