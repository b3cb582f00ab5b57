import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The platform's cache folder for files fetched at set-up (never committed, never in the
 * checkout): `$XDG_CACHE_HOME/ada/...` when `XDG_CACHE_HOME` is set, else `~/.cache/ada/...`.
 * The set-up scripts (`npm run setup:*`) write there by the same rule.
 *
 * ```ts
 * adaCacheDir('restoration-nets'); // '/home/me/.cache/ada/restoration-nets'
 * ```
 */
export function adaCacheDir(...parts: string[]): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  const root = xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache');
  return join(root, 'ada', ...parts);
}
