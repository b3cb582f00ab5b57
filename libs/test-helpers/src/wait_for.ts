/**
 * Waits until `condition()` holds, polling every `intervalMs` (default 20 ms); never a fixed
 * sleep. Fails after `timeoutMs` (default 60 s) with "timed out after N ms waiting for <what>",
 * and at once when `failIf()` returns a reason (e.g. a child process died).
 *
 * ```ts
 * await waitFor(() => events.some((e) => e.type === 'completed'), { what: 'the completed event' });
 * ```
 */
export interface WaitForOptions {
  /** What is awaited, for the error message. */
  what?: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Checked on every poll: a returned string fails the wait at once with that reason. */
  failIf?: () => string | undefined;
  /** Appended to the timeout message (e.g. the tail of a log). */
  details?: () => string;
}

export async function waitFor(
  condition: () => boolean,
  options: WaitForOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const what = options.what ?? 'the condition';
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    const reason = options.failIf?.();
    if (reason !== undefined) throw new Error(`${reason} while waiting for ${what}`);
    if (Date.now() > deadline) {
      const details = options.details?.();
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${details ? `\n${details}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
  }
}
