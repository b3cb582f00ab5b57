/** @ada/test-helpers: the helpers every project's tests share (one `waitFor`, not one per file). */
export { waitFor } from './wait_for.ts';
export type { WaitForOptions } from './wait_for.ts';
