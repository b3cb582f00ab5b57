/**
 * Test helpers over the reference fixtures in `libs/corruptions/fixtures/` (copied from the
 * reference set; see its README): the 32 clean 32x32 patches, the reference generator's output for
 * every corruption and severity, its statistics and its parameter table. Paths resolve relative
 * to this file, so tests run from any working directory.
 *
 * ```ts
 * const { images } = loadReferenceImages();             // 32 ImageU8, 32x32
 * const expected = loadReferenceOutput('pixelate', 3);  // Uint8Array [32, 32, 32, 3]
 * const { ensemble } = referenceStats('shot_noise', 2);
 * ```
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy, type NpyArray } from '@ada/data';
import type { CorruptionName } from '../names.ts';
import type { ImageU8, Severity } from '../types.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Side of the reference patches and their count. */
export const REF_SIZE = 32;
export const REF_COUNT = 32;

/** Any `.npy` under the fixtures folder, e.g. `readFixtureNpy('primitives/zoom_in.npy')`. */
export function readFixtureNpy(relPath: string): NpyArray {
  return readNpy(readFileSync(FIXTURES + relPath));
}

/** Any JSON file under the fixtures folder. */
export function readFixtureJson<T>(relPath: string): T {
  return JSON.parse(readFileSync(FIXTURES + relPath, 'utf8')) as T;
}

function readU8(relPath: string): { shape: number[]; data: Uint8Array } {
  const arr = readNpy(readFileSync(FIXTURES + relPath));
  if (arr.dtype !== 'uint8') throw new Error(`${relPath}: expected uint8, got ${arr.dtype}`);
  return { shape: arr.shape, data: arr.data as Uint8Array };
}

/** The 32 clean patches: `batch` is the `[32, 32, 32, 3]` array, `images` views into it. */
export function loadReferenceImages(): { batch: Uint8Array; images: ImageU8[] } {
  const { data } = readU8('images.npy');
  const size = REF_SIZE * REF_SIZE * 3;
  const images = Array.from({ length: REF_COUNT }, (_, i) => ({
    height: REF_SIZE,
    width: REF_SIZE,
    data: data.subarray(i * size, (i + 1) * size),
  }));
  return { batch: data, images };
}

/** The reference output `cifar_c/<name>_s<severity>.npy`: uint8 `[32, 32, 32, 3]`. */
export function loadReferenceOutput(name: CorruptionName, severity: Severity): Uint8Array {
  return readU8(`cifar_c/${name}_s${severity}.npy`).data;
}

/** Mean and sd over seeds of a 32-image average. */
export interface MeanSd {
  mean: number;
  sd: number;
}

/** Statistics of one corruption and severity (values on the [0, 1] scale, see the README). */
export interface ReferenceStats {
  saved: { mad: number[]; std: number[]; ssim: number[] };
  /** Random corruptions only: 32-seed ensemble per image and of the 32-image average. */
  ensemble?: {
    n_seeds: number;
    mad_mean: number[];
    mad_sd: number[];
    std_mean: number[];
    std_sd: number[];
    ssim_mean: number[];
    ssim_sd: number[];
    avg_over_images: { mad: MeanSd; std: MeanSd; ssim: MeanSd };
  };
}

interface StatsFile {
  corruptions: Record<string, { severities: Record<string, ReferenceStats> }>;
}
interface ParamsFile {
  corruptions: Record<string, { values: unknown[] }>;
}

let statsCache: StatsFile | undefined;
let paramsCache: ParamsFile | undefined;

/** `stats.json` entry of `name` at `severity`. */
export function referenceStats(name: CorruptionName, severity: Severity): ReferenceStats {
  statsCache ??= JSON.parse(readFileSync(FIXTURES + 'cifar_c/stats.json', 'utf8')) as StatsFile;
  const entry = statsCache.corruptions[name]?.severities[String(severity)];
  if (!entry) throw new Error(`stats.json has no entry for ${name} severity ${severity}`);
  return entry;
}

/** `params.json` values of `name`: `values[severity - 1]` is the reference parameter. */
export function referenceParams(name: CorruptionName): unknown[] {
  paramsCache ??= JSON.parse(readFileSync(FIXTURES + 'cifar_c/params.json', 'utf8')) as ParamsFile;
  const entry = paramsCache.corruptions[name];
  if (!entry) throw new Error(`params.json has no entry for ${name}`);
  return entry.values;
}

/** Mean absolute difference of two equal-length arrays, on the array's own scale. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/** Largest absolute difference of two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Fraction of positions where two equal-length arrays differ by more than `tol`. */
export function fractionOff(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let c = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol) c++;
  return c / a.length;
}
