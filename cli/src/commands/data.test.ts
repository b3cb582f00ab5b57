import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePng, readNpy } from '@ada/data';
import { register } from './data.ts';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'ada-cli-data-'));
});
afterEach(() => rm(out, { recursive: true, force: true }));

const ignore = (text: string): void => void text;

function program(): Command {
  const p = new Command('ada')
    .exitOverride()
    .configureOutput({ writeOut: ignore, writeErr: ignore });
  register(p);
  return p;
}

describe('ada data demo', () => {
  it('--train 20 --test 10 --seed 2 writes uint8 [20,32,32,3] / [10,32,32,3] .npy, labels, classes and a contact sheet', async () => {
    await program().parseAsync(
      ['data', 'demo', '--out', out, '--train', '20', '--test', '10', '--seed', '2'],
      { from: 'user' },
    );
    const train = readNpy(await readFile(join(out, 'train.npy')));
    expect([train.dtype, train.shape]).toEqual(['uint8', [20, 32, 32, 3]]);
    const labels = readNpy(await readFile(join(out, 'test_labels.npy')));
    expect([labels.dtype, labels.shape]).toEqual(['uint8', [10]]);
    expect((await readFile(join(out, 'classes.txt'), 'utf8')).trim().split('\n')).toHaveLength(10);
    const sheet = decodePng(await readFile(join(out, 'contact_sheet.png')));
    expect(sheet.width).toBeGreaterThan(10 * 96);
  });

  it('rejects a non-numeric --train', async () => {
    await expect(
      program().parseAsync(['data', 'demo', '--out', out, '--train', 'many'], { from: 'user' }),
    ).rejects.toThrow(/--train must be a non-negative integer, got 'many'/);
  });
});
