/**
 * Names of the TensorFlow.js backends `initBackend` can select, best first, and the npm
 * package that provides each. `tensorflow` is the name tfjs-node and tfjs-node-gpu register
 * (libtensorflow, native threads; the `-gpu` build uses CUDA).
 */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;

/** A backend name accepted by `initBackend({ backend })` and the `ADA_BACKEND` variable. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One way to get a backend: the package to import and the tfjs backend name it registers. */
export interface BackendCandidate {
  readonly backend: BackendName;
  readonly packageName: string;
}

/** Every candidate, best first: native GPU, native CPU, WebAssembly (XNNPACK), plain JS. */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  { backend: 'tensorflow', packageName: '@tensorflow/tfjs-node-gpu' },
  { backend: 'tensorflow', packageName: '@tensorflow/tfjs-node' },
  { backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm' },
  { backend: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu' },
];

/** Type guard for user input (`ADA_BACKEND`, CLI flags). */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}
