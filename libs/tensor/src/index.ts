/** @ada/tensor: TensorFlow.js backend selection, wasm kernel gaps, image tensor helpers. */
export {};
