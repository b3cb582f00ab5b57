import type { Command } from 'commander';
import type { NpyArray } from '@ada/data';
import { readNpyInput } from '../util/cli_files.ts';
import { ssimPlain } from '@ada/metrics';

/**
 * `ada ssim A.npy B.npy [--json]`: SSIM (Wang 2004, the paper's settings) of every image pair
 * of two `.npy` batches [N, H, W, C] (or single images [H, W, C]). uint8 values are scaled by
 * 1/255; float32/float64 values must lie in [0, 1] (0..255 floats, NaN and Inf are refused,
 * naming the file and the first bad value). Prints one value per line, or
 * `{"ssim": [...]}` with `--json`.
 */
export function register(program: Command): void {
  program
    .command('ssim')
    .description(
      'SSIM (Wang 2004: 11x11 Gaussian, sigma 1.5) of each image pair of two .npy batches',
    )
    .argument('<a>', 'first .npy file, [N,H,W,C] or [H,W,C], uint8 or float in [0,1]')
    .argument('<b>', 'second .npy file, same shape as <a>')
    .option('--json', 'print {"ssim": [...]} instead of one value per line')
    .action(async (aPath: string, bPath: string, opts: { json?: boolean }) => {
      const a = toUnitImages(await readNpyInput(aPath, '<a>'), aPath);
      const b = toUnitImages(await readNpyInput(bPath, '<b>'), bPath);
      if (a.shape.join(',') !== b.shape.join(',')) {
        throw new Error(`shape mismatch: ${aPath} is [${a.shape}] but ${bPath} is [${b.shape}]`);
      }
      const values = Array.from(ssimPlain(a.data, b.data, a.shape));
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ ssim: values })}\n`
          : values.map((v) => `${v.toFixed(6)}\n`).join(''),
      );
    });
}

interface UnitImages {
  shape: [number, number, number, number];
  data: Float64Array;
}

function toUnitImages(arr: NpyArray, path: string): UnitImages {
  const shape =
    arr.shape.length === 3 ? [1, ...arr.shape] : arr.shape.length === 4 ? arr.shape : undefined;
  if (!shape || shape.some((d) => d === 0)) {
    throw new Error(`${path}: expected images [N,H,W,C] or [H,W,C], got shape [${arr.shape}]`);
  }
  let data: Float64Array;
  switch (arr.dtype) {
    case 'uint8':
      data = Float64Array.from(arr.data as Uint8Array, (v) => v / 255);
      break;
    case 'float32':
    case 'float64':
      data = Float64Array.from(arr.data as Float32Array | Float64Array);
      checkUnitRange(data, path, arr.dtype);
      break;
    case 'int32':
    case 'int64':
      throw new Error(`${path}: expected uint8, float32 or float64 images, got ${arr.dtype}`);
    default: {
      const never: never = arr.dtype;
      throw new Error(`${path}: unknown dtype ${String(never)}`);
    }
  }
  return { shape: shape as [number, number, number, number], data };
}

/** Float images must be finite and in [0, 1] (a little rounding slack); errors name the file. */
function checkUnitRange(data: Float64Array, path: string, dtype: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v))
      throw new Error(`${path}: ${dtype} images must be finite, got ${v} at flat index ${i}`);
    if (v < -1e-6 || v > 1 + 1e-6)
      throw new Error(
        `${path}: ${dtype} images must lie in [0, 1], got ${v} at flat index ${i}${v > 1 && v <= 255 ? ' (0..255 values: divide by 255 or save as uint8)' : ''}`,
      );
  }
}
