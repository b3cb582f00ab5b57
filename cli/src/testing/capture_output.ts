import { vi } from 'vitest';

/**
 * For command tests: silences stderr and collects everything written to stdout until
 * `vi.restoreAllMocks()`. Returns the array the chunks go to.
 *
 * ```ts
 * beforeEach(() => { out = captureStdout(); });
 * afterEach(() => vi.restoreAllMocks());
 * ```
 */
export function captureStdout(): string[] {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return chunks;
}
