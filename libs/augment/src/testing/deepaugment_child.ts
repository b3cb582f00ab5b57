/**
 * Child process for the DeepAugment resume test: generates a small DeepAugment set into the
 * directory given as first argument; with a second argument K it kills itself (SIGKILL) right
 * after the images file of shard K is written, before its labels file, as a crash would.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { generateDeepAugment } from '../deepaugment/generate.ts';
import { DEEPAUGMENT_CHILD_SETTINGS } from './deepaugment_settings.ts';
import { tinyCorruptionNetwork, tinySourceImages } from './tiny_corruption_network.ts';

const [outDir, killAt] = process.argv.slice(2);
if (!outDir) throw new Error('usage: deepaugment_child.ts OUT_DIR [KILL_AFTER_SHARD_IMAGES]');
await tf.setBackend('cpu');
const { n, size, seed, copies, shardSize, groupSize } = DEEPAUGMENT_CHILD_SETTINGS;
await generateDeepAugment(
  tinySourceImages(n, size),
  [tinyCorruptionNetwork(1), tinyCorruptionNetwork(2)],
  {
    outDir,
    seed,
    copies,
    shardSize,
    groupSize,
    onShard: ({ shard, phase }) => {
      if (killAt !== undefined && phase === 'images' && shard === Number(killAt))
        process.kill(process.pid, 'SIGKILL');
    },
  },
);
