import { createHash, randomUUID } from 'node:crypto';
import type { ArtifactStore } from './artifact_store.ts';
import { ObjectNotFoundError, StoreChecksumError, StoreError } from './errors.ts';
import { checkKey } from './keys.ts';

/**
 * Atomic publication of a multi-file artifact (a checkpoint, a shard set, a result bundle).
 * The parts are written under a fresh version folder `<key>/v-<uuid>/`, then one manifest object
 * `<key>/manifest.json` (a single atomic write) names the version and each part's size and
 * sha256. Readers go through the manifest, so they see the previous complete artifact or the new
 * complete one, never a mix; a writer that dies before the manifest leaves nothing visible.
 *
 * ```ts
 * await publishArtifact(store, 'runs/r1/ckpt/100', { 'weights.bin': w, 'spec.json': s }, { step: 100 });
 * const { parts, meta } = await readArtifact(store, 'runs/r1/ckpt/100');   // parts['weights.bin']
 * ```
 */
export interface ArtifactManifest {
  format: 'ada.artifact.v1';
  key: string;
  version: string;
  createdAt: string;
  parts: Record<string, { key: string; size: number; sha256: string }>;
  meta: Record<string, unknown>;
}

export const MANIFEST_NAME = 'manifest.json';

/** Writes the parts, then the manifest; returns the manifest. */
export async function publishArtifact(
  store: ArtifactStore,
  key: string,
  parts: Record<string, Uint8Array>,
  meta: Record<string, unknown> = {},
): Promise<ArtifactManifest> {
  checkKey(key);
  const names = Object.keys(parts);
  if (names.length === 0) {
    throw new TypeError("Argument 'parts' passed to 'publishArtifact' must name at least one part");
  }
  const version = `v-${randomUUID()}`;
  const manifest: ArtifactManifest = {
    format: 'ada.artifact.v1',
    key,
    version,
    createdAt: new Date().toISOString(),
    parts: {},
    meta,
  };
  for (const name of names) {
    if (name.includes('/') || name === MANIFEST_NAME) {
      throw new TypeError(
        `Argument 'parts' passed to 'publishArtifact' has an invalid part name '${name}'`,
      );
    }
    const partKey = `${key}/${version}/${name}`;
    const stored = await store.put(partKey, parts[name] as Uint8Array);
    manifest.parts[name] = { key: partKey, size: stored.size, sha256: stored.sha256 };
  }
  await store.put(`${key}/${MANIFEST_NAME}`, new TextEncoder().encode(JSON.stringify(manifest)));
  return manifest;
}

/** Reads the manifest of a published artifact (`ObjectNotFoundError` when not published). */
export async function readManifest(store: ArtifactStore, key: string): Promise<ArtifactManifest> {
  checkKey(key);
  const bytes = await store.get(`${key}/${MANIFEST_NAME}`);
  let manifest: ArtifactManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as ArtifactManifest;
  } catch (cause) {
    throw new StoreError('manifest is not JSON', { key, cause });
  }
  if (manifest.format !== 'ada.artifact.v1' || typeof manifest.parts !== 'object') {
    throw new StoreError('manifest has an unknown format', { key });
  }
  return manifest;
}

/** Reads every part of a published artifact, verified against the manifest. */
export async function readArtifact(
  store: ArtifactStore,
  key: string,
): Promise<{
  manifest: ArtifactManifest;
  parts: Record<string, Uint8Array>;
  meta: Record<string, unknown>;
}> {
  const manifest = await readManifest(store, key);
  const parts: Record<string, Uint8Array> = {};
  for (const [name, part] of Object.entries(manifest.parts)) {
    let bytes: Uint8Array;
    try {
      bytes = await store.get(part.key);
    } catch (e) {
      if (e instanceof ObjectNotFoundError) {
        throw new StoreError(`part '${name}' of the manifest is missing`, { key, cause: e });
      }
      throw e;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== part.size || sha256 !== part.sha256) {
      throw new StoreChecksumError(part.key, `part '${name}' differs from the manifest`);
    }
    parts[name] = bytes;
  }
  return { manifest, parts, meta: manifest.meta };
}
