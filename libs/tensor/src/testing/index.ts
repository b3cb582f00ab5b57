/** Test helpers of @ada/tensor. */
export { startNativeOrSkipReason } from './native.ts';
