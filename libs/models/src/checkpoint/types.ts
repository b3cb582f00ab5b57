import type { NamedTensorMap } from '@tensorflow/tfjs-core';

/** Where checkpoint files go: a key-value byte store (file system now, S3 later). */
export interface CheckpointSink {
  /** Stores `bytes` under `key`, atomically: a reader sees the old value, nothing, or all of it. */
  put(key: string, bytes: Uint8Array): Promise<void>;
}

/** Where checkpoint files come from. `get` rejects when `key` does not exist. */
export interface CheckpointSource {
  get(key: string): Promise<Uint8Array>;
}

/** Both directions, e.g. `fileCheckpointStore(dir)`. */
export interface CheckpointStore extends CheckpointSink, CheckpointSource {}

/** What a checkpoint holds. */
export interface CheckpointData<C = unknown> {
  /** Architecture name, e.g. `preact-resnet`. */
  arch: string;
  /** JSON-serialisable configuration that rebuilds the architecture. */
  config: C;
  /** Training step (integer >= 0). */
  step: number;
  /** Model tensors by name (float32 or int32), running statistics included. */
  weights: NamedTensorMap;
  /** Optimiser state by name (e.g. momentum buffers), if any. */
  optimizer?: NamedTensorMap;
  /** Any other JSON-serialisable data (epoch, RNG state, metrics, ...). */
  extra?: Record<string, unknown>;
}

/** One tensor inside a checkpoint file. */
export interface ManifestTensor {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  /** Byte offset inside the file; little-endian values, C order. */
  offset: number;
  byteLength: number;
}

/** One binary file of a checkpoint. */
export interface ManifestFile {
  /** Key relative to the checkpoint key, e.g. `weights.bin`. */
  path: string;
  sha256: string;
  byteLength: number;
  tensors: ManifestTensor[];
}

/** `<key>/manifest.json`: written last, so its presence means the checkpoint is complete. */
export interface CheckpointManifest {
  format: 'ada-checkpoint';
  version: 1;
  arch: string;
  config: unknown;
  step: number;
  createdAt: string;
  files: { weights: ManifestFile; optimizer?: ManifestFile };
  extra?: Record<string, unknown>;
}
