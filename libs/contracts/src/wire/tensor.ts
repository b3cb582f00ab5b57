import { z } from 'zod';

/**
 * Tensors on the wire. A `WireTensor` is a header (`dtype`, `shape`) plus either the bytes inline
 * (base64, little-endian for float32) or a claim check: the object-store key, sha256 and size of
 * the bytes (see `claim_check.ts`). Images travel as `uint8` NHWC in [0, 255].
 *
 * ```ts
 * const wire = inlineTensor('uint8', [2, 32, 32, 3], bytes);   // { encoding: 'inline', data }
 * const back = inlineTensorBytes(wire);                         // Uint8Array(6144)
 * ```
 */
export const WIRE_DTYPES = ['uint8', 'float32'] as const;
export type WireDtype = (typeof WIRE_DTYPES)[number];

/** Bytes per element of each wire dtype. */
export const BYTES_PER_ELEMENT: Record<WireDtype, number> = { uint8: 1, float32: 4 };

const shapeSchema = z
  .array(
    z
      .int()
      .min(0)
      .max(1 << 24),
  )
  .min(1)
  .max(6);
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');

const inlineSchema = z.object({
  encoding: z.literal('inline'),
  dtype: z.enum(WIRE_DTYPES),
  shape: shapeSchema,
  data: z.base64(),
});

const claimCheckSchema = z.object({
  encoding: z.literal('claim-check'),
  dtype: z.enum(WIRE_DTYPES),
  shape: shapeSchema,
  key: z.string().min(1).max(1024),
  sha256: sha256Schema,
  bytes: z.int().min(0),
});

/** Schema of a wire tensor; checks that the payload size matches `shape` and `dtype`. */
export const wireTensorSchema = z
  .discriminatedUnion('encoding', [inlineSchema, claimCheckSchema])
  .superRefine((t, ctx) => {
    const expected = tensorByteLength(t.dtype, t.shape);
    const actual = t.encoding === 'inline' ? base64ByteLength(t.data) : t.bytes;
    if (actual !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: [t.encoding === 'inline' ? 'data' : 'bytes'],
        message: `holds ${actual} bytes but ${t.dtype} [${t.shape.join(', ')}] needs ${expected}`,
      });
    }
  });

export type WireTensor = z.infer<typeof wireTensorSchema>;
export type InlineWireTensor = Extract<WireTensor, { encoding: 'inline' }>;
export type ClaimCheckWireTensor = Extract<WireTensor, { encoding: 'claim-check' }>;

/** Schema of a batch of images: uint8 NHWC with 1 or 3 channels. */
export const wireImagesSchema = wireTensorSchema.superRefine((t, ctx) => {
  if (t.dtype !== 'uint8') {
    ctx.addIssue({ code: 'custom', path: ['dtype'], message: 'images must be uint8' });
  }
  if (t.shape.length !== 4 || (t.shape[3] !== 1 && t.shape[3] !== 3)) {
    ctx.addIssue({
      code: 'custom',
      path: ['shape'],
      message: `images must be NHWC with 1 or 3 channels, got [${t.shape.join(', ')}]`,
    });
  }
});

/** Number of bytes a tensor of `dtype` and `shape` occupies. */
export function tensorByteLength(dtype: WireDtype, shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[dtype];
}

/** Builds an inline wire tensor; `bytes.length` must match `dtype` and `shape`. */
export function inlineTensor(
  dtype: WireDtype,
  shape: readonly number[],
  bytes: Uint8Array,
): InlineWireTensor {
  const expected = tensorByteLength(dtype, shape);
  if (bytes.length !== expected) {
    throw new RangeError(
      `Argument 'bytes' passed to 'inlineTensor' must hold ${expected} bytes for ${dtype} ` +
        `[${shape.join(', ')}], got ${bytes.length}`,
    );
  }
  return {
    encoding: 'inline',
    dtype,
    shape: [...shape],
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

/** The bytes of an inline wire tensor (a fresh copy). */
export function inlineTensorBytes(tensor: InlineWireTensor): Uint8Array {
  return new Uint8Array(Buffer.from(tensor.data, 'base64'));
}

/**
 * Float32 image values in [0, 1] to uint8 in [0, 255] (round half up, values outside clipped;
 * NaN is rejected).
 */
export function quantizeImages(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      throw new RangeError(`Argument 'values' passed to 'quantizeImages' holds NaN at index ${i}`);
    }
    out[i] = Math.min(255, Math.max(0, Math.floor(v * 255 + 0.5)));
  }
  return out;
}

/** Uint8 image values in [0, 255] to float32 in [0, 1]. */
export function dequantizeImages(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] as number) / 255;
  return out;
}

function base64ByteLength(data: string): number {
  if (data.length === 0) return 0;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}
