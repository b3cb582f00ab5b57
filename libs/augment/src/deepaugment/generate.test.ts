import '@tensorflow/tfjs-backend-cpu';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryByteStore, readNpy, readShards } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEPAUGMENT_CHILD_SETTINGS as S } from '../testing/deepaugment_settings.ts';
import { tinyCorruptionNetwork, tinySourceImages } from '../testing/tiny_corruption_network.ts';
import { generateDeepAugment } from './generate.ts';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, '..', 'testing', 'deepaugment_child.ts');
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ada-deepaugment-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runChild(
  outDir: string,
  killAt?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const args = [
      '--import',
      'tsx',
      childScript,
      outDir,
      ...(killAt === undefined ? [] : [String(killAt)]),
    ];
    const child = spawn(process.execPath, args, { cwd: here, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ code, signal });
    });
  });
}

const settings = { seed: S.seed, copies: S.copies, shardSize: S.shardSize, groupSize: S.groupSize };
const networks = () => [tinyCorruptionNetwork(1), tinyCorruptionNetwork(2)];

describe('generateDeepAugment (6 images 8x8, 3 copies, shards of 4, groups of 3)', () => {
  it('a child killed mid-way (after shard 2 images, before its labels) resumes to the bytes of an uninterrupted run', async () => {
    const killed = tempDir();
    const { signal } = await runChild(killed, 2);
    expect(signal).toBe('SIGKILL');
    const left = readdirSync(killed).sort();
    expect(left).toContain('shard-00001.labels.npy');
    expect(left).toContain('shard-00002.images.npy');
    expect(left).not.toContain('shard-00002.labels.npy');
    expect(left).not.toContain('manifest.json');

    const skipped: number[] = [];
    const nets = networks();
    const resumed = await generateDeepAugment(tinySourceImages(S.n, S.size), nets, {
      outDir: killed,
      ...settings,
      onShard: ({ shard, phase }) => {
        if (phase === 'skipped') skipped.push(shard);
      },
    });
    expect(skipped).toEqual([0, 1]);

    const clean = tempDir();
    const whole = await generateDeepAugment(tinySourceImages(S.n, S.size), nets, {
      outDir: clean,
      ...settings,
    });
    nets.forEach((n) => n.dispose());
    expect(resumed).toEqual(whole);
    expect(whole.count).toBe(18);
    expect(whole.shards).toHaveLength(5);
    const files = readdirSync(clean).sort();
    expect(readdirSync(killed).sort()).toEqual(files);
    for (const f of files)
      expect(readFileSync(join(killed, f)).equals(readFileSync(join(clean, f)))).toBe(true);
    // The output is a regular sharded dataset of @ada/data (sha256 checked on read).
    const ds = await readShards(directoryByteStore(clean), '');
    expect(ds.shape).toEqual([18, 8, 8, 3]);
    expect(Array.from(ds.labels.subarray(6, 12))).toEqual(
      Array.from(tinySourceImages(S.n, S.size).labels),
    );
  });

  it('the uninterrupted child run equals the in-process run (seeded)', async () => {
    const a = tempDir();
    await runChild(a);
    const b = tempDir();
    const nets = networks();
    await generateDeepAugment(tinySourceImages(S.n, S.size), nets, { outDir: b, ...settings });
    nets.forEach((n) => n.dispose());
    for (const f of readdirSync(b))
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
  });

  it('outputs are altered copies with the source labels, and other seeds give other images', async () => {
    const src = tinySourceImages(S.n, S.size);
    const nets = networks();
    const a = tempDir();
    const b = tempDir();
    await generateDeepAugment(src, nets, { outDir: a, ...settings, copies: 1, shardSize: 6 });
    await generateDeepAugment(src, nets, {
      outDir: b,
      ...settings,
      seed: 99,
      copies: 1,
      shardSize: 6,
    });
    nets.forEach((n) => n.dispose());
    const ia = readNpy(new Uint8Array(readFileSync(join(a, 'shard-00000.images.npy'))));
    const ib = readNpy(new Uint8Array(readFileSync(join(b, 'shard-00000.images.npy'))));
    const la = readNpy(new Uint8Array(readFileSync(join(a, 'shard-00000.labels.npy'))));
    expect(ia.shape).toEqual([6, 8, 8, 3]);
    expect(Array.from(la.data as Uint8Array)).toEqual(Array.from(src.labels));
    expect(Buffer.from(ia.data as Uint8Array).equals(Buffer.from(src.images))).toBe(false);
    expect(Buffer.from(ia.data as Uint8Array).equals(Buffer.from(ib.data as Uint8Array))).toBe(
      false,
    );
  });

  it('refuses to continue a directory generated with other settings', async () => {
    const d = tempDir();
    const nets = networks();
    await generateDeepAugment(tinySourceImages(S.n, S.size), nets, {
      outDir: d,
      ...settings,
      copies: 1,
    });
    await expect(
      generateDeepAugment(tinySourceImages(S.n, S.size), nets, {
        outDir: d,
        ...settings,
        copies: 2,
      }),
    ).rejects.toThrow(/other settings/);
    nets.forEach((n) => n.dispose());
    expect(existsSync(join(d, 'manifest.json'))).toBe(true);
  });

  it('does not leak tensors', async () => {
    const nets = networks();
    const before = tf.memory().numTensors;
    await generateDeepAugment(tinySourceImages(4, 8), nets, {
      outDir: tempDir(),
      ...settings,
      copies: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    nets.forEach((n) => n.dispose());
  });
});
