import { readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// graphql-js must be one module instance: Apollo Server and graphql-ws (loaded by Node) get its
// CommonJS entry, so sources transformed by Vite must too (Vite would pick its `module` entry,
// and two copies refuse each other's schemas).
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  test: {
    projects: [
      // The dashboard brings its own config (React, jsdom): see dashboard/vite.config.ts.
      ...(existsSync('dashboard/vite.config.ts') ? ['dashboard/vite.config.ts'] : []),
      ...roots.map((dir) => ({
        resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
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
    ],
  },
});
