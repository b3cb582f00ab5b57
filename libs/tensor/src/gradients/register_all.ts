import { getGradient, registerGradient } from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { comparisonGradConfigs } from './comparison_grads.ts';
import { depthToSpaceGradConfig } from './depth_to_space_grad.ts';

/** Gradient functions tfjs lacks on every backend; registered only where none exists. */
export const MISSING_GRADIENTS: readonly GradConfig[] = [
  depthToSpaceGradConfig,
  ...comparisonGradConfigs,
];

/** Registers `MISSING_GRADIENTS` (skipping any a newer tfjs may ship). Idempotent. */
export function registerMissingGradients(): void {
  for (const config of MISSING_GRADIENTS) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}
