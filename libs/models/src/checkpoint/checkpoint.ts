import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { CheckpointError } from './checkpoint_error.ts';
import { decodeTensorFile, encodeTensorFile } from './tensor_file.ts';
import type {
  CheckpointData,
  CheckpointManifest,
  CheckpointSink,
  CheckpointSource,
  ManifestFile,
} from './types.ts';

/** File names inside a checkpoint key. */
export const CHECKPOINT_FILES = {
  manifest: 'manifest.json',
  weights: 'weights.bin',
  optimizer: 'optimizer.bin',
} as const;

const join = (key: string, file: string): string => `${key}/${file}`;

/**
 * Saves a checkpoint under `key`: `<key>/weights.bin`, `<key>/optimizer.bin` (when given), then
 * `<key>/manifest.json` last (architecture, config, step, every file's sha256 and byte length,
 * every tensor's name, dtype, shape and offset). Each `put` of the sink is atomic, and the
 * manifest is written after the files it describes, so a checkpoint with a manifest is whole.
 * Tensors must be float32 or int32; they are read, not disposed.
 *
 * ```ts
 * const store = fileCheckpointStore('data/ckpt');
 * await saveCheckpoint(store, 'run-1/step-500', {
 *   arch: net.config.arch, config: net.config, step: 500,
 *   weights: net.getWeights(), optimizer: opt.getState(),
 * });
 * ```
 */
export async function saveCheckpoint<C>(
  sink: CheckpointSink,
  key: string,
  data: CheckpointData<C>,
): Promise<CheckpointManifest> {
  if (typeof key !== 'string' || key.length === 0 || key.endsWith('/')) {
    throw new Error(
      `Argument 'key' passed to 'saveCheckpoint' must be a non-empty key without a trailing '/', got '${key}'`,
    );
  }
  if (typeof data.arch !== 'string' || data.arch.length === 0) {
    throw new Error(`Argument 'data.arch' passed to 'saveCheckpoint' must be a non-empty string`);
  }
  if (!Number.isInteger(data.step) || data.step < 0) {
    throw new Error(
      `Argument 'data.step' passed to 'saveCheckpoint' must be an integer >= 0, got ${data.step}`,
    );
  }
  const weights = encodeTensorFile(CHECKPOINT_FILES.weights, data.weights);
  const optimizer = data.optimizer
    ? encodeTensorFile(CHECKPOINT_FILES.optimizer, data.optimizer)
    : undefined;
  const manifest: CheckpointManifest = {
    format: 'ada-checkpoint',
    version: 1,
    arch: data.arch,
    config: JSON.parse(JSON.stringify(data.config ?? null)) as unknown,
    step: data.step,
    createdAt: new Date().toISOString(),
    files: optimizer
      ? { weights: weights.file, optimizer: optimizer.file }
      : { weights: weights.file },
    ...(data.extra ? { extra: data.extra } : {}),
  };
  await sink.put(join(key, CHECKPOINT_FILES.weights), weights.bytes);
  if (optimizer) await sink.put(join(key, CHECKPOINT_FILES.optimizer), optimizer.bytes);
  await sink.put(
    join(key, CHECKPOINT_FILES.manifest),
    new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
  );
  return manifest;
}

/** Parses and checks `<key>/manifest.json`. */
export function parseManifest(manifestKey: string, bytes: Uint8Array): CheckpointManifest {
  let m: CheckpointManifest;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as CheckpointManifest;
  } catch (cause) {
    throw new CheckpointError(
      `Checkpoint manifest '${manifestKey}' is not valid JSON (truncated or corrupt)`,
      manifestKey,
      false,
      { cause },
    );
  }
  const bad = (what: string): CheckpointError =>
    new CheckpointError(`Checkpoint manifest '${manifestKey}': ${what}`, manifestKey);
  if (m === null || typeof m !== 'object') throw bad('must be a JSON object');
  if (m.format !== 'ada-checkpoint' || m.version !== 1)
    throw bad(`unknown format ${String(m.format)} v${String(m.version)}`);
  if (typeof m.arch !== 'string') throw bad("'arch' must be a string");
  if (!Number.isInteger(m.step) || m.step < 0) throw bad("'step' must be an integer >= 0");
  const checkFile = (f: ManifestFile | undefined, name: string): void => {
    if (f === undefined) return;
    if (
      typeof f.path !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256) ||
      !Number.isInteger(f.byteLength) ||
      !Array.isArray(f.tensors)
    ) {
      throw bad(`'files.${name}' must have path, sha256 (hex), byteLength and tensors`);
    }
    for (const t of f.tensors) {
      if (
        typeof t.name !== 'string' ||
        (t.dtype !== 'float32' && t.dtype !== 'int32') ||
        !Array.isArray(t.shape) ||
        !t.shape.every((d) => Number.isInteger(d) && d >= 0)
      ) {
        throw bad(`tensor entry ${JSON.stringify(t.name)} of 'files.${name}' is malformed`);
      }
    }
  };
  if (m.files === null || typeof m.files !== 'object' || m.files.weights === undefined)
    throw bad("'files.weights' is missing");
  checkFile(m.files.weights, 'weights');
  checkFile(m.files.optimizer, 'optimizer');
  return m;
}

/**
 * Loads the checkpoint saved under `key`, verifying every file against the manifest (byte
 * length, then sha256) before decoding. A missing, truncated or tampered file rejects with a
 * `CheckpointError` whose message and `key` name that file. The caller owns (and disposes) the
 * returned tensors.
 *
 * ```ts
 * const ckpt = await loadCheckpoint(store, 'run-1/step-500');
 * const net = createClassifier(ckpt.config as PreActResNetConfig);
 * net.setWeights(ckpt.weights);
 * ```
 */
export async function loadCheckpoint(
  source: CheckpointSource,
  key: string,
): Promise<CheckpointData & { manifest: CheckpointManifest }> {
  const manifestKey = join(key, CHECKPOINT_FILES.manifest);
  const manifest = parseManifest(manifestKey, await source.get(manifestKey));
  const read = async (file: ManifestFile): Promise<NamedTensorMap> => {
    const fileKey = join(key, file.path);
    return decodeTensorFile(fileKey, await source.get(fileKey), file);
  };
  const weights = await read(manifest.files.weights);
  let optimizer: NamedTensorMap | undefined;
  try {
    optimizer = manifest.files.optimizer ? await read(manifest.files.optimizer) : undefined;
  } catch (error) {
    for (const t of Object.values(weights)) t.dispose();
    throw error;
  }
  return {
    arch: manifest.arch,
    config: manifest.config,
    step: manifest.step,
    weights,
    ...(optimizer ? { optimizer } : {}),
    ...(manifest.extra ? { extra: manifest.extra } : {}),
    manifest,
  };
}
