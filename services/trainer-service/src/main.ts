import { connectWorkerService, runServiceMain } from '@ada/service-kit';
import { initBackend } from '@ada/tensor';
import { loadConfig } from './config.ts';
import { createTrainerService } from './service.ts';

/**
 * Process entry of the trainer service (the only one; the factory is the package's entry):
 * configuration from the environment (see `config.ts`; a bad variable exits 2 naming it;
 * `KAFKA_BROKERS` is required), Kafka, and S3 when configured (the filesystem store otherwise),
 * health on `/healthz` and `/readyz`, graceful SIGTERM/SIGINT (checkpoint, then exit 0), JSON-lines
 * log on stderr. With `ADA_RUN_FILE`/`ADA_RUN_JSON` it trains that run and exits (0 completed,
 * 1 failed); otherwise it trains the runs announced on `ada.runs.v1` until stopped. Every
 * completed run logs one `trainer.run_summary` record with its numbers.
 */
void runServiceMain('trainer-service', async ({ log }) => {
  const config = loadConfig();
  const backend = await initBackend({ log: false });
  log.info('backend', { name: backend.name, version: backend.version, reason: backend.reason });
  const { runtime, deps } = await connectWorkerService('trainer-service', config, log);
  const trainer = createTrainerService(deps);
  runtime.use({ name: 'topics', start: () => trainer.init() }).use(trainer.hook());
  // Ready when the store answers (a missing key is an answer; an outage throws).
  runtime.readinessCheck('store', async () => {
    await deps.store.exists('health/trainer-service');
    return true;
  });
  await runtime.start();
  runtime.installSignalHandlers();
  if (config.run === undefined) {
    await trainer.listen();
    log.info('listening', { topic: 'ada.runs.v1', groupId: config.groupId });
    return;
  }
  const outcome = await trainer.run(config.run);
  log.info('run ended', { ...outcome });
  if (outcome.status === 'interrupted') return; // the signal handler exits
  await runtime.shutdown(`run ${outcome.status}`);
  process.exit(outcome.status === 'completed' ? 0 : 1);
});
