import type { ArtifactStore } from '@ada/store';
import { ObjectNotFoundError } from '@ada/store';
import { loadCheckpoint, saveCheckpoint, type Classifier } from '@ada/models';
import type { TrainState } from '@ada/training';

/**
 * Classifier checkpoints of one run in the artifact store, the ones corruption workers attack
 * and the ones a restarted trainer resumes from:
 *
 * - `runs/<runId>/ckpt/<step>/{weights.bin, optimizer.bin, manifest.json}`: `saveCheckpoint`'s
 *   layout (manifest last, so a checkpoint with a manifest is whole); its `manifest.json` key is
 *   the `checkpoint.key` of clean batches and `checkpoint` run events;
 * - `runs/<runId>/ckpt/latest.json`: `{ step, key }` of the newest complete one, written after it.
 *
 * ```ts
 * const ckpts = new StoreCheckpoints(store, 'r1');
 * const ref = await ckpts.save(model, state);          // { step, key, sha256 }
 * const resume = await ckpts.loadLatest();             // TrainState or undefined
 * ```
 */
export interface CheckpointRef {
  step: number;
  /** Manifest key (`runs/<runId>/ckpt/<step>/manifest.json`). */
  key: string;
  /** sha256 of the manifest object. */
  sha256: string;
}

export class StoreCheckpoints {
  readonly prefix: string;

  constructor(
    private readonly store: ArtifactStore,
    runId: string,
  ) {
    this.prefix = `runs/${runId}/ckpt`;
  }

  /** Key of the checkpoint folder of `step`. */
  folder(step: number): string {
    return `${this.prefix}/${step}`;
  }

  /** Saves the classifier's weights (and the optimiser state when given) as step `step`. */
  async save(
    model: Classifier,
    step: number,
    weights: TrainState['weights'],
    optimizer?: TrainState['optimizer'],
  ): Promise<CheckpointRef> {
    const folder = this.folder(step);
    const sink = {
      put: async (key: string, bytes: Uint8Array) => void (await this.store.put(key, bytes)),
    };
    await saveCheckpoint(sink, folder, {
      arch: model.config.arch,
      config: model.config,
      step,
      weights,
      ...(optimizer ? { optimizer } : {}),
    });
    const key = `${folder}/manifest.json`;
    const { sha256 } = await this.store.stat(key);
    await this.store.put(
      `${this.prefix}/latest.json`,
      new TextEncoder().encode(`${JSON.stringify({ step, key })}\n`),
    );
    return { step, key, sha256 };
  }

  /** The newest complete checkpoint, or undefined when the run has none. */
  async latest(): Promise<CheckpointRef | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.store.get(`${this.prefix}/latest.json`);
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return undefined;
      throw e;
    }
    const { step, key } = JSON.parse(new TextDecoder().decode(bytes)) as {
      step: number;
      key: string;
    };
    const { sha256 } = await this.store.stat(key);
    return { step, key, sha256 };
  }

  /** The training state of the newest checkpoint (weights and momentum), if any. */
  async loadLatest(): Promise<TrainState | undefined> {
    const ref = await this.latest();
    if (ref === undefined) return undefined;
    const ckpt = await loadCheckpoint(this.store, this.folder(ref.step));
    return { step: ckpt.step, weights: ckpt.weights, optimizer: ckpt.optimizer ?? {} };
  }

  /** Deletes checkpoints older than `keepFrom` except the newest (no batch in flight names them). */
  async prune(keepFrom: number, newest: number): Promise<void> {
    for (const { key } of await this.store.list(`${this.prefix}/`)) {
      const step = Number(key.slice(this.prefix.length + 1).split('/')[0]);
      if (Number.isInteger(step) && step < keepFrom && step !== newest) {
        await this.store.delete(key);
      }
    }
  }
}
