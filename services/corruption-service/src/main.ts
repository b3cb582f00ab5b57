/**
 * The corruption-service process (the only process entry; the factory is the package's entry):
 * reads and validates its configuration from the environment (see `ENV_VARIABLES` and the
 * README; a bad variable exits 2 with a record naming it, `KAFKA_BROKERS` is required), connects
 * to Kafka and the object store (`S3_*`, or the filesystem under `ADA_DATA_DIR`), and runs
 * `createCorruptionService` inside a `ServiceRuntime`: `/healthz`, `/readyz` on
 * `ADA_CORRUPTION_PORT`, SIGTERM/SIGINT finish the batch in flight, commit and exit 0. It logs
 * JSON lines on stderr (level from `LOG_LEVEL`).
 *
 * ```sh
 * eval "$(deploy/local/stack env)"
 * ADA_CORRUPTION_PORT=8081 npx tsx services/corruption-service/src/main.ts
 * ```
 */
import { connectPlatform, runServiceMain, standardRuntime } from '@ada/service-kit';
import { loadConfig } from './config.ts';
import { createCorruptionService } from './corruption_service.ts';

void runServiceMain('corruption-service', async ({ log }) => {
  const config = loadConfig();
  const { bus, store } = await connectPlatform(config, { clientId: config.workerId, log });
  const service = createCorruptionService({ bus, store, config, log });
  // Shutdown runs in reverse: the service drains (the batch in flight finishes and commits),
  // then frees its models, then the store and the bus close.
  const runtime = standardRuntime({
    name: 'corruption-service',
    port: config.port,
    host: config.host,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    bus,
    store,
    log,
  });
  runtime.use(service).readinessCheck('consuming', async () => service.isConsuming());
  runtime.installSignalHandlers();
  await runtime.start();
  log.info('corruption.ready', {
    workerId: config.workerId,
    port: runtime.port(),
    health: `http://${config.host}:${runtime.port()}/healthz`,
  });
});
