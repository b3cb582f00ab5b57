import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpy, type NpyArray } from '@ada/data';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** Reads `libs/augment/fixtures/<rel>` as a `.npy` array (test helper). */
export function loadFixtureNpy(rel: string): NpyArray {
  const path = join(FIXTURES, rel);
  return readNpy(new Uint8Array(readFileSync(path)), path);
}

/** Reads and parses `libs/augment/fixtures/<rel>` as JSON (test helper). */
export function loadFixtureJson<T>(rel: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, rel), 'utf8')) as T;
}
