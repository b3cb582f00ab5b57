import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireFromHere = createRequire(import.meta.url);

/**
 * The installed root folder of an npm package, found from its resolved entry point (the
 * `@upscalerjs/*` packages export no `./package.json`), by walking up to the `package.json`
 * that carries the package's name.
 *
 * ```ts
 * packageDir('@upscalerjs/esrgan-slim'); // '.../node_modules/@upscalerjs/esrgan-slim'
 * ```
 */
export function packageDir(packageName: string): string {
  let entry: string;
  try {
    entry = requireFromHere.resolve(packageName);
  } catch (cause) {
    throw new Error(
      `Package '${packageName}' is not installed (npm ci installs it with @ada/models)`,
      { cause },
    );
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === packageName
    ) {
      return dir;
    }
  }
  throw new Error(`Cannot find the package.json of '${packageName}' above ${entry}`);
}
