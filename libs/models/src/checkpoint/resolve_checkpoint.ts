/**
 * One way to name a checkpoint on every command line: a path to
 * - a step folder (`.../checkpoint/step-40`, holding `manifest.json`): that checkpoint;
 * - a checkpoint folder (`.../checkpoint`, holding `latest.json`): its latest checkpoint;
 * - a run folder (`.../nominal/seed-0`, holding `checkpoint/latest.json`): its latest checkpoint;
 * - an experiment folder (`ada run --out`) with exactly one run: that run's latest checkpoint;
 * - `DIR@KEY`: checkpoint `KEY` of the store folder `DIR` (any layout).
 * An error says which of these it expected and what it found.
 *
 * ```ts
 * const at = resolveCheckpoint('.ada/runs/quick/ada/seed-0'); // latest of that run
 * const { classifier } = await loadClassifier(fileCheckpointStore(at.root), at.key);
 * ```
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Classifier } from '../classifier/types.ts';
import { CheckpointError } from './checkpoint_error.ts';
import { loadClassifier } from './classifier_checkpoint.ts';
import { fileCheckpointStore } from './file_checkpoint_store.ts';

const MANIFEST = 'manifest.json';
const LATEST = 'latest.json';

/** Where a named checkpoint lives: a store folder and the key in it. */
export interface ResolvedCheckpoint {
  /** The store's root folder. */
  root: string;
  /** The checkpoint's key in it (a folder holding `manifest.json`). */
  key: string;
  /** The checkpoint's folder (`root/key`). */
  dir: string;
}

const EXPECTED =
  'a run folder, its checkpoint folder (latest.json), a step folder (manifest.json) or DIR@KEY';

function fail(arg: string, what: string): never {
  throw new CheckpointError(`checkpoint '${arg}': ${what}; expected ${EXPECTED}`, arg);
}

/** The checkpoint `latest.json` in `dir` points at; errors name the file. */
function latestOf(arg: string, dir: string): ResolvedCheckpoint {
  const path = join(dir, LATEST);
  let key: unknown;
  try {
    key = (JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown } | null)?.key;
  } catch (err) {
    throw new CheckpointError(
      `checkpoint '${arg}': ${path} is not valid JSON (${(err as Error).message}); the file is corrupt`,
      arg,
    );
  }
  if (typeof key !== 'string' || !/^[\w.-]+$/.test(key) || key === '.' || key === '..')
    throw new CheckpointError(
      `checkpoint '${arg}': ${path} must name a checkpoint folder beside it as {"key": "step-N"}, got ${JSON.stringify(key)}`,
      arg,
    );
  const ckpt = join(dir, key);
  if (!existsSync(join(ckpt, MANIFEST)))
    throw new CheckpointError(
      `checkpoint '${arg}': ${path} points at ${key}, which holds no ${MANIFEST} (the checkpoint is incomplete or was removed)`,
      arg,
    );
  return { root: dir, key, dir: ckpt };
}

/** Run folders (`<setup>/seed-<n>/checkpoint/latest.json`) of an experiment folder. */
function runsIn(dir: string): string[] {
  const out: string[] = [];
  for (const setup of readdirSync(dir, { withFileTypes: true })) {
    if (!setup.isDirectory()) continue;
    for (const seed of readdirSync(join(dir, setup.name), { withFileTypes: true })) {
      if (seed.isDirectory() && existsSync(join(dir, setup.name, seed.name, 'checkpoint', LATEST)))
        out.push(join(dir, setup.name, seed.name));
    }
  }
  return out.sort();
}

/** Resolves a checkpoint argument (see the module doc); throws a `CheckpointError` naming it. */
export function resolveCheckpoint(arg: string): ResolvedCheckpoint {
  if (typeof arg !== 'string' || arg.length === 0) fail(String(arg), 'empty');
  const at = arg.lastIndexOf('@');
  if (at > 0 && !existsSync(arg)) {
    const root = resolve(arg.slice(0, at));
    const key = arg.slice(at + 1);
    if (!existsSync(join(root, key, MANIFEST)))
      fail(arg, `no ${MANIFEST} for key '${key}' in ${root}`);
    return { root, key, dir: join(root, key) };
  }
  const dir = resolve(arg);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    return fail(arg, `${dir} does not exist`);
  }
  if (!isDir) fail(arg, `${dir} is a file, not a folder`);
  if (existsSync(join(dir, MANIFEST))) return { root: dirname(dir), key: basename(dir), dir };
  if (existsSync(join(dir, LATEST))) return latestOf(arg, dir);
  if (existsSync(join(dir, 'checkpoint', LATEST))) return latestOf(arg, join(dir, 'checkpoint'));
  let runs: string[] = [];
  try {
    runs = runsIn(dir);
  } catch {
    // unreadable subfolders: no runs found
  }
  if (runs.length === 1) return latestOf(arg, join(runs[0]!, 'checkpoint'));
  if (runs.length > 1)
    fail(
      arg,
      `an experiment folder with ${runs.length} runs (${runs.map((r) => r.slice(dir.length + 1)).join(', ')}); name one of them`,
    );
  return fail(arg, `${dir} holds no ${MANIFEST}, ${LATEST} or checkpoint/${LATEST}`);
}

/**
 * Loads the classifier a checkpoint argument names (see `resolveCheckpoint`), in inference use:
 * optimizer state, if saved, is released. Errors name the argument.
 */
export async function loadClassifierAt(
  arg: string,
): Promise<{ classifier: Classifier; step: number; at: ResolvedCheckpoint }> {
  const at = resolveCheckpoint(arg);
  let loaded: Awaited<ReturnType<typeof loadClassifier>>;
  try {
    loaded = await loadClassifier(fileCheckpointStore(at.root), at.key);
  } catch (err) {
    // The store names the file by its key; the user gave a path: name that.
    throw new CheckpointError(`checkpoint '${arg}': ${(err as Error).message}`, arg, false, {
      cause: err,
    });
  }
  const { classifier, step, optimizer } = loaded;
  for (const t of Object.values(optimizer ?? {})) t.dispose();
  return { classifier, step, at };
}
