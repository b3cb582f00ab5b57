import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Issue "Run integrity": what `ada run` may reuse, replace and delete, and how it stops.
const root = join(import.meta.dirname, '..');
const ADA = join(root, 'cli', 'bin', 'ada.mjs');
const base = mkdtempSync(join(tmpdir(), 'ada-integrity-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function ada(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [ADA, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ADA_PROGRESS: 'json' },
    timeout: 300_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The tiniest real run: nominal only, 64 demo images (one batch), 8 test images, 1 epoch. */
function tiny(out: string, ...extra: string[]): string[] {
  const args = ['run', '--preset', 'quick', '--setups', 'nominal', '--train-size', '64'];
  return [...args, '--test-size', '8', '--epochs', '1', '--jobs', '1', '--out', out, ...extra];
}

const read = (path: string): string => readFileSync(path, 'utf8');

describe('ada run: resume, reuse and replace', () => {
  const out = join(base, 'tiny');
  const runDir = join(out, 'nominal', 'seed-0');

  it('a finished run is not reused under other settings, and nothing is rewritten', () => {
    expect(ada(tiny(out)).status).toBe(0);
    const config = read(join(out, 'config.json'));
    const results = read(join(out, 'results.json'));
    const res = ada(tiny(out, '--resume', '--epochs', '2', '--nu', '0.005'));
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /--resume: .*config\.json records other settings than this command \(ada\.nu: 0\.015 -> 0\.005; train\.epochs: 1 -> 2\)/,
    );
    expect(res.stderr).not.toMatch(/reusing/);
    expect(read(join(out, 'config.json'))).toBe(config);
    expect(read(join(out, 'results.json'))).toBe(results);
    // The same settings are reused as before.
    const again = ada(tiny(out, '--resume'));
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/finished earlier, reusing/);
    expect(read(join(out, 'config.json'))).toBe(config);
  });

  it('a run folder recorded under another hash is refused on --resume', () => {
    const record = read(join(runDir, 'run.json'));
    const result = read(join(runDir, 'result.json'));
    const forged = (text: string): string =>
      text.replace(/"configHash":"[0-9a-f]+"/, `"configHash":"${'0'.repeat(64)}"`);
    writeFileSync(join(runDir, 'result.json'), forged(result));
    const res = ada(tiny(out, '--resume'));
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/nominal seed 0 in .* was trained under other settings/);
    writeFileSync(join(runDir, 'run.json'), record);
    writeFileSync(join(runDir, 'result.json'), result);
  });

  it('refuses a non-empty --out without --resume or --overwrite and deletes nothing', () => {
    writeFileSync(join(runDir, 'notes.txt'), 'mine');
    const results = read(join(out, 'results.json'));
    const res = ada(tiny(out));
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /--out .* is not empty \(it holds an earlier experiment\); pass --resume/,
    );
    expect(read(join(out, 'results.json'))).toBe(results);
    expect(existsSync(join(runDir, 'checkpoint', 'latest.json'))).toBe(true);
    // --overwrite trains afresh and replaces the run's own files only.
    const over = ada(tiny(out, '--overwrite', '--epochs', '2'));
    expect(over.status).toBe(0);
    expect(read(join(runDir, 'notes.txt'))).toBe('mine');
    const cfg = JSON.parse(read(join(out, 'config.json'))) as { train: { epochs: number } };
    expect(cfg.train.epochs).toBe(2);
  });

  it('checks --data-dir, the paper preset, --model and --train-size before any work', () => {
    const empty = join(base, 'empty-data');
    mkdirSync(empty);
    const cases: [string[], RegExp][] = [
      [
        tiny(join(base, 'd1'), '--data-dir', join(base, 'absent')),
        /--data-dir .*absent does not exist; download/,
      ],
      [
        tiny(join(base, 'd2'), '--data-dir', empty),
        /--data-dir .*empty-data holds no CIFAR-10 binary batches \(test_batch\.bin/,
      ],
      [
        ['run', '--preset', 'paper', '--out', join(base, 'd3')],
        /--preset paper trains on CIFAR-10 and needs --data-dir DIR: download/,
      ],
      [tiny(join(base, 'd4'), '--model', 'resnet99'), /--model must be one of .*got 'resnet99'/],
      [
        tiny(join(base, 'd5'), '--train-size', '16'),
        /--train-size must be at least the batch size .*got 16/,
      ],
    ];
    for (const [args, message] of cases) {
      const res = ada(args);
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(/backend|benchmark/);
    }
    for (const d of ['d1', 'd2', 'd3', 'd4', 'd5']) expect(existsSync(join(base, d))).toBe(false);
  });
});

/** Processes whose command line names `needle` (the jobs of a run, by its --out). */
function processesWith(needle: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.includes(needle) && l.includes('--job'));
}

describe('ada run: SIGTERM stops like Ctrl-C', () => {
  const out = join(base, 'term');
  const args = [
    'run',
    '--preset',
    'quick',
    '--setups',
    'nominal',
    '--seeds',
    '0,1',
    '--train-size',
    '320',
    '--test-size',
    '8',
    '--epochs',
    '2',
    '--jobs',
    '2',
    '--out',
    out,
  ];

  it('checkpoints every job, leaves no child running, exits 143; --resume adds up the train time', async () => {
    const child = spawn(process.execPath, [ADA, ...args], {
      cwd: root,
      env: { ...process.env, ADA_PROGRESS: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    await new Promise<void>((resolveStarted, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no training progress:\n${stderr}`)),
        240_000,
      );
      const seen = new Set<string>();
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        for (const m of stderr.matchAll(/"phase":"train nominal s(\d)","done":(\d+)/g))
          if (Number(m[2]) >= 1) seen.add(m[1]!);
        if (seen.size === 2) {
          clearTimeout(timer);
          resolveStarted();
        }
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/SIGTERM: stopping after this step and writing a checkpoint/);
    expect(stdout).toMatch(/Interrupted: every run wrote a checkpoint/);
    expect(processesWith(out)).toEqual([]);
    const earlier: number[] = [];
    for (const seed of [0, 1]) {
      const dir = join(out, 'nominal', `seed-${seed}`);
      expect(existsSync(join(dir, 'checkpoint', 'latest.json'))).toBe(true);
      earlier.push((JSON.parse(read(join(dir, 'train_time.json'))) as { seconds: number }).seconds);
    }

    const res = ada([...args, '--resume']);
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/resuming at step [1-9]/);
    const results = JSON.parse(read(join(out, 'results.json'))) as {
      runs: { seed: number; steps: number; trainSeconds: number }[];
    };
    for (const r of results.runs) {
      expect(r.steps).toBe(10);
      expect(r.trainSeconds).toBeGreaterThan(earlier[r.seed]!);
    }
  }, 300_000); // three ada processes train and evaluate in it: minutes on a busy machine
});

describe('ada run: a stop while the corruption benchmark is built', () => {
  it('is answered at once (before any training), exits 143 and writes no checkpoint', async () => {
    const out = join(base, 'term-bench');
    // 1,000 test images: the benchmark (15 corruptions x 5 severities) takes seconds to build.
    const child = spawn(process.execPath, [ADA, ...tiny(out, '--test-size', '1000')], {
      cwd: root,
      env: { ...process.env, ADA_PROGRESS: 'json' },
    });
    let stderr = '';
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    await new Promise<void>((resolveStarted, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no benchmark progress:\n${stderr}`)),
        120_000,
      );
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/"phase":"benchmark","done":1,/.test(stderr)) {
          clearTimeout(timer);
          resolveStarted();
        }
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(
      /Interrupted: stopped while generating the corruption benchmark \(\d+ of 75 sets/,
    );
    expect(stderr).not.toMatch(/"phase":"train/);
    expect(existsSync(join(out, 'nominal', 'seed-0', 'checkpoint'))).toBe(false);
  }, 180_000);
});

describe('ada run --preset cpu-full without the photo bank', () => {
  it('stops before any work, naming the missing bank and the set-up command', () => {
    const cache = mkdtempSync(join(base, 'cache-'));
    const out = join(base, 'no-photos');
    const res = spawnSync(
      process.execPath,
      [ADA, 'run', '--preset', 'cpu-full', '--setups', 'nominal', '--seeds', '0', '--out', out],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache },
        timeout: 60_000,
      },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /photo variant \(--preset cpu-full\) needs its photo bank, and .*demo-photos\/photos\.json does not exist: run `npm run setup:demo-photos`/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
