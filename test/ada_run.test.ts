import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'ada-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function ada(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [join(root, 'cli', 'bin', 'ada.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ADA_PROGRESS: 'json' },
    timeout: 600_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

// A tiny version of the README's main command: both setups of the quick preset on 64 demo
// training images for one epoch, evaluated on 32 test images x 15 corruptions x 5 severities.
const args = [
  'run',
  '--preset',
  'quick',
  '--train-size',
  '64',
  '--test-size',
  '32',
  '--epochs',
  '1',
  '--out',
  out,
];

describe('ada run (embedded mode, quick preset shrunk to 64 training images)', () => {
  it('trains nominal and AdA, evaluates them and prints Table 1 and the per-corruption table', () => {
    const res = ada(args);
    expect(res.stderr).not.toMatch(/Error:/);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/### Table 1/);
    expect(res.stdout).toMatch(/\| Nominal \|/);
    expect(res.stdout).toMatch(/\| AdA \|/);
    expect(res.stdout).toMatch(/Gaussian Noise/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      runs: {
        setup: string;
        status: string;
        mce: number;
        cleanAccuracy: number;
        adaSsim: number[];
        corruptionErrors: Record<string, number[]>;
      }[];
    };
    expect(results.runs.map((r) => r.setup)).toEqual(['nominal', 'ada']);
    for (const r of results.runs) {
      expect(r.status).toBe('completed');
      expect(r.mce).toBeGreaterThanOrEqual(0);
      expect(r.mce).toBeLessThanOrEqual(1);
      expect(Object.keys(r.corruptionErrors)).toHaveLength(15);
      for (const errs of Object.values(r.corruptionErrors)) expect(errs).toHaveLength(5);
    }
    expect(results.runs[1]!.adaSsim.length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'ada', 'seed-0', 'checkpoint', 'latest.json'))).toBe(true);
    expect(existsSync(join(out, 'results.md'))).toBe(true);
  });

  it('with --resume reuses the finished runs and reports the same numbers', () => {
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    // --jobs 1: the in-process path (the first run used one process per run on a multi-core machine).
    const res = ada([...args, '--resume', '--jobs', '1']);
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/finished earlier, reusing/);
    const after = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: unknown };
    expect(after.runs).toEqual((JSON.parse(before) as { runs: unknown }).runs);
  });

  it('rejects an unknown preset with the valid names', () => {
    const res = ada(['run', '--preset', 'huge', '--out', out]);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/--preset must be one of quick, cpu-full, paper, got 'huge'/);
  });
});

describe('ada run with parallel jobs: Ctrl-C and --resume', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ada-run-int-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const jobArgs = [
    'run',
    '--preset',
    'quick',
    '--train-size',
    '320',
    '--test-size',
    '16',
    '--epochs',
    '2',
    '--jobs',
    '2',
    '--out',
    dir,
  ];

  it('SIGINT to the parent checkpoints every running job; --resume finishes them', async () => {
    const child = spawn(process.execPath, [join(root, 'cli', 'bin', 'ada.mjs'), ...jobArgs], {
      cwd: root,
      env: { ...process.env, ADA_PROGRESS: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const training = new Set<string>();
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    await new Promise<void>((resolveStarted, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no training progress:\n${stderr}`)),
        300_000,
      );
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        for (const m of stderr.matchAll(/"phase":"train (nominal|ada) s0","done":(\d+)/g)) {
          if (Number(m[2]) >= 1) training.add(m[1]!);
        }
        if (training.size === 2) {
          clearTimeout(timer);
          resolveStarted();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/Interrupted: every run wrote a checkpoint/);
    for (const run of ['nominal', 'ada'])
      expect(existsSync(join(dir, run, 'seed-0', 'checkpoint', 'latest.json'))).toBe(true);

    const res = ada([...jobArgs, '--resume']);
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/resuming at step [1-9]/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      runs: { setup: string; status: string; steps: number }[];
    };
    expect(results.runs.map((r) => [r.setup, r.status, r.steps])).toEqual([
      ['nominal', 'completed', 10],
      ['ada', 'completed', 10],
    ]);
  }, 300_000); // three ada processes train and evaluate in it: minutes on a busy machine
});
