import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { countNativeOps } from '../bench/count_native_ops.ts';
import { seededValues } from '../kernels/test_util.ts';
import { startNativeOrSkipReason } from '../testing/index.ts';
import { TensorPacker } from './tensor_packer.ts';

const SHAPES: number[][] = [[2, 3], [], [4], [1, 2, 1], [0, 3], [3, 3, 2, 4]];
const size = (shape: number[]) => shape.reduce((a, d) => a * d, 1);
const parts = (): tf.Tensor[] => SHAPES.map((s, i) => tf.tensor(seededValues(size(s), i + 1), s));

/** pack, then unpack of 2 * flat: flat's values and the unpacked tensors' shapes and values. */
function roundTrip(packer: TensorPacker): { flat: number[]; back: Array<[number[], number[]]> } {
  const ts = parts();
  const flat = packer.pack(ts);
  const doubled = tf.mul(flat, 2);
  const back = packer.unpack(doubled);
  const out = {
    flat: Array.from(flat.dataSync()),
    back: back.map((t): [number[], number[]] => [t.shape, Array.from(t.dataSync())]),
  };
  tf.dispose([...ts, flat, doubled, ...back]);
  return out;
}

function expectRoundTrip(got: ReturnType<typeof roundTrip>): void {
  const want = SHAPES.flatMap((s, i) => Array.from(seededValues(size(s), i + 1)));
  expect(got.flat).toEqual(want);
  expect(got.back.map(([s]) => s)).toEqual(SHAPES);
  let offset = 0;
  got.back.forEach(([s, v]) => {
    expect(v).toEqual(want.slice(offset, offset + size(s)).map((x) => x * 2));
    offset += size(s);
  });
}

describe('TensorPacker', () => {
  it('packs [2,3] [] [4] [1,2,1] [0,3] [3,3,2,4] in order into float32 [85] and unpacks the shapes on cpu', async () => {
    await initBackend({ backend: 'cpu', log: false });
    const packer = new TensorPacker(SHAPES);
    expect(packer.size).toBe(85);
    const before = tf.memory().numTensors;
    expectRoundTrip(roundTrip(packer));
    expect(tf.memory().numTensors).toBe(before);
    packer.dispose();
  });

  it('does the same natively in one DynamicStitch and SplitV + one Reshape per tensor, with no tensor left over', async ({
    skip,
  }) => {
    const why = await startNativeOrSkipReason();
    if (why !== undefined) skip(why);
    const packer = new TensorPacker(SHAPES);
    expectRoundTrip(roundTrip(packer)); // first use makes the kept int32 tensors
    const before = tf.memory().numTensors;
    expectRoundTrip(roundTrip(packer));
    expect(tf.memory().numTensors).toBe(before);
    const ts = parts();
    const { value: flat, ops: packOps } = await countNativeOps(() => packer.pack(ts));
    const { value: back, ops: unpackOps } = await countNativeOps(() => packer.unpack(flat));
    expect(packOps).toBe(1);
    expect(unpackOps).toBe(1 + SHAPES.length);
    tf.dispose([...ts, flat, ...back]);
    packer.dispose();
    expect(tf.memory().numTensors).toBe(before - (SHAPES.length * 2 + 2));
  });

  it('rejects tensors of other shapes or dtypes and a flat tensor of another size, naming the argument', async () => {
    await initBackend({ backend: 'cpu', log: false });
    const packer = new TensorPacker([[2], [3]]);
    const a = tf.zeros([2]);
    const b = tf.zeros([3, 1]);
    const c = tf.zeros([3], 'int32');
    expect(() => packer.pack([a])).toThrow(/Argument 'tensors' .* must hold 2 tensors, got 1/);
    expect(() => packer.pack([a, b])).toThrow(
      /Argument 'tensors\[1\]' .* must be float32 \[3\], got float32 \[3, 1\]/,
    );
    expect(() => packer.pack([a, c])).toThrow(/must be float32 \[3\], got int32 \[3\]/);
    expect(() => packer.unpack(tf.zeros([4]))).toThrow(/Argument 'flat' .* must be float32 \[5\]/);
    expect(() => new TensorPacker([])).toThrow(/Argument 'shapes' .* must not be empty/);
    expect(() => new TensorPacker([[2, -1]])).toThrow(/Argument 'shapes\[0\]'/);
    tf.dispose([a, b, c]);
    packer.dispose();
  });
});
