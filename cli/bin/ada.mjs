#!/usr/bin/env node
// Entry point of the `ada` command. It makes sure the workspace's dependencies are installed
// (a fresh clone has none), then runs the TypeScript sources through tsx's loader.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(join(root, 'node_modules', 'tsx', 'package.json'))) {
  process.stderr.write('ada: dependencies are not installed yet; running `npm ci` once...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    process.stderr.write('ada: `npm ci` failed; see the output above.\n');
    process.exit(res.status ?? 1);
  }
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'cli', 'src', 'main.ts')).href);
