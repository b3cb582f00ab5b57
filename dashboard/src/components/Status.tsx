import type { ReactNode } from 'react';
import type { RunProgress, RunStatus } from '../api/operations.ts';

/** Run status as text with a colour that is never the only cue. */
export function StatusBadge(props: { status: RunStatus }): ReactNode {
  return <span className={`status status-${props.status.toLowerCase()}`}>{props.status}</span>;
}

/** A native progress bar with its numbers as text. */
export function ProgressBar(props: { progress: RunProgress | null; status: RunStatus }): ReactNode {
  const p = props.progress;
  if (!p) return <span className="hint">{props.status === 'QUEUED' ? 'waiting' : '–'}</span>;
  const pct = Math.round(100 * Math.min(1, Math.max(0, p.fraction)));
  return (
    <span className="progress-inline">
      <progress max={100} value={pct} aria-label={`${p.phase} ${pct}%`} /> {p.phase} {pct}%
    </span>
  );
}

export const FINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
