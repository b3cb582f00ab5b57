/**
 * Worker thread of `ada make-benchmark --workers N`: corrupts one contiguous chunk of the shared
 * image set per message, seeded by global image index (`startIndex`), so the result does not
 * depend on how the set is split.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { corruptBatch } from '@ada/corruptions';

export interface ChunkJob {
  id: number;
  name: string;
  severity: number;
  seed: number;
  start: number;
  count: number;
}

export type ChunkResult = { id: number; out: Uint8Array } | { id: number; error: string };

const { images, h, w } = workerData as { images: SharedArrayBuffer; h: number; w: number };
const all = new Uint8Array(images);
const size = h * w * 3;

parentPort?.on('message', (job: ChunkJob) => {
  try {
    const chunk = all.subarray(job.start * size, (job.start + job.count) * size);
    const out = corruptBatch(job.name, chunk, job.count, h, w, job.severity, {
      seed: job.seed,
      startIndex: job.start,
    });
    parentPort?.postMessage({ id: job.id, out } satisfies ChunkResult, [out.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({
      id: job.id,
      error: err instanceof Error ? err.message : String(err),
    } satisfies ChunkResult);
  }
});
