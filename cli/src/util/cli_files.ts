/**
 * Files named on the command line: read and checked before any expensive step, with errors that
 * name the option and the path and say what is wrong in words (not an errno).
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readNpy, type NpyArray } from '@ada/data';

const FS_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a file where a folder is expected on its path',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'cannot be written: no space left on the device',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'has a name that is too long',
  ELOOP: 'has a symbolic link loop on its path',
  EMFILE: 'cannot be opened: too many open files',
};

/** A Node file-system error (it carries `code` and usually `path`). */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

/** `what path: words for its error` (falls back to the system's message). */
export function describeFsError(err: NodeJS.ErrnoException, what?: string, path?: string): string {
  const where = path ?? err.path;
  const words = (err.code && FS_WORDS[err.code]) ?? err.message;
  return `${what ? `${what} ` : ''}${where ?? ''}${where ? ': ' : ''}${words}`.trim();
}

/** Reads a file named by `flag`; errors name both. */
export async function readInputFile(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if (isFsError(err)) throw new Error(describeFsError(err, flag, path));
    throw err;
  }
}

/** Reads and parses a `.npy` file named by `flag`; errors name both. */
export async function readNpyInput(path: string, flag: string): Promise<NpyArray> {
  const bytes = await readInputFile(path, flag);
  try {
    return readNpy(bytes);
  } catch (err) {
    throw new Error(`${flag} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Fails unless the process may write in folder `dir` (it must exist). */
async function checkWritableFolder(dir: string, flag: string, path: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    if (isFsError(err) && err.code === 'ENOENT')
      throw new Error(`${flag} ${path}: its folder ${dir} does not exist`);
    throw isFsError(err) ? new Error(describeFsError(err, flag, path)) : err;
  }
  if (!info.isDirectory()) throw new Error(`${flag} ${path}: ${dir} is a file, not a folder`);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new Error(`${flag} ${path}: the folder ${dir} is not writable`);
  }
}

/**
 * Checks, before any work, that an output file can be written: not a folder, in an existing
 * writable folder, and itself writable when it exists.
 */
export async function checkOutputFile(path: string, flag: string): Promise<void> {
  const full = resolve(path);
  const info = await stat(full).catch(() => undefined);
  if (info?.isDirectory()) throw new Error(`${flag} ${path} is a folder; give a file name`);
  if (info) {
    try {
      await access(full, constants.W_OK);
    } catch {
      throw new Error(`${flag} ${path} exists and is not writable`);
    }
    return;
  }
  await checkWritableFolder(dirname(full), flag, path);
}

/** Creates an output folder up front (with its parents) and checks that it is writable. */
export async function prepareOutputDir(path: string, flag: string): Promise<void> {
  const full = resolve(path);
  const info = await stat(full).catch(() => undefined);
  if (info && !info.isDirectory()) throw new Error(`${flag} ${path} is a file, not a folder`);
  if (!info) {
    try {
      await mkdir(full, { recursive: true });
    } catch (err) {
      throw isFsError(err)
        ? new Error(describeFsError(err, `${flag} ${path}: cannot create`, err.path))
        : err;
    }
  }
  try {
    await access(full, constants.W_OK);
  } catch {
    throw new Error(`${flag} ${path}: the folder is not writable`);
  }
}
