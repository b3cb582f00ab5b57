import { connectPlatform, runServiceMain, standardRuntime } from '@ada/service-kit';
import { loadGatewayConfig } from './config.ts';
import { gatewayDeps } from './deps.ts';
import { createGateway } from './server.ts';

/**
 * Process entry of the gateway in cluster mode (Kafka + S3): configuration from the environment
 * (`config.ts`; a bad variable exits 2 naming it), GraphQL on `ADA_GATEWAY_PORT`, health on
 * `ADA_GATEWAY_HEALTH_PORT` like every service, graceful SIGTERM/SIGINT (HTTP drained,
 * subscriptions ended, consumer groups left), JSON-lines log on stderr. Replicas share nothing
 * but the bus and the store: run as many as needed behind one load balancer (give them one
 * `ADA_GATEWAY_URL_SECRET`).
 */
void runServiceMain('gateway', async ({ log }) => {
  const config = loadGatewayConfig();
  const { bus, store } = await connectPlatform(config, { clientId: 'gateway', log });
  const gateway = createGateway({
    deps: gatewayDeps({ bus, store, log }),
    auth: config.auth,
    production: config.production,
    limits: config.limits,
    maxBodyBytes: config.maxBodyBytes,
    corsOrigins: config.corsOrigins,
    ...(config.urlSecret ? { urlSecret: config.urlSecret } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    log,
  });
  const runtime = standardRuntime({
    name: 'gateway',
    port: config.healthPort,
    host: config.healthHost,
    bus,
    store,
    log,
  }).use(gateway.hook(config.port, config.host));
  runtime.readinessCheck('store', async () => {
    await store.exists('health/gateway');
    return true;
  });
  await runtime.start();
  runtime.installSignalHandlers();
});
