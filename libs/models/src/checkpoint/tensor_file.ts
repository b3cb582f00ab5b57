import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import { CheckpointError } from './checkpoint_error.ts';
import type { ManifestFile, ManifestTensor } from './types.ts';

/** sha256 of bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Packs named float32/int32 tensors into one little-endian byte buffer (names sorted, so the
 * same map always gives the same bytes) plus its manifest entry.
 */
export function encodeTensorFile(
  path: string,
  tensors: NamedTensorMap,
): { bytes: Uint8Array; file: ManifestFile } {
  const names = Object.keys(tensors).sort();
  const entries: ManifestTensor[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name] as Tensor;
    if (t.dtype !== 'float32' && t.dtype !== 'int32') {
      throw new Error(
        `Tensor '${name}' passed to 'saveCheckpoint' must be float32 or int32, got ${t.dtype}`,
      );
    }
    entries.push({ name, dtype: t.dtype, shape: [...t.shape], offset, byteLength: t.size * 4 });
    offset += t.size * 4;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (const e of entries) {
    const data = (tensors[e.name] as Tensor).dataSync();
    for (let i = 0; i < data.length; i++) {
      if (e.dtype === 'float32') view.setFloat32(e.offset + 4 * i, data[i] as number, true);
      else view.setInt32(e.offset + 4 * i, data[i] as number, true);
    }
  }
  return {
    bytes,
    file: { path, sha256: sha256Hex(bytes), byteLength: bytes.byteLength, tensors: entries },
  };
}

/**
 * Checks `bytes` against its manifest entry (length first, then sha256) and unpacks the tensors.
 * `key` (the file's full key) names the file in errors.
 */
export function decodeTensorFile(
  key: string,
  bytes: Uint8Array,
  file: ManifestFile,
): NamedTensorMap {
  if (bytes.byteLength !== file.byteLength) {
    throw new CheckpointError(
      `Checkpoint file '${key}' is ${bytes.byteLength < file.byteLength ? 'truncated' : 'too long'}: ` +
        `${bytes.byteLength} bytes, the manifest says ${file.byteLength}`,
      key,
    );
  }
  const digest = sha256Hex(bytes);
  if (digest !== file.sha256) {
    throw new CheckpointError(
      `Checkpoint file '${key}' is corrupt or tampered: sha256 ${digest}, the manifest says ${file.sha256}`,
      key,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: NamedTensorMap = {};
  for (const e of file.tensors) {
    const size = e.shape.reduce((a, d) => a * d, 1);
    if (e.byteLength !== size * 4 || e.offset < 0 || e.offset + e.byteLength > bytes.byteLength) {
      for (const t of Object.values(out)) t.dispose();
      throw new CheckpointError(
        `Manifest entry '${e.name}' of '${key}' does not fit the file`,
        key,
      );
    }
    const values = e.dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
    for (let i = 0; i < size; i++) {
      values[i] =
        e.dtype === 'float32'
          ? view.getFloat32(e.offset + 4 * i, true)
          : view.getInt32(e.offset + 4 * i, true);
    }
    out[e.name] = tf.tensor(values, e.shape, e.dtype);
  }
  return out;
}
