import { busHook, createEventBus, ServiceRuntime } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { ConfigError, loadConfig } from './config.ts';
import { createAttackService } from './service.ts';

/**
 * Process entry of the attack service: configuration from the environment (see `config.ts`),
 * Kafka + S3 when configured (embedded bus and filesystem store otherwise), `/healthz` and
 * `/readyz` (ready while consuming), graceful SIGTERM/SIGINT (the request in flight finishes,
 * is answered and committed). The attacks run in a worker thread, so health checks and Kafka
 * heartbeats are answered during long evaluations.
 */
const log = (line: string) => process.stderr.write(`attack-service: ${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const bus = createEventBus({ clientId: 'attack-service' });
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
  const runtime = new ServiceRuntime({
    name: 'attack-service',
    port: config.port,
    host: config.host,
  });
  runtime
    .use(busHook(bus))
    .use({ name: 'store', stop: () => store.close() })
    .use(attacks);
  runtime.readinessCheck('consuming', async () => attacks.isConsuming());
  await runtime.start();
  runtime.installSignalHandlers();
  log(
    `ready: consuming ${config.requestsTopic} (group ${config.groupId}), health on port ${runtime.port()}`,
  );
}

// Exit 2: bad configuration (nothing started); 1: a failure while starting or running.
main().catch((error: unknown) => {
  const config = error instanceof ConfigError;
  log(config ? `configuration: ${error.message}` : String((error as Error)?.stack ?? error));
  process.exit(config ? 2 : 1);
});
