import type { CheckpointSource, Classifier } from '@ada/models';
import { loadClassifier } from '@ada/models';
import { RetriableHandlerError } from '@ada/bus';

/**
 * The classifier checkpoints a worker holds, least recently used evicted beyond `capacity`.
 * Entries are keyed by the checkpoint's folder key (`runs/r1/ckpt/16`; a reference to its
 * `.../manifest.json` names the same entry). A batch that names a newer step than the cached
 * one, or a manifest whose sha256 changed (a published classifier replaced under the same key),
 * loads the checkpoint again. Classifiers in use are pinned: eviction disposes them only after
 * the last `release()`.
 *
 * ```ts
 * const cache = new ClassifierCache(store, { capacity: 3, fingerprint: (k) => store.stat(k) });
 * const lease = await cache.acquire('runs/r1/ckpt/16/manifest.json', { minStep: 16 });
 * try { lease.classifier.apply(x) } finally { lease.release() }
 * ```
 */
export interface ClassifierLease {
  readonly classifier: Classifier;
  /** Training step of the loaded checkpoint. */
  readonly step: number;
  /** Folder key of the checkpoint. */
  readonly key: string;
  release(): void;
}

export interface ClassifierCacheOptions {
  capacity: number;
  /** sha256 of a manifest key, to notice a replaced checkpoint (`ArtifactStore.stat`). */
  fingerprint?: (manifestKey: string) => Promise<{ sha256: string }>;
}

export interface AcquireOptions {
  /** The step the caller needs at least; an older cached entry is reloaded. */
  minStep?: number;
  /** Check the manifest's sha256 against the cached entry's (one store round trip). */
  revalidate?: boolean;
}

interface Entry {
  key: string;
  classifier: Classifier;
  step: number;
  sha256: string | undefined;
  pins: number;
  evicted: boolean;
}

const MANIFEST = 'manifest.json';

/** The folder key of a checkpoint reference (`a/b/manifest.json` and `a/b/` -> `a/b`). */
export function checkpointFolder(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  return trimmed.endsWith(`/${MANIFEST}`) ? trimmed.slice(0, -MANIFEST.length - 1) : trimmed;
}

export class ClassifierCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Checkpoints loaded from the store so far (tests, metrics). */
  loads = 0;

  constructor(
    private readonly source: CheckpointSource,
    private readonly options: ClassifierCacheOptions,
  ) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(
        `Argument 'capacity' passed to 'ClassifierCache' must be an integer >= 1, got ${options.capacity}`,
      );
    }
  }

  /** Folder keys currently cached, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  async acquire(ref: string, options: AcquireOptions = {}): Promise<ClassifierLease> {
    const key = checkpointFolder(ref);
    const minStep = options.minStep ?? 0;
    let sha256: string | undefined;
    if (options.revalidate === true && this.options.fingerprint !== undefined) {
      sha256 = (await this.options.fingerprint(`${key}/${MANIFEST}`)).sha256;
    }
    let entry = this.entries.get(key);
    const fresh =
      entry !== undefined &&
      entry.step >= minStep &&
      (sha256 === undefined || entry.sha256 === undefined || entry.sha256 === sha256);
    if (!fresh) entry = await this.load(key, sha256);
    if (entry === undefined) throw new Error('unreachable: no entry after load');
    if (entry.step < minStep) {
      throw new RetriableHandlerError(
        `checkpoint '${key}' holds step ${entry.step}, older than the step ${minStep} the batch names (not published yet?)`,
      );
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.pins++;
    const pinned = entry;
    let released = false;
    return {
      classifier: pinned.classifier,
      step: pinned.step,
      key,
      release: () => {
        if (released) return;
        released = true;
        pinned.pins--;
        if (pinned.evicted && pinned.pins === 0) pinned.classifier.dispose();
      },
    };
  }

  /** Disposes every classifier that is not in use (the rest go on their release). */
  clear(): void {
    for (const entry of this.entries.values()) this.evict(entry);
    this.entries.clear();
  }

  private load(key: string, sha256: string | undefined): Promise<Entry> {
    const running = this.loading.get(key);
    if (running !== undefined) return running;
    const run = (async () => {
      const fingerprint =
        sha256 ?? (await this.options.fingerprint?.(`${key}/${MANIFEST}`))?.sha256;
      const { classifier, step, optimizer } = await loadClassifier(this.source, key);
      for (const t of Object.values(optimizer ?? {})) t.dispose();
      this.loads++;
      const entry: Entry = { key, classifier, step, sha256: fingerprint, pins: 0, evicted: false };
      const old = this.entries.get(key);
      if (old !== undefined) this.evict(old);
      this.entries.set(key, entry);
      while (this.entries.size > this.options.capacity) {
        const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
        this.entries.delete(oldestKey);
        this.evict(oldest);
      }
      return entry;
    })();
    this.loading.set(key, run);
    return run.finally(() => this.loading.delete(key));
  }

  private evict(entry: Entry): void {
    entry.evicted = true;
    if (entry.pins === 0) entry.classifier.dispose();
  }
}
