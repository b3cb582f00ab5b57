/** Test helpers of `@ada/corruptions` (reference fixtures); import from `@ada/corruptions/testing`. */
export * from './reference.ts';
export * from './distribution.ts';
export * from './deterministic.ts';
