import type { ArtifactStore } from '@ada/store';
import type { RunRecordsReader, RunRecordsWriter } from '@ada/records';
import type { Principal } from './auth.ts';
import type { RunCommands } from './commands.ts';
import type { JobService } from './jobs.ts';
import type { LiveRunFeed } from './live.ts';
import type { ArtifactUrlSigner } from './urls.ts';

/**
 * What every resolver gets: who is calling and the gateway's ports. Built once per HTTP request
 * or WebSocket operation from the server's shared `GatewayDeps`.
 */
export interface GatewayDeps {
  /** The only way the gateway reads runs and experiments. */
  records: RunRecordsReader;
  /** The experiment writer (createExperiment): records of `@ada/records`. */
  experiments: ExperimentWriter;
  store: ArtifactStore;
  commands: RunCommands;
  jobs: JobService;
  live: LiveRunFeed;
  urls: ArtifactUrlSigner;
}

/** Writes experiment records (the records writer of `@ada/records`). */
export type ExperimentWriter = Pick<RunRecordsWriter, 'createExperiment'>;

export interface GatewayContext extends GatewayDeps {
  principal: Principal | undefined;
}
