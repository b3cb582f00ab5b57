import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createClassifier, fileCheckpointStore, saveClassifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerAttack } from './attack.ts';

const ignore = (text: string): void => void text;

async function stdoutOf(args: string[]): Promise<string> {
  const p = new Command('ada')
    .exitOverride()
    .configureOutput({ writeOut: ignore, writeErr: ignore });
  registerAttack(p);
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    text += String(chunk);
    return true;
  });
  try {
    await p.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return text;
}

let dir: string;

beforeAll(async () => {
  await initBackend({ log: false });
  dir = await mkdtemp(join(tmpdir(), 'ada-attack-cli-'));
  const net = createClassifier('resnet18-w0.125', { seed: 1 });
  await saveClassifier(fileCheckpointStore(dir), 'ckpt', net, { step: 3 });
  // An `ada run` folder: <run>/checkpoint/step-3 with latest.json pointing at it.
  await saveClassifier(fileCheckpointStore(join(dir, 'run', 'checkpoint')), 'step-3', net, {
    step: 3,
  });
  await writeFile(join(dir, 'run', 'checkpoint', 'latest.json'), '{"key":"step-3","step":3}');
  net.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ada attack (resnet18-w0.125 checkpoint, 6 demo images)', () => {
  const fast = ['--n', '6', '--iterations', '3', '--targets', '2', '--queries', '5'];

  it('prints the table: clean, each attack, robust', async () => {
    const text = await stdoutOf([
      'attack',
      '--checkpoint',
      join(dir, 'ckpt'),
      '--eps',
      '8/255',
      ...fast,
    ]);
    expect(text).toMatch(
      /^demo-test, 6 images, linf eps 8\/255, attacks apgd-ce, apgd-t, square$/m,
    );
    expect(text).toMatch(/^clean\s+\d/m);
    expect(text).toMatch(/^apgd-t\s+\d/m);
    expect(text).toMatch(/^robust \(linf, eps 8\/255\)\s+\d/m);
  });

  it('--json: robust accuracy never above clean, per-attack rows in order', async () => {
    const r = JSON.parse(
      await stdoutOf([
        'attack',
        '--checkpoint',
        join(dir, 'ckpt'),
        '--norm',
        'l2',
        '--eps',
        '0.5',
        '--attacks',
        'apgd-ce,square',
        '--json',
        ...fast,
      ]),
    ) as {
      examples: number;
      cleanAccuracy: number;
      robustAccuracy: number;
      perAttack: { attack: string }[];
    };
    expect(r.examples).toBe(6);
    expect(r.robustAccuracy).toBeLessThanOrEqual(r.cleanAccuracy);
    expect(r.perAttack.map((a) => a.attack)).toEqual(['apgd-ce', 'square']);
  });

  it('takes a run folder or its checkpoint folder like the step folder (the latest checkpoint)', async () => {
    const json = async (at: string): Promise<unknown> => {
      const text = await stdoutOf([
        'attack',
        '--checkpoint',
        at,
        '--eps',
        '1/255',
        '--json',
        ...fast,
        '--attacks',
        'apgd-ce',
      ]);
      const {
        checkpoint: _c,
        seconds: _s,
        perAttack: _p,
        ...rest
      } = JSON.parse(text) as Record<string, unknown>;
      return rest;
    };
    const step = await json(join(dir, 'run', 'checkpoint', 'step-3'));
    expect(await json(join(dir, 'run', 'checkpoint'))).toEqual(step);
    expect(await json(join(dir, 'run'))).toEqual(step);
    await expect(
      stdoutOf(['attack', '--checkpoint', dir, '--eps', '1', '--n', '1']),
    ).rejects.toThrow(
      /expected a run folder, its checkpoint folder \(latest\.json\), a step folder/,
    );
  });

  it('bad flags fail naming the flag', async () => {
    const base = ['attack', '--checkpoint', join(dir, 'ckpt')];
    await expect(stdoutOf([...base, '--eps', 'x'])).rejects.toThrow(/--eps must be/);
    await expect(stdoutOf([...base, '--eps', '1', '--norm', 'l1'])).rejects.toThrow(
      /--norm must be/,
    );
    await expect(stdoutOf([...base, '--eps', '1', '--attacks', 'fab'])).rejects.toThrow(
      /unknown attack 'fab'/,
    );
    await expect(
      stdoutOf(['attack', '--checkpoint', join(dir, 'missing'), '--eps', '1', '--n', '1']),
    ).rejects.toThrow(/missing/);
  });
});
