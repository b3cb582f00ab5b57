import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import {
  BACKEND_NAMES,
  describeConv,
  HEADLINE_CONV,
  initBackend,
  isBackendName,
  timeMs,
} from '@ada/tensor';
import type { BackendInfo, BackendName, TimeOptions } from '@ada/tensor';
import { peakEstimate } from './peak.ts';
import { SUITES } from './suites/index.ts';
import { markdownTable } from './table.ts';
import type { ResultRow } from './table.ts';
import type { BenchContext } from './types.ts';

export interface BenchOptions {
  /**
   * Backends to measure, in order; default: tensorflow and wasm where they start, cpu only when
   * neither does (the cpu backend's conv gradients take minutes per case: name it to include it).
   */
  backends?: readonly BackendName[];
  /** Fewer cases and repetitions. */
  quick?: boolean;
  /** Only the suites with these names. */
  suites?: readonly string[];
  /** Progress lines (which backend/suite runs); default silent. */
  progress?: (line: string) => void;
}

export interface BenchReport {
  rows: ResultRow[];
  backends: BackendInfo[];
  /** Backends asked for (or tried by default) that could not start, with the reason. */
  unavailable: Array<{ backend: BackendName; why: string }>;
  /** The whole report as Markdown: context, table, peak estimates, target check. */
  markdown: string;
}

/** The target: forward+backward at >= 60% of the forward GFLOP/s on wasm. */
const TARGET_RATIO = 0.6;
const TARGET_CASE = describeConv(HEADLINE_CONV);

/**
 * Runs every suite on every requested backend and returns the rows and a Markdown report.
 * Leaves the backend that was current before it ran (or the auto-selected one) current again.
 *
 * ```ts
 * const { markdown } = await runBench({ backends: ['wasm'], quick: true });
 * ```
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const quick = options.quick ?? false;
  const suites = SUITES.filter((s) => !options.suites || options.suites.includes(s.name));
  if (options.suites) {
    const unknown = options.suites.filter((n) => !SUITES.some((s) => s.name === n));
    if (unknown.length > 0) {
      throw new Error(
        `Unknown benchmark suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`,
      );
    }
  }
  const before = tf.getBackend();
  const rows: ResultRow[] = [];
  const infos: BackendInfo[] = [];
  const unavailable: BenchReport['unavailable'] = [];
  const requested = options.backends ?? BACKEND_NAMES;
  for (const backend of requested) {
    if (options.backends === undefined && backend === 'cpu' && infos.length > 0) {
      unavailable.push({ backend, why: 'skipped by default, slow; add it with --backend' });
      continue;
    }
    let info: BackendInfo;
    try {
      info = await initBackend({ backend, log: false });
    } catch (err) {
      unavailable.push({ backend, why: err instanceof Error ? err.message : String(err) });
      continue;
    }
    infos.push(info);
    const timeOptions: TimeOptions =
      backend === 'cpu'
        ? { warmup: 0, reps: 1 }
        : quick
          ? { warmup: 1, reps: 2 }
          : { warmup: 1, reps: 3 };
    const ctx: BenchContext = {
      backend,
      quick,
      timeOptions,
      time: (fn, o) => timeMs(fn, o ?? timeOptions),
    };
    for (const suite of suites) {
      options.progress?.(`bench: ${suite.name} on ${backend}...`);
      for (const row of await suite.run(ctx)) rows.push({ ...row, backend, suite: suite.name });
    }
  }
  if (before && tf.getBackend() !== before) await tf.setBackend(before);
  return { rows, backends: infos, unavailable, markdown: report(rows, infos, unavailable, quick) };
}

function report(
  rows: ResultRow[],
  infos: BackendInfo[],
  unavailable: BenchReport['unavailable'],
  quick: boolean,
): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const out = [
    `Benchmark${quick ? ' (quick)' : ''}: ${cpu}, ${cpus().length} cores, Node ${process.version}`,
    ...infos.map(
      (i) =>
        `- ${i.name}: ${i.packageName} ${i.version}, ${i.threads} thread${i.threads === 1 ? '' : 's'}`,
    ),
    ...unavailable.map((u) => `- ${u.backend}: not measured (${u.why})`),
    '',
    markdownTable(rows),
    '',
  ];
  for (const info of infos) {
    const peak = peakEstimate(info);
    if (peak) {
      out.push(
        `Peak estimate, ${info.name}: ${peak.gflops.toFixed(0)} GFLOP/s (${peak.how}; a rough ceiling).`,
      );
    }
  }
  const target = rows.find((r) => r.backend === 'wasm' && r.case === TARGET_CASE);
  if (target?.forwardBackwardMs !== undefined) {
    const ratio = (3 * target.forwardMs) / target.forwardBackwardMs;
    out.push(
      `Target (wasm, ${TARGET_CASE}): fwd+bwd GFLOP/s = ${(100 * ratio).toFixed(0)}% of fwd, ` +
        `${ratio >= TARGET_RATIO ? 'meets' : 'MISSES'} the >= ${100 * TARGET_RATIO}% target.`,
    );
  }
  return out.join('\n');
}

/** Parses `--backend wasm,cpu`, `--quick`, `--suite conv2d,matMul`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`Option '${flag}' needs a value`);
      return v;
    };
    if (flag === '--quick') options.quick = true;
    else if (flag === '--backend') {
      const names = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !isBackendName(n));
      if (bad.length > 0) {
        throw new Error(
          `Option '--backend' takes ${BACKEND_NAMES.join(', ')}; got ${bad.join(', ')}`,
        );
      }
      options.backends = names as BackendName[];
    } else if (flag === '--suite')
      options.suites = value()
        .split(',')
        .map((s) => s.trim());
    else
      throw new Error(
        `Unknown option '${arg}'; usage: bench [--backend wasm,cpu] [--quick] [--suite conv2d]`,
      );
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const options = parseBenchArgs(process.argv.slice(2));
    const { markdown } = await runBench({
      ...options,
      progress: (l) => process.stderr.write(`${l}\n`),
    });
    process.stdout.write(`${markdown}\n`);
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
