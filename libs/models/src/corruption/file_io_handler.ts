import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';

interface ModelJson {
  modelTopology?: object;
  weightsManifest?: io.WeightsManifestConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/**
 * A `tf.io.IOHandler` that loads a TF.js model (`model.json` plus its binary weight shards)
 * from the local file system: no network, no `fetch`. Works for layers and graph models.
 *
 * ```ts
 * const artifacts = await fileIOHandler('node_modules/pkg/models/x2/model.json').load();
 * const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
 * const model = await tfl.loadLayersModel(fileIOHandler(path)); // in tests
 * ```
 */
export function fileIOHandler(
  modelJsonPath: string,
): io.IOHandler & { load(): Promise<io.ModelArtifacts> } {
  return {
    load: async (): Promise<io.ModelArtifacts> => {
      let json: ModelJson;
      try {
        json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as ModelJson;
      } catch (cause) {
        throw new Error(`Cannot read TF.js model file '${modelJsonPath}'`, { cause });
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
        throw new Error(
          `'${modelJsonPath}' is not a TF.js model.json (modelTopology and weightsManifest required)`,
        );
      }
      const dir = dirname(modelJsonPath);
      const specs: io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const path of group.paths) buffers.push(readFileSync(join(dir, path)));
      }
      const total = buffers.reduce((a, b) => a + b.byteLength, 0);
      const expected = specs.reduce(
        (a, s) => a + s.shape.reduce((p, d) => p * d, 1) * bytesPerValue(s),
        0,
      );
      if (total !== expected) {
        throw new Error(
          `Weight shards of '${modelJsonPath}' hold ${total} bytes, the manifest needs ${expected}`,
        );
      }
      const weightData = tf.io.concatenateArrayBuffers(
        buffers.map(
          (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
        ),
      );
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? null,
      };
    },
  };
}

function bytesPerValue(spec: io.WeightsManifestEntry): number {
  if (spec.quantization) return spec.quantization.dtype === 'uint8' ? 1 : 2;
  if (spec.dtype === 'string') {
    throw new Error(`Weight '${spec.name}' has dtype string, which fileIOHandler does not support`);
  }
  return spec.dtype === 'bool' ? 1 : 4;
}
