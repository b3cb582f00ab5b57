/**
 * Writes what `bench/gpu/ada_dose.py` needs, from the TypeScript side, into one folder: the
 * `cpu-full` demo data at its size, procedural variant (what `ada run --preset cpu-full
 * --demo-variant procedural` trains and tests on; the GPU measurements in bench/gpu/README.md
 * used it, from before cpu-full switched to the photo variant), the rdn-slim-x2 corruption network (its layer graph as parsed by `parseKerasGraph`, its
 * pretrained weights in the graph's block order) and reference outputs of that network from
 * tfjs, so that the PyTorch port can check itself before it trains.
 *
 * ```sh
 * npx tsx bench/gpu/export_inputs.ts --out .gpu/inputs
 * ```
 *
 * Files: train_x.npy uint8 [N, 32, 32, 3], train_y.npy uint8 [N], test_x.npy, test_y.npy,
 * rdn.json (layers, output, blocks with byte offsets, scale, range), rdn.bin (float32 LE),
 * rdn_check_x.npy float32 [8, 32, 32, 3] in [0, 1] and rdn_check_y.npy (c_phi(x), unclipped).
 *
 * The EDSR-style restoration networks (`edsr-denoise`, `edsr-dejpeg`, `edsr-deblur`) go in too
 * when they are set up (`npm run setup:restoration-nets`; opt-in, licence unclear, see
 * libs/models): NAME.json (arch, config, blocks in `restorationNetBlocks` order with offsets),
 * NAME.bin (float32 LE, HWIO kernels) and NAME_check_y.npy (the network's output on
 * rdn_check_x.npy, clipped to [0, 1] as the network's forward does). `--restoration-nets` picks
 * them (default: every one that is set up; `none` for none; a named one that is not set up is an
 * error). The folder then holds weights whose licence is unclear: never commit it.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadTrainTest, writeNpy } from '@ada/data';
import {
  RESTORATION_NETWORK_NAMES,
  loadNamedRestorationNet,
  restorationNetsDir,
  type RestorationNetworkName,
} from '@ada/models';
import { initBackend } from '@ada/tensor';
import { packBlocks, writeRdnGraph } from './rdn_graph.ts';

const { values: o } = parseArgs({
  options: {
    out: { type: 'string', default: '.gpu/inputs' },
    'train-size': { type: 'string', default: '10000' },
    'test-size': { type: 'string', default: '2000' },
    'restoration-nets': { type: 'string' },
  },
});
const out = o.out!;
const trainSize = Number(o['train-size']);
const testSize = Number(o['test-size']);
for (const [flag, v] of [
  ['--train-size', trainSize],
  ['--test-size', testSize],
] as const) {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${flag} must be a positive integer`);
}

// Which restoration networks to write: checked before any work.
const setUp = async (name: RestorationNetworkName): Promise<boolean> =>
  access(join(restorationNetsDir(), name, 'manifest.json')).then(
    () => true,
    () => false,
  );
let restorationNets: RestorationNetworkName[];
if (o['restoration-nets'] === undefined) {
  restorationNets = [];
  for (const name of RESTORATION_NETWORK_NAMES) if (await setUp(name)) restorationNets.push(name);
} else if (o['restoration-nets'] === 'none') {
  restorationNets = [];
} else {
  restorationNets = o['restoration-nets']
    .split(',')
    .map((v) => v.trim()) as RestorationNetworkName[];
  for (const name of restorationNets) {
    if (!RESTORATION_NETWORK_NAMES.includes(name)) {
      throw new RangeError(
        `--restoration-nets: unknown '${name}', expected 'none' or a list of ${RESTORATION_NETWORK_NAMES.join(', ')}`,
      );
    }
    if (!(await setUp(name))) {
      throw new Error(
        `--restoration-nets: '${name}' is not set up in ${restorationNetsDir()}; run \`npm run setup:restoration-nets\``,
      );
    }
  }
}

await initBackend({ log: false });
await mkdir(out, { recursive: true });

// Data: what `ada run --preset cpu-full --demo-variant procedural` loads (seed 0 is the
// experiment's data seed).
const { train, test, source } = await loadTrainTest({ trainSize, testSize, seed: 0 });
const save = (name: string, data: Uint8Array | Float32Array, shape: number[]): Promise<void> =>
  writeFile(
    join(out, name),
    writeNpy({ dtype: data instanceof Uint8Array ? 'uint8' : 'float32', shape, data }),
  );
await save('train_x.npy', train.images, [...train.shape]);
await save('train_y.npy', Uint8Array.from(train.labels), [train.shape[0]]);
await save('test_x.npy', test.images, [...test.shape]);
await save('test_y.npy', Uint8Array.from(test.labels), [test.shape[0]]);

// The corruption network: graph + weights in block order.
const net = await writeRdnGraph(out);

// Reference outputs: c_phi(x) on the first 8 test images (unclipped, as `apply` returns it).
const x = tf.tidy(() =>
  tf.div(tf.tensor4d(test.images.subarray(0, 8 * 3072), [8, 32, 32, 3], 'int32'), 255),
) as tf.Tensor4D;
const y = net.apply(x, net.params);
await save('rdn_check_x.npy', x.dataSync() as Float32Array, [...x.shape]);
await save('rdn_check_y.npy', y.dataSync() as Float32Array, [...y.shape]);
tf.dispose(y);

// The restoration networks: weights in block order, and their output on the same 8 images.
for (const name of restorationNets) {
  const rnet = await loadNamedRestorationNet(name);
  const { blocks, flat } = packBlocks(rnet.blocks, rnet.params);
  await writeFile(join(out, `${name}.bin`), new Uint8Array(flat.buffer));
  await writeFile(
    join(out, `${name}.json`),
    `${JSON.stringify({ network: name, arch: 'edsr-restoration', config: rnet.config, blocks }, null, 1)}\n`,
  );
  const ry = rnet.apply(x, rnet.params);
  await save(`${name}_check_y.npy`, ry.dataSync() as Float32Array, [...ry.shape]);
  tf.dispose(ry);
  rnet.dispose();
}
tf.dispose(x);
console.log(
  JSON.stringify({
    out,
    data: source.kind,
    train: train.shape[0],
    test: test.shape[0],
    blocks: net.params.length,
    params: net.params.reduce((n, p) => n + p.size, 0),
    restorationNets,
  }),
);
net.dispose();
