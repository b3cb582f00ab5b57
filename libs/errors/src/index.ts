/** @ada/errors: the one error base (`AdaError`: public code, retriable, cause). */
export { AdaError, isRetriable, publicCode } from './ada_error.ts';
export type { AdaErrorOptions } from './ada_error.ts';
