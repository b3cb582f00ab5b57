import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventBus } from '@ada/bus';
import { RunRecordsReader, RunRecordsWriter } from '@ada/records';
import type { Logger } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import { BusRunCommands } from './commands.ts';
import type { GatewayDeps } from './context.ts';
import { JobService } from './jobs.ts';
import { LiveRunFeed } from './live.ts';
import { canPresign, PresignedUrlSigner } from './urls.ts';

/**
 * The gateway's ports on a bus and a store: the records reader (and the writer, for
 * experiments only), commands on the bus, the live feed and the job clients, each in a consumer
 * group unique to this replica, and presigned S3 links when the store can make them (otherwise
 * the server signs its own route).
 *
 * ```ts
 * const deps = gatewayDeps({ bus, store });
 * const gateway = createGateway({ deps, auth });
 * ```
 */
export interface GatewayDepsOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** Names this replica's consumer groups (default `<host>.<random>`). */
  replicaId?: string;
  /** How long augment/evaluation jobs wait for their reply (default 600000 ms). */
  jobTimeoutMs?: number;
  /** Structured log (default: a logger of `gateway` on stderr; tests: silent). */
  log?: Logger;
}

export function gatewayDeps(
  options: GatewayDepsOptions,
): Omit<GatewayDeps, 'urls'> & Partial<Pick<GatewayDeps, 'urls'>> {
  const replica =
    options.replicaId ??
    `${hostname()
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 60)}.${randomBytes(4).toString('hex')}`;
  return {
    records: new RunRecordsReader(options.store),
    experiments: new RunRecordsWriter(options.store),
    store: options.store,
    commands: new BusRunCommands(options.bus),
    jobs: new JobService({
      bus: options.bus,
      store: options.store,
      groupPrefix: `gateway.${replica}`,
      ...(options.jobTimeoutMs === undefined ? {} : { timeoutMs: options.jobTimeoutMs }),
      ...(options.log ? { log: options.log } : {}),
    }),
    live: new LiveRunFeed(options.bus, { groupId: `gateway-live.${replica}` }),
    ...(canPresign(options.store) ? { urls: new PresignedUrlSigner(options.store) } : {}),
  };
}
