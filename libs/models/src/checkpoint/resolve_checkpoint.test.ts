import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCheckpoint } from './resolve_checkpoint.ts';

// An `ada run --out` folder: two runs, each with checkpoint/step-N and latest.json.
const out = mkdtempSync(join(tmpdir(), 'ada-resolve-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
function run(setup: string, step: number): string {
  const ckpt = join(out, setup, 'seed-0', 'checkpoint');
  mkdirSync(join(ckpt, `step-${step}`), { recursive: true });
  writeFileSync(join(ckpt, `step-${step}`, 'manifest.json'), '{}');
  writeFileSync(join(ckpt, 'latest.json'), JSON.stringify({ key: `step-${step}`, step }));
  return join(out, setup, 'seed-0');
}
const nominal = run('nominal', 10);
const ada = run('ada', 20);

describe('resolveCheckpoint', () => {
  it('resolves a run folder, its checkpoint folder and a step folder to the same checkpoint', () => {
    const want = {
      root: join(nominal, 'checkpoint'),
      key: 'step-10',
      dir: join(nominal, 'checkpoint', 'step-10'),
    };
    expect(resolveCheckpoint(nominal)).toEqual(want);
    expect(resolveCheckpoint(join(nominal, 'checkpoint'))).toEqual(want);
    expect(resolveCheckpoint(join(nominal, 'checkpoint', 'step-10'))).toEqual(want);
    expect(resolveCheckpoint(`${join(nominal, 'checkpoint')}@step-10`)).toEqual(want);
  });

  it('an experiment folder with several runs names them', () => {
    expect(() => resolveCheckpoint(out)).toThrow(
      /an experiment folder with 2 runs \(ada\/seed-0, nominal\/seed-0\); name one of them/,
    );
    const single = mkdtempSync(join(tmpdir(), 'ada-resolve-one-'));
    try {
      const ckpt = join(single, 'ada', 'seed-3', 'checkpoint');
      mkdirSync(join(ckpt, 'step-1'), { recursive: true });
      writeFileSync(join(ckpt, 'step-1', 'manifest.json'), '{}');
      writeFileSync(join(ckpt, 'latest.json'), '{"key":"step-1"}');
      expect(resolveCheckpoint(single).dir).toBe(join(ckpt, 'step-1'));
    } finally {
      rmSync(single, { recursive: true, force: true });
    }
    expect(resolveCheckpoint(ada).key).toBe('step-20');
  });

  it('errors name the argument, the file at fault and what was expected', () => {
    const expected =
      /expected a run folder, its checkpoint folder \(latest\.json\), a step folder \(manifest\.json\) or DIR@KEY/;
    expect(() => resolveCheckpoint(join(out, 'absent'))).toThrow(/absent does not exist/);
    expect(() => resolveCheckpoint(join(out, 'absent'))).toThrow(expected);
    expect(() => resolveCheckpoint(join(out, 'nominal'))).toThrow(expected);
    writeFileSync(join(out, 'file.txt'), '');
    expect(() => resolveCheckpoint(join(out, 'file.txt'))).toThrow(/is a file, not a folder/);
    const bad = join(out, 'bad', 'checkpoint');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'latest.json'), '{"key": ');
    expect(() => resolveCheckpoint(bad)).toThrow(/latest\.json is not valid JSON .*corrupt/);
    writeFileSync(join(bad, 'latest.json'), '{"key": "../../etc"}');
    expect(() => resolveCheckpoint(bad)).toThrow(/must name a checkpoint folder beside it/);
    writeFileSync(join(bad, 'latest.json'), '{"key": "step-9"}');
    expect(() => resolveCheckpoint(bad)).toThrow(/points at step-9, which holds no manifest\.json/);
    expect(() => resolveCheckpoint(`${nominal}@step-99`)).toThrow(
      /no manifest\.json for key 'step-99'/,
    );
  });
});
