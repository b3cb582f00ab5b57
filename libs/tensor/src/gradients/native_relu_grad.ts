import { getGradient, registerGradient, Relu, unregisterGradient } from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { nativeBackend } from '../ops/native_backend.ts';

/**
 * The gradient of `Relu` as one TensorFlow `ReluGrad` kernel on the native backend. tfjs's own
 * (`dy * step(x)`) costs six kernels there, because tfjs-node composes `Step` from `Fill`,
 * `IsNan`, `Greater` and two `Select`s, each paying the per-op overhead; a pre-activation
 * ResNet-18 has 17 ReLUs. On every other backend the original gradient runs unchanged (the
 * registry is global, so the choice is made when the gradient runs). Inputs: `dy` and the saved
 * `x`, float32 of the same shape; output: dx = dy where x > 0, else 0.
 */
export function nativeReluGrad(original: GradConfig): GradConfig {
  return {
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const backend = nativeBackend();
      if (backend === undefined || (saved[0] as Tensor).dtype !== 'float32') {
        return original.gradFunc(dy, saved, attrs);
      }
      const x = saved[0] as Tensor;
      return {
        x: () =>
          backend.executeSingleOutput(
            'ReluGrad',
            [{ name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT }],
            [dy as Tensor, x],
          ),
      };
    },
  };
}

let registered = false;

/** Wraps tfjs's `Relu` gradient with `nativeReluGrad`. Idempotent; `initBackend` calls it for tensorflow. */
export function registerNativeGradients(): void {
  if (registered) return;
  const original = getGradient(Relu);
  if (original === undefined) throw new Error("tfjs registers no gradient for 'Relu' to wrap");
  unregisterGradient(Relu);
  registerGradient(nativeReluGrad(original));
  registered = true;
}
