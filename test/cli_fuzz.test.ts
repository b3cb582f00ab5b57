import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomState, writeNpy } from '@ada/data';

/**
 * CLI fuzz test: generated malformed .npy files, checkpoints and flags (a fixed seed, a fixed
 * count) fed to the `ada` commands as real processes. Each must exit non-zero with one clear
 * line naming the input, no stack trace, and touch nothing outside its --out folder.
 */
const root = join(import.meta.dirname, '..');
const ADA = join(root, 'cli', 'bin', 'ada.mjs');
const sandbox = mkdtempSync(join(tmpdir(), 'ada-fuzz-'));
const inputs = join(sandbox, 'in');
const OUT = join(sandbox, 'out');
mkdirSync(inputs);
mkdirSync(OUT);
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

// A seeded generator (numpy's RandomState): every run feeds the same cases.
const random = new RandomState(17);
const rand = (): number => random.randomSample();
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

/** A .npy header for `descr` and `shape` followed by `body`. */
function npyWithHeader(header: string, body: Uint8Array): Uint8Array {
  const text = `${header}${' '.repeat(64 - ((10 + header.length + 1) % 64))}\n`;
  const out = new Uint8Array(10 + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out[8] = text.length & 0xff;
  out[9] = text.length >> 8;
  out.set(new TextEncoder().encode(text), 10);
  out.set(body, 10 + text.length);
  return out;
}
const valid = (): Uint8Array =>
  writeNpy({ dtype: 'uint8', shape: [2, 8, 8, 3], data: new Uint8Array(384).fill(90) });

/** Malformed .npy generators, each named for the report of a failing case. */
const NPY: Record<string, () => Uint8Array> = {
  'random bytes': () => Uint8Array.from({ length: int(200) }, () => int(256)),
  truncated: () => valid().subarray(0, 10 + int(valid().length - 11)),
  'garbage header': () =>
    npyWithHeader(
      String.fromCharCode(...Array.from({ length: 20 }, () => 32 + int(90))),
      new Uint8Array(8),
    ),
  'complex dtype': () =>
    npyWithHeader(
      "{'descr': '<c8', 'fortran_order': False, 'shape': (1, 4, 4, 3), }",
      new Uint8Array(384),
    ),
  'short data': () =>
    npyWithHeader(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (4, 8, 8, 3), }",
      new Uint8Array(100),
    ),
  'huge shape': () =>
    npyWithHeader(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (99999999, 9999, 9999, 3), }",
      new Uint8Array(10),
    ),
  'NaN pixel': () => {
    const data = new Float32Array(1 * 8 * 8 * 3).fill(0.5);
    data[int(data.length)] = NaN;
    return writeNpy({ dtype: 'float32', shape: [1, 8, 8, 3], data });
  },
  '0..255 floats': () =>
    writeNpy({
      dtype: 'float32',
      shape: [1, 8, 8, 3],
      data: Float32Array.from({ length: 192 }, (_, i) => i),
    }),
  'rank 2': () => writeNpy({ dtype: 'uint8', shape: [8, 8], data: new Uint8Array(64) }),
  'zero images': () => writeNpy({ dtype: 'uint8', shape: [0, 8, 8, 3], data: new Uint8Array(0) }),
  'int64 pixels': () => writeNpy({ dtype: 'int32', shape: [1, 4, 4, 3], data: new Int32Array(48) }),
};

/** Malformed checkpoints: a folder layout and the file contents in it. */
const CHECKPOINTS: Record<string, (dir: string) => void> = {
  'corrupt latest.json': (d) => writeFileSync(join(d, 'latest.json'), '{"key": "step-'),
  'latest.json escaping': (d) => writeFileSync(join(d, 'latest.json'), '{"key": "../../x"}'),
  'latest.json to a missing step': (d) =>
    writeFileSync(join(d, 'latest.json'), '{"key": "step-7"}'),
  'garbage manifest': (d) => writeFileSync(join(d, 'manifest.json'), String(rand()).repeat(3)),
  'manifest without files': (d) =>
    writeFileSync(join(d, 'manifest.json'), JSON.stringify({ format: 'ada-checkpoint', step: 1 })),
  'empty folder': () => undefined,
};

/** Flags of `ada run` with values outside their range. */
const RUN_FLAGS = [
  '--epochs',
  '--seeds',
  '--nu',
  '--jobs',
  '--train-size',
  '--ada-steps',
  '--ada-fraction',
  '--model',
  '--preset',
  '--setups',
];
const BAD_VALUES = ['-1', 'x', '1e9999', 'NaN', '0.5.1', '', ' ', '1,,2'];

interface Case {
  name: string;
  args: string[];
  /** Text the error line must contain (the input it names). */
  names: string;
}

function npyCase(i: number): Case {
  const kind = pick(Object.keys(NPY));
  const path = join(inputs, `f${i}.npy`);
  writeFileSync(path, NPY[kind]!());
  const file = `f${i}.npy`;
  const command = pick(['ssim', 'corrupt', 'examples']);
  const args =
    command === 'ssim'
      ? ['ssim', path, path]
      : command === 'corrupt'
        ? [
            'corrupt',
            '--name',
            'gaussian_noise',
            '--severity',
            '1',
            '--in',
            path,
            '--out',
            join(OUT, `c${i}.npy`),
          ]
        : [
            'examples',
            '--in',
            path,
            '--network',
            'toy',
            '--classifier',
            'resnet18-w0.125',
            '--n',
            '2',
            '--out',
            join(OUT, `e${i}.png`),
          ];
  return { name: `${command} on ${kind}`, args, names: file };
}

function checkpointCase(i: number): Case {
  const kind = pick(Object.keys(CHECKPOINTS));
  const dir = join(inputs, `ckpt${i}`);
  mkdirSync(dir);
  CHECKPOINTS[kind]!(dir);
  const command = pick(['attack', 'examples']);
  const args =
    command === 'attack'
      ? [
          'attack',
          '--checkpoint',
          dir,
          '--eps',
          '1/255',
          '--n',
          '1',
          '--attacks',
          'apgd-ce',
          '--iterations',
          '1',
        ]
      : [
          'examples',
          '--checkpoint',
          dir,
          '--network',
          'toy',
          '--n',
          '1',
          '--out',
          join(OUT, `k${i}.png`),
        ];
  return { name: `${command} --checkpoint ${kind}`, args, names: `ckpt${i}` };
}

function flagCase(i: number): Case {
  const flag = pick(RUN_FLAGS);
  const value = pick(BAD_VALUES);
  return {
    name: `run ${flag} '${value}'`,
    args: ['run', '--preset', 'quick', flag, value, '--out', join(OUT, `r${i}`)],
    names: flag,
  };
}

const CASES: Case[] = [
  ...Array.from({ length: 10 }, (_, i) => npyCase(i)),
  ...Array.from({ length: 6 }, (_, i) => checkpointCase(i)),
  ...Array.from({ length: 6 }, (_, i) => flagCase(i)),
  { name: 'unknown flag', args: ['ssim', 'a.npy', 'b.npy', `--x${int(1000)}`], names: '--x' },
  { name: 'ssim of a folder', args: ['ssim', inputs, inputs], names: inputs },
];

function ada(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ADA, ...args], {
      cwd: sandbox,
      env: { ...process.env, ADA_PROGRESS: 'json', NO_COLOR: '1' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** Every file and folder under `dir` except `--out`, with size and modification time. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (p === OUT) continue;
      const s = statSync(p);
      out.push(`${relative(sandbox, p)} ${s.size} ${s.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe(`ada CLI fuzz: ${CASES.length} generated malformed inputs (seed 17)`, () => {
  it('each exits non-zero with one clear line naming its input, no stack trace, nothing outside --out touched', async () => {
    const before = snapshot(sandbox);
    const contents = readFileSync(join(inputs, 'f0.npy'));
    const results: { c: Case; code: number | null; stderr: string; seconds: number }[] = [];
    const queue = [...CASES];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const t0 = Date.now();
          const { code, stderr } = await ada(c.args);
          results.push({ c, code, stderr, seconds: (Date.now() - t0) / 1000 });
        }
      }),
    );
    const problems: string[] = [];
    for (const { c, code, stderr, seconds } of results) {
      if (process.env.ADA_FUZZ_VERBOSE) process.stdout.write(`${seconds.toFixed(1)} s ${c.name}\n`);
      // Lines of the error: not the JSON log records, not the backend's report.
      const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
      const errorLines = lines.filter((l) => /^(ada|error): /.test(l) && !/^ada: backend /.test(l));
      const why: string[] = [];
      if (code === 0 || code === null) why.push(`exit ${code}`);
      if (errorLines.length !== 1) why.push(`${errorLines.length} error lines`);
      else if (!errorLines[0]!.includes(c.names)) why.push(`error line does not name ${c.names}`);
      if (lines.some((l) => /^\s+at\s/.test(l) || /node:internal|\.ts:\d+:\d+/.test(l)))
        why.push('stack trace');
      if (lines.some((l) => /\b(TypeError|ReferenceError|SyntaxError|Unexpected token)\b/.test(l)))
        why.push('raw JavaScript error');
      if (lines.length > 3) why.push(`${lines.length} lines`);
      if (why.length > 0)
        problems.push(`${c.name} [${c.args.join(' ')}]: ${why.join(', ')}\n${stderr}`);
    }
    expect(problems).toEqual([]);
    expect(snapshot(sandbox)).toEqual(before);
    expect(readFileSync(join(inputs, 'f0.npy'))).toEqual(contents);
  }, 300_000);

  it('ada --version prints the CLI version', async () => {
    const { code, stdout } = await ada(['--version']);
    expect(code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(root, 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(stdout.trim()).toBe(pkg.version);
  });
});
