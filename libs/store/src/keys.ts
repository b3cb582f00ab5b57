import { InvalidKeyError } from './errors.ts';

/**
 * Key rules shared by every store: `/`-separated, relative, no empty, `.` or `..` segments, at
 * most 1024 characters, and no segment starting with `.ada-` (reserved for temporary objects and
 * metadata). Prefixes for listing follow the same rules but may be empty or end in `/`.
 *
 * ```ts
 * checkKey('runs/r1/ckpt/manifest.json');   // ok
 * checkKey('../etc/passwd');                // throws InvalidKeyError
 * ```
 */
export const RESERVED_SEGMENT_PREFIX = '.ada-';

export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(String(key), 'empty');
  if (key.length > 1024) throw new InvalidKeyError(key.slice(0, 64), 'longer than 1024 characters');
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'must not start with "/"');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidKeyError(key, 'empty, "." or ".." segment');
    }
    if (segment.startsWith(RESERVED_SEGMENT_PREFIX)) {
      throw new InvalidKeyError(
        key,
        `segments starting with "${RESERVED_SEGMENT_PREFIX}" are reserved`,
      );
    }
  }
  return key;
}

/** Checks a listing prefix: '' (everything) or a key prefix, optionally ending in '/'. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
