import { describe, expect, it } from 'vitest';
import {
  dequantizeImages,
  inlineTensor,
  inlineTensorBytes,
  quantizeImages,
  tensorByteLength,
  wireImagesSchema,
  wireTensorSchema,
} from './tensor.ts';

describe('inlineTensor', () => {
  it('uint8 [2, 3, 3, 1] round-trips through base64', () => {
    const bytes = Uint8Array.from({ length: 18 }, (_, i) => (i * 29) % 256);
    const wire = inlineTensor('uint8', [2, 3, 3, 1], bytes);
    expect(wireImagesSchema.safeParse(wire).success).toBe(true);
    expect(Array.from(inlineTensorBytes(wire))).toEqual(Array.from(bytes));
  });

  it('float32 [5] keeps the exact bits', () => {
    const values = Float32Array.from([0, -1.5, Math.PI, 1e-30, 3.4e38]);
    const wire = inlineTensor('float32', [5], new Uint8Array(values.buffer));
    const back = new Float32Array(inlineTensorBytes(wire).buffer);
    expect(Array.from(back)).toEqual(Array.from(values));
  });

  it('throws naming the argument when bytes do not match the shape', () => {
    expect(() => inlineTensor('uint8', [2, 2], new Uint8Array(3))).toThrow(
      /Argument 'bytes' passed to 'inlineTensor' must hold 4 bytes/,
    );
  });
});

describe('wireTensorSchema', () => {
  it.each([
    [[1, 2, 2, 3], 11, 'data'],
    [[1, 2, 2, 3], 13, 'data'],
  ])('rejects shape %j with %i bytes at %s', (shape, n, field) => {
    const data = Buffer.alloc(n).toString('base64');
    const r = wireTensorSchema.safeParse({ encoding: 'inline', dtype: 'uint8', shape, data });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([field]);
  });

  it('rejects a claim check whose size disagrees with the shape', () => {
    const r = wireTensorSchema.safeParse({
      encoding: 'claim-check',
      dtype: 'float32',
      shape: [4],
      key: 'claims/x',
      sha256: 'a'.repeat(64),
      bytes: 15,
    });
    expect(r.error?.issues[0]?.path).toEqual(['bytes']);
  });

  it('images must be uint8 NHWC with 1 or 3 channels', () => {
    const wire = inlineTensor('uint8', [2, 8], new Uint8Array(16));
    expect(wireImagesSchema.safeParse(wire).error?.issues[0]?.path).toEqual(['shape']);
  });
});

describe('quantizeImages / dequantizeImages', () => {
  it('maps [0, 1] to [0, 255] with rounding and clipping', () => {
    const q = quantizeImages(Float32Array.from([0, 1, 0.5, 1 / 255, -0.2, 1.7, 0.499 / 255]));
    expect(Array.from(q)).toEqual([0, 255, 128, 1, 0, 255, 0]);
    expect(tensorByteLength('float32', [2, 3])).toBe(24);
  });

  it('every uint8 value survives dequantize -> quantize', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Array.from(quantizeImages(dequantizeImages(all)))).toEqual(Array.from(all));
  });

  it('rejects NaN naming the index', () => {
    expect(() => quantizeImages(Float32Array.from([0, NaN]))).toThrow(/NaN at index 1/);
  });
});
