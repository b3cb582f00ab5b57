import type { RunEventV1 } from '@ada/contracts';
import type { CheckpointEntry, ExperimentRecord, RunRecord } from '@ada/records';
import type { ArtifactKind } from './generated/resolvers.ts';

/**
 * What the resolvers of the object types receive as their parent (codegen "mappers"): the run
 * records as `@ada/records` reads them, and small views of what the gateway derives from them.
 * The field resolvers in `resolvers/` turn these into the schema's types.
 */
export type ExperimentView = ExperimentRecord;
export type RunView = RunRecord;

/** A checkpoint of a run (the run id makes its artifact resolvable). */
export interface CheckpointView extends CheckpointEntry {
  runId: string;
}

/** A stored object with what `stat` says about it. */
export interface ArtifactView {
  key: string;
  kind: ArtifactKind;
  size: number;
  sha256?: string;
}

/** One lifecycle event of a run, as the live feed delivers it. */
export interface RunUpdateView {
  event: RunEventV1;
}
