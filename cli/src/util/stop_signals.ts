import { constants } from 'node:os';

/** The signals that ask a long command to stop: Ctrl-C, `kill`/`timeout`/schedulers, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's exit code for a process stopped by `signal`: 128 + its number (130, 143, 129). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/** Exit codes of a job that stopped on a stop signal after writing its checkpoint. */
export const STOPPED_EXIT_CODES: readonly number[] = STOP_SIGNALS.map(signalExitCode);

export interface StopSignals {
  /** The exit code for an interrupted command: that of the first signal received (130 if none). */
  exitCode(): number;
  /** Removes the handlers (the default behaviour of the signals returns). */
  dispose(): void;
}

/**
 * Handles the stop signals of a long command: the first one calls `onFirst` (which should stop
 * the work after the current step, with a checkpoint); a second one, of any kind, exits at once
 * with the first signal's code (`process.exit` runs the `exit` handlers, which kill child
 * processes). Without this, SIGTERM and SIGHUP end Node at once, with no checkpoint and no
 * `exit` handlers, leaving detached children running.
 */
export function onStopSignals(options: { onFirst: (signal: StopSignal) => void }): StopSignals {
  let first: StopSignal | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (first === undefined) {
      first = signal as StopSignal;
      options.onFirst(first);
    } else {
      process.exit(signalExitCode(first));
    }
  };
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return {
    exitCode: () => signalExitCode(first ?? 'SIGINT'),
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, handler);
    },
  };
}
