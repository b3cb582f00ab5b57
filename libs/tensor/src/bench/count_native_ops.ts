import * as tf from '@tensorflow/tfjs-core';

/** The addon object of tfjs-node's backend, as far as counting needs it. */
interface CountedBackend {
  binding: { executeOp: (...args: unknown[]) => unknown };
}

/**
 * Runs `fn` on the native backend and counts the TensorFlow ops the addon executes meanwhile
 * (its `executeOp` calls: one per eager op, whether it came through a tfjs kernel or from one of
 * the project's native helpers, which `tf.profile` does not list). Uploads of JavaScript values
 * are not ops. Throws on any other backend. Do not overlap two counts.
 *
 * ```ts
 * const { value, ops } = await countNativeOps(() => opt.step(params, lr));
 * ```
 */
export async function countNativeOps<T>(
  fn: () => T | Promise<T>,
): Promise<{ value: T; ops: number }> {
  if (tf.getBackend() !== 'tensorflow') {
    throw new Error(
      `'countNativeOps' needs the native 'tensorflow' backend, the current one is '${tf.getBackend()}'`,
    );
  }
  const backend = tf.backend() as unknown as CountedBackend;
  const binding = backend.binding;
  let ops = 0;
  // The addon's exports are read-only: the backend gets an object that inherits them.
  backend.binding = Object.create(binding, {
    executeOp: {
      value: (...args: unknown[]): unknown => {
        ops++;
        return binding.executeOp(...args);
      },
    },
  }) as CountedBackend['binding'];
  try {
    return { value: await fn(), ops };
  } finally {
    backend.binding = binding;
  }
}
