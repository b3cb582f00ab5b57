import { randomBytes } from 'node:crypto';
import { InProcessBus } from '@ada/bus';
import { createLogger, ServiceRuntime, type LifecycleHook, type LogLevel } from '@ada/service-kit';
import { FsArtifactStore } from '@ada/store';
import {
  createGateway,
  gatewayDeps,
  hashApiKey,
  type AuthOptions,
  type Gateway,
} from '@ada/gateway';
// Each service package exports its factory (its main.ts is only the process entry); embedded
// mode wires the factories in this process.
import { createAttackService } from '@ada/attack-service';
import { createCorruptionService } from '@ada/corruption-service';
import { createMetricsService } from '@ada/metrics-service';
import { createTrainerService } from '@ada/trainer-service';
// The dashboard is an application project (a browser bundle); ada serve mounts its static files
// through the one Node entry it exports for that.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createDashboardHandler } from '@ada/dashboard/static';

/**
 * Embedded mode of the whole platform: the GraphQL gateway and the four services (trainer,
 * corruption, metrics, attack) in this one process, on the in-process bus and the filesystem
 * store rooted at `storeDir`. `ada run --out DIR` leaves its run records in such a store (rooted
 * at its output folder), so with `storeDir` = that folder its runs show up in the gateway beside
 * those started through it. Every service is the same factory its own process runs against
 * Kafka and S3.
 *
 * Credentials: the API keys of `auth` when given; otherwise a fresh OPERATOR and VIEWER key for
 * this process (returned, so `ada serve` can print them once).
 *
 * ```ts
 * const platform = await startEmbeddedPlatform({ storeDir: '.ada/runs/quick', port: 4000 });
 * console.log(platform.url, platform.keys?.operator);
 * await platform.stop();
 * ```
 */
export interface EmbeddedPlatformOptions {
  /** Root of the filesystem artifact store (run records, checkpoints, job records). */
  storeDir: string;
  port: number;
  host?: string;
  /** CIFAR-10 binary batches; the demo dataset without it. */
  datasetDir?: string;
  auth?: AuthOptions;
  production?: boolean;
  /**
   * Where the services' log lines go (JSON lines as in cluster mode, each record naming its
   * service; default stderr).
   */
  write?: (line: string) => void;
  /**
   * Lowest level logged (default `info`; the corruption worker's per-batch records start at
   * `warn` unless this is set).
   */
  logLevel?: LogLevel;
  /** Serve the web dashboard at `/` (default true; it answers 503 until it is built). */
  dashboard?: boolean;
}

export interface EmbeddedPlatform {
  gateway: Gateway;
  url: string;
  /** The keys made for this process when no `auth` was given. */
  keys?: { operator: string; viewer: string };
  stop(): Promise<void>;
}

export async function startEmbeddedPlatform(
  options: EmbeddedPlatformOptions,
): Promise<EmbeddedPlatform> {
  const logger = (service: string, level: LogLevel = options.logLevel ?? 'info') =>
    createLogger({
      service,
      level,
      ...(options.write === undefined ? {} : { write: options.write }),
    });
  const bus = new InProcessBus();
  const store = new FsArtifactStore({ root: options.storeDir });
  const dataset = options.datasetDir ? { datasetDir: options.datasetDir } : {};
  const keys =
    options.auth === undefined
      ? {
          operator: `ada-op-${randomBytes(24).toString('base64url')}`,
          viewer: `ada-view-${randomBytes(24).toString('base64url')}`,
        }
      : undefined;
  const auth: AuthOptions = options.auth ?? {
    apiKeys: [
      { subject: 'local-operator', role: 'OPERATOR', sha256: hashApiKey(keys!.operator) },
      { subject: 'local-viewer', role: 'VIEWER', sha256: hashApiKey(keys!.viewer) },
    ],
  };
  const trainer = createTrainerService({
    bus,
    store,
    log: logger('trainer-service'),
    ...dataset,
  });
  const corruption = createCorruptionService({
    bus,
    store,
    config: { workerId: 'embedded-0' },
    log: logger('corruption-service', options.logLevel ?? 'warn'),
  });
  const metrics = createMetricsService({
    bus,
    store,
    log: logger('metrics-service'),
    ...dataset,
  });
  const attack = createAttackService({ bus, store, log: logger('attack-service'), ...dataset });
  const gatewayLog = logger('gateway');
  const gateway = createGateway({
    deps: gatewayDeps({ bus, store, replicaId: 'embedded', log: gatewayLog }),
    auth,
    ...(options.production === undefined ? {} : { production: options.production }),
    ...(options.dashboard === false ? {} : { fallback: createDashboardHandler() }),
    log: gatewayLog,
  });
  const runtime = new ServiceRuntime({ name: 'ada-serve', log: logger('ada-serve') })
    .use({ name: 'bus', stop: () => bus.close() })
    .use({ name: 'store', stop: () => store.close() })
    .use({ name: 'topics', start: () => trainer.init() })
    .use(serviceHook('corruption-service', corruption))
    .use(serviceHook('metrics-service', metrics))
    .use(serviceHook('attack-service', attack))
    .use({ ...trainer.hook(), start: () => trainer.listen() })
    .use(gateway.hook(options.port, options.host ?? '127.0.0.1'));
  await runtime.start();
  return {
    gateway,
    url: gateway.url(),
    ...(keys ? { keys } : {}),
    stop: () => runtime.shutdown('stop requested'),
  };
}

function serviceHook(
  name: string,
  service: { start(): Promise<void>; drain(): Promise<void>; stop(): Promise<void> },
): LifecycleHook {
  return {
    name,
    start: () => service.start(),
    drain: () => service.drain(),
    stop: () => service.stop(),
  };
}
