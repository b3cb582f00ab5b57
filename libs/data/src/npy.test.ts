import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyFormatError, readNpy, writeNpy } from './npy.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'npy');
const load = (name: string): Buffer => readFileSync(join(fixtures, name));
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  { dtype: string; shape: number[]; version: [number, number]; values: number[] }
>;
const DTYPE: Record<string, string> = { uint8: 'uint8', float32: 'float32', int64: 'int64' };

describe('readNpy on files written by numpy', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name}: ${want.dtype} [${want.shape.join(',')}], format ${want.version.join('.')}`, () => {
      const bytes = load(name);
      expect(bytes[6]).toBe(want.version[0]);
      const arr = readNpy(bytes, name);
      expect(arr.dtype).toBe(DTYPE[want.dtype]);
      expect(arr.shape).toEqual(want.shape);
      expect(Array.from(arr.data as ArrayLike<number | bigint>, Number)).toEqual(want.values);
    });
  }

  it('writes uint8 [2,3,4,3] bytes identical to numpy format 1.0', () => {
    const arr = readNpy(load('u8_4d_v1.npy'));
    expect(Buffer.from(writeNpy(arr)).equals(load('u8_4d_v1.npy'))).toBe(true);
  });

  it('writes float32 [5] bytes identical to numpy format 1.0', () => {
    const arr = readNpy(load('f32_1d_v1.npy'));
    expect(Buffer.from(writeNpy(arr)).equals(load('f32_1d_v1.npy'))).toBe(true);
  });

  it('rejects a Fortran-ordered float32 [2,3] file', () => {
    expect(() => readNpy(load('f32_2d_fortran.npy'), 'f.npy')).toThrow(
      /f\.npy: Fortran-ordered arrays are not supported/,
    );
  });

  it("rejects a big-endian '>f4' file by its dtype", () => {
    expect(() => readNpy(load('f32_1d_bigendian.npy'))).toThrow(/unsupported dtype '>f4'/);
  });
});

describe('readNpy errors', () => {
  it('rejects a truncated uint8 [2,3,4,3] file with the expected and actual sizes', () => {
    const bytes = load('u8_4d_v1.npy');
    expect(() => readNpy(bytes.subarray(0, bytes.length - 10), 'x.npy')).toThrow(
      /x\.npy: truncated data: shape \[2, 3, 4, 3\] of uint8 needs 72 bytes, file has 62/,
    );
  });

  it('rejects a file cut inside its header', () => {
    expect(() => readNpy(load('u8_4d_v2.npy').subarray(0, 40), 'h.npy')).toThrow(
      /h\.npy: truncated header/,
    );
  });

  it('rejects trailing bytes after the data', () => {
    const bytes = Buffer.concat([load('u8_1d_v1.npy'), Buffer.from([1, 2])]);
    expect(() => readNpy(bytes)).toThrow(/2 trailing bytes/);
  });

  it('rejects a file without the magic string', () => {
    expect(() => readNpy(new Uint8Array(200))).toThrow(NpyFormatError);
  });
});

describe('writeNpy', () => {
  it('round-trips uint8, int32 and float32 [2,3]', () => {
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

  it('writes a 64-byte aligned header with the 1-d shape (5,)', () => {
    const bytes = writeNpy({ dtype: 'uint8', shape: [5], data: new Uint8Array(5) });
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(10, 80))).toContain("'shape': (5,)");
  });

  it('rejects data whose length does not match the shape', () => {
    expect(() => writeNpy({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow(
      /3 elements but shape \[2, 2\] needs 4/,
    );
  });
});
