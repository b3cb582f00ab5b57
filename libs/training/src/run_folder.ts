/**
 * What an experiment may do to its output folder, in one place:
 * - `claimRunFolder` (before any work): a fresh experiment takes only an absent or empty folder;
 *   `resume` takes a folder whose recorded settings (`config.json`) have the same hash as this
 *   experiment's, and `overwrite` any folder. A refusal names the folder and what to do instead.
 * - `recordConfig`: writes `config.json` with the settings, their data kind and hash, never
 *   replacing one recorded under other settings unless asked to.
 * - `clearRunArtifacts`: before a run trains afresh, removes the files a run writes in its
 *   folder (and nothing else: a file the run did not create stays).
 * - `checkRunRecord` / `writeRunRecord`: each run folder's `run.json` names the hash its
 *   checkpoint was trained under, so a checkpoint is never continued under other settings.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RECORDS_PREFIX } from '@ada/records';
import { FsArtifactStore } from '@ada/store';
import { configHash, diffConfigs, type DataKind } from './config_hash.ts';
import type { ExperimentConfig } from './presets.ts';

export const CONFIG_FILE = 'config.json';
export const RUN_RECORD_FILE = 'run.json';

/** `config.json`: the experiment's settings plus what identifies them. */
export type RecordedConfig = ExperimentConfig & { dataKind?: DataKind; configHash?: string };

/** A refusal to reuse or replace an output folder; its message says what to do instead. */
export class RunFolderError extends Error {
  override readonly name = 'RunFolderError';
}

/** Reads a JSON file; an error names the file (a corrupt file is not a stack trace). */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); the file is corrupt`);
  }
}

async function readRecorded(runDir: string): Promise<RecordedConfig | undefined> {
  const path = join(runDir, CONFIG_FILE);
  const rec = await readJsonFile<RecordedConfig>(path);
  if (rec === undefined) return undefined;
  if (rec === null || typeof rec !== 'object' || typeof rec.train !== 'object')
    throw new Error(`${path} holds no experiment settings; the file is corrupt`);
  return rec;
}

/** The recorded hash (or, for a `config.json` written before hashes, the hash of its settings). */
function recordedHash(rec: RecordedConfig, dataKind: DataKind): string {
  return rec.configHash ?? configHash(rec, rec.dataKind ?? dataKind);
}

function mismatchError(
  runDir: string,
  rec: RecordedConfig,
  config: ExperimentConfig,
  dataKind: DataKind,
): RunFolderError {
  const diff = diffConfigs(rec, rec.dataKind ?? dataKind, config, dataKind);
  const what = diff.length > 0 ? diff.join('; ') : 'settings outside the listed fields';
  return new RunFolderError(
    `--resume: ${join(runDir, CONFIG_FILE)} records other settings than this command (${what}); resuming would reuse runs trained with the recorded ones. Run the recorded settings again, or start a new run with another --out (or --overwrite to replace the runs in ${runDir})`,
  );
}

/**
 * Checks, before any work, that this experiment may use `runDir` (see the module doc), then
 * creates it and records `config.json`. Throws `RunFolderError` naming the folder otherwise.
 */
export async function claimRunFolder(
  runDir: string,
  config: ExperimentConfig,
  dataKind: DataKind,
  mode: { resume: boolean; overwrite: boolean },
): Promise<void> {
  if (mode.resume && mode.overwrite)
    throw new RunFolderError('--resume and --overwrite exclude each other: pick one');
  if (existsSync(runDir)) {
    const info = await stat(runDir);
    if (!info.isDirectory()) throw new RunFolderError(`--out ${runDir} is a file, not a folder`);
    const entries = await readdir(runDir);
    if (entries.length > 0 && !mode.resume && !mode.overwrite) {
      const rec = existsSync(join(runDir, CONFIG_FILE));
      throw new RunFolderError(
        `--out ${runDir} is not empty (${rec ? 'it holds an earlier experiment' : `${entries.length} entries`}); pass --resume to continue ${rec ? 'it' : 'an experiment there'}, --overwrite to replace its runs, or choose another --out`,
      );
    }
  }
  await mkdir(runDir, { recursive: true });
  // --overwrite replaces the earlier experiment: its run records (written by `ada run` into
  // `records/` of this folder) describe runs that are about to be retrained under other
  // settings, so they go with its checkpoints; files the runs did not write stay.
  if (mode.overwrite && existsSync(join(runDir, 'records'))) {
    const store = new FsArtifactStore({ root: runDir });
    for (const o of await store.list(RECORDS_PREFIX)) await store.delete(o.key);
  }
  await recordConfig(runDir, config, dataKind, { replace: !mode.resume });
}

/**
 * Writes `config.json` for `config` unless the same content is there. An existing one recorded
 * under other result settings is replaced only with `replace` (a fresh or overwriting run);
 * otherwise it is a `RunFolderError` listing the differing settings.
 */
export async function recordConfig(
  runDir: string,
  config: ExperimentConfig,
  dataKind: DataKind,
  opts: { replace: boolean },
): Promise<void> {
  const hash = configHash(config, dataKind);
  const rec = await readRecorded(runDir);
  if (rec && !opts.replace && recordedHash(rec, dataKind) !== hash)
    throw mismatchError(runDir, rec, config, dataKind);
  // Same result settings and the same runs: the recorded file stays as it is (its prose too).
  const same = (
    x: readonly number[] | readonly string[],
    y: readonly number[] | readonly string[],
  ) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (
    rec &&
    !opts.replace &&
    same(rec.setups ?? [], config.setups) &&
    same(rec.seeds ?? [], config.seeds)
  )
    return;
  const text = `${JSON.stringify({ ...config, dataKind, configHash: hash }, null, 2)}\n`;
  const path = join(runDir, CONFIG_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** Checks (without writing) that `runDir`'s recorded settings, if any, hash to `hash`. */
export async function checkRecordedConfig(
  runDir: string,
  config: ExperimentConfig,
  dataKind: DataKind,
): Promise<void> {
  const rec = await readRecorded(runDir);
  if (rec && recordedHash(rec, dataKind) !== configHash(config, dataKind))
    throw mismatchError(runDir, rec, config, dataKind);
}

/** The files a training run writes in its own folder (`<setup>/seed-<n>/`). */
const RUN_FILES = [
  RUN_RECORD_FILE,
  'result.json',
  'history.json',
  'train_time.json',
  'accuracy_through_training.png',
];

/**
 * Removes what a run wrote in `dir` (its checkpoints `checkpoint/step-*` and `latest.json`, its
 * result, history, figure and record), so it can train afresh. Anything else stays.
 */
export async function clearRunArtifacts(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const f of RUN_FILES) await rm(join(dir, f), { force: true });
  const ckpt = join(dir, 'checkpoint');
  if (existsSync(ckpt)) {
    for (const e of await readdir(ckpt)) {
      if (e === 'latest.json' || /^step-\d+$/.test(e))
        await rm(join(ckpt, e), { recursive: true, force: true });
    }
  }
}

interface RunRecord {
  setup: string;
  seed: number;
  configHash: string;
}

/** Records that the run in `dir` trains under `hash` (before its first checkpoint). */
export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFile(join(dir, RUN_RECORD_FILE), `${JSON.stringify(record)}\n`);
}

/**
 * Throws when the run in `dir` (a result or a checkpoint) was recorded under another hash than
 * `hash`. Runs written before records existed have none and pass.
 */
export async function checkRunRecord(dir: string, hash: string, what: string): Promise<void> {
  for (const f of [RUN_RECORD_FILE, 'result.json']) {
    const path = join(dir, f);
    const rec = await readJsonFile<{ configHash?: unknown }>(path);
    if (rec && typeof rec.configHash === 'string' && rec.configHash !== hash)
      throw new RunFolderError(
        `--resume: ${what} in ${dir} was trained under other settings (config hash ${rec.configHash.slice(0, 12)} in ${f}, this command ${hash.slice(0, 12)}); start a new run with another --out, or --overwrite to replace it`,
      );
  }
}
