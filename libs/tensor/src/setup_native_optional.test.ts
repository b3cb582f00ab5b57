import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The README's first command runs `setup:native -- --optional`: where the native backend cannot
// be built, that must leave a working wasm set-up (exit 0, one line saying why), not stop the job.
const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'setup_native.ts');
const dir = mkdtempSync(join(tmpdir(), 'ada-setup-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(args: readonly string[]): { status: number | null; stderr: string } {
  // A cache "folder" below a plain file cannot be created: the build fails before any download.
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, '');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--build-only', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ADA_NATIVE_CACHE: join(file, 'cache') },
  });
  return { status: r.status, stderr: r.stderr };
}

describe('setup:native --optional', () => {
  it('fails with exit 1 naming the cause without --optional', () => {
    const r = setup([]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^setup:native: .*not-a-folder/m);
  }, 60_000);

  it('warns and exits 0 with --optional, saying the wasm backend will run', () => {
    const r = setup(['--optional']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /setup:native: not built \(.*not-a-folder.*\); ada will run on the wasm backend/,
    );
  }, 60_000);
});
