import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileIOHandler, loadUpscalerNetwork, packageDir, parseKerasGraph } from '@ada/models';
import type { CorruptionNetwork } from '@ada/models';
import type { Tensor } from '@tensorflow/tfjs-core';

/** One entry of a network's weight file: where block `name` lies in the flat float32 array. */
export interface PackedBlock {
  readonly name: string;
  readonly kind: string;
  readonly shape: number[];
  readonly offset: number;
  readonly length: number;
}

/**
 * The parameters of a network in block order as one float32 array, with each block's offset and
 * length: the `.bin` / `.json` pair that `bench/gpu/ada_dose.py` reads for every network.
 */
export function packBlocks(
  specs: readonly { name: string; kind: string; shape: readonly number[] }[],
  params: readonly Tensor[],
): { blocks: PackedBlock[]; flat: Float32Array } {
  const chunks = params.map((p) => p.dataSync() as Float32Array);
  let offset = 0;
  const blocks = specs.map((b, i) => {
    const entry = {
      name: b.name,
      kind: b.kind,
      shape: [...b.shape],
      offset,
      length: chunks[i]!.length,
    };
    offset += chunks[i]!.length;
    return entry;
  });
  const flat = new Float32Array(offset);
  blocks.forEach((b, i) => flat.set(chunks[i]!, b.offset));
  return { blocks, flat };
}

/**
 * Writes rdn-slim-x2 as `bench/gpu/ada_dose.py`'s `Rdn` reads it: `rdn.json` (layer graph as
 * parsed by `parseKerasGraph`, output, blocks with offsets, scale, range, resize) and `rdn.bin`
 * (the pretrained weights in block order, float32 LE). Returns the loaded network (the caller
 * disposes it).
 */
export async function writeRdnGraph(out: string): Promise<CorruptionNetwork> {
  const net = await loadUpscalerNetwork('rdn-slim-x2');
  const pkg = packageDir('@upscalerjs/esrgan-slim');
  const artifacts = await fileIOHandler(join(pkg, 'models/x2/model.json')).load();
  const graph = parseKerasGraph(artifacts.modelTopology);
  if (graph.blocks.length !== net.params.length) {
    throw new Error(`graph has ${graph.blocks.length} blocks, network ${net.params.length}`);
  }
  const { blocks, flat } = packBlocks(graph.blocks, net.params);
  await writeFile(join(out, 'rdn.bin'), new Uint8Array(flat.buffer));
  await writeFile(
    join(out, 'rdn.json'),
    `${JSON.stringify(
      {
        network: net.name,
        scale: net.scale,
        range: 255,
        resize: net.resize,
        layers: graph.layers,
        output: graph.output,
        blocks,
      },
      null,
      1,
    )}\n`,
  );
  return net;
}
