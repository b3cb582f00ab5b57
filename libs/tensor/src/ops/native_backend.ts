import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** One attribute of a TensorFlow eager op, in tfjs-node's form (`type` is a `TF_ATTR_*` value). */
export interface NativeOpAttr {
  name: string;
  type: number;
  value: unknown;
}

/**
 * The parts of tfjs-node's backend that the project's native ops call: TensorFlow eager ops by
 * name, on tensor handles it owns. Its outputs are ordinary tfjs tensors (tracked by the engine,
 * disposed by `tidy`), but the calls bypass tfjs's kernel registry, so they are neither recorded
 * on a gradient tape nor listed by `tf.profile`.
 */
export interface NativeBackend {
  binding: {
    TF_ATTR_TYPE: number;
    TF_ATTR_INT: number;
    TF_ATTR_FLOAT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_FLOAT: number;
    TF_INT32: number;
  };
  executeSingleOutput(name: string, attrs: NativeOpAttr[], inputs: Tensor[]): Tensor;
  executeMultipleOutputs(
    name: string,
    attrs: NativeOpAttr[],
    inputs: Tensor[],
    numOutputs: number,
  ): Tensor[];
}

/** tfjs-node's backend when it is the current one, else undefined. */
export function nativeBackend(): NativeBackend | undefined {
  return tf.getBackend() === 'tensorflow' ? (tf.backend() as unknown as NativeBackend) : undefined;
}
