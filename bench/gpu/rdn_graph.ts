import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileIOHandler, loadUpscalerNetwork, packageDir, parseKerasGraph } from '@ada/models';
import type { CorruptionNetwork } from '@ada/models';

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
  let offset = 0;
  const chunks: Float32Array[] = [];
  const blocks = graph.blocks.map((b, i) => {
    const data = net.params[i]!.dataSync() as Float32Array;
    chunks.push(data);
    const entry = { name: b.name, kind: b.kind, shape: [...b.shape], offset, length: data.length };
    offset += data.length;
    return entry;
  });
  const flat = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    flat.set(c, at);
    at += c.length;
  }
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
