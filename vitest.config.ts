import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One Vitest project per Nx project, named like it, so `vitest run --project tensor` and
// `nx run tensor:test` select the same tests.
const roots = [
  ...['libs', 'services'].flatMap((group) =>
    existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [],
  ),
  'gateway',
  'cli',
  'test',
].filter((dir) => existsSync(join(dir, 'package.json')));

const projectName = (dir: string): string =>
  dir === 'test' ? 'e2e' : (dir.split('/').pop() ?? dir);

export default defineConfig({
  test: {
    projects: roots.map((dir) => ({
      test: {
        name: projectName(dir),
        root: dir,
        include: ['**/*.test.ts'],
        exclude: ['**/node_modules/**'],
        testTimeout: 120_000,
        hookTimeout: 300_000,
        pool: 'forks',
        setupFiles: [join(import.meta.dirname, 'test', 'setup', 'quiet_tfjs_banner.ts')],
      },
    })),
  },
});
