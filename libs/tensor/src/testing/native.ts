import { initBackend } from '../backend.ts';

/**
 * Makes the native TensorFlow backend current for a test, or returns why it cannot be started
 * (the test skips with that reason: `if (why !== undefined) skip(why)`).
 */
export async function startNativeOrSkipReason(): Promise<string | undefined> {
  try {
    await initBackend({ backend: 'tensorflow', log: false });
    return undefined;
  } catch (err) {
    return `native TensorFlow backend unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}
