import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { BackendInfo } from '@ada/tensor';

/** Clock of the first core in GHz: `os.cpus()`, else `/proc/cpuinfo`; undefined if unknown. */
function clockGhz(): number | undefined {
  const mhz = cpus()[0]?.speed;
  if (mhz) return mhz / 1000;
  try {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? Number(m[1]) / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A rough float32 ceiling for the backend on this machine, with its assumptions spelled out:
 * wasm runs one thread of 128-bit SIMD (4 lanes) issuing at most two multiplies and two adds
 * per cycle (no FMA in baseline wasm SIMD) = 16 FLOP/cycle; the cpu backend is scalar JS,
 * about 2 FLOP/cycle; tfjs-node uses every core with AVX2 FMA (2 x 8 lanes x 2) = 32 FLOP/cycle.
 * Returns undefined when the clock is unknown.
 */
export function peakEstimate(info: BackendInfo): { gflops: number; how: string } | undefined {
  const ghz = clockGhz();
  if (ghz === undefined) return undefined;
  const perCycle = info.name === 'wasm' ? 16 : info.name === 'cpu' ? 2 : 32;
  const threads = info.name === 'tensorflow' ? availableParallelism() : info.threads;
  const gflops = ghz * perCycle * threads;
  return {
    gflops,
    how: `${threads} thread${threads === 1 ? '' : 's'} x ${ghz.toFixed(2)} GHz x ${perCycle} FLOP/cycle`,
  };
}
