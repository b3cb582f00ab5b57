import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The dashboard's build (static bundle in dist/, relative asset paths so it can be mounted under
// any prefix) and its component tests (jsdom). `vite` alone serves it for development, with the
// GraphQL API proxied to a gateway on ADA_GATEWAY (default http://localhost:4000).
const gateway = process.env.ADA_GATEWAY ?? 'http://localhost:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: { '/graphql': { target: gateway, ws: true, changeOrigin: true } },
  },
  test: {
    name: 'dashboard',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
    setupFiles: ['./src/test_setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
