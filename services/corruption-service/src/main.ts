/**
 * The corruption-service process: reads and validates its configuration from the environment
 * (see `ENV_VARIABLES` and the README), connects to Kafka (`KAFKA_BROKERS`) and the object store
 * (`S3_*`, or the filesystem under `ADA_DATA_DIR`), and runs `createCorruptionService` inside a
 * `ServiceRuntime`: `/healthz`, `/readyz` on `ADA_CORRUPTION_PORT`, SIGTERM/SIGINT finish the batch in flight,
 * commit and exit 0. A bad configuration exits 2 with a line naming the variable.
 *
 * ```sh
 * eval "$(deploy/local/stack env)"
 * ADA_CORRUPTION_PORT=8081 npx tsx services/corruption-service/src/main.ts
 * ```
 */
import { ServiceRuntime, busHook, createEventBus } from '@ada/bus';
import { createArtifactStore } from '@ada/store';
import { ConfigError, loadConfig, type ProcessConfig } from './config.ts';
import { createCorruptionService } from './corruption_service.ts';
import { createLogger } from './log.ts';

let config: ProcessConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof RangeError)) throw error;
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'corruption-service', event: 'corruption.config_invalid', error: error.message })}\n`,
  );
  process.exit(2);
}

const log = createLogger({ level: config.logLevel });
try {
  const bus = createEventBus({ clientId: config.workerId, brokers: config.brokers });
  const store = await createArtifactStore({
    dataDir: config.dataDir,
    bucket: config.bucket,
    ...(config.storePrefix === undefined ? {} : { prefix: config.storePrefix }),
  });
  const service = createCorruptionService({ bus, store, config, log });
  const runtime = new ServiceRuntime({
    name: 'corruption-service',
    port: config.port,
    host: config.host,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    log: (line) => log.info('corruption.runtime', { line }),
  });
  // Shutdown runs in reverse: the service drains (the batch in flight finishes and commits),
  // then frees its models, then the store and the bus close.
  runtime
    .use(busHook(bus))
    .use({ name: 'store', stop: () => store.close() })
    .use(service)
    .readinessCheck('consuming', async () => service.isConsuming());
  runtime.installSignalHandlers();
  await runtime.start();
  log.info('corruption.ready', {
    workerId: config.workerId,
    port: runtime.port(),
    health: `http://${config.host}:${runtime.port()}/healthz`,
  });
} catch (error) {
  log.error('corruption.start_failed', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
}
