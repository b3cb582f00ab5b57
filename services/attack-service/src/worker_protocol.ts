import type { AttackName, EnsembleProgress, Norm, RobustAccuracyReport } from '@ada/attacks';

/** One evaluation handed to the attack worker thread (bytes are transferred, not copied). */
export interface AttackJob {
  id: number;
  /** Checkpoint files by key, under `checkpointKey` (manifest.json, weights.bin, ...). */
  checkpointKey: string;
  files: Record<string, Uint8Array>;
  /** uint8 NHWC images [n, h, w, 3] and n labels. */
  images: Uint8Array;
  shape: [number, number, number, number];
  labels: number[];
  options: {
    norm: Norm;
    eps: number;
    attacks: AttackName[];
    seed: number;
    batchSize: number;
    iterations: number;
    targetClasses: number;
    queries: number;
  };
}

/** What the worker thread posts back. */
export type WorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; id: number; progress: EnsembleProgress }
  | { type: 'done'; id: number; report: RobustAccuracyReport; numClasses: number }
  | { type: 'failed'; id: number; message: string; field: string };
