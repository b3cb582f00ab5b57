import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyFormatError, readNpy, writeNpy } from './npy.ts';

const reference = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference');

describe('readNpy', () => {
  it('reads a numpy-written uint8 [32,32,32,3] file', () => {
    const arr = readNpy(readFileSync(join(reference, 'images.npy')));
    expect(arr.dtype).toBe('uint8');
    expect(arr.shape).toEqual([32, 32, 32, 3]);
    expect(arr.data.length).toBe(32 * 32 * 32 * 3);
  });

  it('reads a numpy-written float32 [70,32,32,3] file in [0,1]', () => {
    const arr = readNpy(readFileSync(join(reference, 'ssim_a.npy')));
    expect(arr.dtype).toBe('float32');
    expect(arr.shape).toEqual([70, 32, 32, 3]);
    const data = arr.data as Float32Array;
    expect(Math.min(...data.slice(0, 3072))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.slice(0, 3072))).toBeLessThanOrEqual(1);
  });

  it('round-trips uint8, int32 and float32 through writeNpy', () => {
    for (const data of [
      new Uint8Array([0, 1, 255, 7, 8, 9]),
      new Int32Array([-3, 0, 2 ** 30, 4, 5, 6]),
      new Float32Array([0.5, -1, 3.25, 1e-8, 2, 3]),
    ]) {
      const dtype =
        data instanceof Uint8Array ? 'uint8' : data instanceof Int32Array ? 'int32' : 'float32';
      const back = readNpy(writeNpy({ dtype, shape: [2, 3], data } as never));
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data as ArrayLike<number>)).toEqual(Array.from(data));
    }
  });

  it('writes a header numpy accepts: 64-byte aligned, 1-d shape with trailing comma', () => {
    const bytes = writeNpy({ dtype: 'uint8', shape: [5], data: new Uint8Array(5) });
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(10, 80))).toContain("'shape': (5,)");
  });

  it('rejects a truncated file with the expected and actual sizes', () => {
    const bytes = readFileSync(join(reference, 'images.npy'));
    expect(() => readNpy(bytes.subarray(0, 1000), 'x.npy')).toThrow(
      /x\.npy: truncated data: shape \[32, 32, 32, 3\] of uint8 needs 98304 bytes/,
    );
  });

  it('rejects a file without the magic string', () => {
    expect(() => readNpy(new Uint8Array(200))).toThrow(NpyFormatError);
  });

  it('rejects an unsupported dtype by name', () => {
    const bytes = writeNpy({ dtype: 'uint8', shape: [1], data: new Uint8Array(1) });
    const text = new TextDecoder('latin1').decode(bytes).replace('|u1', '>f4');
    const patched = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(() => readNpy(patched)).toThrow(/unsupported dtype '>f4'/);
  });
});
