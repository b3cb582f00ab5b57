/**
 * Reader and writer for NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), C order,
 * little-endian, for the dtypes the platform exchanges: uint8 (`|u1`), int32 (`<i4`),
 * int64 (`<i8`, read as numbers), float32 (`<f4`) and float64 (`<f8`).
 *
 * ```ts
 * const arr = readNpy(await readFile('images.npy')); // { dtype: 'uint8', shape: [N, 32, 32, 3], data }
 * await writeFile('out.npy', writeNpy(arr));
 * ```
 */

export type NpyDtype = 'uint8' | 'int32' | 'int64' | 'float32' | 'float64';

export type NpyData<D extends NpyDtype = NpyDtype> = D extends 'uint8'
  ? Uint8Array
  : D extends 'int32'
    ? Int32Array
    : D extends 'int64'
      ? BigInt64Array
      : D extends 'float32'
        ? Float32Array
        : Float64Array;

export interface NpyArray<D extends NpyDtype = NpyDtype> {
  dtype: D;
  shape: number[];
  data: NpyData<D>;
}

/** Raised for malformed, truncated or unsupported `.npy` input; `source` names the file when known. */
export class NpyFormatError extends Error {
  constructor(
    message: string,
    readonly source?: string,
  ) {
    super(source ? `${source}: ${message}` : message);
    this.name = 'NpyFormatError';
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR_TO_DTYPE: Record<string, NpyDtype> = {
  '|u1': 'uint8',
  '<u1': 'uint8',
  '<i4': 'int32',
  '<i8': 'int64',
  '<f4': 'float32',
  '<f8': 'float64',
};
const DTYPE_TO_DESCR: Record<NpyDtype, string> = {
  uint8: '|u1',
  int32: '<i4',
  int64: '<i8',
  float32: '<f4',
  float64: '<f8',
};
const ITEM_SIZE: Record<NpyDtype, number> = {
  uint8: 1,
  int32: 4,
  int64: 8,
  float32: 4,
  float64: 8,
};

/** Number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function parseHeader(text: string, source?: string): { dtype: NpyDtype; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyFormatError(`malformed header ${JSON.stringify(text.trim())}`, source);
  }
  const dtype = DESCR_TO_DTYPE[descr];
  if (!dtype) {
    throw new NpyFormatError(
      `unsupported dtype '${descr}' (expected one of ${Object.keys(DESCR_TO_DTYPE).join(', ')})`,
      source,
    );
  }
  if (fortran === 'True') {
    throw new NpyFormatError(
      'Fortran-ordered arrays are not supported (save with C order)',
      source,
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(n) || n < 0) throw new NpyFormatError(`bad shape entry '${s}'`, source);
      return n;
    });
  return { dtype, shape };
}

/**
 * Parses a `.npy` file. The returned typed array is a copy aligned for its dtype.
 * @param bytes the whole file
 * @param source a name for error messages (usually the path)
 */
export function readNpy(bytes: Uint8Array, source?: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new NpyFormatError('not a .npy file (missing \\x93NUMPY magic)', source);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyFormatError('truncated header', source);
    headerLen = view.getUint32(8, true);
    offset = 12;
  } else {
    throw new NpyFormatError(`unsupported format version ${major}.${bytes[7]}`, source);
  }
  if (offset + headerLen > bytes.length) throw new NpyFormatError('truncated header', source);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(offset, offset + headerLen),
  );
  const { dtype, shape } = parseHeader(header, source);
  const start = offset + headerLen;
  const count = shapeSize(shape);
  const byteCount = count * ITEM_SIZE[dtype];
  if (bytes.length - start < byteCount) {
    throw new NpyFormatError(
      `truncated data: shape [${shape.join(', ')}] of ${dtype} needs ${byteCount} bytes, file has ${bytes.length - start}`,
      source,
    );
  }
  if (bytes.length - start > byteCount) {
    throw new NpyFormatError(
      `${bytes.length - start - byteCount} trailing bytes after the data of shape [${shape.join(', ')}]`,
      source,
    );
  }
  // Copy (Buffer#slice would return a view into Node's shared pool): aligned, detached from the input.
  const raw = new Uint8Array(bytes.subarray(start, start + byteCount));
  const data = makeTyped(dtype, raw.buffer, count);
  return { dtype, shape, data } as NpyArray;
}

function makeTyped(dtype: NpyDtype, buffer: ArrayBufferLike, count: number): NpyData {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(buffer, 0, count);
    case 'int32':
      return new Int32Array(buffer, 0, count);
    case 'int64':
      return new BigInt64Array(buffer, 0, count);
    case 'float32':
      return new Float32Array(buffer, 0, count);
    case 'float64':
      return new Float64Array(buffer, 0, count);
    default: {
      const never: never = dtype;
      throw new Error(`unknown dtype ${String(never)}`);
    }
  }
}

/** Serialises an array as a format 1.0 `.npy` file (2.0 if the header would not fit). */
export function writeNpy(arr: NpyArray): Uint8Array {
  const count = shapeSize(arr.shape);
  if (arr.data.length !== count) {
    throw new NpyFormatError(
      `data has ${arr.data.length} elements but shape [${arr.shape.join(', ')}] needs ${count}`,
    );
  }
  const shapeText = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  const dict = `{'descr': '${DTYPE_TO_DESCR[arr.dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 65535) {
    major = 2;
    prefix = 12;
  }
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const headerLen = total - prefix;
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  const dataBytes = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
  const out = new Uint8Array(total + dataBytes.length);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(dataBytes, total);
  return out;
}
